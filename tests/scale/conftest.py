"""The production profile, started once per session on free loopback ports in a temporary directory:
PostgreSQL, Redis and nginx (scripts/services.sh), 2 Rasa replicas, 2 action servers, 2 workers.

Needs postgresql, redis-server and nginx installed (`scripts/services.sh install`, which the Makefile
runs before the tests) and the trained model.
"""
from __future__ import annotations

from typing import Iterator

import pytest
import requests

from bot.config import ROOT
from bot.run import MODEL
from tests.support.production import Production, missing_binaries


@pytest.fixture(scope="session")
def services() -> Iterator[Production]:
    """Services only (no bot processes yet): PostgreSQL, Redis, nginx."""
    missing = missing_binaries()
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed: run `scripts/services.sh install` (make test does)")
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run the tests through `make test`, which trains it")
    production = Production(rasa_replicas=2, action_replicas=2, worker_replicas=2,
                            keep_logs=ROOT / "tests" / "artifacts" / "scale-logs")
    try:
        production.start_services()
        production.migrate()
        yield production
    finally:
        production.close()


@pytest.fixture(scope="session")
def production(services: Production) -> Production:
    """The whole production stack on top of `services`, after a clinical reviewer's first sign-off (the
    production profile serves approved versions only and will not start without approved hotlines)."""
    if services.stack is None:
        services.sign_off()
        services.start_stack("rasa", "actions", "worker")
    return services


def say(production: Production, sender: str, text: str) -> list[str]:
    response = requests.post(production.rest_url, json={"sender": sender, "message": text}, timeout=60)
    assert response.status_code == 200, response.text
    return [m.get("text", "") for m in response.json()]
