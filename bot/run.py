"""Starts the whole bot (action server, Rasa server, worker) and stops all of it on one Ctrl-C.

`make run` calls this; tests and the benchmark use `Stack` to run the same processes on other ports.
DEPLOYMENT_PROFILE=production runs RASA_REPLICAS Rasa servers, ACTION_REPLICAS action servers and
WORKER_REPLICAS workers on PostgreSQL + Redis behind nginx (scripts/services.sh, docs/production.md);
processes of one kind are named "rasa-1", "rasa-2", ... and "rasa" selects them all.
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Mapping

import requests
from sqlalchemy.engine import make_url

from bot.config import MODELS_DIR, ROOT, Settings, load_settings

MODEL = MODELS_DIR / "tms-assistant.tar.gz"
BIN = Path(sys.executable).parent
MAX_REQUEST_BYTES = 1_000_000  # the largest honest request is a Twilio webhook or a 2,000-character message
PRIVATE_UMASK = 0o077  # var/ holds PHI: databases and logs readable by the bot's user only


def endpoints_file(config: Settings) -> Path:
    """Rasa reads its tracker and lock stores from this file: SQLite + in-memory lock, or PostgreSQL + Redis."""
    return ROOT / ("endpoints.production.yml" if config.production else "endpoints.yml")


def production_env(config: Settings) -> dict[str, str]:
    """The ${...} that endpoints.production.yml reads, split out of TRACKER_STORE_URL and REDIS_*."""
    tracker = make_url(config.tracker_store_url)
    if not tracker.drivername.startswith("postgresql"):
        raise ValueError("the production profile needs a PostgreSQL TRACKER_STORE_URL (or POSTGRES_* settings)")
    return {
        "TRACKER_DB_HOST": tracker.host or "127.0.0.1",
        "TRACKER_DB_PORT": str(tracker.port or 5432),
        "TRACKER_DB_NAME": tracker.database or "",
        "TRACKER_DB_USER": tracker.username or "",
        "TRACKER_DB_PASSWORD": tracker.password or "",
        "REDIS_HOST": config.redis_host,
        "REDIS_PORT": str(config.redis_port),
        "REDIS_PASSWORD": config.redis_password,
        "REDIS_DB": str(config.redis_db),
        # Rasa's conversation lock in Redis outlives a replica that dies holding it by this many seconds
        # (Rasa's default 60); a turn takes well under a second, so 20 s keeps a margin under load.
        "TICKET_LOCK_LIFETIME": os.environ.get("TICKET_LOCK_LIFETIME", "").strip() or "20",
    }


def stack_env(config: Settings, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for every process: Rasa reads ${...} in endpoints.yml from here."""
    env = dict(os.environ)
    env.update(
        {
            "ACTION_ENDPOINT_URL": config.action_server_url,
            "TRACKER_DB": config.tracker_db,
            "DATABASE_URL": config.database_url,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONUNBUFFERED": "1",
            # credentials.yml reads these; Rasa refuses to start on an unset ${VAR}, so always set them.
            "TWILIO_ACCOUNT_SID": config.twilio_account_sid,
            "TWILIO_AUTH_TOKEN": config.twilio_auth_token,
            "TWILIO_NUMBER": config.twilio_number,
            # Rasa's HTTP API refuses every call without this token; the staff console's handoff client uses it.
            "RASA_API_TOKEN": config.rasa_api_token or secrets.token_urlsafe(32),
            # Rasa sends it to the action server (endpoints.yml), which refuses every call without it.
            "ACTION_SERVER_TOKEN": config.action_server_token or secrets.token_urlsafe(32),
            # The action server (rasa_sdk) listens on loopback only, in both profiles.
            "SANIC_HOST": "127.0.0.1",
            # Sanic refuses bigger bodies with a 413 before reading them (it allows 100 MB by default).
            "SANIC_REQUEST_MAX_SIZE": str(MAX_REQUEST_BYTES),
        }
    )
    if config.production:
        env.update(production_env(config))
    env.update(extra or {})
    Path(config.tracker_db).parent.mkdir(parents=True, exist_ok=True)
    return env


