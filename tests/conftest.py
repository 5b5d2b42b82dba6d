"""Shared pytest fixtures, and the test tiers.

Tiers by directory: tests/rasa is `model` (the trained model, Rasa's own commands, no servers),
tests/integration is `stack` (a trained model and the running Rasa + action servers), tests/scale is `scale`
(PostgreSQL, Redis, nginx, replicas); everything else is the unit tier, which `make test-unit` runs alone
(`-m "not slow"`): no model, no servers, a few minutes. The few unit tests marked `slow` (data checks taking
seconds each) run with the rest in `make test`.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from sqlalchemy.engine import Engine

import bot.config
from bot.config import Settings, load_settings
from bot.db import engine_for

# Fixtures shared across modules: the staff console app (`console`) and a real browser (`browser`).
pytest_plugins = ["tests.staff_support", "tests.integration.conftest_browser"]

TESTS = Path(__file__).resolve().parent
TIERS = {"rasa": "model", "integration": "stack", "scale": "scale"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks the tiers, and runs the tests that build the crisis detector (its fixture, or marked `detector`)
    last: in `make test` Rasa's e2e check (tests/rasa, beside this tier once the model is trained) fits the
    same classifier as it loads the model and keeps it in models/; by then these usually load it instead of
    fitting it a second time beside it (a minute of the two cores)."""
    for item in items:
        parts = item.path.relative_to(TESTS).parts if item.path.is_relative_to(TESTS) else ()
        if parts and parts[0] in TIERS:
            item.add_marker(TIERS[parts[0]])
    items.sort(key=lambda item: "detector" in getattr(item, "fixturenames", ()) or item.get_closest_marker("detector") is not None)

# =====================================================================================================
# Unit-test fixtures: temporary databases and settings overrides
# (test_escalation, test_outbox, test_sweeper, test_prescreen_dialogue, test_cli).
# Nothing here is autouse, and nothing touches var/ or the real .env-configured database.
# =====================================================================================================


@pytest.fixture
def app_db_url(tmp_path) -> str:
    """SQLAlchemy URL of a fresh SQLite file for our own tables (escalations, outbox, pre-screens)."""
    return f"sqlite:///{tmp_path}/app.db"


@pytest.fixture
def app_engine(app_db_url: str) -> Iterator[Engine]:
    """An engine on the temporary database, tables created (the same cached engine `default_engine()` returns
    when DATABASE_URL is `app_db_url`, see `env_settings`)."""
    engine = engine_for(app_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """Builds Settings with no notification transport unless the test turns one on:
    `make_settings(escalation_webhook_url="http://x")`."""

    def make(**overrides: Any) -> Settings:
        base = {"escalation_webhook_url": "", "smtp_host": "", "staff_alert_email": ""}
        return dataclasses.replace(load_settings(), **{**base, **overrides})

    return make


@pytest.fixture
def env_settings(monkeypatch: pytest.MonkeyPatch, app_db_url: str) -> Iterator[Settings]:
    """Makes the process-wide `bot.config.settings()` point at the temporary database, with notifications off.

    For code that reads settings itself (the CLI, the sweeper); the settings cache is cleared before and after.
    """
    monkeypatch.setenv("DATABASE_URL", app_db_url)
    for name in ("ESCALATION_WEBHOOK_URL", "SMTP_HOST", "STAFF_ALERT_EMAIL"):
        monkeypatch.setenv(name, "")  # set-but-empty: python-dotenv never overrides it from a local .env
    bot.config.settings.cache_clear()
    yield bot.config.settings()
    bot.config.settings.cache_clear()


# ======================================= end of unit-test fixtures ===================================
