"""Tables of the crisis-to-staff path: escalations, their later events, notifications, staff hand-offs."""
from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint

from bot.db import Base, utcnow

#: Escalation.status values; "resolved" closes it, so a later crisis opens a new one.
STATUSES = ("new", "acknowledged", "resolved")
OPEN_STATUSES = ("new", "acknowledged")


class Escalation(Base):
    """A conversation that staff must look at; one per triggering message."""

    __tablename__ = "escalations"
    __table_args__ = (UniqueConstraint("conversation_id", "message_id", name="uq_escalation_message"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    message_id = Column(String(255), nullable=False)
    channel = Column(String(64), nullable=False, default="unknown")
    category = Column(String(64), nullable=False)
    priority = Column(Integer, nullable=False)  # 1 = imminent risk ... 4 = asked for a person
    trigger_text = Column(Text, nullable=True)  # PHI: shown to staff, never logged
    message_time = Column(Float, nullable=True)  # the tracker event's timestamp
    status = Column(String(32), nullable=False, default="new")
    assignee = Column(String(255), nullable=True)
    recorded_by = Column(String(32), nullable=False)  # "action", "sweeper" or "prescreen"
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class EscalationEvent(Base):
    """A later crisis turn of a conversation whose escalation is still open (or held by staff): it joins
    that escalation and alerts staff again, instead of a second queue entry for the same person."""

    __tablename__ = "escalation_events"
    __table_args__ = (UniqueConstraint("conversation_id", "message_id", name="uq_escalation_event_message"),)

    id = Column(Integer, primary_key=True)
    escalation_id = Column(Integer, ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False, index=True)
    conversation_id = Column(String(255), nullable=False)
    message_id = Column(String(255), nullable=False)
    category = Column(String(64), nullable=False)
    trigger_text = Column(Text, nullable=True)  # PHI: shown to staff, never logged
    message_time = Column(Float, nullable=True)
    recorded_by = Column(String(32), nullable=False)
    realerted = Column(Integer, nullable=False, default=0)  # 1 when this event sent staff a notification
    created_at = Column(DateTime, nullable=False, default=utcnow)


class OutboxMessage(Base):
    """A staff notification waiting to be sent; drained by the worker with retries and backoff."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("escalation_id", "transport", name="uq_outbox_escalation_transport"),)

    id = Column(Integer, primary_key=True)
    escalation_id = Column(Integer, ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False)
    transport = Column(String(32), nullable=False)  # "webhook" or "email"
    payload = Column(JSON, nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False, default=utcnow, index=True)
    claimed_until = Column(DateTime, nullable=True)
    sent_at = Column(DateTime, nullable=True, index=True)
    last_error = Column(String(500), nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class Handoff(Base):
    """A period in which staff hold a conversation (the bot's `handoff_active` slot is set in Rasa)."""

    __tablename__ = "staff_handoffs"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    escalation_id = Column(Integer, ForeignKey("escalations.id", ondelete="SET NULL"), nullable=True)
    taken_by = Column(String(64), nullable=False)
    taken_at = Column(DateTime, nullable=False, default=utcnow)
    handed_back_by = Column(String(64), nullable=True)
    handed_back_at = Column(DateTime, nullable=True)
