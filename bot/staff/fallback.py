"""Staff replies a website visitor has not picked up, sent another way so they are not left waiting.

A widget reply stays "queued" until the visitor opens the chat again. After STAFF_REPLY_FALLBACK_SECONDS the
worker sends it by SMS when the person's pre-screen chose texts and gave a phone number that has not opted
out (through the Twilio channel, pushed by Rasa's API, so opt-outs and GSM-7 apply as to every text), or by
e-mail when the pre-screen chose e-mail and SMTP_HOST is set; the console then shows "Sent by SMS" or
"Sent by e-mail". Otherwise it shows "Not delivered, no fallback". Either way the reply still appears in
the widget when the person comes back. Phone numbers, addresses and reply text never reach the logs.
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import requests
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot import sms
from bot.config import DATA_DIR, Settings
from bot.db import session_scope, utcnow
from bot.review import load_reviewed
from bot.safety.hotlines import load_hotlines
from bot.screening.records import Prescreen
from bot.staff.replies import WIDGET_CHANNEL, StaffReply

logger = logging.getLogger("bot.staff")
TEXTS_PATH = DATA_DIR / "staff" / "reply_fallback.yml"
SMS_CHANNEL = "twilio"
#: Older waiting replies are left for the widget: nobody gets a text about a chat from weeks ago.
LOOKBACK = dt.timedelta(days=7)
NO_FALLBACK = "no_fallback"

#: (settings, address, staff name, reply text) -> None, raising OSError when it could not be sent.
Sender = Callable[[Settings, str, str, str], None]


@lru_cache(maxsize=1)
def _texts() -> dict[str, str]:
    # read by the worker: an overdue review fails the tests and the build, never a reply on its way
    data = load_reviewed(TEXTS_PATH, enforce_review=False)
    return {key: str(data[key]) for key in ("sms", "email_subject", "email_body")}


def message(key: str, config: Settings, staff: str, text: str) -> str:
    """One of the fallback texts with the clinic's settings, the crisis numbers, the staff name and the reply."""
    numbers = load_hotlines(enforce_review=False).numbers
    template = _texts()[key] if key == "email_body" else " ".join(_texts()[key].split())
    return template.format(**numbers, **config.clinic_slots, staff=staff, text=text.strip())


def send_sms(config: Settings, phone: str, staff: str, text: str) -> None:
    """Pushes the text to `phone` through Rasa's Twilio channel; it lands in that number's conversation too."""
    event = {"event": "bot", "text": message("sms", config, staff, text), "timestamp": time.time(),
             "metadata": {"sent_by": "staff", "staff": staff, "channel": SMS_CHANNEL, "fallback": True}}
    # Rasa (Sanic) does not percent-decode path parameters, so the "+" of the number stays as is.
    url = f"{config.rasa_url.rstrip('/')}/conversations/{quote(phone, safe='+')}/tracker/events"
    params = {"token": config.rasa_api_token, "output_channel": SMS_CHANNEL, "execute_side_effects": "true"}
    requests.post(url, json=[event], params=params, timeout=15).raise_for_status()


def send_email(config: Settings, address: str, staff: str, text: str) -> None:
    email = EmailMessage()
    email["Subject"] = message("email_subject", config, staff, text)
    email["From"] = config.smtp_from
    email["To"] = address
    email.set_content(message("email_body", config, staff, text))
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=10) as smtp:
        smtp.send_message(email)


SENDERS: Mapping[str, Sender] = {"sent_sms": send_sms, "sent_email": send_email}


def latest_contact(session: Session, conversation_id: str) -> Prescreen | None:
    """The conversation's latest pre-screen that says how the person wants to be contacted."""
    return session.execute(
        select(Prescreen).where(Prescreen.conversation_id == conversation_id, Prescreen.contact_method.is_not(None))
        .order_by(Prescreen.started_at.desc()).limit(1)
    ).scalar_one_or_none()


def route(prescreen: Prescreen | None, config: Settings, opted_out: Callable[[str], bool]) -> tuple[str, str]:
    """(the state the reply gets, the address to send to): texts only to a number given with "Text message"
    and not opted out, e-mail only to an address given with "Email" while SMTP is set up."""
    if prescreen is not None:
        phone, email = str(prescreen.contact_phone or ""), str(prescreen.contact_email or "")
        if prescreen.contact_method == "text" and phone and config.twilio_auth_token and not opted_out(phone):
            return "sent_sms", phone
        if prescreen.contact_method == "email" and email and config.smtp_host:
            return "sent_email", email
    return NO_FALLBACK, ""


def run(engine: Engine, config: Settings, now: dt.datetime | None = None,
        senders: Mapping[str, Sender] = SENDERS) -> int:
    """Handles every widget reply waiting longer than the setting; returns how many went by SMS or e-mail.
    Each reply is claimed with a conditional UPDATE, so with several workers one sends it; a failed send
    puts it back in the queue for the next run."""
    if config.staff_reply_fallback_seconds <= 0:
        return 0
    now = now or utcnow()
    with session_scope(engine) as session:
        due = session.execute(
            select(StaffReply.id, StaffReply.conversation_id).where(
                StaffReply.channel == WIDGET_CHANNEL, StaffReply.state == "queued",
                StaffReply.created_at <= now - dt.timedelta(seconds=config.staff_reply_fallback_seconds),
                StaffReply.created_at >= now - LOOKBACK,
            ).order_by(StaffReply.id)
        ).all()
    sent = 0
    for reply_id, conversation_id in due:
        with session_scope(engine) as session:
            state, address = route(latest_contact(session, conversation_id), config,
                                   lambda phone: sms.is_opted_out(engine, phone))
            claimed = session.execute(
                update(StaffReply).where(StaffReply.id == reply_id, StaffReply.state == "queued")
                .values(state=state, delivered_at=utcnow() if state != NO_FALLBACK else None)
            ).rowcount == 1
            reply: Any = session.get(StaffReply, reply_id)
            staff, text = str(reply.staff), str(reply.text)
        if not claimed:
            continue  # the widget picked it up meanwhile, or another worker has it
        if state == NO_FALLBACK:
            logger.info("staff reply %s: not delivered, no fallback (no text or e-mail contact in a pre-screen)", reply_id)
            continue
        try:
            senders[state](config, address, staff, text)
        except OSError as error:  # requests' and smtplib's errors included
            with session_scope(engine) as session:
                session.execute(update(StaffReply).where(StaffReply.id == reply_id, StaffReply.state == state)
                                .values(state="queued", delivered_at=None))
            logger.warning("staff reply %s: %s fallback failed (%s); trying again later", reply_id, state, type(error).__name__)
            continue
        logger.info("staff reply %s: %s", reply_id, "sent by SMS" if state == "sent_sms" else "sent by e-mail")
        sent += 1
    return sent
