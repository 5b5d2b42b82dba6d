"""A local, durable hand-off for escalations the action server could not record because our database was down.

The sweeper recovers crisis turns from the tracker store, but when PostgreSQL itself restarts the tracker
store is down too (Rasa's FailSafeTrackerStore keeps that turn in memory only), so the turn would never
reach the sweeper. The action server therefore writes the escalation request to a file (one per message,
written atomically, mode 0600: it holds the message text), and replays the spool into the database as
soon as it answers again, from a background thread; the worker replays it too. Recording is idempotent
(one escalation per message), so concurrent replays and repeated files are harmless.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import threading
import time
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.config import settings
from bot.db import session_scope
from bot.escalation.record import EscalationRequest, record_escalation

logger = logging.getLogger(__name__)
RETRY_SECONDS = 2.0


def spool_dir() -> Path:
    return Path(settings().spool_dir)


def put(request: EscalationRequest, directory: Path | None = None) -> Path:
    directory = directory or spool_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = hashlib.sha256(f"{request.conversation_id}\x00{request.message_id}".encode()).hexdigest()[:32]
    path = directory / f"{key}.json"
    tmp = directory / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(dataclasses.asdict(request), handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path


def pending(directory: Path | None = None) -> list[Path]:
    directory = directory or spool_dir()
    return sorted(directory.glob("*.json")) if directory.is_dir() else []


def replay(engine: Engine | None = None, directory: Path | None = None) -> int:
    """Records every spooled escalation; returns how many were taken off the spool. Stops at the first
    database error (the rest stay for the next try)."""
    done = 0
    for path in pending(directory):
        try:
            request = EscalationRequest(**json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            continue  # another replayer took it
        except (ValueError, TypeError):
            logger.error("unreadable escalation spool file %s kept for inspection", path.name)
            path.rename(path.with_suffix(".bad"))
            continue
        try:
            with session_scope(engine) as session:
                record_escalation(session, request)
        except SQLAlchemyError as error:
            logger.warning("escalation spool: database still unavailable (%s)", type(error).__name__)
            break
        path.unlink(missing_ok=True)
        done += 1
    if done:
        logger.warning("escalation spool: recorded %s escalation(s) held while the database was down", done)
    return done


_replayer_lock = threading.Lock()
_replayer: threading.Thread | None = None


def replay_in_background(max_seconds: float = 24 * 3600) -> None:
    """Starts (once per process) a daemon thread that replays until the spool is empty."""
    global _replayer
    with _replayer_lock:
        if _replayer is not None and _replayer.is_alive():
            return

        def run() -> None:
            deadline = time.monotonic() + max_seconds
            while pending() and time.monotonic() < deadline:
                try:
                    replay()
                except Exception:  # noqa: BLE001 - never let the thread die with work left
                    logger.exception("escalation spool replay failed")
                if pending():
                    time.sleep(RETRY_SECONDS)

        _replayer = threading.Thread(target=run, name="escalation-spool", daemon=True)
        _replayer.start()
