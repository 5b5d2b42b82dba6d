"""Retention: rows older than RETENTION_DAYS go (tracker events, escalations, pre-screens, notes), recent
rows and the audit log stay, and a dry run deletes nothing."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys

from sqlalchemy import create_engine, func, select, text

from bot.config import ROOT
from bot.db import session_scope
from bot.escalation.models import Escalation, OutboxMessage
from bot.retention import purge
from bot.screening.records import Prescreen
from bot.staff.models import AuditEntry, Note

NOW = dt.datetime(2026, 6, 1, 12, 0, 0)
OLD = NOW - dt.timedelta(days=400)
RECENT = NOW - dt.timedelta(days=10)


def _tracker(path) -> str:
    url = f"sqlite:///{path}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255), "
            "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
        )
        for sender, when in (("old", OLD), ("old", OLD), ("recent", RECENT), ("recent", NOW)):
            ts = when.replace(tzinfo=dt.timezone.utc).timestamp()
            connection.execute(text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, 'user', :t, '{}')"),
                               {"s": sender, "t": ts})
    engine.dispose()
    return str(path)


def _seed(engine) -> None:
    with session_scope(engine) as session:
        for name, when in (("old", OLD), ("recent", RECENT)):
            escalation = Escalation(conversation_id=name, message_id=f"m-{name}", channel="rest", category="ideation",
                                    priority=2, trigger_text="secret", recorded_by="action", created_at=when)
            session.add(escalation)
            session.flush()
            session.add(OutboxMessage(escalation_id=escalation.id, transport="webhook", payload={}, created_at=when))
            session.add(Prescreen(conversation_id=name, channel="rest", answers={"age": 40}, started_at=when))
            session.add(Note(target_type="escalation", target_id=escalation.id, author="nurse", text="called back",
                             created_at=RECENT))
            session.add(AuditEntry(at=when, actor="nurse", action="escalation.view", target_type="escalation",
                                   target_id=str(escalation.id), detail={}))


def _counts(engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (Escalation, OutboxMessage, Prescreen, Note, AuditEntry)}


def test_old_rows_go_recent_rows_and_the_audit_log_stay(app_engine, make_settings, tmp_path) -> None:
    config = dataclasses.replace(make_settings(), database_url=str(app_engine.url), tracker_db=_tracker(tmp_path / "tracker.db"),
                                 retention_days=365)
    _seed(app_engine)

    dry = purge(config, now=NOW, dry_run=True)
    assert dry.deleted["escalations"] == 1 and dry.deleted["prescreens"] == 1 and dry.deleted["tracker_events"] == 2
    assert _counts(app_engine) == {"escalations": 2, "outbox": 2, "prescreens": 2, "staff_notes": 2, "staff_audit_log": 2}

    report = purge(config, now=NOW)
    assert report.deleted["escalations"] == 1 and report.deleted["outbox"] == 1 and report.deleted["tracker_events"] == 2
    assert report.deleted["staff_notes"] == 1  # the note on the purged escalation, although the note is recent
    assert _counts(app_engine) == {"escalations": 1, "outbox": 1, "prescreens": 1, "staff_notes": 1, "staff_audit_log": 2}
    with session_scope(app_engine) as session:
        assert session.execute(select(Escalation.conversation_id)).scalars().all() == ["recent"]
        assert session.execute(select(Prescreen.conversation_id)).scalars().all() == ["recent"]
    tracker = create_engine(config.tracker_store_url)
    with tracker.connect() as connection:
        assert [r[0] for r in connection.execute(text("SELECT sender_id FROM events"))] == ["recent", "recent"]
    tracker.dispose()
    assert purge(config, now=NOW).deleted["escalations"] == 0  # nothing left to do


def test_purge_without_a_tracker_store_yet(app_engine, make_settings, tmp_path) -> None:
    config = dataclasses.replace(make_settings(), database_url=str(app_engine.url), tracker_db=str(tmp_path / "none.db"))
    assert purge(config, now=NOW).deleted["tracker_events"] == 0


def test_cli_purge_dry_run_prints_counts_only(tmp_path) -> None:
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
           "TRACKER_DB": str(tmp_path / "tracker.db"), "RETENTION_DAYS": "30"}
    result = subprocess.run([sys.executable, "-m", "bot", "purge", "--dry-run"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["dry_run"] is True and set(report["deleted"]) >= {"escalations", "prescreens", "tracker_events"}


def test_staff_replies_and_unanswered_questions_age_out(app_engine, make_settings, tmp_path) -> None:
    """Both hold a person's words (a staff reply's text, a question with masked contacts): they go like the rest."""
    from bot.answers.log import UnansweredQuestion
    from bot.staff.replies import StaffReply

    config = dataclasses.replace(make_settings(), database_url=str(app_engine.url), tracker_db=_tracker(tmp_path / "t.db"),
                                 retention_days=365)
    with session_scope(app_engine) as session:
        for name, when in (("old", OLD), ("recent", RECENT)):
            session.add(StaffReply(conversation_id=name, staff="nurse", text="we will call you", channel="socketio",
                                   created_at=when))
            session.add(UnansweredQuestion(conversation_id=name, kind="no_content", text="is there parking",
                                           created_at=when))
    report = purge(config, now=NOW)
    assert report.deleted["staff_replies"] == 1 and report.deleted["unanswered_questions"] == 1
    with session_scope(app_engine) as session:
        assert session.execute(select(StaffReply.conversation_id)).scalars().all() == ["recent"]
        assert session.execute(select(UnansweredQuestion.conversation_id)).scalars().all() == ["recent"]
