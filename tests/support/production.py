"""The production profile on this machine, for the scale tests (tests/scale/) and the load benchmark
(bench/load.py): PostgreSQL, Redis and nginx from scripts/services.sh in a throw-away directory, and
the bot's replicas from bot.run.Stack, all on free loopback ports. Nothing else is touched.

It lives with the tests, and bench imports it from here, so tests never import the benchmark.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from unittest import mock

from bot.clinical_review import workflow
from bot.clinical_review.serving import startup_refusal
from bot.config import ROOT, Settings, load_settings
from bot.db import make_engine, session_scope
from bot.run import MODEL, Stack, stack_env
from bot.staff import accounts

SERVICES = ROOT / "scripts" / "services.sh"
PASSWORD = "scale-test-" + "".join(random.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(16))


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


_handed_out: set[int] = set()


def free_block(size: int) -> int:
    """First port of `size` consecutive free loopback ports, none handed out before by this process."""
    for _ in range(200):
        base = random.randrange(20000, 60000 - size)
        block = set(range(base, base + size))
        if not block & _handed_out and all(port_free(port) for port in block):
            _handed_out.update(block)
            return base
    raise RuntimeError("no block of free ports")


def missing_binaries() -> list[str]:
    missing = []
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        missing.append("postgresql")
    if not shutil.which("redis-server") and not Path("/usr/bin/redis-server").exists():
        missing.append("redis-server")
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        missing.append("nginx")
    return missing


class Webhook:
    """The clinic's alerting endpoint: counts deliveries per escalation id (several workers post at once)."""

    def __init__(self) -> None:
        self.deliveries: Counter[int] = Counter()
        self.lock = threading.Lock()
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                with webhook.lock:
                    webhook.deliveries[int(body["escalation_id"])] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/alerts"

    def counts(self) -> dict[int, int]:
        with self.lock:
            return dict(self.deliveries)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Production:
    """Services + stack of the production profile in a temporary directory; `rasa_replicas` sets nginx's
    upstreams and how many Rasa servers `start_stack` starts."""

    rasa_replicas: int = 2
    action_replicas: int = 2
    worker_replicas: int = 2
    extra_env: dict[str, str] = field(default_factory=dict)
    model: Path = MODEL
    webhook: Webhook = field(default_factory=Webhook)
    keep_logs: Path | None = None  # the processes' logs are copied here when closing

    def __post_init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="tms-production-"))
        self.dir.chmod(0o755)  # the postgres OS user must reach its cluster directory
        self.rasa_base, self.action_base = free_block(4), free_block(4)
        self.env = {
            "DEPLOYMENT_PROFILE": "production",
            "SERVICES_DIR": str(self.dir / "services"),
            "VAR_DIR": str(self.dir / "var"),
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": str(free_block(1)),
            "POSTGRES_USER": "tms",
            "POSTGRES_DB": "tms_assistant",
            "POSTGRES_PASSWORD": PASSWORD,
            "DATABASE_URL": "",
            "TRACKER_STORE_URL": "",
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(free_block(1)),
            "REDIS_PASSWORD": "",
            "RASA_PORT": str(free_block(1)),
            "ACTION_PORT": str(free_block(1)),
            "WEB_PORT": str(free_block(1)),
            "ACTION_ENDPOINT_URL": "",
            "RASA_URL": "",
            "RASA_REPLICA_PORT_BASE": str(self.rasa_base),
            "ACTION_REPLICA_PORT_BASE": str(self.action_base),
            "RASA_REPLICAS": str(self.rasa_replicas),
            "ACTION_REPLICAS": str(self.action_replicas),
            "WORKER_REPLICAS": str(self.worker_replicas),
            "ESCALATION_WEBHOOK_URL": self.webhook.url,
            "SMTP_HOST": "",
            "ESCALATION_SWEEP_SECONDS": "1",
            "OUTBOX_POLL_SECONDS": "0.5",
            "PUBLIC_RASA_URL": "",
            # Load generators talk from 127.0.0.1 at machine speed: no message limits for it (the bot's or
            # nginx's); the front door's public HTTPS/HTTP ports, which tests reach from other addresses.
            "MESSAGE_LIMIT_EXEMPT": "127.0.0.1",
            "NGINX_HTTP_PORT": str(free_block(1)),
            "NGINX_HTTPS_PORT": str(free_block(1)),
            **self.extra_env,
        }
        self.config = self.settings()
        self.stack: Stack | None = None

    def settings(self, **overrides: str) -> Settings:
        with mock.patch.dict(os.environ, {**self.env, **overrides}):
            return load_settings(env_file=Path(os.devnull))  # never a developer's .env

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.config.rasa_port}"

    @property
    def rest_url(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    def services(self, *commands: str, **overrides: str) -> None:
        env = {**os.environ, **self.env, **overrides}
        result = subprocess.run([str(SERVICES), *commands], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            raise RuntimeError(f"services.sh {' '.join(commands)} failed:\n{result.stdout}\n{result.stderr}")

    def nginx_workers(self) -> set[int]:
        master = (self.dir / "services" / "nginx" / "nginx.pid").read_text().strip()
        workers = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if stat.read_text().rsplit(")", 1)[1].split()[1] == master:
                    workers.add(int(stat.parent.name))
            except (OSError, IndexError):
                continue
        return workers

    def route_to(self, rasa_replicas: int) -> None:
        """Rewrites nginx's upstreams for this many Rasa replicas, reloads it and waits until only workers
        with the new configuration are left (a reload is asynchronous)."""
        before = self.nginx_workers()
        self.services("start", RASA_REPLICAS=str(rasa_replicas))
        if not wait_until(lambda: (now := self.nginx_workers()) and not now & before, timeout=15, interval=0.1):
            raise RuntimeError("nginx did not reload")

    def start_services(self) -> None:
        self.services("start")

    def migrate(self) -> None:
        from bot.migrate import upgrade

        upgrade(self.config.database_url)

    def sign_off(self, reviewer: str = "first-reviewer") -> None:
        """What the operator of a first deployment does before `make run` (docs/clinical_review.md): a
        clinical_reviewer account signs in and approves the current version of every reviewed item,
        each approval in the audit log (`python -m bot review approve --all`'s functions)."""
        password = "reviewer-" + "".join(random.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(20))
        engine = make_engine(self.config.database_url)
        try:
            with session_scope(engine) as session:
                accounts.create_user(session, reviewer, password, "clinical_reviewer")
            with session_scope(engine) as session:
                who = workflow.sign_in_reviewer(session, reviewer, password)
                assert who is not None, "the reviewer could not sign in"
                workflow.approve_all(session, who)
        finally:
            engine.dispose()

    def start_stack(self, *names: str, timeout: float = 400) -> Stack:
        """Starts the processes as `make run` would, after the same clinical sign-off check (bot.run)."""
        refusal = startup_refusal(self.config)
        if refusal:
            raise RuntimeError(refusal)
        # stack_env derives these from the settings; an empty override would blank them.
        extra = {k: v for k, v in self.env.items() if v or k not in ("ACTION_ENDPOINT_URL", "DATABASE_URL")}
        self.stack = Stack(self.config, stack_env(self.config, extra), log_dir=self.dir / "logs", model=self.model)
        started = names or ("rasa", "actions", "worker")
        self.stack.start(*started)
        self.stack.wait_ready(timeout=timeout, names=tuple(n for n in started if not n.startswith("worker")))
        return self.stack

    def pg_ctl(self, action: str) -> None:
        bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        data = self.dir / "services" / "pg" / "data"
        command = ["runuser", "-u", "postgres", "--", str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "60"]
        if action == "stop":
            command += ["-m", "fast", "stop"]
        else:
            # pg_ctl remembers the options of the last start (postmaster.opts) only for restart; start needs them.
            self.services("start")
            return
        subprocess.run(command, check=True, capture_output=True, timeout=90)

    def create_database(self, name: str) -> str:
        """A new, empty database owned by POSTGRES_USER; returns its URL."""
        bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        socket_dir = self.dir / "services" / "pg" / "run"
        sql = f'DROP DATABASE IF EXISTS "{name}"; CREATE DATABASE "{name}" OWNER "{self.env["POSTGRES_USER"]}";'
        subprocess.run(["runuser", "-u", "postgres", "--", str(bin_dir / "psql"), "-X", "-q", "-h", str(socket_dir),
                        "-p", self.env["POSTGRES_PORT"], "-d", "postgres", "-c", sql.split(";")[0], "-c", sql.split(";")[1]],
                       check=True, capture_output=True, timeout=60)
        return self.config.database_url.rsplit("/", 1)[0] + f"/{name}"

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted((self.dir / "logs").glob("*.log")))

    def close(self) -> None:
        try:
            if self.stack is not None:
                self.stack.stop()
        finally:
            try:
                self.services("stop")
            finally:
                self.webhook.close()
                if self.keep_logs is not None and (self.dir / "logs").is_dir():
                    shutil.rmtree(self.keep_logs, ignore_errors=True)
                    shutil.copytree(self.dir / "logs", self.keep_logs)
                shutil.rmtree(self.dir, ignore_errors=True)


def wait_until(check: Any, timeout: float, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    value = check()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = check()
    return value
