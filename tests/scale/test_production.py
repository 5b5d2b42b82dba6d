"""The production profile under load and under faults: 2 Rasa replicas behind nginx on PostgreSQL + Redis.

In file order (the last one leaves a replica down): concurrent conversations stored once and in order;
the action servers stopped; PostgreSQL restarted mid-load; a Rasa replica killed mid-load.
"""
from __future__ import annotations

import functools
import os
import signal
import stat
import threading
import time
import uuid
from collections import defaultdict
from typing import Any, cast

import requests
import socketio
from requests.adapters import HTTPAdapter
from sqlalchemy import text

from bot.db import make_engine
from tests.scale.conftest import say
from tests.support.load import CRISIS_MESSAGES, run_conversations, verify
from tests.support.production import Production, wait_until


def escalations(production: Production, senders: list[str]) -> dict[str, list[str]]:
    """recorded_by of each sender's escalations."""
    engine = make_engine(production.config.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT conversation_id, recorded_by FROM escalations WHERE conversation_id = ANY(:ids)"), {"ids": senders}
            ).all()
    finally:
        engine.dispose()
    found: dict[str, list[str]] = defaultdict(list)
    for conversation_id, recorded_by in rows:
        found[conversation_id].append(recorded_by)
    return found


def _collect(heard: list[str], got: threading.Event, data: dict[str, Any]) -> None:
    """socket.io's `bot_uttered` handler: keeps the text and wakes the waiting test."""
    heard.append(data.get("text", ""))
    got.set()


def all_escalated(production: Production, senders: list[str], timeout: float = 60) -> dict[str, list[str]]:
    """Waits until every sender has an escalation; returns what was found (all or not)."""
    wait_until(lambda: set(escalations(production, senders)) == set(senders), timeout)
    return escalations(production, senders)


def test_concurrent_conversations_are_stored_once_in_order_with_one_escalation_and_notification(production: Production) -> None:
    outcome, scripts = run_conversations(production.rest_url, f"smoke-{uuid.uuid4().hex[:6]}", senders=24, max_seconds=120)
    assert outcome.errors == [] and outcome.crisis_replies_without_988 == []
    checks = verify(production, scripts)
    assert checks["problems"] == {}, checks
    # round robin: both replicas served turns (each logs the crisis category it detected, no text)
    logs = [(production.dir / "logs" / f"rasa-{i}.log").read_text(errors="replace") for i in (1, 2)]
    assert all("crisis language detected" in log for log in logs)


def test_socketio_sessions_stick_to_one_replica_through_nginx(production: Production) -> None:
    """Long-polling socket.io (several HTTP requests per session) works only if nginx keeps a session on
    one replica: the `lb` query parameter, else the client address."""
    for _ in range(4):
        replies: list[str] = []
        got = threading.Event()
        client = socketio.Client(reconnection=False)
        client.on("bot_uttered", functools.partial(_collect, replies, got))
        session_id = uuid.uuid4().hex  # widget sessions are 32 random hex digits (channels/socketio.py)
        client.connect(f"{production.rasa_url}?lb={session_id}", transports=["polling"],
                       socketio_path="socket.io", wait_timeout=20)
        try:
            client.emit("session_request", {"session_id": session_id})
            time.sleep(0.3)
            client.emit("user_uttered", {"message": "does tms hurt", "session_id": session_id})
            assert got.wait(30), "no reply over socket.io"
            assert any("TMS" in r for r in replies)
        finally:
            client.disconnect()


class FromAddress(HTTPAdapter):
    """Connects from another loopback address: the stack exempts 127.0.0.1 (its load generators) from
    the limits, so a visitor from 127.0.0.x is an ordinary member of the public to nginx and the bot."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]


def visitor(production: Production, address: str) -> requests.Session:
    """A browser that trusts the stack's self-signed certificate (made for localhost and 127.0.0.1)."""
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    session.mount("https://", FromAddress(address))
    session.verify = str(production.dir / "var" / "tls" / "self-signed.crt")
    session.trust_env = False  # a REQUESTS_CA_BUNDLE in the environment would replace `verify`
    return session


def front_door(production: Production) -> tuple[str, str]:
    """(http, https) base URLs of nginx's public side; the staff console runs behind it."""
    assert production.stack is not None
    if "web" not in production.stack.processes:
        production.stack.start("web")
        production.stack.wait_ready(names=("web",))
    return f"http://127.0.0.1:{production.env['NGINX_HTTP_PORT']}", f"https://127.0.0.1:{production.env['NGINX_HTTPS_PORT']}"


