"""Recording escalations for staff, exactly once per triggering message, with their notifications.

One open escalation per conversation: a later crisis turn while it is open (or while staff hold the
conversation) joins it as an event, raises its priority when more urgent, and alerts staff again - at
once when the priority rose, otherwise at most once per `escalation_realert_seconds`. One conversation
opens at most `escalations_per_conversation_per_day` escalations; past that a crisis re-opens the latest
one instead (the flood limit: one sender cannot bury the queue, and no crisis is ever dropped).
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.config import Settings, settings
from bot.db import utcnow
from bot.escalation.categories import HOW_TO_REACH, priority_for
from bot.escalation.models import OPEN_STATUSES, Escalation, EscalationEvent, Handoff, OutboxMessage

logger = logging.getLogger(__name__)
FLOOD_WINDOW = dt.timedelta(hours=24)


@dataclass(frozen=True)
class EscalationRequest:
    conversation_id: str
    message_id: str
    channel: str
    category: str
    trigger_text: str | None
    message_time: float | None
    recorded_by: str


@dataclass(frozen=True)
class Recorded:
    escalation: Escalation
    created: bool  # False: this message was recorded before (a retry, the spool, the sweeper)
    attached: bool = False  # the message joined an escalation already open for the conversation


def notification_payload(escalation: Escalation, repeat: bool = False) -> dict[str, object]:
    """What leaves the building: no message text, no contact details, just enough to act."""
    what = "another crisis message in a conversation staff were already alerted to" if repeat else (
        "a conversation needs staff attention")
    return {
        "escalation_id": escalation.id,
        "priority": escalation.priority,
        "category": escalation.category,
        "channel": escalation.channel,
        "created_at": escalation.created_at.isoformat() + "Z",
        "repeat": repeat,
        "summary": f"TMS Assistant: {what} (priority {escalation.priority}, "
        f"{escalation.category.replace('_', ' ')}). Open the staff console.",
    }


def transports(config: Settings) -> list[str]:
    enabled = []
    if config.escalation_webhook_url:
        enabled.append("webhook")
    if config.smtp_host and config.staff_alert_email:
        enabled.append("email")
    return enabled


def record_escalation(session: Session, request: EscalationRequest, config: Settings | None = None) -> Recorded:
    """Idempotent: a second call for the same message (retry, spool, sweeper) returns the first record."""
    config = config or settings()
    existing = _find(session, request.conversation_id, request.message_id)
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            target = _open_escalation(session, request.conversation_id) or _over_flood_limit(session, request, config)
            if target is not None and target.message_id == request.message_id:
                return Recorded(target, created=False)  # recorded by another process since we looked
            if target is not None:
                _attach(session, target, request, config)
                return Recorded(target, created=True, attached=True)
            escalation = _create(session, request, config)
    except IntegrityError:  # another process recorded it between our check and insert
        found = _find(session, request.conversation_id, request.message_id)
        if found is None:
            raise
        return found
    logger.info(
        "escalation %s recorded: category=%s priority=%s by=%s",
        escalation.id, escalation.category, escalation.priority, escalation.recorded_by,
    )
    return Recorded(escalation, created=True)


def _create(session: Session, request: EscalationRequest, config: Settings) -> Escalation:
    escalation = Escalation(
        conversation_id=request.conversation_id,
        message_id=request.message_id,
        channel=request.channel or "unknown",
        category=request.category,
        priority=priority_for(request.category),
        trigger_text=request.trigger_text,
        message_time=request.message_time,
        recorded_by=request.recorded_by,
        created_at=utcnow(),
    )
    session.add(escalation)
    session.flush()
    _notify(session, escalation, config, repeat=False)
    session.flush()
    return escalation


def _attach(session: Session, escalation: Escalation, request: EscalationRequest, config: Settings) -> None:
    now = utcnow()
    priority = priority_for(request.category)
    raised = priority < escalation.priority
    realert = raised or _last_alert(session, escalation) <= now - dt.timedelta(seconds=config.escalation_realert_seconds)
    session.add(EscalationEvent(
        escalation_id=escalation.id, conversation_id=request.conversation_id, message_id=request.message_id,
        category=request.category, trigger_text=request.trigger_text, message_time=request.message_time,
        recorded_by=request.recorded_by, realerted=int(realert), created_at=now,
    ))
    if raised or (request.category in HOW_TO_REACH and priority <= escalation.priority):
        escalation.priority, escalation.category = priority, request.category
    if escalation.status not in OPEN_STATUSES:
        escalation.status = "new"  # re-opened (staff hold it, or the flood limit was reached)
    escalation.updated_at = now
    session.flush()
    if realert:
        _notify(session, escalation, config, repeat=True)
        session.flush()
    logger.info("escalation %s: a repeated crisis joined it (priority %s, staff alerted again: %s)",
                escalation.id, escalation.priority, realert)


def _notify(session: Session, escalation: Escalation, config: Settings, repeat: bool) -> None:
    """One outbox row per transport and escalation; a re-alert re-arms it (an unsent one just carries the
    newer payload, so alerts never pile up)."""
    payload = notification_payload(escalation, repeat)
    for transport in transports(config):
        row = session.execute(select(OutboxMessage).where(
            OutboxMessage.escalation_id == escalation.id, OutboxMessage.transport == transport)).scalar_one_or_none()
        if row is None:
            session.add(OutboxMessage(escalation_id=escalation.id, transport=transport, payload=payload))
            continue
        row.payload, row.sent_at, row.claimed_until, row.attempts = payload, None, None, 0
        row.next_attempt_at, row.last_error = utcnow(), None


def _last_alert(session: Session, escalation: Escalation) -> dt.datetime:
    realerted = session.execute(select(func.max(EscalationEvent.created_at)).where(
        EscalationEvent.escalation_id == escalation.id, EscalationEvent.realerted == 1)).scalar()
    return max(filter(None, (realerted, escalation.created_at)))


def _open_escalation(session: Session, conversation_id: str) -> Escalation | None:
    """The escalation staff hold the conversation for, else the conversation's open one."""
    held = session.execute(
        select(Handoff.escalation_id).where(Handoff.conversation_id == conversation_id, Handoff.handed_back_at.is_(None),
                                            Handoff.escalation_id.is_not(None))
        .order_by(Handoff.id.desc()).limit(1)
    ).scalar()
    if held is not None:
        return session.get(Escalation, held)
    return session.execute(
        select(Escalation).where(Escalation.conversation_id == conversation_id, Escalation.status.in_(OPEN_STATUSES))
        .order_by(Escalation.id.desc()).limit(1)
    ).scalar_one_or_none()


