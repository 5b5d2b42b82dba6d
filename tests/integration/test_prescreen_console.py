"""Pre-screens in the staff console and the widget, over the running stack in a real browser: the list and an
open pre-screen page update live (a new and a finished pre-screen, each new answer, without a reload, each
refresh audited) and the list pages; a person's own words stay beside the parsed answer and a seizure-threshold
medicine is flagged for staff; the reply states sent by SMS / e-mail / no fallback are readable badges; a screen
reader hears "Question N of 35" once, with the question. Screenshots in tests/artifacts/.
"""
from __future__ import annotations

import re
import uuid
from typing import Any

from bot.db import engine_for, session_scope, utcnow
from bot.screening.records import Prescreen
from bot.staff import replies
from bot.staff.models import AuditEntry
from tests.integration.conftest import Bot, wait_for
from tests.integration.conftest_browser import TIMEOUT_MS, axe_problems, screenshot, staff_tab
from tests.integration.test_prescreen import SMS_ANSWERS, sender, start
from tests.integration.test_widget_browser import ask, bot_bubble, start_prescreen

PASSWORD = "prescreen console passphrase 4"
THEIR_WORDS = "sertraline and then wellbutrin"


def _answers() -> list[str]:
    """A whole pre-screen, the antidepressants tried named rather than counted (one of them is bupropion)."""
    return [THEIR_WORDS if slot == "antidepressants_tried" else answer for slot, answer in SMS_ANSWERS]


def _live_views(bot: Bot, actor: str) -> list[dict[str, Any]]:
    with session_scope(engine_for(bot.config.database_url)) as session:
        rows = session.query(AuditEntry).filter(AuditEntry.actor == actor, AuditEntry.action == "view_prescreens")
        return [dict(row.detail or {}) for row in rows]


def test_the_pre_screens_list_shows_a_new_and_a_finished_pre_screen_live_and_flags_bupropion(
        bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    tab = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD, bypass_csp=True)
    actor = tab.locator("header .who").inner_text().split(" ")[0]
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/prescreens")
    tab.evaluate("window.notReloaded = true")

    # A person starts a pre-screen: its row appears in the open list, marked new and announced.
    person = sender()
    start(bot, person)
    bot.texts(person, "42")
    [stored] = wait_for(lambda: bot.prescreens(person), timeout=10)
    row = tab.locator(f".prescreen-row[data-id='{stored.id}']")
    expect(row).to_be_visible(timeout=10_000)
    expect(row).to_contain_text("Not finished")
    expect(row).to_have_class(re.compile(r"\bfresh\b"))
    expect(tab.locator("#prescreens-live")).to_have_text("1 new pre-screen")
    screenshot(tab, "staff-prescreens-new-live-1280x800")

    # They finish it, naming their antidepressants: the same row shows the outcome and the bupropion flag.
    for answer in _answers()[1:]:
        bot.texts(person, answer)
    expect(row).not_to_contain_text("Not finished", timeout=10_000)
    expect(row.locator(".tag.meds")).to_have_text("Seizure-risk medicine: bupropion")
    assert tab.evaluate("window.notReloaded === true")  # no reload: swapped in place
    assert axe_problems(tab) == []
    views = _live_views(bot, actor)
    # Each read of the list is audited: the page as opened, then every live refresh (marked live).
    assert [v.get("live", False) for v in views][:1] == [False] and sum(1 for v in views if v.get("live")) >= 2, views

    # Stored: the parsed count and, beside it, what the person wrote.
    [done] = bot.prescreens(person)
    assert done.answers["antidepressants_tried"] == 2
    assert done.answers["antidepressants_tried (their words)"] == THEIR_WORDS

    # The pre-screen page: the flag at the top, the person's words next to the parsed answer.
    row.locator("a.record-id").click()
    expect(tab).to_have_url(re.compile(rf"/staff/prescreens/{done.id}$"))
    expect(tab.locator("#seizure-meds")).to_contain_text("Seizure-threshold medicine named: bupropion")
    answer_row = tab.locator("tr[data-slot='antidepressants_tried']")
    expect(answer_row.locator("td").nth(1)).to_have_text("2")
    expect(answer_row.locator("td.words")).to_have_text(f"“{THEIR_WORDS}”")
    assert axe_problems(tab) == []
    screenshot(tab, "staff-prescreen-their-words-and-seizure-flag-1280x800")
    tab.set_viewport_size({"width": 390, "height": 844})
    expect(tab.locator("#seizure-meds")).to_be_visible()
    expect(answer_row.locator("td.words")).to_have_text(f"“{THEIR_WORDS}”")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_problems(tab) == []
    screenshot(tab, "staff-prescreen-their-words-and-seizure-flag-390x844")
    tab.context.close()
    assert errors == [], errors


