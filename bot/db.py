"""Our own tables (escalations, notifications outbox, pre-screens) through SQLAlchemy.

SQLite under var/ by default; any SQLAlchemy URL (PostgreSQL in production) through DATABASE_URL.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot.config import settings

Base = declarative_base()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


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


class OutboxMessage(Base):
    """A staff notification waiting to be sent; drained by bot.worker with retries and backoff."""

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


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (console) never block the bot's writes
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    # hide_parameters: a failed statement's error text never carries message text or contact details (PHI).
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"timeout": 5}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)


@lru_cache(maxsize=None)
def engine_for(url: str) -> Engine:
    """A cached engine. SQLite (embedded profile, tests) creates missing tables itself; any other
    database gets its schema from the Alembic migrations (`python -m bot migrate`, which the
    supervisor `bot.run` runs before it starts anything)."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        Base.metadata.create_all(engine)
    return engine


def default_engine() -> Engine:
    return engine_for(settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    session = sessionmaker(bind=engine or default_engine(), future=True, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


import bot.staff.models  # noqa: E402,F401  (tables of the staff console)
import bot.sms  # noqa: E402,F401  (SMS opt-outs, webhook de-duplication, offered choices)
