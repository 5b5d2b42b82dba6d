"""Safety never depends on a server that may be down: the crisis reply is static, escalations are recovered."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.integration.conftest import Bot, wait_for


def test_crisis_reply_goes_out_with_the_action_server_down_and_the_escalation_is_recovered(bot: Bot) -> None:
    person = f"no-actions-{uuid.uuid4().hex[:8]}"
    bot.stack.stop("actions")
    try:
        texts = bot.texts(person, "i have a plan to kill myself")
        assert "988" in texts[0]
    finally:
        bot.stack.start("actions")
        bot.stack.wait_ready(names=("actions",))
    [escalation] = wait_for(lambda: bot.escalations(person), timeout=15)
    assert escalation.recorded_by == "sweeper" and escalation.category == "imminent"


@contextmanager
def database_unavailable(bot: Bot) -> Iterator[None]:
    """Makes our database unopenable for real: its directory is swapped for a plain file."""
    db_dir = Path(bot.config.database_url.removeprefix("sqlite:///")).parent
    moved = db_dir.with_name("db-away")
    db_dir.rename(moved)
    db_dir.write_text("not a database directory")
    try:
        yield
    finally:
        db_dir.unlink()
        moved.rename(db_dir)


def test_crisis_reply_goes_out_with_the_database_down_and_the_escalation_is_recovered(bot: Bot) -> None:
    person = f"no-db-{uuid.uuid4().hex[:8]}"
    with database_unavailable(bot):
        texts = bot.texts(person, "everyone would be better off without me")
        assert "988" in texts[0]
        assert "FDA" in bot.texts(person, "is tms fda approved")[0]
    [escalation] = wait_for(lambda: bot.escalations(person), timeout=15)
    assert escalation.recorded_by == "sweeper" and escalation.category == "passive"