def _over_flood_limit(session: Session, request: EscalationRequest, config: Settings) -> Escalation | None:
    """The conversation's latest escalation once it opened its daily allowance, else None."""
    recent = session.execute(select(func.count()).select_from(Escalation).where(
        Escalation.conversation_id == request.conversation_id, Escalation.created_at >= utcnow() - FLOOD_WINDOW)).scalar_one()
    if recent < config.escalations_per_conversation_per_day:
        return None
    logger.warning("escalation flood limit reached for a conversation (%s today): re-opening its latest", recent)
    return session.execute(select(Escalation).where(Escalation.conversation_id == request.conversation_id)
                           .order_by(Escalation.id.desc()).limit(1)).scalar_one()


def _find(session: Session, conversation_id: str, message_id: str) -> Recorded | None:
    escalation = session.execute(
        select(Escalation).where(Escalation.conversation_id == conversation_id, Escalation.message_id == message_id)
    ).scalar_one_or_none()
    if escalation is not None:
        return Recorded(escalation, created=False)
    event = session.execute(select(EscalationEvent).where(
        EscalationEvent.conversation_id == conversation_id, EscalationEvent.message_id == message_id)).scalar_one_or_none()
    if event is None:
        return None
    return Recorded(session.get(Escalation, event.escalation_id), created=False, attached=True)
