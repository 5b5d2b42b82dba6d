"""The running bot, started once per test session: action server, Rasa server and worker on free ports.

Tests talk to it over HTTP like a channel would; a local webhook captures staff notifications.
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator
from unittest import mock

import pytest
import requests
from sqlalchemy import select

from bot.config import Settings, load_settings
from bot.db import engine_for, session_scope
from bot.escalation.models import Escalation
from bot.run import MODEL, Stack, stack_env
from bot.screening.records import Prescreen
from tests.integration.fake_twilio import FakeTwilio


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Webhook:
    """Stands in for the clinic's alerting endpoint."""

    received: list[dict[str, Any]] = field(default_factory=list)
    server: HTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/alerts"

    def start(self) -> None:
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                received.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@dataclass
class Bot:
    stack: Stack
    config: Settings
    webhook: Webhook
    var_dir: Path
    twilio: FakeTwilio

    @property
    def api_token(self) -> str:
        """Rasa's HTTP API answers only with this (bot.run generates it for the stack)."""
        return self.stack.env["RASA_API_TOKEN"]

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.config.rasa_port}/webhooks/rest/webhook"

    def say(self, sender: str, text: str, timeout: float = 30) -> list[dict[str, Any]]:
        response = requests.post(self.rest_url, json={"sender": sender, "message": text}, timeout=timeout)
        assert response.status_code == 200, response.text
        return response.json()

    def texts(self, sender: str, text: str) -> list[str]:
        return [m.get("text", "") for m in self.say(sender, text)]

    def parse(self, text: str) -> dict[str, Any]:
        response = requests.post(f"http://127.0.0.1:{self.config.rasa_port}/model/parse", json={"text": text},
                                 params={"token": self.api_token}, timeout=30)
        response.raise_for_status()
        return response.json()

    def escalations(self, conversation_id: str) -> list[Escalation]:
        with session_scope(engine_for(self.config.database_url)) as session:
            rows = session.execute(select(Escalation).where(Escalation.conversation_id == conversation_id))
            return list(rows.scalars())

    def prescreens(self, conversation_id: str) -> list[Prescreen]:
        with session_scope(engine_for(self.config.database_url)) as session:
            rows = session.execute(select(Prescreen).where(Prescreen.conversation_id == conversation_id))
            return list(rows.scalars())

    def logs(self) -> str:
        """Everything the bot's processes have logged so far (to check that no PHI is in it)."""
        return "\n".join(p.read_text(errors="replace") for p in sorted((self.var_dir / "logs").glob("*.log")))

    def tracker(self, sender: str) -> dict[str, Any]:
        url = f"http://127.0.0.1:{self.config.rasa_port}/conversations/{sender}/tracker"
        return requests.get(url, params={"token": self.api_token}, timeout=30).json()


def wait_for(check: Callable[[], Any], timeout: float = 20.0, interval: float = 0.25) -> Any:
    """Polls until `check` returns something truthy; returns it (or fails with the last value)."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout}s (last value: {value!r})")


@contextlib.contextmanager
def running_bot(var_dir: Path, *names: str, before_start: Callable[[Settings], None] | None = None,
                **extra: str) -> Iterator[Bot]:
    """A whole stack in `var_dir` on free ports (`names`: the processes; all by default), with its own alert
    webhook and fake Twilio; `extra` environment on top; `before_start` sees the settings first (to seed)."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run the tests through `make test`, which trains it")
    webhook = Webhook()
    webhook.start()
    twilio = FakeTwilio()  # the SMS channel's REST API calls land here, nothing goes to api.twilio.com
    twilio.start()
    overrides = {
        "VAR_DIR": str(var_dir),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
        "DATABASE_URL": f"sqlite:///{var_dir / 'db' / 'tms_assistant.db'}",
        "TRACKER_DB": str(var_dir / "tracker.db"),
        "ESCALATION_WEBHOOK_URL": webhook.url,
        "PUBLIC_RASA_URL": "",  # set-but-empty: a developer's .env never redirects the widget under test
        # The suite talks from 127.0.0.1 at machine speed; tests/integration/test_security.py checks the
        # message limits from other (forwarded) addresses.
        "MESSAGE_LIMIT_EXEMPT": "127.0.0.1",
        **extra,
        **twilio.env(),
    }
    with mock.patch.dict(os.environ, overrides):
        config = load_settings(env_file=Path(os.devnull))  # tests never read a developer's .env
        stack = Stack(config, stack_env(config, overrides), log_dir=var_dir / "logs")
    if before_start is not None:
        before_start(config)
    stack.start(*names)
    try:
        stack.wait_ready(timeout=300)
        yield Bot(stack=stack, config=config, webhook=webhook, var_dir=var_dir, twilio=twilio)
    finally:
        stack.stop()
        if webhook.server:
            webhook.server.shutdown()
        twilio.stop()


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    with running_bot(tmp_path_factory.mktemp("var"), ESCALATION_SWEEP_SECONDS="1", OUTBOX_POLL_SECONDS="0.5") as bot:
        yield bot
