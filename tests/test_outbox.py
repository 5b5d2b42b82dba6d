"""The notification outbox: each notification sent once, failures retried with backoff, never dropped."""
from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator, Mapping

import pytest
from sqlalchemy import select

from bot.db import session_scope, utcnow
from bot.escalation.models import OutboxMessage
from bot.escalation.outbox import (
    BASE_BACKOFF_SECONDS,
    CLAIM_SECONDS,
    MAX_BACKOFF_SECONDS,
    _claim,
    backoff,
    drain,
    senders_for,
    webhook_sender,
)
from bot.escalation.record import EscalationRequest, record_escalation


class Boom(RuntimeError):
    pass


@pytest.fixture
def now() -> dt.datetime:
    return utcnow() + dt.timedelta(seconds=1)  # every row inserted by the test is already due


@pytest.fixture
def record(app_engine, make_settings):
    """Records an escalation (one outbox row per transport) and returns the outbox row ids."""
    counter = iter(range(1, 1000))

    def make(**transport_settings: str) -> list[int]:
        config = make_settings(**(transport_settings or {"escalation_webhook_url": "http://x"}))
        n = next(counter)
        request = EscalationRequest(
            conversation_id=f"conv-{n}", message_id=f"msg-{n}", channel="rest", category="ideation",
            trigger_text="secret text", message_time=None, recorded_by="action",
        )
        with session_scope(app_engine) as session:
            escalation = record_escalation(session, request, config).escalation
            rows = session.execute(select(OutboxMessage.id).where(OutboxMessage.escalation_id == escalation.id))
            return [row_id for (row_id,) in rows]

    return make


def _row(engine, row_id: int) -> OutboxMessage:
    with session_scope(engine) as session:
        return session.get(OutboxMessage, row_id)


def test_drain_sends_each_due_row_once(app_engine, record, now) -> None:
    ids = record() + record()
    sent: list[Mapping[str, object]] = []
    assert drain(app_engine, {"webhook": sent.append}, now=now) == 2
    assert sorted(int(str(p["escalation_id"])) for p in sent) == sorted(_row(app_engine, i).escalation_id for i in ids)
    for row_id in ids:
        row = _row(app_engine, row_id)
        assert row.sent_at is not None and row.attempts == 1 and row.last_error is None
    # a later drain has nothing left to send
    assert drain(app_engine, {"webhook": sent.append}, now=now + dt.timedelta(hours=1)) == 0
    assert len(sent) == 2


def test_rows_not_yet_due_are_left_alone(app_engine, record, now) -> None:
    (row_id,) = record()
    sent: list = []
    assert drain(app_engine, {"webhook": sent.append}, now=now - dt.timedelta(minutes=5)) == 0
    assert sent == [] and _row(app_engine, row_id).sent_at is None


def test_a_transport_without_a_sender_is_kept_for_later(app_engine, record, now) -> None:
    """E-mail rows wait (unsent, untouched) while only the webhook sender is configured."""
    (row_id,) = record(smtp_host="smtp.test", staff_alert_email="s@c.test")
    sent: list = []
    assert drain(app_engine, {"webhook": sent.append}, now=now) == 0
    row = _row(app_engine, row_id)
    assert sent == [] and row.sent_at is None and row.attempts == 0 and row.claimed_until is None


def test_a_failure_is_rescheduled_then_retried(app_engine, record, now) -> None:
    (row_id,) = record()

    def failing(payload: Mapping[str, object]) -> None:
        raise Boom("webhook down")

    assert drain(app_engine, {"webhook": failing}, now=now) == 0
    row = _row(app_engine, row_id)
    assert row.sent_at is None
    assert row.attempts == 1
    assert row.last_error == "Boom: webhook down"
    assert row.next_attempt_at == now + backoff(1) > now
    assert row.claimed_until is None  # released for the retry

    sent: list = []
    # not due yet: the backoff is respected
    assert drain(app_engine, {"webhook": sent.append}, now=now + backoff(1) - dt.timedelta(milliseconds=1)) == 0
    assert sent == []
    # due: retried and sent
    assert drain(app_engine, {"webhook": sent.append}, now=now + backoff(1)) == 1
    row = _row(app_engine, row_id)
    assert len(sent) == 1 and row.sent_at is not None and row.attempts == 2


def test_repeated_failures_back_off_further(app_engine, record, now) -> None:
    (row_id,) = record()

    def failing(payload: Mapping[str, object]) -> None:
        raise Boom("still down")

    at = now
    for attempt in range(1, 5):
        drain(app_engine, {"webhook": failing}, now=at)
        row = _row(app_engine, row_id)
        assert row.attempts == attempt
        assert row.next_attempt_at == at + backoff(attempt)
        at = row.next_attempt_at
    assert (row.next_attempt_at - now).total_seconds() == 2 + 4 + 8 + 16


