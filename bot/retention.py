"""Data retention: deletes conversation data older than RETENTION_DAYS (default 365).

`python -m bot purge [--dry-run]`, and once a day from the worker. What goes, once older than the cut-off:

* Rasa's tracker-store events (the transcripts), by event timestamp;
* escalations (with their trigger text) by creation time, with their later events, their notification
  outbox rows, and the staff notes and hand-offs on them;
* pre-screens (answers and contact details) by start time;
* staff notes and hand-offs themselves, staff replies (their text), logged unanswered questions, SMS
  offered-choice and webhook de-duplication rows.

What stays: the staff console's audit log (any table named audit*), staff accounts and API tokens,
and SMS opt-outs (a STOP must be honoured for as long as the number may be texted). Counts only are
reported and logged: no identifiers, no text.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import MetaData, Table, and_, delete, func, inspect, select
from sqlalchemy.engine import Connection, Engine

from bot.config import Settings
from bot.db import RASA_EVENTS, engine_for, make_engine, utcnow

logger = logging.getLogger(__name__)
# (table, timestamp column) of our tables whose rows go once older than the retention.
AGED_TABLES = [
    ("staff_notes", "created_at"),
    ("staff_handoffs", "taken_at"),
    ("prescreens", "started_at"),
    ("sms_choices", "offered_at"),
    ("sms_inbound", "received_at"),
    ("staff_replies", "created_at"),
    ("unanswered_questions", "created_at"),
]
PURGED_TABLES = {"escalations", "outbox", "escalation_events", *(name for name, _ in AGED_TABLES)}


@dataclass
class PurgeReport:
    cutoff: dt.datetime
    dry_run: bool
    deleted: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"cutoff": self.cutoff.isoformat() + "Z", "dry_run": self.dry_run, "deleted": self.deleted}


def _count_or_delete(connection: Connection, table: Table, condition, dry_run: bool) -> int:  # noqa: ANN001
    if dry_run:
        return int(connection.execute(select(func.count()).select_from(table).where(condition)).scalar_one())
    return int(connection.execute(delete(table).where(condition)).rowcount or 0)


def purge_app_tables(engine: Engine, cutoff: dt.datetime, dry_run: bool = False) -> dict[str, int]:
    present = set(inspect(engine).get_table_names())
    # Read from the database itself, so the purge needs no capability's models (and misses none).
    metadata = MetaData()
    metadata.reflect(engine, only=sorted(present & PURGED_TABLES))
    tables = metadata.tables
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        if "escalations" in present:
            escalations, outbox = tables["escalations"], tables["outbox"]
            old = select(escalations.c.id).where(escalations.c.created_at < cutoff)
            if "staff_notes" in present:
                notes = tables["staff_notes"]
                counts["staff_notes"] = _count_or_delete(
                    connection, notes, and_(notes.c.target_type == "escalation", notes.c.target_id.in_(old)), dry_run)
            if "staff_handoffs" in present:
                handoffs = tables["staff_handoffs"]
                counts["staff_handoffs"] = _count_or_delete(connection, handoffs, handoffs.c.escalation_id.in_(old), dry_run)
            counts["outbox"] = _count_or_delete(connection, outbox, outbox.c.escalation_id.in_(old), dry_run)
            if "escalation_events" in present:
                events = tables["escalation_events"]
                counts["escalation_events"] = _count_or_delete(connection, events, events.c.escalation_id.in_(old), dry_run)
            counts["escalations"] = _count_or_delete(connection, escalations, escalations.c.created_at < cutoff, dry_run)
        if "prescreens" in present and "staff_notes" in present:
            prescreens, notes = tables["prescreens"], tables["staff_notes"]
            old = select(prescreens.c.id).where(prescreens.c.started_at < cutoff)
            counts["staff_notes"] = counts.get("staff_notes", 0) + _count_or_delete(
                connection, notes, and_(notes.c.target_type == "prescreen", notes.c.target_id.in_(old)), dry_run)
        for name, column in AGED_TABLES:
            if name in present and name in tables and "audit" not in name:  # audit logs are kept, always
                table = tables[name]
                counts[name] = counts.get(name, 0) + _count_or_delete(connection, table, table.c[column] < cutoff, dry_run)
    return counts


def purge_tracker_events(engine: Engine, cutoff: dt.datetime, dry_run: bool = False) -> int:
    if "events" not in inspect(engine).get_table_names():
        return 0
    epoch = cutoff.replace(tzinfo=dt.timezone.utc).timestamp()
    with engine.begin() as connection:
        return _count_or_delete(connection, RASA_EVENTS, RASA_EVENTS.c.timestamp < epoch, dry_run)


def purge(config: Settings, now: dt.datetime | None = None, dry_run: bool = False) -> PurgeReport:
    now = now or utcnow()
    report = PurgeReport(cutoff=now - dt.timedelta(days=config.retention_days), dry_run=dry_run)
    report.deleted = purge_app_tables(engine_for(config.database_url), report.cutoff, dry_run)
    tracker = make_engine(config.tracker_store_url)
    try:
        report.deleted["tracker_events"] = purge_tracker_events(tracker, report.cutoff, dry_run)
    finally:
        tracker.dispose()
    logger.info("retention purge%s (older than %s days): %s", " (dry run)" if dry_run else "",
                config.retention_days, report.deleted)
    return report

