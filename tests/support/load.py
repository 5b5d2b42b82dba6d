"""Many concurrent conversations through the production profile, checked afterwards in the databases.

Shared by the scale tests (tests/scale/test_production.py) and the load benchmark (bench/load.py): each
conversation is 6 messages (a greeting, a question, a crisis message, the pre-screen start, consent and a
first answer), each message waiting for the previous reply; `verify` then checks that every user event
is stored exactly once and in order (Rasa's `events` table), that each crisis message made exactly one
escalation, and that every staff notification was delivered exactly once (the local webhook counts).
"""
from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests
from sqlalchemy import text

from bot.db import make_engine
from tests.support.production import Production, wait_until

SENDERS = 40
CRISIS_MESSAGES = [
    "i want to kill myself",
    "i have a plan to end my life",
    "everyone would be better off without me",
    "i took all my pills",
    "i wish i could go to sleep and never wake up",
]
MAX_SECONDS = 300  # the whole run of one phase stops by itself after this


def script(n: int) -> list[str]:
    return [
        "hello",
        "does tms hurt",
        CRISIS_MESSAGES[n % len(CRISIS_MESSAGES)],
        "could tms work for me? can you screen me",
        "yes",
        "42",
    ]


CRISIS_INDEX = 2


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    crisis_replies_without_988: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    sent: int = 0

    def summary(self) -> dict[str, Any]:
        ok = len(self.latencies_ms)
        return {
            "messages": self.sent,
            "answered": ok,
            "errors": len(self.errors),
            "wall_s": round(self.wall_s, 2),
            "throughput_msg_s": round(ok / self.wall_s, 2) if self.wall_s else 0.0,
            "p50_ms": round(statistics.median(self.latencies_ms), 1) if ok else None,
            "p95_ms": round(percentile(self.latencies_ms, 0.95), 1) if ok else None,
            "p99_ms": round(percentile(self.latencies_ms, 0.99), 1) if ok else None,
        }


def converse(url: str, sender: str, messages: list[str], outcome: Outcome, deadline: float, pause: float = 0.0) -> None:
    session = requests.Session()
    for index, message in enumerate(messages):
        if time.monotonic() > deadline:
            outcome.errors.append(f"{sender}: deadline")
            return
        started = time.perf_counter()
        outcome.sent += 1
        try:
            response = session.post(url, json={"sender": sender, "message": message}, timeout=120)
        except requests.RequestException as error:
            outcome.errors.append(f"{sender}#{index}: {type(error).__name__}")
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            outcome.errors.append(f"{sender}#{index}: HTTP {response.status_code}")
            continue
        outcome.latencies_ms.append(elapsed)
        if index == CRISIS_INDEX and message in CRISIS_MESSAGES:
            texts = " ".join(m.get("text", "") for m in response.json())
            if "988" not in texts:
                outcome.crisis_replies_without_988.append(sender)
        if pause:
            time.sleep(pause)


def run_conversations(url: str, prefix: str, senders: int = SENDERS, pause: float = 0.0,
                      max_seconds: float = MAX_SECONDS) -> tuple[Outcome, dict[str, list[str]]]:
    outcome = Outcome()
    scripts = {f"{prefix}-{n:03d}": script(n) for n in range(senders)}
    deadline = time.monotonic() + max_seconds
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        for future in [pool.submit(converse, url, s, m, outcome, deadline, pause) for s, m in scripts.items()]:
            future.result()
    outcome.wall_s = time.perf_counter() - started
    return outcome, scripts


def verify(production: Production, scripts: dict[str, list[str]], settle_seconds: float = 60) -> dict[str, Any]:
    """Checks the databases and the webhook; returns what it found (problems listed, empty when all is well)."""
    prefix = next(iter(scripts)).rsplit("-", 1)[0]
    app = make_engine(production.config.database_url)
    tracker = make_engine(production.config.tracker_store_url)
    try:
        def escalations() -> dict[str, list[int]]:
            with app.connect() as connection:
                rows = connection.execute(
                    text("SELECT conversation_id, id FROM escalations WHERE conversation_id LIKE :p"), {"p": f"{prefix}-%"}
                ).all()
            found: dict[str, list[int]] = defaultdict(list)
            for conversation_id, escalation_id in rows:
                found[conversation_id].append(escalation_id)
            return found

        wait_until(lambda: len(escalations()) >= len(scripts), timeout=settle_seconds)
        found = escalations()
        ids = {i for group in found.values() for i in group}
        wait_until(lambda: ids <= set(production.webhook.counts()), timeout=settle_seconds)
        time.sleep(2 * float(production.env["OUTBOX_POLL_SECONDS"]) + 1)  # a double send would show up now
        deliveries = production.webhook.counts()
        with tracker.connect() as connection:
            rows = connection.execute(
                text("SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id LIKE :p ORDER BY id"),
                {"p": f"{prefix}-%"},
            ).all()
        stored: dict[str, list[str]] = defaultdict(list)
        for sender_id, data in rows:
            stored[sender_id].append(json.loads(data).get("text"))
    finally:
        app.dispose()
        tracker.dispose()
    problems: dict[str, list[Any]] = {
        "events_not_once_in_order": sorted(s for s, m in scripts.items() if stored.get(s) != m),
        "crisis_without_one_escalation": sorted(s for s in scripts if len(found.get(s, [])) != 1),
        "notifications_not_sent_once": sorted(i for i in ids if deliveries.get(i) != 1),
    }
    return {
        "conversations": len(scripts),
        "user_events": sum(len(v) for v in stored.values()),
        "escalations": len(ids),
        "notifications": sum(deliveries.get(i, 0) for i in ids),
        "problems": {k: v[:10] for k, v in problems.items() if v},
    }
