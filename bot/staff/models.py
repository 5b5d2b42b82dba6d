"""Tables of the staff console, on `bot.db.Base` so `bot.db.engine_for` creates them with the others."""
from __future__ import annotations

import hashlib
import json
from typing import Any, Mapping

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session

from bot.db import Base, utcnow


class StaffUser(Base):
    """A console account; `role` is "staff", "admin" or "clinical_reviewer". Disabled accounts keep their audit trail."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(32), nullable=False, default="staff")
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    password_changed_at = Column(DateTime, nullable=False, default=utcnow)
    last_login_at = Column(DateTime, nullable=True)


class StaffSession(Base):
    """Server-side login session; only the SHA-256 of the cookie's token is stored."""

    __tablename__ = "staff_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    user_id = Column(Integer, ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_seen_at = Column(DateTime, nullable=False, default=utcnow)


class LoginFailure(Base):
    """One failed sign-in; counted per account+address, per address, per account and overall (bot.staff.accounts)."""

    __tablename__ = "staff_login_failures"
    __table_args__ = (
        Index("ix_staff_login_failures_key", "username", "ip", "at"),
        Index("ix_staff_login_failures_ip", "ip", "at"),
        Index("ix_staff_login_failures_at", "at"),
    )

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False)
    ip = Column(String(64), nullable=False)
    at = Column(DateTime, nullable=False, default=utcnow)


class ApiToken(Base):
    """Bearer token for another clinic system; only its SHA-256 is stored (shown once at creation)."""

    __tablename__ = "staff_api_tokens"

    id = Column(Integer, primary_key=True)
    name = Column(String(64), nullable=False, unique=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_used_at = Column(DateTime, nullable=True)
    revoked_at = Column(DateTime, nullable=True)


class AuditEntry(Base):
    """Who did what to which record, and when. `detail` never holds PHI (no text, names, numbers).

    Append-only and hash-chained (bot.staff.audit): `hash` covers the fields and `prev_hash`, the previous
    entry's hash, so an edited, removed or inserted entry breaks the chain; a prev_hash is used once only.
    """

    __tablename__ = "staff_audit_log"
    __table_args__ = (
        Index("ix_staff_audit_target", "target_type", "target_id"),
        UniqueConstraint("prev_hash", name="uq_staff_audit_prev_hash"),  # two entries after one: a fork
    )

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    actor = Column(String(80), nullable=False)  # username, "token:<name>", "cli" or the name tried at login
    action = Column(String(64), nullable=False)
    target_type = Column(String(32), nullable=True)  # "escalation", "prescreen", "user", "token"
    target_id = Column(String(64), nullable=True)
    detail = Column(JSON, nullable=False, default=dict)
    ip = Column(String(64), nullable=True)
    prev_hash = Column(String(64), nullable=False)
    hash = Column(String(64), nullable=False)


class AuditHead(Base):
    """The chain's newest entry, one row (id 1): appends lock it, so concurrent writers queue instead of
    forking the chain, and removing the newest entries leaves the head pointing past the log's end."""

    __tablename__ = "staff_audit_head"

    id = Column(Integer, primary_key=True)
    last_id = Column(Integer, nullable=True)
    last_hash = Column(String(64), nullable=False)


AUDIT_GENESIS = "0" * 64  # prev_hash of the first entry
event.listen(AuditHead.__table__, "after_create",
             DDL(f"INSERT INTO staff_audit_head (id, last_id, last_hash) VALUES (1, NULL, '{AUDIT_GENESIS}')"))


def audit_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, ASCII) of an entry's fields plus prev_hash."""
    canonical = json.dumps({**fields, "prev_hash": prev_hash}, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def chained_fields(entry: Any) -> dict[str, Any]:
    """What the hash covers: everything but the row id and the hashes themselves."""
    return {
        "at": entry.at.isoformat(), "actor": entry.actor, "action": entry.action, "target_type": entry.target_type,
        "target_id": entry.target_id, "detail": entry.detail, "ip": entry.ip,
    }


def _locked_chain_tip(session: Session) -> str:
    """The newest entry's hash, with the head row locked until the transaction ends: on PostgreSQL a row
    lock, on SQLite the update takes the database's single write lock. Concurrent writers queue here."""
    head = AuditHead.__table__
    if session.execute(update(head).where(head.c.id == 1).values(last_hash=head.c.last_hash)).rowcount == 1:
        return str(session.execute(select(head.c.last_hash).where(head.c.id == 1).with_for_update()).scalar_one())
    log = AuditEntry.__table__
    tip = session.execute(select(log.c.hash).order_by(log.c.id.desc()).limit(1)).scalar() or AUDIT_GENESIS
    session.execute(insert(head).values(id=1, last_id=None, last_hash=tip))  # a database made by hand
    return str(tip)


@event.listens_for(Session, "before_flush")
def _chain_new_audit_entries(session: Session, _context: Any, _instances: Any) -> None:
    """Every new audit entry, however it was added, joins the chain in insertion order."""
    new = sorted((o for o in session.new if isinstance(o, AuditEntry)), key=lambda o: inspect(o).insert_order)
    if not new:
        return
    tip = _locked_chain_tip(session)
    for entry in new:
        entry.at = entry.at or utcnow()
        entry.detail = json.loads(json.dumps(entry.detail or {}))  # as it reads back (tuples become lists)
        entry.prev_hash, entry.hash = tip, audit_hash(chained_fields(entry), tip)
        tip = entry.hash


@event.listens_for(AuditEntry, "after_insert")
def _advance_head(_mapper: Any, connection: Any, entry: AuditEntry) -> None:
    head = AuditHead.__table__
    connection.execute(update(head).where(head.c.id == 1).values(last_id=entry.id, last_hash=entry.hash))


class Note(Base):
    """A staff note on an escalation or a pre-screen (PHI: shown to staff, never logged)."""

    __tablename__ = "staff_notes"
    __table_args__ = (Index("ix_staff_notes_target", "target_type", "target_id"),)

    id = Column(Integer, primary_key=True)
    target_type = Column(String(32), nullable=False)
    target_id = Column(Integer, nullable=False)
    author = Column(String(64), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
