"""parse_answer: one reply to one question, dispatched by the question's kind."""

from __future__ import annotations

from ..phq9 import ITEM9_SLOT
from ..questionnaire import Question
from .choices import _parse_choice, _parse_yes_no
from .commands import is_skip
from .contact import _parse_email, _parse_medications, _parse_phone, _parse_text
from .quantities import _parse_age, _parse_count, _parse_phq9
from .result import _NOT_OK, _SKIPPED, MAX_INPUT_CHARS, Parsed, _ok
from .text import _NEGATIVE_NUMBER, normalize


def parse_answer(question: Question, text: str) -> Parsed:
    """Parse a reply to ``question``.

    Returns ``Parsed(value, ok=True)`` on success; ``Parsed(None, ok=False)``
    when the reply is empty, too long, ambiguous or out of range; and
    ``Parsed(None, ok=True, skipped=True)`` for "skip"/"pass"/"prefer not to
    say" on an optional question (not ok on a required one).

    Call :func:`is_stop`, :func:`is_restart`, :func:`is_why_question` and
    :func:`detect_correction` first; this function only reads answers.
    """
    if not isinstance(text, str):
        return _NOT_OK
    if len(text) > MAX_INPUT_CHARS or not text.strip():
        return _NOT_OK
    norm = normalize(text)
    if is_skip(text):
        if question.slot == ITEM9_SLOT:
            return _ok(1)  # a declined item 9 is followed up like a positive one
        return _SKIPPED if question.optional else _NOT_OK
    kind = question.kind
    if question.literal_numbers and _NEGATIVE_NUMBER.search(text):
        return _NOT_OK  # "-1" would otherwise read as 1
    if kind == "age":
        return _parse_age(norm)
    if kind == "yes_no":
        return _parse_yes_no(question, norm, text)
    if kind == "count":
        return _parse_count(norm, text.casefold())
    if kind == "phq9":
        return _parse_phq9(question, norm)
    if kind in ("choice", "contact_method"):
        return _parse_choice(question, norm)
    if kind == "text":
        return _parse_text(text)
    if kind == "phone":
        return _parse_phone(text)
    if kind == "email":
        return _parse_email(text)
    if kind == "medications":
        return _parse_medications(text, norm)
    raise ValueError(f"unknown question kind {kind!r}")
