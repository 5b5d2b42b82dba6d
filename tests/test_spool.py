"""The escalation spool: held while the database is down, recorded once when it is back."""
from __future__ import annotations

from sqlalchemy import select

from bot.db import session_scope
from bot.escalation import spool
from bot.escalation.models import Escalation
from bot.escalation.record import EscalationRequest


def request(n: int = 1) -> EscalationRequest:
    return EscalationRequest(conversation_id=f"c{n}", message_id=f"m{n}", channel="rest", category="imminent",
                             trigger_text="secret", message_time=1.0, recorded_by="action")


def test_spooled_requests_are_recorded_once(app_engine, env_settings, tmp_path) -> None:
    directory = tmp_path / "spool"
    path = spool.put(request(1), directory)
    assert spool.put(request(1), directory) == path  # the same message: one file
    spool.put(request(2), directory)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert spool.replay(app_engine, directory) == 2 and spool.pending(directory) == []
    spool.put(request(1), directory)  # replayed again (e.g. by a second replayer): still one escalation
    spool.replay(app_engine, directory)
    with session_scope(app_engine) as session:
        rows = session.execute(select(Escalation.conversation_id, Escalation.recorded_by)).all()
    assert sorted(rows) == [("c1", "action"), ("c2", "action")]


def test_an_unreadable_file_is_set_aside(app_engine, env_settings, tmp_path) -> None:
    directory = tmp_path / "spool"
    directory.mkdir()
    (directory / "broken.json").write_text("{not json")
    assert spool.replay(app_engine, directory) == 0
    assert (directory / "broken.bad").exists() and spool.pending(directory) == []


def test_the_database_down_keeps_the_file(env_settings, tmp_path) -> None:
    from sqlalchemy import create_engine

    directory = tmp_path / "spool"
    spool.put(request(3), directory)
    (tmp_path / "blocked").write_text("a file where the database's directory should be")
    down = create_engine(f"sqlite:///{tmp_path}/blocked/db.sqlite", future=True)
    assert spool.replay(down, directory) == 0 and len(spool.pending(directory)) == 1