def test_the_front_door_is_https_with_only_the_public_paths(production: Production) -> None:
    """Finding 6 and the front door of issue 10: TLS (HTTP only redirects), the staff console behind it
    with Secure cookies, the widget's socket.io and the webhooks, and nothing else (Rasa's API is 404)."""
    http, https = front_door(production)
    browser = visitor(production, "127.0.0.2")
    key = production.dir / "var" / "tls" / "self-signed.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    moved = browser.get(f"{http}/staff/login", allow_redirects=False, timeout=10)
    assert moved.status_code == 308 and moved.headers["Location"] == f"{https}/staff/login"
    login = browser.get(f"{https}/staff/login", timeout=10)
    assert login.status_code == 200 and "Secure" in login.headers["Set-Cookie"] and "HttpOnly" in login.headers["Set-Cookie"]
    assert browser.get(f"{https}/", timeout=10).status_code == 200  # the demo page and its widget
    assert browser.get(f"{https}/static/widget.js", timeout=10).status_code == 200
    answer = browser.post(f"{https}/webhooks/rest/webhook", json={"sender": f"tls-{uuid.uuid4().hex[:6]}", "message": "does tms hurt"},
                          timeout=60)
    assert answer.status_code == 200 and "TMS" in answer.json()[0]["text"]
    token = {"token": production.stack.env["RASA_API_TOKEN"]}  # type: ignore[union-attr]
    for path in ("/conversations/x/tracker", "/status", "/domain", "/model", "/version", "/webhooks/../status"):
        assert browser.get(f"{https}{path}", params=token, timeout=10).status_code == 404, path
    assert browser.post(f"{https}/model/train", params=token, json={}, timeout=10).status_code == 404
    big = browser.post(f"{https}/webhooks/rest/webhook", data=b"x" * 100_000, timeout=10)
    assert big.status_code == 413  # body limits per route: a REST message is at most 64 KB here

    heard: list[str] = []
    got = threading.Event()
    client = socketio.Client(reconnection=False, http_session=visitor(production, "127.0.0.2"))
    client.on("bot_uttered", functools.partial(_collect, heard, got))
    session_id = uuid.uuid4().hex
    client.connect(f"{https}?lb={session_id}", transports=["polling"], socketio_path="socket.io", wait_timeout=20)
    try:
        client.emit("session_request", {"session_id": session_id})
        time.sleep(0.3)
        client.emit("user_uttered", {"message": "does tms hurt", "session_id": session_id})
        assert got.wait(30) and any("TMS" in h for h in heard)
    finally:
        client.disconnect()


def test_the_front_door_limits_each_address(production: Production) -> None:
    """Per-address limit_req at nginx: messages (a burst of 15, then 60 a minute) and staff sign-in (10,
    then 10 a minute); another address is unaffected, and the load generators' 127.0.0.1 is exempt."""
    _, https = front_door(production)
    flood, other = visitor(production, "127.0.0.3"), visitor(production, "127.0.0.4")
    codes = [flood.post(f"{https}/webhooks/rest/webhook", data=b"{}", timeout=10).status_code for _ in range(30)]
    assert codes[:15] == [400] * 15 and codes.count(429) >= 10, codes  # nginx refuses before the bot sees it
    assert other.post(f"{https}/webhooks/rest/webhook", data=b"{}", timeout=10).status_code == 400
    sign_in = [flood.get(f"{https}/staff/login", timeout=10).status_code for _ in range(15)]
    assert sign_in[:10] == [200] * 10 and 429 in sign_in, sign_in
    local = visitor(production, "127.0.0.1")
    assert 429 not in [local.post(f"{https}/webhooks/rest/webhook", data=b"{}", timeout=10).status_code for _ in range(30)]


def test_crisis_replies_go_out_with_the_action_servers_down_and_the_sweeper_records_them(production: Production) -> None:
    assert production.stack is not None
    senders = [f"noact-{uuid.uuid4().hex[:8]}" for _ in range(4)]
    production.stack.stop("actions")
    try:
        for n, sender in enumerate(senders):
            assert "988" in " ".join(say(production, sender, CRISIS_MESSAGES[n % len(CRISIS_MESSAGES)]))
    finally:
        production.stack.start("actions")
        production.stack.wait_ready(names=("actions",))
        # nginx takes a server it saw failing out of rotation for a few seconds: wait until it routes again
        assert wait_until(lambda: requests.get(f"http://127.0.0.1:{production.config.action_port}/health", timeout=5).ok, 30)
    found = all_escalated(production, senders)
    assert {s: found.get(s) for s in senders} == {s: ["sweeper"] for s in senders}


