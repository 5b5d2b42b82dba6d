"""The staff console in a real browser: Debian's Chromium driven by Playwright, against the running stack.

A person sends an XSS-laden message and then a crisis message; a nurse signs in through the form, finds the
escalation in the queue, reads the transcript (the markup shows as text and never runs), takes the
conversation over, replies (the reply lands in Rasa's tracker), hands it back and resolves the escalation.

Screenshots go to tests/artifacts/ (gitignored).
"""
from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest

from bot.db import engine_for, session_scope, utcnow
from bot.escalation.models import Escalation
from bot.screening.records import Prescreen
from bot.staff import accounts
from bot.staff.models import AuditEntry, StaffUser
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


# ---------------------------------------------------------------------------------------- issue 13: the coordinator's pages

def _prescreen(bot: Bot, conversation_id: str, **columns: Any) -> int:
    values = {"channel": "rest", "answers": {"age": 41}, "outcome": "needs_clinician_review", "urgent": 1,
              "phq9_total": 21, "phq9_band": "severe", "contact_name": "Robin Example", "contact_phone": "+15550104477",
              "contact_method": "call", **columns}
    with session_scope(engine_for(bot.config.database_url)) as session:
        row = Prescreen(conversation_id=conversation_id, started_at=utcnow(), completed_at=utcnow(), **values)
        session.add(row)
        session.flush()
        return int(row.id)


def _audited(bot: Bot, actor: str, action: str) -> list[Any]:
    with session_scope(engine_for(bot.config.database_url)) as session:
        return list(session.query(AuditEntry).filter(AuditEntry.actor == actor, AuditEntry.action == action))


def _box(tab: Any, selector: str) -> dict[str, float]:
    box = tab.locator(selector).first.bounding_box()
    assert box, selector
    return box


def _visitor_says(tab: Any, text: str) -> None:
    tab.locator("#message").fill(text)
    tab.keyboard.press("Enter")


