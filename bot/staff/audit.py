"""The audit log: every PHI view, change, message, reveal, sign-in and account action.

Append-only and hash-chained: each entry stores the previous entry's hash and its own, SHA-256 over a
canonical JSON of its fields and that previous hash (bot.staff.models chains every new entry when it is
flushed, after locking the one-row chain head, so several processes writing at once queue up rather
than fork the chain). `verify` (`python -m bot audit verify`) finds the first entry that was edited,
removed or slipped in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import (
    AUDIT_GENESIS,
    AuditEntry,
    AuditHead,
    audit_hash,
    chained_fields,
)

HEAD_ID = 1


def record(
    session: Session,
    actor: str,
    action: str,
    target_type: str | None = None,
    target_id: object = None,
    ip: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """`detail` is for codes and counts only (a status, a length, reveal=True), never PHI.
    The flush chains the entry (bot.staff.models: locks the head, sets prev_hash and hash)."""
    entry = AuditEntry(
        actor=actor[:80], action=action, target_type=target_type,
        target_id=None if target_id is None else str(target_id), detail=detail, ip=(ip or None) and ip[:64],
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class Verdict:
    ok: bool
    entries: int
    broken_id: int | None = None  # the first entry that does not fit the chain
    reason: str = ""


def verify(session: Session) -> Verdict:
    """Walks the log in id order, recomputing every hash and link, then checks the head against the end."""
    expected_prev, count, last_id = AUDIT_GENESIS, 0, None
    for entry in session.execute(select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=1000)).scalars():
        if entry.prev_hash != expected_prev:
            return Verdict(False, count, entry.id, "its previous-hash link does not match the entry before it "
                                                   "(an entry was removed or inserted)")
        if entry.hash != audit_hash(chained_fields(entry), entry.prev_hash):
            return Verdict(False, count, entry.id, "its content does not match its hash (the entry was edited)")
        expected_prev, count, last_id = entry.hash, count + 1, entry.id
    head = session.get(AuditHead, HEAD_ID)
    if head is not None and (head.last_hash != expected_prev or head.last_id != last_id):
        return Verdict(False, count, head.last_id, "the chain head names a newer entry that is gone "
                                                   "(the newest entries were removed)")
    return Verdict(True, count)


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