def _rasa(config: Settings, model: Path, port: int, token: str) -> list[str]:
    """Loopback only, the API behind RASA_API_TOKEN (Rasa takes it only as an argument), CORS
    for the clinic's own pages only (the widget's socket.io polling fallback)."""
    origins = [f"http://{host}:{config.web_port}" for host in ("localhost", "127.0.0.1")]
    return [
        str(BIN / "rasa"), "run", "--enable-api", f"--auth-token={token}", "--cors", *origins,
        "--interface", "127.0.0.1", "--port", str(port), "--model", str(model),
        "--endpoints", str(endpoints_file(config)), "--credentials", str(ROOT / "credentials.yml"),
    ]


def _actions(port: int) -> list[str]:
    return [str(BIN / "python"), "-m", "bot.action_server", "--actions", "actions", "--port", str(port)]


def commands(config: Settings, token: str, model: Path = MODEL) -> dict[str, list[str]]:
    python = str(BIN / "python")
    if not config.production:
        return {
            "actions": _actions(config.action_port),
            "rasa": _rasa(config, model, config.rasa_port, token),
            "worker": [python, "-m", "bot.escalation.worker"],
            "web": [python, "-m", "bot.web"],
        }
    # Replicas listen on loopback only; nginx (scripts/services.sh) serves the public ports.
    return {
        **{f"actions-{i}": _actions(port) for i, port in enumerate(config.action_replica_ports(), 1)},
        **{f"rasa-{i}": _rasa(config, model, port, token) for i, port in enumerate(config.rasa_replica_ports(), 1)},
        **{f"worker-{i}": [python, "-m", "bot.escalation.worker"] for i in range(1, config.worker_replicas + 1)},
        "web": [python, "-m", "bot.web"],
    }


def health_urls(config: Settings) -> dict[str, str]:
    if not config.production:
        return {
            "actions": f"http://127.0.0.1:{config.action_port}/health",
            "rasa": f"http://127.0.0.1:{config.rasa_port}/",  # /status needs the API token
            "web": f"http://127.0.0.1:{config.web_port}/healthz",
        }
    return {
        **{f"actions-{i}": f"http://127.0.0.1:{port}/health" for i, port in enumerate(config.action_replica_ports(), 1)},
        **{f"rasa-{i}": f"http://127.0.0.1:{port}/" for i, port in enumerate(config.rasa_replica_ports(), 1)},
        "web": f"http://127.0.0.1:{config.web_port}/healthz",
    }


def selected(name: str, names: tuple[str, ...]) -> bool:
    """No names: everything; "rasa" selects "rasa" and every replica "rasa-N"; "rasa-2" only that one."""
    return not names or name in names or name.rsplit("-", 1)[0] in names


@dataclass
class Stack:
    """The bot's processes, each in its own process group so a stop reaches their children too."""

    config: Settings
    env: dict[str, str]
    log_dir: Path | None = None
    model: Path = MODEL
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _logs: list[IO[bytes]] = field(default_factory=list)

    def start(self, *names: str) -> None:
        for name, command in commands(self.config, self.env["RASA_API_TOKEN"], self.model).items():
            if not selected(name, names):
                continue
            output: IO[bytes] | None = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                output = open(self.log_dir / f"{name}.log", "ab")
                self._logs.append(output)
            self.processes[name] = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT if output else None,
                start_new_session=True, umask=PRIVATE_UMASK,
            )

    def wait_ready(self, timeout: float = 240.0, names: tuple[str, ...] = ("actions", "rasa", "web")) -> None:
        deadline = time.monotonic() + timeout
        for name, url in health_urls(self.config).items():
            if not selected(name, names):
                continue
            while True:
                process = self.processes.get(name)
                if process is not None and process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode} before it was ready")
                try:
                    if requests.get(url, timeout=2).ok:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready at {url} after {timeout:.0f}s")
                time.sleep(0.5)

    def stop(self, *names: str, timeout: float = 20.0) -> None:
        chosen = {n: p for n, p in self.processes.items() if selected(n, names)}
        for process in chosen.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in chosen.values():
            try:
                process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for name in chosen:
            del self.processes[name]
        if not self.processes:
            for log in self._logs:
                log.close()
            self._logs.clear()


