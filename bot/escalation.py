"""Recording escalations for staff, exactly once per triggering message, with their notifications."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings, settings
from bot.db import Escalation, OutboxMessage
from bot.safety.lexicon import load_lexicon

logger = logging.getLogger(__name__)

# Categories that are not crisis-lexicon categories, and their queue priority.
EXTRA_PRIORITIES = {"phq9_item9": 2, "staff_request": 4}


def priority_for(category: str) -> int:
    """Lower is more urgent: imminent risk is 1, a request to talk to a person is 4."""
    if category in EXTRA_PRIORITIES:
        return EXTRA_PRIORITIES[category]
    return _lexicon_priorities().get(category, 2)


@lru_cache(maxsize=1)
def _lexicon_priorities() -> dict[str, int]:
    return load_lexicon(enforce_review=False).categories


@dataclass(frozen=True)
class EscalationRequest:
    conversation_id: str
    message_id: str
    channel: str
    category: str
    trigger_text: str | None
    message_time: float | None
    recorded_by: str


def notification_payload(escalation: Escalation) -> dict[str, object]:
    """What leaves the building: no message text, no contact details, just enough to act."""
    return {
        "escalation_id": escalation.id,
        "priority": escalation.priority,
        "category": escalation.category,
        "channel": escalation.channel,
        "created_at": escalation.created_at.isoformat() + "Z",
        "summary": f"TMS Assistant: a conversation needs staff attention (priority {escalation.priority}, "
        f"{escalation.category.replace('_', ' ')}). Open the staff console.",
    }


def transports(config: Settings) -> list[str]:
    enabled = []
    if config.escalation_webhook_url:
        enabled.append("webhook")
    if config.smtp_host and config.staff_alert_email:
        enabled.append("email")
    return enabled


def record_escalation(
    session: Session, request: EscalationRequest, config: Settings | None = None
) -> tuple[Escalation, bool]:
    """Idempotent: a second call for the same message (retry, sweeper) returns the first record.

    Returns the escalation and whether this call created it.
    """
    config = config or settings()
    existing = _find(session, request.conversation_id, request.message_id)
    if existing is not None:
        return existing, False
    escalation = Escalation(
        conversation_id=request.conversation_id,
        message_id=request.message_id,
        channel=request.channel or "unknown",
        category=request.category,
        priority=priority_for(request.category),
        trigger_text=request.trigger_text,
        message_time=request.message_time,
        recorded_by=request.recorded_by,
        created_at=dt.datetime.utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(escalation)
            session.flush()
            for transport in transports(config):
                session.add(OutboxMessage(escalation_id=escalation.id, transport=transport, payload=notification_payload(escalation)))
            session.flush()
    except IntegrityError:  # another process recorded it between our check and insert
        found = _find(session, request.conversation_id, request.message_id)
        if found is None:
            raise
        return found, False
    logger.info(
        "escalation %s recorded: category=%s priority=%s by=%s",
        escalation.id, escalation.category, escalation.priority, escalation.recorded_by,
    )
    return escalation, True


def _find(session: Session, conversation_id: str, message_id: str) -> Escalation | None:
    return session.execute(
        select(Escalation).where(Escalation.conversation_id == conversation_id, Escalation.message_id == message_id)
    ).scalar_one_or_none()
