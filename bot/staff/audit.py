"""The audit log: every PHI view, change, message, reveal, sign-in and account action."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import AuditEntry


def record(
    session: Session,
    actor: str,
    action: str,
    target_type: str | None = None,
    target_id: object = None,
    ip: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """`detail` is for codes and counts only (a status, a length, reveal=True), never PHI."""
    entry = AuditEntry(
        actor=actor[:80], action=action, target_type=target_type,
        target_id=None if target_id is None else str(target_id), detail=detail, ip=(ip or None) and ip[:64],
    )
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: Session,
    limit: int = 100,
    before_id: int | None = None,
    target: tuple[str, object] | None = None,
    actions: tuple[str, ...] | None = None,
) -> list[AuditEntry]:
    """Newest first; `before_id` pages back through older entries."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if target is not None:
        query = query.where(AuditEntry.target_type == target[0], AuditEntry.target_id == str(target[1]))
    if actions:
        query = query.where(AuditEntry.action.in_(actions))
    return list(session.execute(query).scalars())
