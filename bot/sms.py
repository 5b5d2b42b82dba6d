"""SMS bookkeeping for the Twilio channel (channels/twilio.py): carrier keywords, opt-outs, webhook
de-duplication, numbered choices and message splitting.

State lives in our database, not in the Rasa process, so an opt-out survives restarts and holds for
every sender of messages (bot replies and staff pushes alike).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import JSON, Boolean, Column, DateTime, String, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.config import Settings, settings
from bot.db import Base, session_scope, utcnow

# Twilio's standard long-code keywords (it also blocks sends after REVOKE and OPTOUT, so we record them too).
OPT_OUT_KEYWORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
OPT_IN_KEYWORDS = frozenset({"START", "UNSTOP", "YES"})
HELP_KEYWORDS = frozenset({"HELP", "INFO"})
SEGMENT_CHARS = 320  # two concatenated GSM-7 SMS parts; phones show them as one message

STOP_REPLY = (
    "{clinic_name}: You're unsubscribed and will get no more texts from this number. Reply START to "
    "text with us again. In crisis? Call or text 988."
)
START_REPLY = (
    "{clinic_name}: You're subscribed again. Text us a question about TMS any time. Reply HELP for "
    "help, STOP to unsubscribe."
)
HELP_REPLY = (
    "{clinic_name} TMS assistant (automated, not a clinician). Call {clinic_phone} ({clinic_hours}) or "
    "email {clinic_email}. In crisis? Call or text 988. Reply STOP to unsubscribe."
)


class SmsOptOut(Base):
    """Carrier-keyword consent per phone number: the row stays for the record, `opted_out` flips."""

    __tablename__ = "sms_opt_outs"

    phone = Column(String(32), primary_key=True)  # PHI: needed to suppress sends to this number
    opted_out = Column(Boolean, nullable=False)
    changed_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class SmsInbound(Base):
    """Every webhook delivery's MessageSid; the primary key makes a retried delivery a no-op."""

    __tablename__ = "sms_inbound"

    message_sid = Column(String(64), primary_key=True)
    received_at = Column(DateTime, nullable=False, default=utcnow)


class SmsChoices(Base):
    """Button payloads last offered as "Reply 1 for ..." to a number, so a bare "1" can be mapped back."""

    __tablename__ = "sms_choices"

    phone = Column(String(32), primary_key=True)  # PHI
    payloads = Column(JSON, nullable=False)
    offered_at = Column(DateTime, nullable=False, default=utcnow)


def keyword(body: str) -> str | None:
    """The carrier keyword a whole message is, if any ("stop", " Stop. " -> "STOP")."""
    word = body.strip().strip(".!").strip().upper()
    return word if word in OPT_OUT_KEYWORDS | OPT_IN_KEYWORDS | HELP_KEYWORDS else None


def keyword_reply(template: str, config: Settings | None = None) -> str:
    return template.format(**(config or settings()).clinic_slots)


def first_delivery(engine: Engine, message_sid: str) -> bool:
    """Records a MessageSid; False when it was already seen (a Twilio retry of the same message)."""
    try:
        with session_scope(engine) as session:
            session.add(SmsInbound(message_sid=message_sid))
        return True
    except IntegrityError:
        return False


def set_opted_out(engine: Engine, phone: str, opted_out: bool) -> None:
    with session_scope(engine) as session:
        row = session.get(SmsOptOut, phone)
        if row is None:
            session.add(SmsOptOut(phone=phone, opted_out=opted_out))
        else:
            row.opted_out = opted_out


def is_opted_out(engine: Engine, phone: str) -> bool:
    with session_scope(engine) as session:
        row = session.get(SmsOptOut, phone)
        return bool(row and row.opted_out)


def offer_choices(engine: Engine, phone: str, payloads: list[str]) -> None:
    """Remembers the choices just sent; an empty list clears them (the last message had none)."""
    with session_scope(engine) as session:
        session.execute(delete(SmsChoices).where(SmsChoices.phone == phone))
        if payloads:
            session.add(SmsChoices(phone=phone, payloads=payloads))


def take_choice(engine: Engine, phone: str, body: str) -> str | None:
    """The payload a reply like "2" picks from the last offered choices; the choices are used up."""
    with session_scope(engine) as session:
        row = session.execute(select(SmsChoices).where(SmsChoices.phone == phone)).scalar_one_or_none()
        if row is None:
            return None
        session.delete(row)
        number = body.strip().rstrip(".")
        if number.isdigit() and 1 <= int(number) <= len(row.payloads):
            return str(row.payloads[int(number) - 1])
        return None


def numbered_choices(options: Iterable[tuple[str, str]]) -> str:
    """ "Reply 1 for Yes, 2 for No." from (number, title) pairs; the pre-screen's SMS variants use it too."""
    return "Reply " + ", ".join(f"{number} for {title}" for number, title in options) + "."


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[str]:
    """Splits text into messages of at most `limit` characters, at paragraph and sentence ends.

    Sentences are packed greedily; a paragraph break starts a new message only when the next
    paragraph does not fit. A sentence longer than `limit` is cut at spaces (or hard, if it has none).
    """
    out: list[str] = []
    current = ""
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        separator = "\n\n"
        for sentence in _SENTENCE_END.split(paragraph.strip()):
            for piece in _cut(sentence, limit):
                joined = f"{current}{separator if current else ''}{piece}"
                if len(joined) <= limit:
                    current = joined
                else:
                    out.append(current)
                    current = piece
                separator = " "
    if current:
        out.append(current)
    return out


def _cut(sentence: str, limit: int) -> list[str]:
    pieces: list[str] = []
    while len(sentence) > limit:
        cut = sentence.rfind(" ", 0, limit + 1)
        cut = cut if cut > 0 else limit
        pieces.append(sentence[:cut].rstrip())
        sentence = sentence[cut:].lstrip()
    return pieces + ([sentence] if sentence else [])


@lru_cache(maxsize=1)
def _pepper() -> bytes:
    # Without a configured pepper the hashes still hide numbers but only match within one process.
    return (settings().phone_hash_pepper or secrets.token_hex(32)).encode()


def phone_ref(phone: str | None) -> str:
    """What logs show instead of a phone number (PHI): a keyed hash that cannot be reversed."""
    if not phone:
        return "sms:-"
    return "sms:" + hmac.new(_pepper(), phone.encode(), hashlib.sha256).hexdigest()[:16]
