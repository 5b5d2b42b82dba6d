"""How records are shown to staff: human labels, masked phone numbers, relative times, labelled answers."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Mapping

import yaml

from bot.safety.lexicon import LEXICON_PATH

EXTRA_CATEGORY_LABELS = {
    "phq9_item9": "Pre-screen: thoughts of self-harm (PHQ-9 item 9)",
    "staff_request": "Asked to talk to a person",
}
OUTCOME_LABELS = {
    "likely_candidate": "Likely candidate",
    "needs_clinician_review": "Needs clinician review",
    "unlikely_suitable": "Unlikely suitable",
    "incomplete": "Not finished",
}
ESCALATION_STATUS_LABELS = {"new": "New", "acknowledged": "Acknowledged", "resolved": "Resolved"}
PRESCREEN_STATUS_LABELS = {"to_call": "To call", "contacted": "Contacted", "booked": "Booked", "closed": "Closed"}
SMS_CHANNELS = frozenset({"twilio", "sms"})
_PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{7,20}$")


@lru_cache(maxsize=1)
def category_labels() -> dict[str, str]:
    """The reviewed lexicon's own labels, so the console and the detector never disagree."""
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    labels = {name: str(spec.get("label") or name) for name, spec in raw["categories"].items()}
    return {**labels, **EXTRA_CATEGORY_LABELS}


def category_label(category: str) -> str:
    return category_labels().get(category, category.replace("_", " ").capitalize())


def mask_phone(phone: str | None) -> str | None:
    """Phone numbers are PHI: only the last two digits show unless staff reveal them."""
    return None if not phone else "*" * max(len(phone) - 2, 0) + phone[-2:]


def is_phone_conversation(channel: str | None, conversation_id: str) -> bool:
    """On SMS the conversation id is the sender's phone number; anything that looks like one is treated so."""
    return (channel or "") in SMS_CHANNELS or bool(_PHONE_LIKE.match(conversation_id or ""))


def conversation_label(channel: str | None, conversation_id: str, reveal: bool = False) -> str:
    if reveal or not is_phone_conversation(channel, conversation_id):
        return conversation_id
    return mask_phone(conversation_id) or ""


def ago(moment: dt.datetime | float | None, now: dt.datetime | None = None) -> str:
    """"just now", "12 min ago", "3 h 5 min ago", "2 d ago" (naive datetimes are UTC)."""
    if moment is None:
        return ""
    if isinstance(moment, (int, float)):
        moment = dt.datetime.utcfromtimestamp(moment)
    seconds = max(int(((now or dt.datetime.utcnow()) - moment).total_seconds()), 0)
    if seconds < 60:
        return "just now"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if days:
        return f"{days} d ago"
    if hours:
        return f"{hours} h {minutes % 60} min ago"
    return f"{minutes} min ago"


def utc(moment: dt.datetime | float | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, (int, float)):
        moment = dt.datetime.utcfromtimestamp(moment)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


@lru_cache(maxsize=1)
def _questionnaire() -> Any:
    from bot.screening.questionnaire import load_questionnaire

    return load_questionnaire(check_review_due=False)  # labels only: an overdue review must not hide answers


def answer_rows(answers: Mapping[str, object]) -> list[tuple[str, str, str]]:
    """(slot, question, answer) in questionnaire order; button values shown as their titles."""
    questionnaire = _questionnaire()
    rows = []
    for slot in [*questionnaire.slots, *sorted(set(answers) - set(questionnaire.slots))]:
        if slot not in answers:
            continue
        value = answers[slot]
        question = questionnaire.by_slot.get(slot)
        button = question.button_for_value(value) if question else None
        shown = button.title if button else ("(skipped)" if value == "skipped" else str(value))
        rows.append((slot, question.prompt if question else slot, shown))
    return rows