def test_postgresql_restart_during_load(production: Production) -> None:
    """Crisis replies keep going out while PostgreSQL is down (FailSafeTrackerStore, static reply); the
    escalations of turns Rasa could not store come from the action server's spool once it is back."""
    prefix = f"pgrestart-{uuid.uuid4().hex[:6]}"
    result: dict[str, object] = {}
    load = threading.Thread(target=lambda: result.update(zip(("outcome", "scripts"), run_conversations(
        production.rest_url, prefix, senders=16, pause=0.3, max_seconds=120), strict=True)))
    load.start()
    time.sleep(1.0)
    production.pg_ctl("stop")
    down = [f"pgdown-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    try:
        for n, sender in enumerate(down):  # while the database is certainly down
            assert "988" in " ".join(say(production, sender, CRISIS_MESSAGES[n]))
        time.sleep(2)
    finally:
        production.pg_ctl("start")
    load.join(150)
    outcome = result["outcome"]
    assert outcome.errors == [] and outcome.crisis_replies_without_988 == []  # type: ignore[attr-defined]
    # escalations complete afterwards: every conversation of the load and every turn made while down
    senders = list(cast(dict[str, list[str]], result["scripts"])) + down
    found = all_escalated(production, senders, timeout=90)
    assert set(found) == set(senders), sorted(set(senders) - set(found))
    assert all(len(v) == 1 for v in found.values()), {k: v for k, v in found.items() if len(v) != 1}
    # notifications for all of them, and the bot answers normally again
    ids = wait_until(lambda: delivered(production, senders), timeout=60)
    assert ids, "notifications missing after the restart"
    assert "FDA" in say(production, f"after-{uuid.uuid4().hex[:6]}", "is tms fda approved")[0]


def delivered(production: Production, senders: list[str]) -> bool:
    engine = make_engine(production.config.database_url)
    try:
        with engine.connect() as connection:
            ids = [i for (i,) in connection.execute(
                text("SELECT id FROM escalations WHERE conversation_id = ANY(:ids)"), {"ids": senders})]
    finally:
        engine.dispose()
    counts = production.webhook.counts()
    return len(ids) == len(senders) and all(counts.get(i, 0) >= 1 for i in ids)


def test_logs_hold_no_message_text_or_secrets(production: Production) -> None:
    logs = production.logs()
    for secret in CRISIS_MESSAGES + ["does tms hurt", "could tms work for me", production.env["POSTGRES_PASSWORD"]]:
        assert secret not in logs


def test_killing_a_rasa_replica_during_load(production: Production) -> None:
    """The other replica carries on: nginx skips the dead replica, a turn that was in flight on it gets
    a 502 (nginx never replays a POST on another replica, so one poison request cannot visit them all)
    and is answered when the client sends it again, and the same conversations continue afterwards."""
    assert production.stack is not None
    prefix = f"kill-{uuid.uuid4().hex[:6]}"
    result: dict[str, object] = {}
    load = threading.Thread(target=lambda: result.update(zip(("outcome", "scripts"), run_conversations(
        production.rest_url, prefix, senders=16, pause=0.3, max_seconds=120), strict=True)))
    load.start()
    time.sleep(1.5)
    victim = production.stack.processes["rasa-2"]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(10)
    load.join(150)
    outcome = result["outcome"]
    scripts: dict[str, list[str]] = result["scripts"]  # type: ignore[assignment]
    dropped = outcome.errors  # type: ignore[attr-defined]
    assert all(e.endswith(": HTTP 502") for e in dropped) and len(dropped) <= len(scripts), dropped
    assert outcome.crisis_replies_without_988 == []  # type: ignore[attr-defined]
    for error in dropped:  # the client sends a dropped turn again
        sender, index = error.split(":")[0].rsplit("#", 1)
        assert say(production, sender, scripts[sender][int(index)])
    found = all_escalated(production, list(scripts))
    assert set(found) == set(scripts)
    for sender in list(scripts)[:4]:  # the conversations go on, on the surviving replica
        assert "FDA" in say(production, sender, "is tms fda approved")[0]
    status = requests.get(f"{production.rasa_url}/", timeout=5)
    assert status.status_code == 200
