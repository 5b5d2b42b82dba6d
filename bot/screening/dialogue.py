"""One turn of the pre-screen conversation: what the person's reply does to the answers so far.

Pure logic (no Rasa): the form validation action in actions/ is a thin adapter over `take_turn`.
Order of checks each turn: stop, delete, restart, "why?", a pending risk-lowering correction, a correction
of an earlier answer, the answer itself.

Besides the answers a turn keeps `notes` for staff: the person's own words beside each parsed answer, the
seizure-threshold medicines found in the medicine list, the item-9 flag (kept through "start over" and
stopping) and a correction waiting for confirmation.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from bot.sms.prescreen import CHANGE, READ_BACK_NOTE, Checklist, again, checklist_of, choices, split_contact, with_name

from .answers import SAME_NUMBER, Parsed, detect_correction, is_delete, is_restart, is_stop, is_why_question, parse_answer
from .outcome import ITEM9_FLAG
from .phq9 import ITEM9_SLOT, item9_positive
from .questionnaire import NOT_SURE, Question, Questionnaire, values_equal
from .records import THEIR_WORDS

# Statuses kept in the conversation (the `prescreen_status` slot).
CONSENT_PENDING = "consent_pending"
IN_PROGRESS = "in_progress"
PAUSED = "paused"  # interrupted for safety; resumable
STOPPED = "stopped"  # the person chose to stop; resumable
COMPLETED = "completed"
DELETED = "deleted"  # the person asked for the stored answers to be removed

WORDS = "words"
MEDICATION_FLAGS = "medication_flags"
PENDING = "pending_correction"

HINTS = {
    "age": "Please type your age as a number, for example 42.",
    "phone": "Please type a phone number, for example 555-010-0199.",
    "email": "Please type an email address, for example name@example.com.",
    "text": "Please type a short answer.",
    "medications": 'Please list your medicines, or type "none".',
}
#: Safety answers from least to most concerning: a correction that moves down this order asks first.
_RISK = {False: 0, NOT_SURE: 1, True: 2}


@dataclass
class Turn:
    answers: dict[str, object]
    notes: dict[str, object] = field(default_factory=dict)
    status: str = IN_PROGRESS
    messages: list[str] = field(default_factory=list)  # said before the next question
    item9_positive: bool = False
    understood: bool = True
    restarted: bool = False


def hint(question: Question) -> str:
    if question.kind in HINTS:
        return HINTS[question.kind]
    labels = ", ".join(f"{number} for {button.title}" for number, button in question.options())
    return f"You can tap a button or type {labels}."


def sms_hint(question: Question) -> str:
    """The re-ask by text: the numbers to reply, never "tap a button"."""
    if question.kind == "count":
        return "Please reply with a number, 0 if none."
    if question.kind in HINTS or not question.buttons:
        return hint(question)
    if question.kind == "phq9":  # later items show the scale in short: the re-ask gives every answer
        return choices((n, b.title) for n, b in question.sms_options()) + "."
    numbers = [number for number, _ in question.sms_options()]
    return f"Reply {', '.join(numbers[:-1])} or {numbers[-1]}."


def sms_reading(question: Question, text: str) -> str:
    """By text a PHQ-9 digit is the answer's place in the list (1-4), read as its score (0-3); a digit
    outside the list reads as nothing, so the item is asked again."""
    digit = text.strip().rstrip(".")
    if question.kind != "phq9" or not (digit.isdigit() and len(digit) == 1):
        return text
    button = dict(question.sms_options()).get(digit)
    return str(button.value) if button else ""


def _risk(value: object) -> int | None:
    for key, rank in _RISK.items():
        if values_equal(value, key):
            return rank
    return None


def lowers_risk(question: Question, old: object, new: object) -> bool:
    """A safety answer moving towards "No" (e.g. seizure: Yes -> No) needs the person to confirm it."""
    if question.section != "safety" or question.kind != "yes_no":
        return False
    before, after = _risk(old), _risk(new)
    return before is not None and after is not None and after < before


def _title(question: Question, value: object) -> str:
    button = question.button_for_value(value)
    return button.title if button else str(value)


def _store(turn: Turn, questionnaire: Questionnaire, question: Question, value: object, text: str) -> None:
    turn.answers[question.slot] = value
    if question.section != "contact":  # contact details live only in their own (PHI) columns
        words: dict[str, object] = dict(_mapping(turn.notes.get(WORDS)))
        words[question.slot] = text.strip()
        turn.notes[WORDS] = words
    for stale in questionnaire.stale_slots(turn.answers):
        turn.answers[stale] = None


def take_turn(
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    asked: str | None,
    text: str,
    notes: Mapping[str, object] | None = None,
    sender_phone: str | None = None,
) -> Turn:
    """Applies the person's reply to the question `asked` (a questionnaire slot name).

    `sender_phone` is the number an SMS comes from, used when the person answers "same" to the phone question.
    """
    turn = Turn(answers=dict(answers), notes=dict(notes or {}))
    question = questionnaire.by_slot.get(asked or "")
    if question is None:
        return turn
    pending = turn.notes.pop(PENDING, None)
    read_back = turn.notes.pop(READ_BACK_NOTE, None)  # "0" changes what was read back, on the very next reply only
    group = checklist_of(questionnaire, question.slot) if sender_phone else None
    as_list = group is not None and question.slot == group.head
    if is_stop(text):
        turn.status = STOPPED
        return turn
    if is_delete(text):
        turn.answers, turn.notes, turn.status = {}, {}, DELETED
        return turn
    if is_restart(text):
        kept: dict[str, object] = {ITEM9_FLAG: True} if turn.notes.get(ITEM9_FLAG) else {}
        turn.answers, turn.notes, turn.restarted = {}, kept, True
        turn.messages.append("No problem, let's start over.")
        return turn
    if is_why_question(text):
        turn.messages.append(group.why if group and as_list else question.why)
        return turn
    if sender_phone and isinstance(read_back, list) and " ".join(text.casefold().split()).rstrip(".!") in CHANGE:
        _forget(turn, [str(slot) for slot in read_back])
        turn.messages.append(again())
        return turn
    if isinstance(pending, Mapping):
        confirm = parse_answer(questionnaire.by_slot["psychotherapy_tried"], text)
        if confirm.ok and confirm.value in (True, False):
            earlier = questionnaire.by_slot[str(pending["slot"])]
            if confirm.value is True:
                _store(turn, questionnaire, earlier, pending["value"], str(pending["text"]))
                turn.messages.append("Thanks, I've updated that answer.")
            else:
                turn.messages.append("OK, I've kept your earlier answer.")
            return turn
    answered = [slot for slot, value in answers.items() if value is not None]
    correction = detect_correction(text, questionnaire, only_slots=answered)
    if correction is not None and correction[0] != question.slot:
        slot, value = correction
        earlier = questionnaire.by_slot[slot]
        if lowers_risk(earlier, answers.get(slot), value):
            turn.notes[PENDING] = {"slot": slot, "value": value, "text": text.strip()}
            turn.messages.append(
                f'Earlier you answered "{_title(earlier, answers.get(slot))}" to: {earlier.prompt} '
                f'Should I change it to "{_title(earlier, value)}"? Please reply yes or no.'
            )
            return turn
        _store(turn, questionnaire, earlier, value, text)
        turn.messages.append("Thanks, I've updated that answer.")
        return turn
    if group and as_list:
        return _checklist_turn(turn, questionnaire, group, text)
    detail = next((q for q in with_name(questionnaire).get(question.slot, ()) if q.applies(turn.answers)), None)
    if sender_phone and detail:  # "Sam 555-201-7788": the name, and the number (or e-mail) asked in the same text
        text, given = split_contact(text)
        found = _read(detail, given, sender_phone, turn) if given else None
        if found and found.ok:
            _store(turn, questionnaire, detail, found.slot_value, given)
            if not text:
                return turn  # the name is asked again
    parsed = _read(question, text, sender_phone, turn)
    if not parsed.ok:
        turn.understood = False
        turn.messages.append(f"Sorry, I didn't catch that. {sms_hint(question) if sender_phone else hint(question)}")
        return turn
    _store(turn, questionnaire, question, parsed.slot_value, text)
    if group:  # a checklist question asked on its own: read back too
        turn.messages.append(group.read_back_one(question, parsed.slot_value))
        if group.change:
            turn.notes[READ_BACK_NOTE] = [question.slot]
    if question.kind == "medications":
        turn.notes[MEDICATION_FLAGS] = list(parsed.flags)
    if question.slot == ITEM9_SLOT and item9_positive(parsed.slot_value):
        turn.item9_positive = True
        turn.notes[ITEM9_FLAG] = True
        turn.status = PAUSED
    return turn


def _read(question: Question, text: str, sender_phone: str | None, turn: Turn) -> Parsed:
    """The answer in `text`; "same" for a phone number is the sender's, read back masked."""
    parsed = parse_answer(question, sms_reading(question, text) if sender_phone else text)
    if parsed.ok and parsed.value == SAME_NUMBER and question.kind == "phone":
        if not sender_phone:
            return parse_answer(question, "")
        turn.messages.append(f"Got it: this number, ending in {sender_phone[-4:]}.")  # masked read-back
        return parse_answer(question, sender_phone)
    return parsed


