"""How records are shown to staff: human labels, masked phone numbers, relative times, labelled answers."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.db import utcnow
from bot.masking import mask_contacts, mask_phone
from bot.screening.records import THEIR_WORDS, their_words

OUTCOME_LABELS = {
    "likely_candidate": "Likely candidate",
    "needs_clinician_review": "Needs clinician review",
    "unlikely_suitable": "Unlikely suitable",
    "incomplete": "Not finished",
}
ESCALATION_STATUS_LABELS = {"new": "New", "acknowledged": "Acknowledged", "resolved": "Resolved"}
PRESCREEN_STATUS_LABELS = {"to_call": "To call", "contacted": "Contacted", "booked": "Booked", "closed": "Closed"}
CHANNEL_LABELS = {"socketio": "Website chat", "twilio": "Text message (SMS)", "sms": "Text message (SMS)",
                  "rest": "Clinic system (API)", "unknown": "Unknown"}
PREVIEW_CHARS = 90
SMS_CHANNELS = frozenset({"twilio", "sms"})
_PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{7,20}$")


@dataclass(frozen=True)
class ShownNote:
    """A staff note as a page shows it (its text masked until revealed); never written back."""

    author: str
    created_at: dt.datetime
    text: str
    masked: bool

    @classmethod
    def of(cls, note: Any, mask: Callable[[str | None], str | None]) -> ShownNote:
        text = mask(note.text) or ""
        return cls(note.author, note.created_at, text, text != note.text)


def is_phone_conversation(channel: str | None, conversation_id: str) -> bool:
    """On SMS the conversation id is the sender's phone number; anything that looks like one is treated so."""
    return (channel or "") in SMS_CHANNELS or bool(_PHONE_LIKE.match(conversation_id or ""))


def conversation_label(channel: str | None, conversation_id: str, reveal: bool = False) -> str:
    """A conversation id as staff see it: on SMS it is (or holds) the person's number, masked until revealed."""
    if reveal or not is_phone_conversation(channel, conversation_id):
        return conversation_id
    masked = mask_contacts(conversation_id) or ""  # a prefixed id ("sms:+1555...") keeps its prefix
    return masked if masked != conversation_id else mask_phone(conversation_id) or ""


def ago(moment: dt.datetime | float | None, now: dt.datetime | None = None) -> str:
    """"just now", "12 min ago", "3 h 5 min ago", "2 d ago" (naive datetimes are UTC)."""
    if moment is None:
        return ""
    if isinstance(moment, (int, float)):
        moment = dt.datetime.fromtimestamp(moment, dt.timezone.utc).replace(tzinfo=None)
    seconds = max(int(((now or utcnow()) - moment).total_seconds()), 0)
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
        moment = dt.datetime.fromtimestamp(moment, dt.timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


@lru_cache(maxsize=1)
def _questionnaire() -> Any:
    from bot.screening.questionnaire import load_questionnaire

    return load_questionnaire(enforce_review=False)  # labels only: an overdue review must not hide answers


def answer_rows(answers: Mapping[str, object]) -> list[tuple[str, str, str, str]]:
    """(slot, question, answer, their own words) in questionnaire order; button values shown as their titles,
    the words (kept beside each answer) on the same row rather than a row of their own."""
    questionnaire = _questionnaire()
    words = their_words(answers)
    rows = []
    for slot in [*questionnaire.slots, *sorted(set(answers) - set(questionnaire.slots))]:
        if answers.get(slot) is None or slot.endswith(THEIR_WORDS):
            continue  # not answered yet (a partial pre-screen stores every question)
        value = answers[slot]
        question = questionnaire.by_slot.get(slot)
        button = question.button_for_value(value) if question else None
        shown = button.title if button else ("(skipped)" if value == "skipped" else str(value))
        rows.append((slot, question.prompt if question else slot, shown, words.get(slot, "")))
    return rows


def channel_label(channel: str | None) -> str:
    """"socketio" means nothing to a coordinator; "Website chat" does."""
    return CHANNEL_LABELS.get(channel or "unknown", (channel or "unknown").capitalize())


def preview(text: str | None, public: tuple[str, ...] = ()) -> str:
    """The start of a message for a list: contacts masked, cut at a word boundary."""
    masked = " ".join((mask_contacts(text, public) or "").split())
    if len(masked) <= PREVIEW_CHARS:
        return masked
    cut = masked[:PREVIEW_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def local(moment: dt.datetime | float | None, zone: str = "UTC") -> str:
    """The clinic's local time (CLINIC_TIMEZONE), e.g. "2026-12-01 09:12 EST"; naive datetimes are UTC."""
    if moment is None:
        return ""
    if isinstance(moment, (int, float)):
        moment = dt.datetime.fromtimestamp(moment, dt.timezone.utc)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(zone_of(zone)).strftime("%Y-%m-%d %H:%M %Z")


def zone_of(name: str) -> dt.tzinfo:
    """The clinic's zone (CLINIC_TIMEZONE); an unknown name falls back to UTC rather than failing a page."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone.utc


def day_start_utc(day: dt.date, zone: str) -> dt.datetime:
    """Midnight of a clinic-local day as naive UTC (how the tables store times): a date filter means the
    coordinator's day, not UTC's."""
    local_midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone_of(zone))
    return local_midnight.astimezone(dt.timezone.utc).replace(tzinfo=None)


def parse_day(raw: str | None) -> dt.date | None:
    """A date from a filter form (YYYY-MM-DD); anything else means "no bound"."""
    try:
        return dt.date.fromisoformat(raw) if raw and len(raw) == 10 else None
    except ValueError:
        return None


def iso_utc(moment: dt.datetime | float | None) -> str:
    """A machine-readable UTC time for <time datetime> (the browser keeps "5 min ago" current from it)."""
    if moment is None:
        return ""
    if isinstance(moment, (int, float)):
        moment = dt.datetime.fromtimestamp(moment, dt.timezone.utc).replace(tzinfo=None)
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def initials(name: str | None) -> str | None:
    """A name masked to its initials ("Jane Doe" -> "J. D.") until staff reveal it."""
    return " ".join(part[0].upper() + "." for part in name.split()) if name and name.split() else None


def tel_target(phone: str | None) -> str | None:
    """A number as a tel: link wants it (digits and a leading +), or None when it holds too few digits."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 7:
        return None
    return ("+" if (phone or "").strip().startswith("+") else "") + digits
