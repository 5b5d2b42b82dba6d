"""One turn of the pre-screen conversation: what the person's reply does to the answers so far.

Pure logic (no Rasa): the form validation action in actions/ is a thin adapter over `take_turn`.
Order of checks each turn: stop, restart, "why?", correction of an earlier answer, the answer itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from .answers import detect_correction, is_restart, is_stop, is_why_question, parse_answer
from .phq9 import item9_positive
from .questionnaire import Question, Questionnaire

# Statuses kept in the conversation (the `prescreen_status` slot).
CONSENT_PENDING = "consent_pending"
IN_PROGRESS = "in_progress"
PAUSED = "paused"  # interrupted for safety; resumable
STOPPED = "stopped"  # the person chose to stop; resumable
COMPLETED = "completed"

HINTS = {
    "age": "Please type your age as a number, for example 42.",
    "phone": "Please type a phone number, for example 555-010-0199.",
    "email": "Please type an email address, for example name@example.com.",
    "text": "Please type a short answer.",
}


@dataclass
class Turn:
    answers: dict[str, object]
    status: str = IN_PROGRESS
    messages: list[str] = field(default_factory=list)  # said before the next question
    item9_positive: bool = False
    understood: bool = True


def hint(question: Question) -> str:
    if question.kind in HINTS:
        return HINTS[question.kind]
    labels = ", ".join(f"{number} for {button.title}" for number, button in question.options())
    return f"You can tap a button or type {labels}."


def take_turn(questionnaire: Questionnaire, answers: Mapping[str, object], asked: str | None, text: str) -> Turn:
    """Applies the person's reply to the question `asked` (a questionnaire slot name)."""
    turn = Turn(answers=dict(answers))
    question = questionnaire.by_slot.get(asked or "")
    if question is None:
        return turn
    if is_stop(text):
        turn.status = STOPPED
        return turn
    if is_restart(text):
        turn.answers = {}
        turn.messages.append("No problem, let's start over.")
        return turn
    if is_why_question(text):
        turn.messages.append(question.why)
        return turn
    answered = [slot for slot, value in answers.items() if value is not None]
    correction = detect_correction(text, questionnaire, only_slots=answered)
    if correction is not None and correction[0] != question.slot:
        slot, value = correction
        turn.answers[slot] = value
        for stale in questionnaire.stale_slots(turn.answers):
            turn.answers[stale] = None
        turn.messages.append("Thanks, I've updated that answer.")
        return turn
    parsed = parse_answer(question, text)
    if not parsed.ok:
        turn.understood = False
        turn.messages.append(f"Sorry, I didn't catch that. {hint(question)}")
        return turn
    turn.answers[question.slot] = parsed.slot_value
    for stale in questionnaire.stale_slots(turn.answers):
        turn.answers[stale] = None
    if question.slot == "phq9_9" and item9_positive(parsed.slot_value):
        turn.item9_positive = True
        turn.status = PAUSED
    return turn
