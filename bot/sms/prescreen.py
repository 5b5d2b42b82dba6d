"""The pre-screen's SMS wording and reading (data/sms/prescreen.yml): short prompts with "Q12/18" progress,
choices numbered from 1 (Question.sms_options; bot.screening.dialogue.sms_reading maps a PHQ-9 digit back to
its score), yes/no questions as numbered checklists with a read-back (the safety one with a way to change
it), the name with the phone number or e-mail in one text; rendered by bot/build.py into each question's
`channel: twilio` response. Every reply lands in the same slots with the same values as on the web, so the
record staff read keeps its shape."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.config import DATA_DIR
from bot.review import load_reviewed
from bot.safety.hotlines import with_hotlines
from bot.screening.questionnaire import NOT_SURE, Question, Questionnaire, values_equal
from bot.sms import gsm7

PRESCREEN_PATH = DATA_DIR / "sms" / "prescreen.yml"
#: What "0" changes on the next reply: the slots just read back (kept in the pre-screen's notes).
READ_BACK_NOTE = "sms_read_back"
CHANGE = frozenset({"0", "change", "undo", "go back", "back", "redo"})
_NONE = frozenset({"0", "none", "no", "n", "nope", "nah", "nothing", "none of them", "none of these", "none apply",
                   "no to all", "neither", "not any"})
_MARK = re.compile(r"(\d{1,2})\s*(\?|ns\b|not sure\b|unsure\b)?")
_FILLER = re.compile(r"^(?:\s|,|;|\.|&|\+|\band\b|\byes\b|\bnumbers?\b)*$")


def choices(options: Iterable[tuple[str, str]]) -> str:
    """ "Reply 1 Yes, 2 No, 3 Not sure" from (number, title) pairs."""
    return "Reply " + ", ".join(f"{number} {title}" for number, title in options)


def _load(enforce_review: bool) -> dict[str, Any]:
    return load_reviewed(PRESCREEN_PATH, enforce_review=enforce_review)


@lru_cache(maxsize=1)
def _live() -> dict[str, Any]:
    """Read while texting: an overdue review fails the build and the tests, never a pre-screen."""
    return _load(enforce_review=False)


@dataclass(frozen=True)
class Checklist:
    """Yes/no questions asked by text as one numbered list (data/sms/prescreen.yml `checklists`)."""

    questions: tuple[Question, ...]
    labels: tuple[str, ...]
    names: tuple[str, ...]
    intro: str
    reply: str
    why: str
    change: bool  # the read-back offers "Reply 0 to change"

    @property
    def head(self) -> str:
        """The slot the form asks first: its SMS prompt is the whole list."""
        return self.questions[0].slot

    def slots(self) -> tuple[str, ...]:
        return tuple(q.slot for q in self.questions)

    def read(self, text: str) -> dict[str, object] | None:
        """Slot -> value for a reply like "2 5", "3?" or "0"; None when it is not such a reply (or marks "not
        sure" on a question without that answer)."""
        reply = " ".join(text.casefold().replace("#", " ").split()).rstrip(".!")
        if reply in _NONE:
            return {q.slot: False for q in self.questions}
        marks = list(_MARK.finditer(reply))
        if not marks or not _FILLER.match(_MARK.sub(" ", reply)):
            return None
        picked: dict[int, object] = {}
        for mark in marks:
            number = int(mark.group(1))
            if not 1 <= number <= len(self.questions):
                return None
            picked[number] = NOT_SURE if mark.group(2) else True
            if self.questions[number - 1].button_for_value(picked[number]) is None:
                return None
        return {q.slot: picked.get(n, False) for n, q in enumerate(self.questions, start=1)}

    def read_back(self, values: Mapping[str, object]) -> str:
        """ "Got it: yes to 2 implant; not sure: 7 brain condition; no to the rest. Reply 0 to change." """
        words = _live()["read_back"]

        def named(value: object) -> str:
            return ", ".join(f"{n} {name}" for n, (q, name) in enumerate(zip(self.questions, self.names, strict=True), start=1)
                             if values_equal(values[q.slot], value))

        yes, unsure = named(True), named(NOT_SURE)
        parts = [words["marked"].format(marked=yes)] if yes else []
        parts += [words["unsure"].format(unsure=unsure)] if unsure else []
        rest = [words["rest"]] if any(values[q.slot] is False for q in self.questions) else []
        said = "; ".join([*parts, *rest]) if parts else words["none"]
        return f"{words['got']} {said if said[-1] in '.?!' else said + '.'}" + (f" {words['change']}" if self.change else "")

    def read_back_one(self, question: Question, value: object) -> str:
        """ "Got it: No to implant. Reply 0 to change." after one of its questions asked on its own."""
        words = _live()["read_back"]
        button = question.button_for_value(value)
        said = words["one"].format(answer=button.title if button else value, name=self.names[self.slots().index(question.slot)])
        return f"{words['got']} {said}" + (f" {words['change']}" if self.change else "")


def checklists(questionnaire: Questionnaire, enforce_review: bool = False) -> tuple[Checklist, ...]:
    """The checklists over the questionnaire: every slot in one must be a yes/no question asked unconditionally,
    in no more than one checklist."""
    data = _load(True) if enforce_review else _live()
    out: list[Checklist] = []
    for entry in data["checklists"]:
        items: Mapping[str, list[str]] = entry["items"]
        unknown = [s for s in items if s not in questionnaire.by_slot]
        if unknown:
            raise ValueError(f"{PRESCREEN_PATH}: a checklist names slots questions.yml lacks: {', '.join(unknown)}")
        questions = tuple(q for q in questionnaire.questions if q.slot in items)
        wrong = [q.slot for q in questions if q.kind != "yes_no" or q.ask_if or any(q.slot in c.slots() for c in out)]
        if wrong:
            raise ValueError(f"{PRESCREEN_PATH}: checklist slots must be yes/no questions always asked, in one "
                             f"checklist: {', '.join(wrong)}")
        out.append(Checklist(
            questions=questions, labels=tuple(items[q.slot][0] for q in questions),
            names=tuple(items[q.slot][1] for q in questions), intro=entry["intro"], reply=entry["reply"],
            why=" ".join(entry["why"].split()), change=bool(entry["change"]),
        ))
    return tuple(out)


def checklist_of(questionnaire: Questionnaire, slot: str) -> Checklist | None:
    return next((c for c in checklists(questionnaire) if slot in c.slots()), None)


def with_name(questionnaire: Questionnaire) -> dict[str, tuple[Question, ...]]:
    """Name slot -> the contact questions its text also asks (data/sms/prescreen.yml `with_name`)."""
    return {name: tuple(questionnaire.by_slot[slot] for slot in slots) for name, slots in _live()["with_name"].items()}


_DETAIL = (
    re.compile(r"[^\s,;]+@[^\s,;]+"),  # an e-mail address
    re.compile(r"\+?\(?\d[\d \t().\-/]*\d"),  # a phone number (checked by the phone question's parser)
    re.compile(r"\b(?:the )?(?:same(?: number)?|this number|this one)\s*[.!]?\s*$", re.I),
)
_NAME_EDGES = re.compile(r"^(?:\s|,|;|:|-|&|\band\b|\bmy name is\b|\bname\b|\bi am\b|\bim\b)+"
                         r"|(?:\s|,|;|:|-|&|\band\b|\bat\b|\bor\b|\bmy\b|\bnumber\b|\bphone\b|\bcell\b|\bemail\b|\bis\b)+$",
                         re.I)


def split_contact(text: str) -> tuple[str, str]:
    """ "Sam Rivera 555-201-7788" -> ("Sam Rivera", "555-201-7788"); "Sam, same" -> ("Sam", "same");
    "Sam" -> ("Sam", "")."""
    for pattern in _DETAIL:
        for match in pattern.finditer(text):
            if pattern is _DETAIL[1] and len(re.sub(r"\D", "", match.group(0))) < 7:
                continue  # "Sam 2nd": not a phone number
            name = f"{text[:match.start()]} {text[match.end():]}"
            return _NAME_EDGES.sub("", " ".join(name.split())), match.group(0).strip()
    return text.strip(), ""


def again() -> str:
    return str(_live()["read_back"]["again"])


def positions(questionnaire: Questionnaire) -> dict[str, int]:
    """Each question's number as the person sees it on the web: alternatives (phone or email, by `ask_if` on
    the same earlier answer with different values) share one number, so nobody sees a number skipped."""
    numbers: dict[str, int] = {}
    seen: list[Question] = []
    for question in questionnaire.questions:
        twin = next((q for q in seen if q.ask_if and q.ask_if.keys() == question.ask_if.keys() and not any(
            set(q.ask_if[k]) & set(question.ask_if[k]) for k in q.ask_if)), None)
        numbers[question.slot] = numbers[twin.slot] if twin else len(set(numbers.values())) + 1
        seen.append(question)
    return numbers


def sms_positions(questionnaire: Questionnaire) -> dict[str, int]:
    """The numbers by text: as on the web, but a checklist's questions are one text, so one number, and the
    phone or e-mail question shares the name's (asked with it; on its own only when the reply left it out)."""
    web = positions(questionnaire)
    first = {slot: c.head for c in checklists(questionnaire) for slot in c.slots()}
    first |= {q.slot: name for name, details in with_name(questionnaire).items() for q in details}
    numbers: dict[int, int] = {}  # web number -> SMS number
    out: dict[str, int] = {}
    for q in questionnaire.questions:
        out[q.slot] = numbers.setdefault(web[first.get(q.slot, q.slot)], len(numbers) + 1)
    return out


def remaining(questionnaire: Questionnaire, answers: Mapping[str, object], sms: bool = False) -> int:
    """Questions still to answer, counted as the person sees them ("Q12/35": 24 to go)."""
    question = questionnaire.next_question(answers)
    numbers = sms_positions(questionnaire) if sms else positions(questionnaire)
    return max(numbers.values()) - numbers[question.slot] + 1 if question else 0


def _phq9(q: Question, number: str, first: bool, data: Mapping[str, Any]) -> str:
    """Item 1 with the questionnaire's stem and every answer; later items the short stem, the verbatim item and
    the fullest answer scale that keeps the text in one segment."""
    stem, item = (" ".join(part.split()) for part in q.prompt.split("\n", 1))
    item = item if item[-1] in ".?!" else f"{item}."
    full = choices((n, b.title) for n, b in q.sms_options()) + "."
    if first:
        return f"{number} {stem} {item} {full}"
    texts = [f"{number} {data['phq9_stem']} {item} {scale or full}" for scale in data["phq9_scales"]]
    return next((t for t in texts if gsm7.segment_count(gsm7.normalise(t)) == 1), texts[0])


def sms_prompts(questionnaire: Questionnaire) -> dict[str, str]:
    """Slot -> the SMS text that asks it (read by the build: an overdue review of the file fails it)."""
    data = _load(enforce_review=True)
    numbers = sms_positions(questionnaire)
    total = max(numbers.values())
    heads = {group.head: group for group in checklists(questionnaire, enforce_review=True)}
    texts = {}
    for q in questionnaire.questions:
        number = f"Q{numbers[q.slot]}/{total}"
        if q.slot in heads:
            group = heads[q.slot]
            lines = "\n".join(f"{n} {label}" for n, label in enumerate(group.labels, start=1))
            texts[q.slot] = f"{number} {group.intro}\n{lines}\n{group.reply}"
        elif q.kind == "phq9":  # the validated wording, verbatim
            texts[q.slot] = _phq9(q, number, q.slot == "phq9_1", data)
        elif q.kind == "count":  # the number typed is the count itself: no numbered list to confuse it with
            texts[q.slot] = f"{number} {data['prompts'][q.slot]} {data['count_reply']}"
        else:
            text = f"{number} {data['prompts'][q.slot]}"
            texts[q.slot] = f"{text} {choices((n, b.title) for n, b in q.sms_options())}" if q.buttons else text
    return texts


def sms_consent() -> str:
    return with_hotlines(" ".join(_load(enforce_review=True)["consent"].split()))
