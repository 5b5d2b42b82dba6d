"""On PostgreSQL: the migrations give exactly the models' schema, and two workers never send a
notification twice (the outbox's conditional-UPDATE claim)."""
from __future__ import annotations

import dataclasses
import threading
import time
from collections import Counter
from typing import Mapping

from sqlalchemy import func, inspect, select

from bot.db import make_engine, session_scope
from bot.escalation.models import OutboxMessage
from bot.escalation.outbox import drain
from bot.escalation.record import EscalationRequest, record_escalation
from bot.migrate import current, head, schema_diff, upgrade
from bot.schema import metadata
from tests.support.production import Production


def test_upgrade_from_empty_matches_the_models_exactly(services: Production) -> None:
    url = services.create_database("migrate_check")
    assert upgrade(url) == head() and current(url) == head()
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            assert schema_diff(connection) == []
            assert set(inspect(connection).get_table_names()) == set(metadata.tables) | {"alembic_version"}
        assert upgrade(url) == head()  # again: nothing to do
    finally:
        engine.dispose()


def test_two_workers_send_each_notification_exactly_once(services: Production) -> None:
    url = services.create_database("outbox_check")
    upgrade(url)
    config = dataclasses.replace(services.config, escalation_webhook_url="http://unused.test", smtp_host="")
    setup = make_engine(url)
    with session_scope(setup) as session:
        for n in range(150):
            request = EscalationRequest(conversation_id=f"c{n}", message_id=f"m{n}", channel="rest", category="ideation",
                                        trigger_text=None, message_time=None, recorded_by="action")
            record_escalation(session, request, config)
    sent: Counter[int] = Counter()
    lock = threading.Lock()

    def sender(payload: Mapping[str, object]) -> None:
        time.sleep(0.002)  # a real send takes time: widens any window for a double send
        with lock:
            sent[int(str(payload["escalation_id"]))] += 1

    def worker() -> None:
        engine = make_engine(url)  # its own pool, as a separate process would have
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                drain(engine, {"webhook": sender}, limit=20)
                with session_scope(engine) as session:
                    if not session.execute(select(func.count()).where(OutboxMessage.sent_at.is_(None))).scalar_one():
                        return
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)
    setup.dispose()
    assert len(sent) == 150 and set(sent.values()) == {1}, Counter(sent.values())
