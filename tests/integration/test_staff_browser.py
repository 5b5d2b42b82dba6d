"""The staff console in a real browser: Debian's Chromium driven by Playwright, against the running stack.

A person sends an XSS-laden message and then a crisis message; a nurse signs in through the form, finds the
escalation in the queue, reads the transcript (the markup shows as text and never runs), takes the
conversation over, replies (the reply lands in Rasa's tracker), hands it back and resolves the escalation.

Screenshots go to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import re
import time
import uuid
from typing import Any, Iterator

import pytest

from bot.db import engine_for, session_scope
from bot.escalation.models import Escalation
from bot.staff import accounts
from tests.integration.conftest import Bot, wait_for
from tests.integration.conftest_browser import TIMEOUT_MS, axe_problems, screenshot, staff_tab

PASSWORD = "browser passphrase 1"
XSS = "<script>window.pwned=1</script><img src=x onerror='window.pwned=2'> hello"
CRISIS = "i want to end my life tonight"
REPLY = "This is Nurse Kim from the clinic. I am calling you in 5 minutes."


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:  # an alert() would mean injected script ran
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    context.close()
    assert errors == [], errors
    assert dialogs == [], dialogs


def test_staff_console_in_browser_escaped_transcript_take_over_reply_resolve(bot: Bot, page: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    base = f"http://127.0.0.1:{bot.config.web_port}"
    sender, username = f"browser-{uuid.uuid4().hex[:8]}", f"nurse-{uuid.uuid4().hex[:6]}"

    # 1. A staff account, made through the console's own Python API.
    with session_scope(engine_for(bot.config.database_url)) as session:
        accounts.create_user(session, username, PASSWORD, "staff")

    # 2. The person writes markup, then crisis language (which gets the 988 reply and escalates).
    bot.say(sender, XSS)
    assert any("988" in m.get("text", "") for m in bot.say(sender, CRISIS))

    # 3. Unauthenticated, /staff redirects to the sign-in page.
    page.goto(f"{base}/staff")
    expect(page).to_have_url(re.compile(re.escape(f"{base}/staff/login")))
    expect(page.locator("#login-username")).to_be_visible()
    screenshot(page, "staff-1-login")

    # 4. Sign in through the form; the escalation shows up in the queue within 5 s.
    page.locator("#login-username").fill(username)
    page.locator("#login-password").fill(PASSWORD)
    page.locator("#login-submit").click()
    expect(page).to_have_url(f"{base}/staff")
    expect(page.locator("header .who")).to_contain_text(username)
    row = page.locator(".escalation-row", has_text=sender)

    def row_visible() -> bool:
        if row.count():
            return True
        page.reload()
        return bool(row.count())

    wait_for(row_visible, timeout=5, interval=0.5)
    expect(row).to_have_count(1)
    screenshot(page, "staff-2-queue")

    # 5. The transcript shows the markup as literal text, and none of it ran.
    escalation_id = int(row.get_attribute("data-id"))
    row.locator("a.open").click()
    expect(page).to_have_url(f"{base}/staff/escalations/{escalation_id}")
    transcript = page.locator("#transcript")
    expect(transcript.locator(".turn.user", has_text="<script>window.pwned=1</script>")).to_have_count(1)
    expect(transcript.locator(".turn.user.trigger")).to_contain_text(CRISIS)
    assert XSS in transcript.inner_text()
    assert "<script>" in page.locator("body").inner_text()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert transcript.locator("script, img").count() == 0
    screenshot(page, "staff-3-escalation")

    # 6. Take over, reply from the form; the reply reaches the person's conversation in Rasa.
    page.locator("#take-over").click()
    expect(page.locator("#handoff-banner")).to_be_visible()
    page.locator("#reply-text").fill(REPLY)
    page.locator("#reply-send").click()
    expect(page.locator("main .notice[role=status]")).to_contain_text("Reply sent.")

    def reply_in_tracker() -> bool:
        return any(e.get("event") == "bot" and e.get("text") == REPLY for e in bot.tracker(sender)["events"])

    wait_for(reply_in_tracker, timeout=5)
    expect(transcript.locator(".turn.staff", has_text=REPLY)).to_have_count(1)
    assert page.evaluate("typeof window.pwned") == "undefined"
    screenshot(page, "staff-4-reply")

    # 7. Hand back to the bot and resolve; the database says resolved.
    page.locator("#hand-back").click()
    expect(page.locator("main .notice[role=status]")).to_contain_text("Handed back")
    expect(page.locator("#handoff-banner")).to_have_count(0)
    expect(page.locator("#take-over")).to_be_visible()
    page.locator("#resolve").click()
    expect(page.locator("#status")).to_have_class(re.compile(r"\bs-resolved\b"))
    expect(page.locator("#reopen")).to_be_visible()
    screenshot(page, "staff-5-resolved")

    statuses = {e.id: e.status for e in bot.escalations(sender)}
    assert statuses[escalation_id] == "resolved", statuses


def test_queue_with_more_than_200_open_items_pages_and_finds_one_by_search(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    batch = uuid.uuid4().hex[:6]
    with session_scope(engine_for(bot.config.database_url)) as session:
        session.add_all(Escalation(conversation_id=f"bulk-{batch}-{i}", message_id="m", channel="rest", category="passive",
                                   priority=3, trigger_text=f"bulk message {i}", recorded_by="action") for i in range(230))
        session.add(Escalation(conversation_id=f"needle-{batch}", message_id="m", channel="socketio", category="staff_request",
                               priority=4, trigger_text=f"please ask Zebediah {batch} to call me at 555-123-9876",
                               recorded_by="action"))
    tab = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD)
    count = tab.locator("#queue-count")
    expect(count).to_have_text(re.compile(r"Showing 1–50 of (\d+)"))
    found = re.search(r"of (\d+)", count.inner_text())
    assert found
    total = int(found.group(1))
    assert total >= 231 > 200
    expect(tab.locator(".escalation-row")).to_have_count(50)
    tab.locator("#page-next").click()
    expect(count).to_have_text(f"Showing 51–100 of {total}")
    screenshot(tab, "staff-queue-page-2")

    tab.locator("#q").fill(f"Zebediah {batch}")
    tab.locator("#filter-apply").click()
    expect(count).to_have_text("Showing 1–1 of 1")
    row = tab.locator(".escalation-row")
    expect(row).to_contain_text("Website chat")  # the channel in plain words
    expect(row).to_contain_text("Asked to talk to a person")
    expect(row.locator(".preview")).to_contain_text(f"Zebediah {batch}")
    assert "555-123-9876" not in row.inner_text()  # the preview masks contact details
    screenshot(tab, "staff-queue-search")

    # Filters narrow it too: the needle is P4 on the website chat, none of the bulk ones is.
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff?priority=4&channel=socketio&q={batch}")
    expect(count).to_have_text("Showing 1–1 of 1")
    tab.context.close()


NOTIFICATION_SPY = """
window.__notifications = [];
window.Notification = function (title, options) { window.__notifications.push(title); };
window.Notification.permission = "granted";
window.Notification.requestPermission = () => Promise.resolve("granted");
"""


def test_a_new_crisis_appears_in_an_open_console_within_5_seconds_with_alerts(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    tab = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD)
    tab.context.add_init_script(NOTIFICATION_SPY)
    tab.reload()
    expect(tab.locator("#queue-count")).to_be_visible()
    tab.wait_for_timeout(1500)  # the live stream has sent its first counts
    before = tab.evaluate("document.title.match(/^\\((\\d+)\\)/)?.[1] ?? '0'")

    sender = f"live-{uuid.uuid4().hex[:8]}"
    assert any("988" in m.get("text", "") for m in bot.say(sender, CRISIS))
    started = time.monotonic()
    row = tab.locator(".escalation-row", has_text=sender)
    expect(row).to_be_visible(timeout=5_000)
    assert time.monotonic() - started <= 5
    expect(row).to_have_class(re.compile(r"\bfresh\b"))
    after = tab.evaluate("document.title.match(/^\\((\\d+)\\)/)?.[1] ?? '0'")
    assert int(after) == int(before) + 1, (before, after, tab.title())
    assert tab.evaluate("window.__notifications") == ["New crisis escalation"]
    screenshot(tab, "staff-queue-live-crisis")

    # Opening it clears the highlight.
    row.locator("a.open").click()
    tab.go_back()
    expect(tab.locator(".escalation-row", has_text=sender)).not_to_have_class(re.compile(r"\bfresh\b"))

    # On a phone the queue is a column of cards, no sideways scrolling.
    tab.set_viewport_size({"width": 390, "height": 844})
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(tab, "staff-queue-phone-390")
    tab.context.close()


def test_console_queue_and_conversation_pages_have_no_serious_accessibility_problems(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    sender = f"a11y-{uuid.uuid4().hex[:8]}"
    bot.say(sender, "does tms hurt")
    bot.say(sender, CRISIS)
    escalation = wait_for(lambda: bot.escalations(sender), timeout=20)[0]
    for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        tab = staff_tab(browser, bot, viewport, PASSWORD, bypass_csp=True)
        expect(tab.locator("#queue-count")).to_be_visible()
        assert axe_problems(tab) == [], (viewport, "queue")
        tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/escalations/{escalation.id}")
        expect(tab.locator("#transcript")).to_be_visible()
        assert axe_problems(tab) == [], (viewport, "conversation")
        screenshot(tab, f"staff-conversation-{viewport['width']}x{viewport['height']}")
        tab.context.close()