def _checklist_turn(turn: Turn, questionnaire: Questionnaire, group: Checklist, text: str) -> Turn:
    """A checklist by text: every question in it answered from one reply ("2 5", "7?", "0"), then read back
    (the safety checklist with the way to change it)."""
    values = group.read(text)
    if values is None:
        turn.understood = False
        turn.messages.append(f"Sorry, I didn't catch that. {group.reply}")
        return turn
    for number, question in enumerate(group.questions, start=1):
        _store(turn, questionnaire, question, values[question.slot], f"{text.strip()} (checklist item {number})")
    turn.messages.append(group.read_back(values))
    if group.change:
        turn.notes[READ_BACK_NOTE] = list(group.slots())
    return turn


def _forget(turn: Turn, slots: list[str]) -> None:
    """Clears answers (and their words) so the form asks them again."""
    words = dict(_mapping(turn.notes.get(WORDS)))
    for slot in slots:
        turn.answers[slot] = None
        words.pop(slot, None)
    turn.notes[WORDS] = words


def _mapping(value: object) -> Mapping[str, object]:
    """A note kept in a Rasa slot comes back as JSON: a mapping, or nothing."""
    return value if isinstance(value, Mapping) else {}


def _sequence(value: object) -> Sequence[object]:
    return value if isinstance(value, (list, tuple)) else ()


def record(answers: Mapping[str, object], notes: Mapping[str, object]) -> dict[str, object]:
    """What is stored for staff: the answers, each one's own words, medicine flags and the item-9 flag."""
    stored = dict(answers)
    for slot, words in _mapping(notes.get(WORDS)).items():
        stored[f"{slot}{THEIR_WORDS}"] = words
    if notes.get(MEDICATION_FLAGS):
        stored[MEDICATION_FLAGS] = list(_sequence(notes[MEDICATION_FLAGS]))
    if notes.get(ITEM9_FLAG):
        stored[ITEM9_FLAG] = True
    return stored
