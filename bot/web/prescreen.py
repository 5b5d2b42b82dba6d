"""What the website widget shows with each pre-screen question: "Question 5 of 35", a Skip button where the
questionnaire allows skipping, the PHQ-9 lead-in set apart, and an input placeholder that fits the answer.

bot/build.py puts this into each question's `channel: socketio` response as `custom: {data: {prescreen: ...}}`
(Rasa's socket.io channel emits a custom payload's `data` as its own `bot_uttered` message), so the widget
needs no copy of the questions. Other channels never see it.
"""
from __future__ import annotations

from typing import Any

from bot.screening.questionnaire import Question, Questionnaire
from bot.sms.prescreen import positions

#: The message box's placeholder per kind of answer (the widget's default: "Type your question").
PLACEHOLDERS = {
    "age": "Your age, for example 42",
    "yes_no": "Tap an answer or type it",
    "count": "Tap an answer or type a number",
    "choice": "Tap an answer or type it",
    "phq9": "Tap an answer or type it",
    "contact_method": "Tap an answer or type it",
    "text": "Your first name",
    "phone": "Your phone number",
    "email": "Your email address",
    "medications": "Type the medicine names, or none",
}
#: What the Skip button sends: the word the pre-screen reads as skipping an optional question.
SKIP_WORD = "skip"
LEAD_IN = "Over the last 2 weeks, how often have you been bothered by"


def lead_in(question: Question) -> str | None:
    """A PHQ-9 item's first line, the questionnaire's own stem ("Over the last 2 weeks, ... (2 of 9):")."""
    first = question.prompt.split("\n", 1)[0]
    return first if question.kind == "phq9" and first.startswith(LEAD_IN) else None


def question_data(questionnaire: Questionnaire) -> dict[str, dict[str, Any]]:
    """Slot -> the widget's data for that question (numbered as the person sees them, phone or e-mail sharing one)."""
    numbers = positions(questionnaire)
    total = max(numbers.values())
    data: dict[str, dict[str, Any]] = {}
    for q in questionnaire.questions:
        shown: dict[str, Any] = {"number": numbers[q.slot], "total": total, "placeholder": PLACEHOLDERS[q.kind]}
        if q.optional:
            shown["skip"] = SKIP_WORD
        if lead_in(q):
            shown["lead"] = lead_in(q)
        data[q.slot] = shown
    return data
