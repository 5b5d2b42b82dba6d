"""Starts the whole bot (action server, Rasa server, worker) and stops all of it on one Ctrl-C.

`make run` calls this; tests and the benchmark use `Stack` to run the same processes on other ports.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Mapping

import requests

from bot.config import ROOT, Settings, load_settings

MODEL = ROOT / "models" / "tms-assistant.tar.gz"
# What `rasa train` / `rasa data validate` read (the Makefile's RASA_DATA says the same).
TRAINING_DATA = ["data/nlu", "data/stories.yml", "data/rules.yml", "data/handoff_rules.yml"]
BIN = Path(sys.executable).parent


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
        }
    )
    env.update(extra or {})
    Path(config.tracker_db).parent.mkdir(parents=True, exist_ok=True)
    return env


def commands(config: Settings, model: Path = MODEL) -> dict[str, list[str]]:
    python = str(BIN / "python")
    return {
        "actions": [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(config.action_port)],
        "rasa": [
            str(BIN / "rasa"), "run", "--enable-api", "--cors", "*",
            "--port", str(config.rasa_port), "--model", str(model),
            "--endpoints", str(ROOT / "endpoints.yml"), "--credentials", str(ROOT / "credentials.yml"),
        ],
        "worker": [python, "-m", "bot.worker"],
        "web": [python, "-m", "bot.web"],
    }


def health_urls(config: Settings) -> dict[str, str]:
    return {
        "actions": f"http://127.0.0.1:{config.action_port}/health",
        "rasa": f"http://127.0.0.1:{config.rasa_port}/status",
        "web": f"http://127.0.0.1:{config.web_port}/healthz",
    }


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
        for name, command in commands(self.config, self.model).items():
            if names and name not in names:
                continue
            output: IO[bytes] | None = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                output = open(self.log_dir / f"{name}.log", "ab")
                self._logs.append(output)
            self.processes[name] = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT if output else None,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 240.0, names: tuple[str, ...] = ("actions", "rasa", "web")) -> None:
        deadline = time.monotonic() + timeout
        for name in names:
            url = health_urls(self.config)[name]
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
        chosen = {n: p for n, p in self.processes.items() if not names or n in names}
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args()
    config = load_settings()
    stack = Stack(config, stack_env(config), model=args.model)
    stopping = False

    def request_stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    stack.start()
    print(
        f"TMS Assistant starting: Rasa http://localhost:{config.rasa_port} (REST /webhooks/rest/webhook, socket.io), "
        f"actions :{config.action_port}, web http://localhost:{config.web_port}/ (staff: /staff). Ctrl-C stops everything.",
        flush=True,
    )
    try:
        while not stopping:
            for name, process in list(stack.processes.items()):
                if process.poll() is not None and not stopping:
                    print(f"{name} exited with {process.returncode}; restarting it", file=sys.stderr, flush=True)
                    del stack.processes[name]
                    time.sleep(1)
                    stack.start(name)
            time.sleep(0.5)
    finally:
        print("stopping TMS Assistant...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
