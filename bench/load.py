"""Load test of the production profile: many concurrent conversations through nginx, checked in the databases.

`python -m bench.load` (or `bench.load.main()` from `make bench`). Loopback only, bounded: SENDERS
conversations x 6 messages (a greeting, a question, a crisis message, the pre-screen start, consent and
a first answer), all conversations at once, each message waiting for the previous reply. Run with 1 and
with 2 Rasa replicas behind nginx (same action servers, workers, PostgreSQL, Redis). Afterwards, from
the databases: every message's user event stored exactly once and in order (Rasa's `events` table),
exactly one escalation per crisis message, and every staff notification delivered exactly once (a local
webhook counts deliveries). Prints throughput and p50/p95/p99 latency; writes bench/results/load.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import requests

from bot.config import ROOT
from tests.support.load import SENDERS, run_conversations, script, verify
from tests.support.production import Production

RESULTS = ROOT / "bench" / "results"


def warm_up(production: Production, replicas: int) -> None:
    """The first turns on a fresh Rasa process are slow (lazy loading); send some to each replica directly."""
    for port in production.config.rasa_replica_ports()[:replicas]:
        for n, message in enumerate(["hello", "does tms hurt", "i want to kill myself"]):
            requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                          json={"sender": f"warmup-{port}-{n}", "message": message}, timeout=120)


def phase(production: Production, replicas: int, senders: int) -> dict[str, Any]:
    production.route_to(replicas)
    warm_up(production, replicas)
    outcome, scripts = run_conversations(production.rest_url, f"load{replicas}r-{int(time.time())}", senders)
    result = {"rasa_replicas": replicas, **outcome.summary(), "crisis_replies_without_988": len(outcome.crisis_replies_without_988)}
    result["checks"] = verify(production, scripts)
    print(f"{replicas} Rasa replica(s):", json.dumps(result), flush=True)
    return result


def measure(senders: int = SENDERS) -> dict[str, Any]:
    """1 Rasa replica, then 2 (both behind nginx, same services); the function `make bench` calls."""
    production = Production(rasa_replicas=2)
    try:
        production.start_services()
        production.migrate()
        production.sign_off()  # approved versions only, as production serves them
        production.start_stack("rasa-1", "actions", "worker")
        one = phase(production, 1, senders)
        assert production.stack is not None
        production.stack.start("rasa-2")
        production.stack.wait_ready(timeout=400, names=("rasa-2",))
        two = phase(production, 2, senders)
    finally:
        production.close()
    speedup = two["throughput_msg_s"] / one["throughput_msg_s"] if one["throughput_msg_s"] else 0.0
    report = {"senders": senders, "messages_per_sender": len(script(0)), "one_replica": one, "two_replicas": two,
              "speedup_2_over_1": round(speedup, 2), "target_speedup": 1.4}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(report, indent=2))
    print("\n| Rasa replicas | msg/s | p50 ms | p95 ms | p99 ms | errors | DB checks |\n|---|---|---|---|---|---|---|")
    for r in (one, two):
        checks = "ok" if not r["checks"]["problems"] else json.dumps(r["checks"]["problems"])
        cells = [r["rasa_replicas"], r["throughput_msg_s"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["errors"], checks]
        print("| " + " | ".join(str(cell) for cell in cells) + " |")
    print(f"\nspeed-up with 2 replicas: {speedup:.2f}x (target 1.4x); written to {RESULTS / 'load.json'}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--senders", type=int, default=SENDERS)
    args = parser.parse_args(argv)
    report = measure(args.senders)
    ok = all(not r["checks"]["problems"] and not r["errors"] for r in (report["one_replica"], report["two_replicas"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
