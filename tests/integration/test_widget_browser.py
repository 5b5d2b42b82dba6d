"""The website widget in a real browser: Debian's Chromium driven by Playwright, against the running stack.

Screenshots go to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from bot.content.store import load_content
from tests.integration.conftest import Bot

pytest.register_assert_rewrite("tests.integration.conftest_browser")
from tests.integration.conftest_browser import ARTIFACTS, TIMEOUT_MS, browser  # noqa: E402,F401 (shared fixture)

pytestmark = pytest.mark.stack


@pytest.fixture
def page(browser: Any, bot: Bot) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 375, "height": 740})  # a small phone
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"http://127.0.0.1:{bot.config.web_port}/")
    yield page
    context.close()
    assert errors == [], errors


def vetted(bot: Bot, entry_id: str) -> str:
    return load_content().get(entry_id).answer.format(**bot.config.clinic_slots)


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"widget-{name}.png"), full_page=True)


def active_id(page: Any) -> str | None:
    return page.evaluate("document.querySelector('[data-tms-assistant]').shadowRoot.activeElement?.id ?? null")


def bot_bubble(page: Any, text: str) -> Any:
    return page.locator(".message.bot .bubble", has_text=text).last


def ask(page: Any, text: str) -> None:
    page.locator("#message").fill(text)
    page.keyboard.press("Enter")


# Computed colours of text against the nearest opaque background, for the widget's own elements.
CONTRAST_JS = """(selector) => {
  const root = document.querySelector('[data-tms-assistant]').shadowRoot;
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  return [...root.querySelectorAll(selector)].map(el => {
    let bg = el;
    while (bg && rgb(getComputedStyle(bg).backgroundColor)[3] === 0) bg = bg.parentElement || bg.getRootNode().host;
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(bg ? getComputedStyle(bg).backgroundColor : 'rgb(255,255,255)'))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}"""


def test_widget_conversation_buttons_links_crisis_and_reload(bot: Bot, page: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)  # the first replies wait for the model to warm up
    expect(page.locator(".crisis-line")).to_contain_text("In crisis? Call or text 988")

    # Keyboard only: the launcher opens the chat and the input gets focus; the bot greets with buttons.
    launcher = page.get_by_role("button", name=f"Chat with {bot.config.clinic_name}")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name=f"{bot.config.clinic_name} assistant")).to_be_visible()
    assert active_id(page) == "message"
    expect(bot_bubble(page, "not a clinician")).to_be_visible()
    shot(page, "1-greeting")

    # A button sends its payload (/start_prescreen) and shows its title.
    page.get_by_role("button", name="Could TMS work for me?").click()
    expect(page.locator(".message.user .bubble").last).to_have_text("Could TMS work for me?")
    expect(bot_bubble(page, "not a diagnosis")).to_be_visible()
    not_now = page.get_by_role("button", name="Not now")
    not_now.focus()
    page.keyboard.press("Enter")  # quick replies work from the keyboard too
    expect(bot_bubble(page, "no questions asked")).to_be_visible()
    assert "/start_prescreen" not in page.locator(".log").inner_text()
    assert active_id(page) == "message"

    # The vetted answer, word for word, in the log and in the polite live region.
    ask(page, "does tms hurt")
    answer = vetted(bot, "is_it_painful")
    expect(bot_bubble(page, answer)).to_have_text(answer)
    expect(page.locator("[aria-live='polite']")).to_contain_text(answer)

    # URLs in bot text become safe links (trailing punctuation left out); nothing else becomes markup.
    ask(page, "how do I contact the clinic to book an appointment")
    link = page.locator(".message.bot .bubble a", has_text=bot.config.booking_url).last
    expect(link).to_have_attribute("href", re.compile(r"^https?://"))
    assert link.get_attribute("href").rstrip("/") == bot.config.booking_url.rstrip("/")
    assert link.get_attribute("rel") == "noopener noreferrer"
    ask(page, "<img src=x onerror=alert(1)> hi")
    expect(page.locator(".message.user .bubble").last).to_have_text("<img src=x onerror=alert(1)> hi")
    assert page.locator(".log img").count() == 0

    ask(page, "i want to kill myself")
    crisis = bot_bubble(page, "988")
    expect(crisis).to_be_visible()
    shot(page, "2-crisis")

    # Readable contrast and a panel that fits a 375px screen.
    for selector in (".launcher", ".header h2", ".crisis", ".note", ".bubble", ".choice", ".send", "#message"):
        ratios = page.evaluate(CONTRAST_JS, selector)
        assert all(r >= 4.5 for r in ratios), (selector, ratios)
    box = page.locator(".panel").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375

    # A reload keeps the conversation (transcript in sessionStorage, same Rasa session id).
    session_id = page.evaluate("Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]")
    page.reload()
    expect(bot_bubble(page, answer)).to_be_visible()
    expect(crisis).to_be_visible()
    expect(page.locator(".message.user .bubble", has_text="does tms hurt")).to_be_visible()
    ask(page, "how long is a session")
    expect(bot_bubble(page, vetted(bot, "session_length"))).to_be_visible()
    user_turns = [e.get("text") for e in bot.tracker(session_id)["events"] if e.get("event") == "user"]
    assert "does tms hurt" in user_turns and user_turns[-1] == "how long is a session"
    shot(page, "3-after-reload")

    # Escape closes the chat and gives focus back to the launcher.
    page.keyboard.press("Escape")
    expect(page.locator(".panel")).to_be_hidden()
    assert page.evaluate("document.querySelector('[data-tms-assistant]').shadowRoot.activeElement?.className") == "launcher"
