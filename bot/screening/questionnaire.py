"""Pre-screen questionnaire: data model, loader and schema validation.

The questionnaire lives in ``data/screening/questions.yml``. This module turns
it into plain dataclasses and refuses to load a file that breaks the schema,
so a bad content edit fails loudly in CI instead of confusing a patient.

Pure Python: PyYAML + stdlib, no Rasa imports.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from bot.review import as_date, check_review, load_yaml
from bot.safety.hotlines import with_hotlines

from .phq9 import ITEM9_SLOT, PHQ9_SLOTS

__all__ = [
    "ANSWER_VALUE_TYPES",
    "BUTTON_KINDS",
    "DEFAULT_QUESTIONS_PATH",
    "FREE_TEXT_KINDS",
    "KINDS",
    "LITERAL_NUMBER_KINDS",
    "NOT_SURE",
    "SECTIONS",
    "SKIPPED",
    "Button",
    "Question",
    "Questionnaire",
    "load_questionnaire",
    "validate",
    "values_equal",
]

#: Repo root is two levels above this package (bot/screening/ -> repo).
DEFAULT_QUESTIONS_PATH: Path = Path(__file__).resolve().parents[2] / "data" / "screening" / "questions.yml"

SECTIONS: Tuple[str, ...] = ("eligibility", "safety", "phq9", "contact")
KINDS: Tuple[str, ...] = (
    "age",
    "yes_no",
    "count",
    "choice",
    "phq9",
    "text",
    "phone",
    "email",
    "contact_method",
    "medications",
)
#: Kinds that must offer buttons.
BUTTON_KINDS: frozenset[str] = frozenset({"yes_no", "count", "choice", "phq9", "contact_method"})
#: Kinds answered in free text; buttons are not allowed.
FREE_TEXT_KINDS: frozenset[str] = frozenset({"age", "text", "phone", "email", "medications"})
#: Kinds where a typed number is the literal value, not a button position.
LITERAL_NUMBER_KINDS: frozenset[str] = frozenset({"age", "count", "phq9"})

#: Slot value stored for an optional question the user skipped.
SKIPPED = "skipped"
#: Button value for "Not sure".
NOT_SURE = "not_sure"

ANSWER_VALUE_TYPES = (bool, int, str)

_SLOT_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_QUESTION_KEYS = frozenset(
    {
        "slot",
        "section",
        "kind",
        "prompt",
        "why",
        "optional",
        "buttons",
        "ask_if",
        "correction_keywords",
        "mentions",
    }
)
_BUTTON_KEYS = frozenset({"title", "value", "aliases"})
_TOP_LEVEL_REQUIRED = (
    "version",
    "reviewed_by",
    "reviewed_on",
    "review_due",
    "sources",
    "consent",
    "questions",
)
_PHQ9_SLOTS = PHQ9_SLOTS
#: PHQ-9 item 9 asks about suicidal thoughts. Corrections must never silently
#: rewrite it, so it may not carry correction keywords.
NO_CORRECTION_SLOTS = frozenset({ITEM9_SLOT})


def values_equal(a: object, b: object) -> bool:
    """Type-aware equality for answer values.

    ``True`` is not equal to ``1`` here (Python says it is), numbers compare
    numerically (Rasa stores numbers as floats), strings compare
    case-insensitively.
    """
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().casefold() == b.strip().casefold()
    return a == b


@dataclass(frozen=True)
class Button:
    """One answer button. ``aliases`` are extra phrases that select it."""

    title: str
    value: Union[bool, int, str]
    aliases: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    slot: str
    section: str
    kind: str
    prompt: str
    why: str
    optional: bool = False
    buttons: Tuple[Button, ...] = ()
    #: ``{earlier_slot: (allowed values...)}``; all entries must hold.
    ask_if: Mapping[str, Tuple[object, ...]] = field(default_factory=dict, hash=False)
    correction_keywords: Tuple[str, ...] = ()
    #: words that name this question's condition, device or medicine: a reply naming one without a
    #: negation or hedge is a Yes ("tinnitus", "pacemaker")
    mentions: Tuple[str, ...] = ()

    @property
    def literal_numbers(self) -> bool:
        """True when a typed number is the value itself (age, count, phq9)."""
        return self.kind in LITERAL_NUMBER_KINDS

    def options(self) -> List[Tuple[str, Button]]:
        """Buttons with the number an SMS user should type for each.

        For count and phq9 the number is the literal value ("0".."3"); for
        other kinds it is the 1-based position ("1) Yes 2) No").
        """
        if self.literal_numbers:
            return [(str(b.value), b) for b in self.buttons]
        return [(str(i), b) for i, b in enumerate(self.buttons, start=1)]

    def sms_options(self) -> List[Tuple[str, Button]]:
        """By text every list counts from 1, the PHQ-9 too ("1 Not at all", scored 0): one numbering for
        the whole pre-screen (issue 17). A count is not offered as a list: the number typed is the count."""
        return [(str(i), b) for i, b in enumerate(self.buttons, start=1)]

    def button_for_value(self, value: object) -> Optional[Button]:
        for b in self.buttons:
            if values_equal(b.value, value):
                return b
        return None

    def applies(self, answers: Mapping[str, object]) -> bool:
        """Whether ``ask_if`` allows this question given the answers so far."""
        for dep_slot, allowed in self.ask_if.items():
            got = answers.get(dep_slot)
            if not any(values_equal(got, v) for v in allowed):
                return False
        return True


@dataclass(frozen=True)
class Questionnaire:
    version: object
    reviewed_by: str
    reviewed_on: _dt.date
    review_due: _dt.date
    sources: Tuple[Mapping[str, Any], ...] = field(hash=False)
    consent: str
    questions: Tuple[Question, ...] = field(hash=False)
    by_slot: Mapping[str, Question] = field(hash=False)

    @property
    def slots(self) -> Tuple[str, ...]:
        return tuple(q.slot for q in self.questions)

    def next_question(self, answers: Mapping[str, object]) -> Optional[Question]:
        """First question that applies (``ask_if``) and has no answer yet.

        An answer is any value other than ``None``; store :data:`SKIPPED` for a
        skipped optional question so it is not asked again.
        """
        for q in self.questions:
            if answers.get(q.slot) is not None:
                continue
            if not q.applies(answers):
                continue
            return q
        return None

    def stale_slots(self, answers: Mapping[str, object]) -> List[str]:
        """Answered slots whose ``ask_if`` no longer holds.

        E.g. a phone number kept after the contact method was corrected to
        email. The caller should clear these.
        """
        return [q.slot for q in self.questions if answers.get(q.slot) is not None and not q.applies(answers)]


# --------------------------------------------------------------------------- #
# Validation
# --------------------------------------------------------------------------- #




def _nonempty_str(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _validate_buttons(where: str, kind: str, raw: object) -> List[Mapping[str, Any]]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{where}: kind {kind!r} needs a non-empty 'buttons' list")
    titles: List[str] = []
    values: List[object] = []
    for j, b in enumerate(raw):
        bw = f"{where} button {j + 1}"
        if not isinstance(b, Mapping):
            raise ValueError(f"{bw}: must be a mapping with title and value")
        unknown = set(b) - _BUTTON_KEYS
        if unknown:
            raise ValueError(f"{bw}: unknown key(s) {sorted(unknown)}")
        if not _nonempty_str(b.get("title")):
            raise ValueError(
                f"{bw}: 'title' must be non-empty text (quote Yes/No: YAML reads them as booleans)"
            )
        if "value" not in b or not isinstance(b["value"], ANSWER_VALUE_TYPES):
            raise ValueError(f"{bw}: 'value' must be a boolean, integer or string")
        aliases = b.get("aliases", [])
        if not isinstance(aliases, list) or not all(_nonempty_str(a) for a in aliases):
            raise ValueError(f"{bw}: 'aliases' must be a list of non-empty strings")
        t = str(b["title"]).strip().casefold()
        if t in titles:
            raise ValueError(f"{where}: duplicate button title {b['title']!r}")
        titles.append(t)
        values.append(b["value"])

    if kind == "yes_no":
        allowed = (True, False, NOT_SURE)
        if not all(any(values_equal(v, a) for a in allowed) for v in values):
            raise ValueError(f"{where}: yes_no button values must be true, false or {NOT_SURE!r}")
        if not (any(v is True for v in values) and any(v is False for v in values)):
            raise ValueError(f"{where}: yes_no needs both a true and a false button")
    elif kind == "phq9":
        if (
            sorted(v for v in values if isinstance(v, int) and not isinstance(v, bool)) != [0, 1, 2, 3]
            or len(values) != 4
        ):
            raise ValueError(f"{where}: phq9 buttons must have values exactly 0, 1, 2, 3")
    elif kind == "count":
        if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 3 for v in values):
            raise ValueError(f"{where}: count button values must be integers 0..3 (3 means 3 or more)")
    if kind != "yes_no" and len({repr(v) for v in values}) != len(values):
        raise ValueError(f"{where}: duplicate button values")
    return list(raw)


def validate(data: object, *, today: Optional[_dt.date] = None, enforce_review: bool = True) -> None:
    """Check parsed questions.yml content; raise ``ValueError`` on any problem.

    ``today`` defaults to the current date and is used for the
    ``review_due`` check (skipped when ``enforce_review`` is false).
    """
    if not isinstance(data, Mapping):
        raise ValueError("questionnaire must be a mapping at the top level")
    missing = [k for k in _TOP_LEVEL_REQUIRED if k not in data]
    if missing:
        raise ValueError(f"questionnaire is missing top-level key(s): {', '.join(missing)}")

    check_review(data, today=today, enforce_review=enforce_review)

    sources = data["sources"]
    if not isinstance(sources, list) or not sources:
        raise ValueError("sources must be a non-empty list")
    if not _nonempty_str(data["consent"]):
        raise ValueError("consent must be non-empty text")

    questions = data["questions"]
    if not isinstance(questions, list) or not questions:
        raise ValueError("questions must be a non-empty list")

    seen: Dict[str, Mapping[str, Any]] = {}
    phq9_slots: List[str] = []
    for i, q in enumerate(questions):
        where = f"question {i + 1}"
        if not isinstance(q, Mapping):
            raise ValueError(f"{where}: must be a mapping")
        slot = q.get("slot")
        if not isinstance(slot, str) or not _SLOT_RE.match(slot):
            raise ValueError(f"{where}: 'slot' must be lower_snake_case text, got {slot!r}")
        where = f"question {i + 1} ({slot})"
        if slot in seen:
            raise ValueError(f"{where}: duplicate slot {slot!r}")
        unknown = set(q) - _QUESTION_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}")
        section = q.get("section")
        if section not in SECTIONS:
            raise ValueError(f"{where}: unknown section {section!r} (expected one of {', '.join(SECTIONS)})")
        kind = q.get("kind")
        if kind not in KINDS:
            raise ValueError(f"{where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        for key in ("prompt", "why"):
            if not _nonempty_str(q.get(key)):
                raise ValueError(f"{where}: missing or empty {key!r}")
        if "optional" in q and not isinstance(q["optional"], bool):
            raise ValueError(f"{where}: 'optional' must be true or false")

        if kind in BUTTON_KINDS:
            _validate_buttons(where, kind, q.get("buttons"))
        elif "buttons" in q:
            raise ValueError(f"{where}: kind {kind!r} is free text; remove 'buttons'")

        if kind == "phq9" and section != "phq9":
            raise ValueError(f"{where}: kind phq9 and section phq9 must go together")
        if kind == "phq9":
            phq9_slots.append(slot)

        ask_if = q.get("ask_if")
        if ask_if is not None:
            if not isinstance(ask_if, Mapping) or not ask_if:
                raise ValueError(f"{where}: 'ask_if' must map an earlier slot to a list of values")
            for dep, allowed in ask_if.items():
                if dep not in seen:
                    raise ValueError(f"{where}: ask_if refers to {dep!r}, which is not an earlier question")
                if not isinstance(allowed, list) or not allowed:
                    raise ValueError(f"{where}: ask_if[{dep!r}] must be a non-empty list")
                dep_buttons = seen[dep].get("buttons") or []
                if dep_buttons:
                    for v in allowed:
                        if not any(values_equal(v, b["value"]) for b in dep_buttons):
                            raise ValueError(f"{where}: ask_if value {v!r} is not a button value of {dep!r}")

        mentions = q.get("mentions", [])
        if not isinstance(mentions, list) or not all(_nonempty_str(k) for k in mentions):
            raise ValueError(f"{where}: 'mentions' must be a list of non-empty strings")
        kws = q.get("correction_keywords", [])
        if not isinstance(kws, list) or not all(_nonempty_str(k) for k in kws):
            raise ValueError(f"{where}: 'correction_keywords' must be a list of non-empty strings")
        if kws and slot in NO_CORRECTION_SLOTS:
            raise ValueError(
                f"{where}: must not have correction_keywords (suicide-risk answers are never auto-corrected)"
            )
        seen[slot] = q

    if len(phq9_slots) != 9:
        raise ValueError(f"questionnaire must have exactly 9 phq9 items, found {len(phq9_slots)}")
    if tuple(phq9_slots) != _PHQ9_SLOTS:
        raise ValueError(
            f"phq9 items must be slots {', '.join(_PHQ9_SLOTS)} in order, found {', '.join(phq9_slots)}"
        )


# --------------------------------------------------------------------------- #
# Loading
# --------------------------------------------------------------------------- #


def _build(data: Mapping[str, Any]) -> Questionnaire:
    questions: List[Question] = []
    for q in data["questions"]:
        buttons = tuple(
            Button(
                title=str(b["title"]).strip(),
                value=b["value"],
                aliases=tuple(str(a).strip() for a in b.get("aliases", [])),
            )
            for b in q.get("buttons") or []
        )
        ask_if = {str(k): tuple(v) for k, v in (q.get("ask_if") or {}).items()}
        questions.append(
            Question(
                slot=q["slot"],
                section=q["section"],
                kind=q["kind"],
                prompt=q["prompt"].strip(),
                why=q["why"].strip(),
                optional=bool(q.get("optional", False)),
                buttons=buttons,
                ask_if=ask_if,
                correction_keywords=tuple(str(k).strip() for k in q.get("correction_keywords", [])),
                mentions=tuple(str(k).strip() for k in q.get("mentions", [])),
            )
        )
    return Questionnaire(
        version=data["version"],
        reviewed_by=str(data["reviewed_by"]).strip(),
        reviewed_on=as_date(data["reviewed_on"], "reviewed_on"),
        review_due=as_date(data["review_due"], "review_due"),
        sources=tuple(data["sources"]),
        consent=" ".join(str(data["consent"]).split()),
        questions=tuple(questions),
        by_slot={q.slot: q for q in questions},
    )


def load_questionnaire(
    path: Optional[Path] = None,
    *,
    today: Optional[_dt.date] = None,
    enforce_review: bool = True,
) -> Questionnaire:
    """Load and validate questions.yml (default: the repo's copy).

    Raises ``ValueError`` for schema problems (including an overdue
    ``review_due`` unless ``enforce_review=False``) and ``OSError`` if the
    file cannot be read.
    """
    p = Path(path) if path is not None else DEFAULT_QUESTIONS_PATH
    data = with_hotlines(load_yaml(p))  # {lifeline_number} etc. from data/safety/hotlines.yml
    try:
        validate(data, today=today, enforce_review=enforce_review)
    except ValueError as exc:
        raise ValueError(f"{p}: {exc}") from exc
    return _build(data)
