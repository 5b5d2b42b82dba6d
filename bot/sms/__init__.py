"""SMS bookkeeping for the Twilio channel (channels/twilio.py): the channel's own texts, opt-outs, webhook
de-duplication, numbered choices and message splitting. `consent` reads opt-outs in plain words,
`gsm7` keeps every outgoing text in the GSM-7 alphabet and counts its segments.

State lives in our database, not in the Rasa process, so an opt-out survives restarts and holds for
every sender of messages (bot replies and staff pushes alike).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import JSON, Boolean, Column, DateTime, String, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.config import DATA_DIR, Settings, settings
from bot.db import Base, session_scope, utcnow
from bot.review import load_reviewed
from bot.safety.hotlines import load_hotlines
from bot.sms import gsm7

TEXTS_PATH = DATA_DIR / "sms" / "texts.yml"
MAX_BODY = 1600  # Twilio's limit for one message; it is sent as one concatenated SMS, never as numbered parts
REPEAT_WINDOW = dt.timedelta(seconds=10)  # the same text from the same number again within this is a retry


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


@lru_cache(maxsize=1)
def _texts() -> dict[str, str]:
    # read while texting (an opted-out crisis gets its reply): an overdue review fails the tests, never a text
    texts = load_reviewed(TEXTS_PATH, enforce_review=False)["texts"]
    return {key: " ".join(str(value).split()) for key, value in texts.items()}


def channel_text(key: str, config: Settings | None = None) -> str:
    """One of the channel's own texts (data/sms/texts.yml) with the clinic's settings and crisis numbers."""
    numbers = load_hotlines(enforce_review=False).numbers
    return _texts()[key].format(**numbers, **(config or settings()).clinic_slots)


def first_delivery(engine: Engine, message_sid: str, phone: str = "", body: str = "") -> bool:
    """False when this delivery was already seen: a Twilio retry of the same MessageSid or, for a request
    without one, the same text from the same number within REPEAT_WINDOW."""
    if message_sid:
        try:
            with session_scope(engine) as session:
                session.add(SmsInbound(message_sid=message_sid))
            return True
        except IntegrityError:
            return False
    key = "nosid:" + hmac.new(_pepper(), f"{phone}\n{body}".encode(), hashlib.sha256).hexdigest()[:40]
    now = utcnow()
    with session_scope(engine) as session:
        row = session.get(SmsInbound, key)
        if row is not None and now - row.received_at < REPEAT_WINDOW:
            return False
        if row is None:
            session.add(SmsInbound(message_sid=key, received_at=now))
        else:
            row.received_at = now
    return True


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


_NUMBER_WORDS = {
    word: number
    for number, words in enumerate((
        "one first 1st uno primero primera", "two second 2nd dos segundo segunda", "three third 3rd tres tercero tercera",
        "four fourth 4th cuatro cuarto cuarta", "five fifth 5th cinco quinto quinta", "six sixth 6th seis sexto sexta",
    ), start=1)
    for word in words.split()
}
_FILLERS = frozenset({"the", "option", "number", "choice", "answer", "el", "la", "opcion", "numero", "please", "pls"})


def choice_number(body: str) -> str | None:
    """The digit a whole reply names by word: "the second one", "two", "option 3", "#2" -> "2", "2", "3", "2"."""
    words = [w for w in re.findall(r"[a-z0-9]+", body.casefold()) if w not in _FILLERS]
    if len(words) == 2 and words[1] == "one":  # "the second one"
        words = words[:1]
    if len(words) != 1:
        return None
    word = words[0]
    return word if word.isdigit() and len(word) == 1 else (str(_NUMBER_WORDS[word]) if word in _NUMBER_WORDS else None)


def numbered_choices(options: Iterable[tuple[str, str]]) -> str:
    """ "Reply 1 for Yes, 2 for No." from (number, title) pairs; the pre-screen's SMS variants use it too."""
    return "Reply " + ", ".join(f"{number} for {title}" for number, title in options) + "."


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def segments(text: str, limit: int = MAX_BODY) -> list[str]:
    """Splits text into messages of at most `limit` characters, at paragraph and sentence ends.

    Sentences are packed greedily; a paragraph break starts a new message only when the next
    paragraph does not fit. A sentence longer than `limit` is cut at spaces (or hard, if it has none).
    """
    if len(text.strip()) <= limit:
        return [text.strip()]  # as written: line breaks kept (a numbered list, a read-back above its question)
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


def numbered_parts(text: str) -> list[str]:
    """A text over one segment as one-segment texts ending "(1/3)": only when the clinic chose
    SMS_LONG_TEXTS=separate (the default sends one concatenated message, shown whole and in order)."""
    if gsm7.segment_count(text) <= 1:
        return [text]
    single = gsm7.SINGLE if gsm7.is_gsm7(text) else gsm7.UCS2_SINGLE
    pieces = segments(text, single - len(" (99/99)") - sum(c in gsm7.EXTENSION for c in text))
    return [f"{piece} ({n}/{len(pieces)})" for n, piece in enumerate(pieces, start=1)]


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
