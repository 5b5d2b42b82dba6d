"""Delivers staff notifications from the outbox table: at least once, with retries and backoff.

Several workers may run at once: each row is claimed with a conditional UPDATE before sending, so
a notification is sent by one worker only.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import smtplib
from email.message import EmailMessage
from typing import Callable, Mapping

import requests
from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.db import session_scope, utcnow
from bot.escalation.models import OutboxMessage

logger = logging.getLogger(__name__)

Sender = Callable[[Mapping[str, object]], None]
CLAIM_SECONDS = 60
MAX_BACKOFF_SECONDS = 15 * 60
BASE_BACKOFF_SECONDS = 2


def backoff(attempts: int) -> dt.timedelta:
    """2 s, 4 s, 8 s ... capped at 15 minutes: a webhook that is down is not hammered."""
    return dt.timedelta(seconds=min(BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def webhook_sender(url: str, timeout: float = 5.0) -> Sender:
    def send(payload: Mapping[str, object]) -> None:
        response = requests.post(url, data=json.dumps(payload), headers={"Content-Type": "application/json"}, timeout=timeout)
        response.raise_for_status()

    return send


def email_sender(config: Settings) -> Sender:
    def send(payload: Mapping[str, object]) -> None:
        message = EmailMessage()
        message["Subject"] = f"[TMS Assistant] priority {payload['priority']} escalation"
        message["From"] = config.smtp_from
        message["To"] = config.staff_alert_email
        message.set_content(str(payload["summary"]))
        with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=10) as smtp:
            smtp.send_message(message)

    return send


def senders_for(config: Settings) -> dict[str, Sender]:
    senders: dict[str, Sender] = {}
    if config.escalation_webhook_url:
        senders["webhook"] = webhook_sender(config.escalation_webhook_url)
    if config.smtp_host and config.staff_alert_email:
        senders["email"] = email_sender(config)
    return senders


def _claim(engine: Engine, row_id: int, now: dt.datetime) -> dt.datetime | None:
    """Claims the row until the returned time; None: another worker has it, or it was sent."""
    # From the current time, not the drain's start: a drain slowed by failing sends must not hand
    # out claims that have already expired (another worker could then send the same row).
    until = max(now, utcnow()) + dt.timedelta(seconds=CLAIM_SECONDS)
    with session_scope(engine) as session:
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == row_id,
                OutboxMessage.sent_at.is_(None),
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
            .values(claimed_until=until)
        )
        return until if result.rowcount == 1 else None


def drain(engine: Engine, senders: Mapping[str, Sender], now: dt.datetime | None = None, limit: int = 50) -> int:
    """Sends what is due; returns how many were sent. Failures are rescheduled, never dropped."""
    now = now or utcnow()
    with session_scope(engine) as session:
        due = session.execute(
            select(OutboxMessage.id, OutboxMessage.transport, OutboxMessage.payload, OutboxMessage.attempts)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at)
            .limit(limit)
        ).all()
    sent = 0
    for row_id, transport, payload, attempts in due:
        sender = senders.get(transport)
        claim = _claim(engine, row_id, now) if sender is not None else None
        if sender is None or claim is None:
            continue
        try:
            sender(payload)
        except Exception as error:  # noqa: BLE001 - any failure is retried later
            _finish(engine, row_id, claim, attempts=attempts + 1, next_attempt_at=now + backoff(attempts + 1),
                    claimed_until=None, last_error=f"{type(error).__name__}: {error}"[:500])
            logger.warning("notification %s via %s failed (attempt %s); retrying later", row_id, transport, attempts + 1)
            continue
        _finish(engine, row_id, claim, attempts=attempts + 1, sent_at=utcnow())
        sent += 1
    return sent


def _finish(engine: Engine, row_id: int, claim: dt.datetime, **values: object) -> None:
    """Records the send's result unless the row was re-armed meanwhile (a repeated crisis re-alerts staff
    through the same row; that newer notification must still go out)."""
    with session_scope(engine) as session:
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == row_id, OutboxMessage.claimed_until == claim).values(**values)
        )
