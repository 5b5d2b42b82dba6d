"""The audit log: every PHI view, change, message, reveal, sign-in and account action.

Append-only and hash-chained: each entry stores the previous entry's hash and its own, SHA-256 over a
canonical JSON of its fields and that previous hash (bot.staff.models chains every new entry when it is
flushed, after locking the one-row chain head, so several processes writing at once queue up rather
than fork the chain). `verify` (`python -m bot audit verify`) finds the first entry that was edited,
removed or slipped in.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.staff.models import (
    AUDIT_GENESIS,
    AuditEntry,
    AuditHead,
    StaffUser,
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
    limit: int | None = 100,
    before_id: int | None = None,
    target: tuple[str, object] | None = None,
    actions: tuple[str, ...] | None = None,
    actor: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[AuditEntry]:
    """Newest first; `before_id` pages back through older entries; `since`/`until` are naive UTC (until excluded)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    if target is not None:
        query = query.where(AuditEntry.target_type == target[0], AuditEntry.target_id == str(target[1]))
    if actions:
        query = query.where(AuditEntry.action.in_(actions))
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    return list(session.execute(query).scalars())


def actions(session: Session) -> list[str]:
    """Every action the log holds (the audit page's action filter)."""
    return sorted(session.execute(select(AuditEntry.action).distinct()).scalars())


def user_names(session: Session, rows: list[AuditEntry]) -> dict[str, str]:
    """Account ids the entries name as targets, to usernames ("password reset for sam", not "user 7")."""
    ids = {int(r.target_id) for r in rows if r.target_type == "user" and (r.target_id or "").isdigit()}
    if not ids:
        return {}
    found = session.execute(select(StaffUser.id, StaffUser.username).where(StaffUser.id.in_(ids)))
    return {str(user_id): username for user_id, username in found}


CSV_COLUMNS = ("id", "at_utc", "actor", "action", "target_type", "target_id", "target_name", "detail", "ip")


def _cell(value: object) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula (a name tried at sign-in is anyone's
    text): such a cell gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(rows: list[AuditEntry], names: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        detail = json.dumps(r.detail or {}, sort_keys=True, separators=(",", ":"))
        name = names.get(r.target_id or "", "") if r.target_type == "user" else ""
        writer.writerow([r.id, r.at.strftime("%Y-%m-%d %H:%M:%S"), _cell(r.actor), _cell(r.action), _cell(r.target_type),
                         _cell(r.target_id), _cell(name), _cell(detail), _cell(r.ip)])
    return out.getvalue()
