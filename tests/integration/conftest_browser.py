"""Shared real-browser fixture: Debian's Chromium (/usr/bin/chromium) driven by Playwright for Python.

tests/conftest.py registers this module as a plugin, so `browser` reaches every test. Playwright never
downloads a browser: it launches the system Chromium via `executable_path`. Without Chromium or
Playwright the browser tests skip, except under CI=true, where they fail.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot.config import ROOT
from bot.db import engine_for, session_scope
from bot.staff import accounts

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots (gitignored)
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 30_000


def screenshot(page: Any, name: str) -> None:
    """A full-page screenshot in tests/artifacts/ (name without .png), for a person to look at after a run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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


AXE_JS = ROOT / "web" / "widget" / "node_modules" / "axe-core" / "axe.min.js"  # `make test` installs it (npm ci)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_problems(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations (WCAG 2.2 A/AA rules, target size included) on the page as
    it is now, open shadow roots (the widget) included. The page's context needs `bypass_csp=True`: axe
    is injected, and the pages allow no script but their own."""
    if not AXE_JS.exists():
        missing(f"{AXE_JS} is missing (cd web/widget && npm ci)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => (await axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations
             .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))""",
        AXE_TAGS,
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def staff_tab(browser: Any, bot: Any, viewport: dict[str, int], password: str, **context_options: Any) -> Any:
    """A console tab signed in as a fresh staff account, in its own browser context (`bot`: the running stack)."""
    from playwright.sync_api import expect

    username = f"coord-{uuid.uuid4().hex[:6]}"
    with session_scope(engine_for(bot.config.database_url)) as session:
        accounts.create_user(session, username, password, "staff")
    context = browser.new_context(viewport=viewport, **context_options)
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/login")
    tab.locator("#login-username").fill(username)
    tab.locator("#login-password").fill(password)
    tab.locator("#login-submit").click()
    expect(tab.locator("header .who")).to_contain_text(username)
    return tab