def test_one_failing_row_does_not_block_the_others(app_engine, record, now) -> None:
    bad, good = record()[0], record()[0]
    bad_escalation = _row(app_engine, bad).escalation_id
    sent: list = []

    def sender(payload: Mapping[str, object]) -> None:
        if payload["escalation_id"] == bad_escalation:
            raise Boom("bad row")
        sent.append(payload)

    assert drain(app_engine, {"webhook": sender}, now=now) == 1
    assert _row(app_engine, good).sent_at is not None and _row(app_engine, bad).sent_at is None


def test_only_one_of_two_racing_claims_succeeds(app_engine, record, now) -> None:
    (row_id,) = record()
    assert _claim(app_engine, row_id, now) is not None
    assert _claim(app_engine, row_id, now) is None
    # a claim from a worker that died expires
    assert _claim(app_engine, row_id, now + dt.timedelta(seconds=CLAIM_SECONDS + 1)) is not None


def test_drain_skips_a_row_another_worker_claimed(app_engine, record, now) -> None:
    (row_id,) = record()
    assert _claim(app_engine, row_id, now)
    sent: list = []
    assert drain(app_engine, {"webhook": sent.append}, now=now) == 0
    assert sent == []


def test_a_sent_row_cannot_be_claimed(app_engine, record, now) -> None:
    (row_id,) = record()
    drain(app_engine, {"webhook": lambda payload: None}, now=now)
    assert _claim(app_engine, row_id, now + dt.timedelta(days=1)) is None


def test_backoff_doubles_and_caps() -> None:
    assert backoff(0) == backoff(1) == dt.timedelta(seconds=BASE_BACKOFF_SECONDS)
    assert [backoff(n).total_seconds() for n in range(1, 6)] == [2, 4, 8, 16, 32]
    for n in range(1, 12):
        assert backoff(n + 1) == min(2 * backoff(n), dt.timedelta(seconds=MAX_BACKOFF_SECONDS))
    assert backoff(50) == backoff(10_000) == dt.timedelta(seconds=MAX_BACKOFF_SECONDS)


def test_senders_follow_settings(make_settings) -> None:
    assert senders_for(make_settings()) == {}
    assert set(senders_for(make_settings(escalation_webhook_url="http://x"))) == {"webhook"}
    assert set(senders_for(make_settings(smtp_host="smtp.test", staff_alert_email="s@c.test"))) == {"email"}


# --------------------------------------------------------------------------- a real HTTP webhook


class _Hook:
    def __init__(self, status: int) -> None:
        self.status = status
        self.received: list[dict[str, Any]] = []
        self.content_types: list[str] = []


@pytest.fixture
def webhook(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[_Hook, str]]:
    """A local HTTP server standing in for the clinic's webhook; set `.status` to choose its answer."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    hook = _Hook(200)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            hook.received.append(json.loads(body))
            hook.content_types.append(self.headers.get("Content-Type", ""))
            self.send_response(hook.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield hook, f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_webhook_sender_posts_json(webhook) -> None:
    hook, url = webhook
    webhook_sender(url, timeout=5)({"escalation_id": 7, "priority": 1})
    assert hook.received == [{"escalation_id": 7, "priority": 1}]
    assert hook.content_types == ["application/json"]


def test_drain_delivers_to_a_real_webhook(app_engine, record, now, webhook) -> None:
    hook, url = webhook
    (row_id,) = record()
    assert drain(app_engine, {"webhook": webhook_sender(url, timeout=5)}, now=now) == 1
    (payload,) = hook.received
    assert payload["escalation_id"] == _row(app_engine, row_id).escalation_id
    assert "secret text" not in json.dumps(payload)


def test_a_webhook_error_reschedules(app_engine, record, now, webhook) -> None:
    hook, url = webhook
    hook.status = 500
    (row_id,) = record()
    send = webhook_sender(url, timeout=5)
    assert drain(app_engine, {"webhook": send}, now=now) == 0
    row = _row(app_engine, row_id)
    assert len(hook.received) == 1
    assert row.sent_at is None and row.attempts == 1
    assert "HTTPError" in row.last_error and "500" in row.last_error
    assert row.next_attempt_at == now + backoff(1)
    hook.status = 200
    assert drain(app_engine, {"webhook": send}, now=row.next_attempt_at) == 1
    assert len(hook.received) == 2 and _row(app_engine, row_id).sent_at is not None


def test_an_unreachable_webhook_reschedules(app_engine, record, now, webhook) -> None:
    hook, url = webhook
    (row_id,) = record()
    dead = url.replace("/hook", "").rsplit(":", 1)[0] + ":1/hook"  # nothing listens on port 1
    assert drain(app_engine, {"webhook": webhook_sender(dead, timeout=2)}, now=now) == 0
    row = _row(app_engine, row_id)
    assert row.sent_at is None and row.attempts == 1 and "ConnectionError" in row.last_error