def test_an_open_pre_screen_page_shows_each_new_answer_and_the_flag_without_a_reload(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    person = sender()
    start(bot, person)
    bot.texts(person, "42")
    [stored] = wait_for(lambda: bot.prescreens(person), timeout=10)
    tab = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD, bypass_csp=True)
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/prescreens/{stored.id}")
    tab.evaluate("window.notReloaded = true")
    words = tab.locator("tr[data-slot='antidepressants_tried'] td.words")
    expect(words).to_have_count(0)
    bot.texts(person, "yes")
    bot.texts(person, THEIR_WORDS)
    expect(words).to_have_text(f"“{THEIR_WORDS}”", timeout=10_000)
    expect(tab.locator("#seizure-meds")).to_contain_text("bupropion")
    expect(tab.locator("#prescreen-live")).to_have_text("Pre-screen updated")
    assert tab.evaluate("window.notReloaded === true")
    assert axe_problems(tab) == []
    screenshot(tab, "staff-prescreen-live-answers-1280x800")
    tab.context.close()


def test_the_pre_screens_list_pages_fifty_at_a_time_and_says_n_of_m(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    with session_scope(engine_for(bot.config.database_url)) as session:
        session.add_all(Prescreen(conversation_id=f"page-{uuid.uuid4().hex[:10]}", channel="rest", answers={"age": 50},
                                  status="booked", started_at=utcnow(), contact_name=f"Booked {n}") for n in range(52))
    tab = staff_tab(browser, bot, {"width": 390, "height": 844}, PASSWORD, bypass_csp=True)
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/prescreens?status=booked")
    count = tab.locator("#prescreens-count")
    expect(count).to_have_text(re.compile(r"^Showing 1–50 of \d+$"))
    total = int(count.inner_text().rsplit(" ", 1)[1])
    assert total >= 52
    expect(tab.locator(".prescreen-row")).to_have_count(50)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.locator("#page-next").click()
    expect(count).to_have_text(f"Showing 51–{min(100, total)} of {total}")
    assert "status=booked" in tab.url and "page=2" in tab.url
    assert axe_problems(tab) == []
    screenshot(tab, "staff-prescreens-page-2-390x844")
    tab.context.close()


def test_replies_sent_by_sms_by_e_mail_or_with_no_fallback_are_readable_badges(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    person = f"badge-{uuid.uuid4().hex[:8]}"
    bot.say(person, "can I talk to a real person please")
    escalation = wait_for(lambda: bot.escalations(person), timeout=20)[0]
    states = {"sent_sms": "Sent by SMS", "sent_email": "Sent by e-mail", "no_fallback": "Not delivered, no fallback"}
    with session_scope(engine_for(bot.config.database_url)) as session:
        for state in states:
            reply_id = replies.record(session, person, escalation.id, "Kim", f"A reply that ended {state}.", "socketio")
            session.get(replies.StaffReply, reply_id).state = state
    tab = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD, bypass_csp=True)
    tab.goto(f"http://127.0.0.1:{bot.config.web_port}/staff/escalations/{escalation.id}")
    backgrounds = set()
    for state, label in states.items():
        badge = tab.locator(f"#replies .reply[data-state='{state}'] .reply-state")
        expect(badge).to_contain_text(label)
        style = badge.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).borderTopStyle]")
        assert style[0] not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)") and style[1] == "solid", style
        backgrounds.add(style[0])
    assert len(backgrounds) == 3  # each state tells itself apart, not only by its words
    assert axe_problems(tab) == []  # colour contrast included
    screenshot(tab, "console-reply-states-sms-email-no-fallback")
    tab.context.close()


ANNOUNCEMENTS = "[data-role='announcements']"


def test_a_screen_reader_hears_the_question_number_with_the_question_once(bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"http://127.0.0.1:{bot.config.web_port}/")
    start_prescreen(page, bot)
    live = page.locator(ANNOUNCEMENTS)
    page.get_by_role("button", name="Yes, let's start").click()
    expect(live).to_contain_text(re.compile(r"assistant: Question 1 of 35\. How old are you"))
    ask(page, "42")
    expect(bot_bubble(page, "depression")).to_be_visible()
    expect(live).to_contain_text(re.compile(r"assistant: Question 2 of 35\. \S"))
    page.wait_for_timeout(1000)  # anything said late would be in the live region by now
    said = live.locator("p").all_inner_texts()
    assert sum("How old are you" in s for s in said) == 1 and sum("Question 1 of 35" in s for s in said) == 1, said
    assert sum("Question 2 of 35" in s for s in said) == 1, said
    # Read in the log too, the number is part of the question's own item.
    question = page.locator(".message.bot", has_text="How old are you").last
    expect(question).to_contain_text(re.compile(r"Assistant: Question 1 of 35.*How old are you", re.S))
    context.close()
