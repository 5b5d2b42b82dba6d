"""Stored pre-screens (the `prescreens` table): saved after every answer (so staff see partial ones) and scored at the end."""
from __future__ import annotations

import datetime as dt
from typing import Mapping

from sqlalchemy import JSON, Column, DateTime, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Session

from bot.db import Base, utcnow

from .answers import normalize
from .medicines import seizure_threshold_flags
from .outcome import Outcome

CONTACT_SLOTS = {"contact_name": "contact_name", "contact_phone": "contact_phone", "contact_email": "contact_email"}
#: Where staff are with following a pre-screen up (Prescreen.status).
FOLLOW_UP_STATUSES = ("to_call", "contacted", "booked", "closed")
#: Stored answers keep the person's own words under "<slot> (their words)" beside the parsed value.
THEIR_WORDS = " (their words)"


class Prescreen(Base):
    """A completed or partial pre-screen for staff review (never a diagnosis)."""

    __tablename__ = "prescreens"
    __table_args__ = (UniqueConstraint("conversation_id", "started_at", name="uq_prescreen_start"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    channel = Column(String(64), nullable=False, default="unknown")
    answers = Column(JSON, nullable=False, default=dict)
    phq9_total = Column(Integer, nullable=True)
    phq9_band = Column(String(32), nullable=True)
    outcome = Column(String(64), nullable=True)
    reasons = Column(JSON, nullable=False, default=list)
    urgent = Column(Integer, nullable=False, default=0)
    contact_name = Column(String(255), nullable=True)  # PHI
    contact_phone = Column(String(64), nullable=True)  # PHI
    contact_email = Column(String(255), nullable=True)  # PHI
    contact_method = Column(String(32), nullable=True)
    consent_at = Column(DateTime, nullable=True)
    started_at = Column(DateTime, nullable=False, default=utcnow)
    completed_at = Column(DateTime, nullable=True)
    status = Column(String(32), nullable=False, default="to_call")


def _row(session: Session, conversation_id: str, started_at: dt.datetime) -> Prescreen | None:
    return session.execute(
        select(Prescreen).where(Prescreen.conversation_id == conversation_id, Prescreen.started_at == started_at)
    ).scalar_one_or_none()


def save_progress(
    session: Session,
    conversation_id: str,
    started_at: dt.datetime,
    channel: str,
    answers: Mapping[str, object],
    consent_at: dt.datetime | None = None,
) -> Prescreen:
    """Creates or updates the pre-screen row; contact details go to their own (PHI) columns."""
    row = _row(session, conversation_id, started_at)
    if row is None:
        row = Prescreen(conversation_id=conversation_id, started_at=started_at, channel=channel or "unknown")
        session.add(row)
    if consent_at is not None:
        row.consent_at = consent_at
    row.answers = {k: v for k, v in answers.items() if k not in CONTACT_SLOTS and k != "contact_method"}
    for slot, column in CONTACT_SLOTS.items():
        setattr(row, column, answers.get(slot) if answers.get(slot) not in (None, "skipped") else None)
    row.contact_method = answers.get("contact_method") if isinstance(answers.get("contact_method"), str) else None
    session.flush()
    return row


def complete(session: Session, row: Prescreen, outcome: Outcome) -> Prescreen:
    row.outcome = outcome.status
    row.reasons = list(outcome.reasons)
    row.urgent = int(outcome.urgent)
    row.phq9_total = outcome.phq9.total if outcome.phq9 else None
    row.phq9_band = outcome.phq9.band if outcome.phq9 else None
    row.completed_at = utcnow()
    session.flush()
    return row


def delete_for(session: Session, conversation_id: str) -> int:
    """Removes every stored pre-screen of a conversation (the person asked); returns how many."""
    rows = list(session.execute(select(Prescreen).where(Prescreen.conversation_id == conversation_id)).scalars())
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def list_prescreens(session: Session, outcome: str | None = None, limit: int = 100) -> list[Prescreen]:
    query = select(Prescreen).order_by(Prescreen.started_at.desc()).limit(limit)
    if outcome:
        query = query.where(Prescreen.outcome == outcome)
    return list(session.execute(query).scalars())


def their_words(answers: Mapping[str, object]) -> dict[str, str]:
    """Per answered slot, what the person actually wrote ("sertraline and then wellbutrin" behind a "2")."""
    return {key.removesuffix(THEIR_WORDS): str(value) for key, value in answers.items()
            if key.endswith(THEIR_WORDS) and value not in (None, "")}


def seizure_threshold_named(answers: Mapping[str, object]) -> tuple[str, ...]:
    """Seizure-threshold medicines named anywhere in a stored pre-screen, not only in the medicine list: a
    person may name bupropion when asked how many antidepressants they tried. Generic names, once each."""
    found: list[str] = []
    for value in answers.values():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                found += seizure_threshold_flags(normalize(text))
    return tuple(dict.fromkeys(found))
