"""Tables of the staff console, on `bot.db.Base` so `bot.db.engine_for` creates them with the others."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Text

from bot.db import Base, utcnow


class StaffUser(Base):
    """A console account; `role` is "staff" or "admin". Disabled accounts keep their audit trail."""

    __tablename__ = "staff_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False, default="staff")
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
    """One failed sign-in; counted per username and IP to rate-limit guessing across restarts."""

    __tablename__ = "staff_login_failures"
    __table_args__ = (Index("ix_staff_login_failures_key", "username", "ip", "at"),)

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
    """Who did what to which record, and when. `detail` never holds PHI (no text, names, numbers)."""

    __tablename__ = "staff_audit_log"
    __table_args__ = (Index("ix_staff_audit_target", "target_type", "target_id"),)

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    actor = Column(String(80), nullable=False)  # username, "token:<name>", "cli" or the name tried at login
    action = Column(String(64), nullable=False)
    target_type = Column(String(32), nullable=True)  # "escalation", "prescreen", "user", "token"
    target_id = Column(String(64), nullable=True)
    detail = Column(JSON, nullable=False, default=dict)
    ip = Column(String(64), nullable=True)


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