def migrate_schema(config: Settings, wait_seconds: float = 60.0) -> bool:
    """Upgrades our tables to the newest migration once, before any process starts (waits for the database)."""
    from sqlalchemy.exc import OperationalError

    from bot.migrate import upgrade

    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            upgrade(config.database_url)
            return True
        except OperationalError as error:  # not reachable yet (PostgreSQL starting)
            if time.monotonic() > deadline:
                print(f"database not reachable ({type(error).__name__}); is it running? (scripts/services.sh start)",
                      file=sys.stderr, flush=True)
                return False
            time.sleep(2)
        except RuntimeError as error:  # an unversioned database that differs from the models
            if config.production:
                print(f"schema migration refused: {error}", file=sys.stderr, flush=True)
                return False
            print(f"warning: {error}; starting anyway (SQLite creates missing tables itself)", file=sys.stderr, flush=True)
            return True


def clinical_review_allows_start(config: Settings) -> bool:
    """Serving approved versions only (production), the stack does not start while the crisis hotlines'
    current version lacks a clinical approval; it says why and how to approve (bot/clinical_review)."""
    from bot.clinical_review.serving import pending_summary, startup_refusal

    refusal = startup_refusal(config)
    if refusal:
        print(refusal, file=sys.stderr, flush=True)
        return False
    if config.serve_content == "approved":
        pending, total = pending_summary(config)
        print(f"clinical review: {pending} of {total} items await approval; their last approved versions are served "
              "(an item never approved is held back; `python -m bot review status` lists them)", flush=True)
    return True


GENERATED_TOKENS = {"RASA_API_TOKEN": "Rasa's HTTP API token", "ACTION_SERVER_TOKEN": "the action server's shared secret"}


def ensure_api_token(env_file: Path = ROOT / ".env") -> None:
    """The same tokens across restarts: a random one is appended to .env (0600, never committed) when unset."""
    from dotenv import dotenv_values

    for name, what in GENERATED_TOKENS.items():
        if os.environ.get(name, "").strip():
            continue
        if env_file.exists() and (dotenv_values(env_file).get(name) or "").strip():
            continue
        with open(env_file, "a", encoding="utf-8") as out:
            out.write(f"\n# {what}, generated by make run (docs/security.md)\n{name}={secrets.token_urlsafe(32)}\n")
        env_file.chmod(0o600)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).ok
    except requests.RequestException:
        return False


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def summary(config: Settings, log_dir: Path) -> str:
    """What a newcomer needs once everything answers: where to click, where the logs are, how to stop."""
    web = f"http://localhost:{config.web_port}"
    lines = [
        "",
        "TMS Assistant is up.",
        f"  Widget demo    {web}/",
        f"  Staff console  {web}/staff  (first account: make staff-user NAME=you ROLE=admin)",
        f"  Rasa           http://localhost:{config.rasa_port}  (REST: /webhooks/rest/webhook; its API needs RASA_API_TOKEN)",
        f"  Logs           {_shown(log_dir)}/  (one file per process: rasa, actions, worker, web)",
        "  Stop           Ctrl-C (stops every process)",
    ]
    if config.production:
        lines.insert(2, f"  Profile        production: {config.rasa_replicas} Rasa, {config.action_replicas} action server(s), "
                        f"{config.worker_replicas} worker(s) behind nginx (scripts/services.sh)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args()
    os.umask(PRIVATE_UMASK)
    ensure_api_token()
    config = load_settings()
    log_dir = Path(os.environ.get("VAR_DIR", "").strip() or ROOT / "var") / "log"
    stack = Stack(config, stack_env(config), log_dir=log_dir, model=args.model)
    stopping = False
    if not migrate_schema(config) or not clinical_review_allows_start(config):
        return 1

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    stack.start()
    print(f"starting TMS Assistant: Rasa loads its model, about a minute (output of every process: {_shown(log_dir)}/)",
          flush=True)
    not_ready = health_urls(config)
    try:
        while not stopping:
            for name, process in list(stack.processes.items()):
                if process.poll() is not None and not stopping:
                    print(f"{name} exited with {process.returncode}; restarting it (see {_shown(log_dir)}/{name}.log)",
                          file=sys.stderr, flush=True)
                    del stack.processes[name]
                    time.sleep(1)
                    stack.start(name)
            if not_ready:
                not_ready = {name: url for name, url in not_ready.items() if not _answers(url)}
                if not not_ready:
                    print(summary(config, log_dir), flush=True)
            time.sleep(0.5)
    finally:
        print("stopping TMS Assistant...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
