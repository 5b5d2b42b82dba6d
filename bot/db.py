"""The database platform: the declarative base our tables register on, engines, units of work, the clock.

Each capability declares its own tables on `Base` (bot/escalation/models.py, bot/screening/records.py,
bot/staff/models.py, bot/sms/); bot/schema.py gathers them for migrations. SQLite under var/ by default;
any SQLAlchemy URL (PostgreSQL in production) through DATABASE_URL.
"""
from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot.config import settings

Base = declarative_base()


def utcnow() -> dt.datetime:
    """Now in UTC, read from a timezone-aware clock; naive like every DateTime column we store."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


#: Rasa's tracker-store table, read (transcripts, the sweeper) and purged (retention), never written.
#: On its own MetaData: it is Rasa's, so neither our migrations nor `create_all` ever touch it.
RASA_EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


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
def _cached_engine(url: str) -> Engine:
    return make_engine(url)


_tables_created: dict[str, int] = {}
_create_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    """A cached engine. SQLite (embedded profile, tests) creates the tables registered so far itself, and
    again when a capability imported later registers more; any other database gets its schema from the
    Alembic migrations (`python -m bot migrate`, which the supervisor `bot.run` runs before anything)."""
    engine = _cached_engine(url)
    if engine.dialect.name == "sqlite" and _tables_created.get(url) != len(Base.metadata.tables):
        with _create_lock:
            Base.metadata.create_all(engine)
            _tables_created[url] = len(Base.metadata.tables)
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
