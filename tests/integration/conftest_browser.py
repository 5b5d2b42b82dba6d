"""Shared real-browser fixture: Debian's Chromium (/usr/bin/chromium) driven by Playwright for Python.

Register it in a test module with `pytest_plugins = ["tests.integration.conftest_browser"]` (or import
`browser` from here). Playwright never downloads a browser: it launches the system Chromium via
`executable_path`. Without Chromium or Playwright the browser tests skip, except under CI=true,
where they fail.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot.config import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots (gitignored)
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 30_000


def missing(reason: str) -> None:
    """Skip a browser test for a missing prerequisite; under CI=true fail instead, so CI cannot silently skip it."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (apt-get install chromium; pip install -e '.[dev]')")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium, one per test module."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()
