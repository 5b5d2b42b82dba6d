"""Fixtures for the staff console tests: the real app on a temporary database and tracker store, a
synchronous client over aiohttp's TestClient (plain asyncio, no plugin), and a fake Rasa HTTP API.

tests/conftest.py registers this module as a plugin, so its fixture (`console`) reaches every test.
"""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from multidict import CIMultiDictProxy
from sqlalchemy.engine import Engine

from bot.config import Settings, load_settings
from bot.db import engine_for, session_scope, utcnow
from bot.escalation.models import Escalation
from bot.screening.records import Prescreen
from bot.staff import accounts, security
from bot.staff.models import AuditEntry
from bot.web.app import create_app

PASSWORD = "correct horse battery staple"
XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"
PHONE = "+15551234567"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Tracker:
    """Rasa's `events` table in a temporary SQLite file, with the columns Rasa's SQLTrackerStore writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with sqlite3.connect(path) as db:
            db.execute(
                "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL, "
                "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                "action_name VARCHAR(255), data TEXT)"
            )

    def add(self, sender: str, event: dict[str, Any]) -> None:
        event = {"timestamp": time.time(), **event}
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        with sqlite3.connect(self.path) as db:
            db.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) VALUES (?, ?, ?, ?, ?)",
                (sender, event["event"], event["timestamp"], intent, json.dumps(event)),
            )

    def user(self, sender: str, text: str, message_id: str, channel: str = "rest") -> None:
        self.add(sender, {"event": "user", "text": text, "message_id": message_id, "input_channel": channel,
                          "parse_data": {"intent": {"name": "crisis"}, "entities": []}})

    def bot(self, sender: str, text: str, **extra: Any) -> None:
        self.add(sender, {"event": "bot", "text": text, **extra})


@dataclass
class Reply:
    status: int
    text: str
    headers: CIMultiDictProxy[str]

    def json(self) -> Any:
        return json.loads(self.text)

    @property
    def csrf(self) -> str:
        match = _CSRF.search(self.text)
        assert match, "no CSRF field on the page"
        return match.group(1)


@dataclass
class FakeRasa:
    """Rasa's `GET /conversations/{id}/tracker` (the stored events) and `POST .../tracker/events`: records
    each POST's events and the `output_channel` it named, and stores bot events in the tracker."""

    tracker: Tracker
    calls: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    output_channels: list[str | None] = field(default_factory=list)
    fail: bool = False

    def app(self) -> web.Application:
        async def tracker(request: web.Request) -> web.Response:
            if self.fail:
                return web.json_response({"error": "down"}, status=500)
            conversation = request.match_info["conversation"]
            with sqlite3.connect(self.tracker.path) as db:
                rows = db.execute("SELECT data FROM events WHERE sender_id = ? ORDER BY id", (conversation,))
                events = [json.loads(data) for data, in rows]
            return web.json_response({"sender_id": conversation, "events": events})

        async def events(request: web.Request) -> web.Response:
            if self.fail:
                return web.json_response({"error": "down"}, status=500)
            body = await request.json()
            conversation = request.match_info["conversation"]
            self.calls.append((conversation, body))
            self.output_channels.append(request.query.get("output_channel"))
            for event in body:
                if event["event"] == "bot":
                    self.tracker.add(conversation, event)
            return web.json_response({"ok": True})

        app = web.Application()
        app.router.add_get("/conversations/{conversation}/tracker", tracker)
        app.router.add_post("/conversations/{conversation}/tracker/events", events)
        return app