def test_conversation_page_summary_reveal_call_canned_reply_and_live_updates(bot: Bot, browser: Any) -> None:
    """A coordinator opens a website visitor's crisis conversation: a summary card (masked until revealed; "Call"
    after it, logged), a canned reply fills the box, and the page updates itself as the visitor comes back,
    reads the reply and writes again."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    base = f"http://127.0.0.1:{bot.config.web_port}"
    widget = f"Chat with {bot.config.clinic_name}"

    # The visitor writes in crisis on the website, then closes the tab.
    visitor = browser.new_context(viewport={"width": 1280, "height": 800})
    chat = visitor.new_page()
    chat.goto(f"{base}/")
    chat.get_by_role("button", name=widget).click()
    _visitor_says(chat, CRISIS)
    expect(chat.locator(".message.bot .bubble", has_text="988").last).to_be_visible()
    sender = chat.evaluate("Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]")
    remembered = visitor.storage_state()
    visitor.close()
    escalation = wait_for(lambda: bot.escalations(sender), timeout=20)[0]
    prescreen = _prescreen(bot, sender, channel="socketio")
    tab = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD)
    username = tab.locator("header .who").inner_text().split(" ")[0]
    tab.goto(f"{base}/staff/escalations/{escalation.id}")

    # 1. The summary: the message, the category, a masked name and phone, the pre-screen's outcome.
    summary = tab.locator("#summary")
    expect(summary.locator("#summary-trigger")).to_contain_text(CRISIS)
    expect(summary.locator("#summary-category")).to_contain_text("P1")
    expect(summary.locator("#summary-name")).to_have_text("R. E.")
    expect(summary.locator("#summary-phone")).to_contain_text("**********77")
    expect(summary.locator("#call")).to_have_count(0)
    expect(summary.locator("#summary-prescreen a")).to_have_attribute("href", f"/staff/prescreens/{prescreen}")
    expect(summary.locator("#summary-prescreen")).to_contain_text("Needs clinician review")
    screenshot(tab, "staff-conversation-summary-1280x800")

    # 2. Reveal (audited): the full name and a tel: "Call" link; tapping it is logged too.
    tab.locator("#reveal").click()
    expect(summary.locator("#summary-name")).to_have_text("Robin Example")
    call = summary.locator("#call")
    expect(call).to_have_attribute("href", "tel:+15550104477")
    box = _box(tab, "#call")
    assert box["width"] >= 24 and box["height"] >= 24, box
    tab.evaluate("document.getElementById('call').addEventListener('click', e => e.preventDefault())")  # no dialer here
    call.click()
    wait_for(lambda: _audited(bot, username, "call"), timeout=5)
    assert _audited(bot, username, "reveal")
    screenshot(tab, "staff-conversation-revealed-call")

    # 3. Take over; a canned reply fills the box with the hotline file's numbers; send it (the visitor is away).
    tab.goto(f"{base}/staff/escalations/{escalation.id}")
    tab.locator("#take-over").click()
    expect(tab.locator("#handoff-banner")).to_be_visible()
    tab.locator("button[data-canned=safety_check]").click()
    expect(tab.locator("#reply-text")).to_have_value(re.compile(r"call or text 988 any time"))
    expect(tab.locator("#reply-text")).to_be_focused()
    screenshot(tab, "staff-canned-reply")
    tab.locator("#reply-send").click()
    expect(tab.locator("main .notice[role=status]")).to_contain_text("Reply saved")
    expect(tab.locator("#replies .reply").last).to_have_attribute("data-state", "queued")

    # 4. Without a reload: the visitor comes back and reads it ("Seen"), then writes again.
    tab.evaluate("window.__samePage = true")
    returning = browser.new_context(viewport={"width": 1280, "height": 800}, storage_state=remembered)
    chat = returning.new_page()
    chat.goto(f"{base}/")
    chat.get_by_role("button", name=widget).click()
    expect(chat.locator(".message.staff", has_text="Are you safe right now?")).to_be_visible()
    expect(tab.locator("#replies .reply").last).to_have_attribute("data-state", "seen", timeout=6_000)
    expect(tab.locator("#replies .reply").last).to_contain_text("Seen")
    _visitor_says(chat, "are you still there? my number is 555-867-5309")
    newest = tab.locator("#transcript .turn").last
    expect(newest).to_contain_text("are you still there?", timeout=6_000)
    expect(newest).to_contain_text("**********09")  # masked like the rest of the page
    assert tab.evaluate("window.__samePage") is True  # updated in place, never reloaded
    expect(tab.locator("#live-status")).to_have_text(re.compile(r"new message"))
    assert _box(tab, "#transcript")["y"] < _box(tab, "#reply-text")["y"]  # the newest sits above the reply box
    screenshot(tab, "staff-conversation-live-1280x800")
    returning.close()
    assert _axe_in_a_csp_free_copy(tab, bot, escalation.id) == []
    tab.context.close()


def _axe_in_a_csp_free_copy(tab: Any, bot: Bot, escalation_id: int) -> list[dict[str, Any]]:
    """axe is injected, which the console's CSP forbids: the same view again, signed in as the same user, in a
    context that bypasses the CSP (the test itself runs under the real one, so its scripts are checked too)."""
    context = tab.context.browser.new_context(viewport=tab.viewport_size, bypass_csp=True,
                                              storage_state=tab.context.storage_state())
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/escalations/{escalation_id}")
    page.locator("#transcript").wait_for()
    found = axe_problems(page)
    context.close()
    return found


def test_conversation_times_keep_counting_on_a_phone_with_the_summary_first(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    sender = f"phone-{uuid.uuid4().hex[:8]}"
    bot.say(sender, CRISIS)
    escalation = wait_for(lambda: bot.escalations(sender), timeout=20)[0]
    _prescreen(bot, sender)
    tab = staff_tab(browser, bot, {"width": 390, "height": 844}, PASSWORD, bypass_csp=True)
    tab.clock.install(time=dt.datetime.now(dt.timezone.utc))
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/escalations/{escalation.id}")
    trigger_age = tab.locator("#trigger .ago")
    expect(trigger_age).to_have_text("just now")
    expect(tab.locator("#trigger time.local")).to_have_attribute("title", re.compile(r"UTC$"))
    tab.clock.fast_forward("12:00")
    expect(trigger_age).to_have_text("12 min ago")  # "just now" does not stay "just now"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert _box(tab, "#summary")["y"] < _box(tab, "#transcript")["y"]
    assert axe_problems(tab) == []
    screenshot(tab, "staff-conversation-summary-390x844")
    tab.context.close()


def test_queue_filters_for_assignee_and_dates_combine_with_search_and_stay_in_the_url(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    batch = uuid.uuid4().hex[:6]
    tab = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD)
    me = tab.locator("header .who").inner_text().split(" ")[0]
    with session_scope(engine_for(bot.config.database_url)) as session:
        for i, (assignee, days_ago) in enumerate(((me, 0), (me, 40), (None, 0))):
            session.add(Escalation(conversation_id=f"filter-{batch}-{i}", message_id="m", channel="rest", category="passive",
                                   priority=3, trigger_text=f"filter check {batch} number {i}", recorded_by="action",
                                   assignee=assignee, created_at=utcnow() - dt.timedelta(days=days_ago)))
    tab.reload()
    tab.locator("#q").fill(batch)
    tab.locator("#f-assignee").select_option(me)
    tab.locator("#filter-apply").click()
    count = tab.locator("#queue-count")
    expect(count).to_have_text("Showing 1–2 of 2")
    since = (utcnow().date() - dt.timedelta(days=7)).isoformat()
    tab.locator("#f-from").fill(since)
    tab.locator("#filter-apply").click()
    expect(count).to_have_text("Showing 1–1 of 1")
    expect(tab.locator(".escalation-row")).to_contain_text(f"filter check {batch} number 0")
    assert re.search(rf"assignee={re.escape(me)}\b", tab.url) and f"from={since}" in tab.url and f"q={batch}" in tab.url
    screenshot(tab, "staff-queue-filters")
    tab.reload()  # a shared or reloaded link keeps the filters
    expect(count).to_have_text("Showing 1–1 of 1")
    expect(tab.locator("#f-assignee")).to_have_value(me)
    expect(tab.locator("#f-from")).to_have_value(since)
    tab.locator("#f-assignee").select_option("-")
    tab.locator("#f-from").fill("")
    tab.locator("#filter-apply").click()
    expect(tab.locator(".escalation-row")).to_contain_text(f"filter check {batch} number 2")
    expect(count).to_have_text("Showing 1–1 of 1")
    tab.context.close()


def test_prescreens_list_names_flags_crises_links_the_conversation_with_tappable_ids(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    sender = f"ps-{uuid.uuid4().hex[:8]}"
    bot.say(sender, CRISIS)
    escalation = wait_for(lambda: bot.escalations(sender), timeout=20)[0]
    name = f"Casey {uuid.uuid4().hex[:5]}"
    prescreen = _prescreen(bot, sender, contact_name=name, urgent=0)
    for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        tab = staff_tab(browser, bot, viewport, PASSWORD, bypass_csp=True)
        tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/prescreens")
        row = tab.locator(f".prescreen-row[data-id='{prescreen}']")
        expect(row).to_contain_text(name)
        expect(row).to_contain_text("Needs clinician review")
        expect(row.locator(".crisis-flag")).to_have_text("Crisis")  # a P1 escalation in its conversation
        expect(row.locator(".ago")).to_have_text("just now")
        box = row.locator("a.record-id").bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24, box
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert axe_problems(tab) == [], viewport
        screenshot(tab, f"staff-prescreens-{viewport['width']}x{viewport['height']}")
        row.locator("a.conversation-link").click()
        expect(tab).to_have_url(re.compile(rf"/staff/escalations/{escalation.id}$"))
        tab.context.close()


def test_audit_log_filters_by_user_action_and_date_and_exports_csv_that_is_itself_logged(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    tab = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD, bypass_csp=True)
    admin = tab.locator("header .who").inner_text().split(" ")[0]
    with session_scope(engine_for(bot.config.database_url)) as session:
        session.query(StaffUser).filter(StaffUser.username == admin).update({"role": "admin"})
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/audit")
    tab.locator("#f-actor").fill(admin)
    tab.locator("#f-action").select_option("login")
    tab.locator("#f-from").fill(utcnow().date().isoformat())
    tab.locator("#filter").click()
    rows = tab.locator(".audit-row")
    expect(rows).to_have_count(1)
    expect(rows.locator(".actor")).to_have_text(admin)
    assert "action=login" in tab.url and f"actor={admin}" in tab.url
    assert axe_problems(tab) == []
    screenshot(tab, "staff-audit-filtered")
    with tab.expect_download() as download_info:
        tab.locator("#export-csv").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    lines = text.strip().splitlines()
    assert lines[0].startswith("id,at_utc,actor,action") and len(lines) == 2 and f",{admin},login," in lines[1]
    wait_for(lambda: _audited(bot, admin, "audit_export"), timeout=5)
    tab.reload()  # the action list now holds the export
    tab.locator("#f-action").select_option("audit_export")
    tab.locator("#filter").click()
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("filter_action=login")
    tab.set_viewport_size({"width": 390, "height": 844})
    assert axe_problems(tab) == []
    screenshot(tab, "staff-audit-390x844")
    tab.context.close()