class Console:
    """The app over HTTP, driven synchronously: each call runs the event loop until the answer is read."""

    def __init__(self, config: Settings, tracker: Tracker, rasa: FakeRasa) -> None:
        self.config, self.tracker, self.rasa = config, tracker, rasa
        self.engine: Engine = engine_for(config.database_url)
        self.loop = asyncio.new_event_loop()
        self._rasa_server = TestServer(rasa.app(), loop=self.loop)
        self.loop.run_until_complete(self._rasa_server.start_server())
        self.config = dataclasses.replace(config, rasa_url=str(self._rasa_server.make_url("")).rstrip("/"))
        self._clients: list[TestClient] = []
        self.client = self.new_client()

    def new_client(self) -> TestClient:
        """A fresh browser (empty cookie jar) on a fresh app instance, as after a restart."""
        client = TestClient(TestServer(create_app(self.config), loop=self.loop), loop=self.loop)
        self.loop.run_until_complete(client.start_server())
        self._clients.append(client)
        return client

    def request(self, method: str, path: str, client: TestClient | None = None, **kwargs: Any) -> Reply:
        async def go() -> Reply:
            async with (client or self.client).request(method, path, allow_redirects=False, **kwargs) as response:
                return Reply(response.status, await response.text(), response.headers)

        return self.loop.run_until_complete(go())

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict[str, str] | None = None, csrf: str | None = None, **kwargs: Any) -> Reply:
        """POSTs a form; `csrf` defaults to the token of the signed-in session (pass "" to omit it)."""
        form = dict(data or {})
        token = self.session_csrf() if csrf is None else csrf
        if token:
            form["csrf_token"] = token
        return self.request("POST", path, data=form, **kwargs)

    def session_csrf(self) -> str:
        return self.get("/staff/prescreens").csrf

    def login(self, username: str, password: str = PASSWORD, client: TestClient | None = None, **kwargs: Any) -> Reply:
        page = self.request("GET", "/staff/login", client=client)
        form = {"csrf_token": page.csrf, "username": username, "password": password, "next": "/staff"}
        return self.request("POST", "/staff/login", client=client, data=form, **kwargs)

    def user(self, username: str, role: str = "staff", login: bool = True) -> None:
        with session_scope(self.engine) as session:
            accounts.create_user(session, username, PASSWORD, role)
        if login:
            assert self.login(username).status == 303

    def escalation(self, conversation_id: str = "conv-1", channel: str = "rest", category: str = "imminent",
                   priority: int = 1, message_id: str = "m1", minutes_ago: int = 0, status: str = "new") -> int:
        with session_scope(self.engine) as session:
            row = Escalation(conversation_id=conversation_id, message_id=message_id, channel=channel, category=category,
                             priority=priority, trigger_text="i want to end my life", recorded_by="action", status=status,
                             created_at=utcnow() - dt.timedelta(minutes=minutes_ago))
            session.add(row)
            session.flush()
            return int(row.id)

    def prescreen(self, conversation_id: str = "conv-1", **columns: Any) -> int:
        values = {"channel": "rest", "answers": {"age": 45, "phq9_9": 0}, "outcome": "likely_candidate",
                  "reasons": ["Tried two or more antidepressants"], "phq9_total": 16, "phq9_band": "moderately severe",
                  "contact_name": "Jane Doe", "contact_phone": PHONE, "contact_method": "call", **columns}
        with session_scope(self.engine) as session:
            row = Prescreen(conversation_id=conversation_id, started_at=utcnow(), **values)
            session.add(row)
            session.flush()
            return int(row.id)

    def audit(self, action: str | None = None) -> list[AuditEntry]:
        with session_scope(self.engine) as session:
            query = session.query(AuditEntry).order_by(AuditEntry.id)
            return list(query.filter(AuditEntry.action == action) if action else query)

    def close(self) -> None:
        for client in self._clients:
            self.loop.run_until_complete(client.close())
        self.loop.run_until_complete(self._rasa_server.close())
        self.loop.close()


@pytest.fixture
def console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Console]:
    # The test accounts' hashes are cheaper (each hash carries its parameters, and every sign-in checks one);
    # test_staff_auth checks the production parameters themselves.
    monkeypatch.setattr(security, "SCRYPT_N", 2**10)
    security.dummy_hash.cache_clear()
    tracker = Tracker(tmp_path / "tracker.db")
    config = dataclasses.replace(
        load_settings(env_file=Path(os.devnull)),
        database_url=f"sqlite:///{tmp_path}/app.db", tracker_db=str(tracker.path),
        tracker_store_override="", escalation_webhook_url="", smtp_host="", staff_alert_email="",
    )
    app = Console(config, tracker, FakeRasa(tracker))
    yield app
    app.close()
    app.engine.dispose()
    security.dummy_hash.cache_clear()
