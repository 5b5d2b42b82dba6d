"""A staff reply the website visitor has not picked up goes by SMS (the local fake Twilio) or e-mail (a local SMTP
server) from the worker, and the console says so; with no way to reach the person it says "no fallback".

A stack of its own: the fallback after 2 seconds instead of 15 minutes, and SMTP pointed at the local server.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Iterator

import pytest

from bot.db import engine_for, session_scope, utcnow
from bot.screening.records import Prescreen
from bot.staff import replies
from tests.integration.conftest import Bot, running_bot, wait_for
from tests.integration.conftest_browser import TIMEOUT_MS, screenshot, staff_tab
from tests.integration.test_widget_browser import ask, bot_bubble
from tests.support.smtp_sink import SmtpSink

PHONE = "+15552017788"
CALL_ONLY = "+15552019999"
PASSWORD = "fallback browser passphrase 9"


@pytest.fixture(scope="module")
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fallback_bot(tmp_path_factory: pytest.TempPathFactory, sink: SmtpSink) -> Iterator[Bot]:
    with running_bot(tmp_path_factory.mktemp("fallback-var"), ESCALATION_SWEEP_SECONDS="1", OUTBOX_POLL_SECONDS="0.5",
                     STAFF_REPLY_FALLBACK_SECONDS="2", SMTP_HOST="127.0.0.1", SMTP_PORT=str(sink.port),
                     SMTP_FROM="clinic@example.test", STAFF_ALERT_EMAIL="") as bot:
        yield bot


def _prescreen(bot: Bot, conversation_id: str, method: str, **contact: str) -> None:
    """The person's earlier pre-screen: how they want to be contacted."""
    with session_scope(engine_for(bot.config.database_url)) as session:
        session.add(Prescreen(conversation_id=conversation_id, channel="socketio", answers={}, contact_method=method,
                              started_at=utcnow() - dt.timedelta(hours=1), **contact))


def _state(bot: Bot, reply_id: int) -> str:
    with session_scope(engine_for(bot.config.database_url)) as session:
        return str(session.get(replies.StaffReply, reply_id).state)


def test_a_reply_to_a_visitor_who_left_goes_by_sms_and_the_console_says_so(fallback_bot: Bot, browser: Any) -> None:
    from playwright.sync_api import expect

    bot = fallback_bot
    expect.set_options(timeout=TIMEOUT_MS)
    base = f"http://127.0.0.1:{bot.config.web_port}/"
    reply = "Hi, this is the clinic. We'd like to call you today; what time suits you?"

    # A visitor whose pre-screen chose texts writes, then closes the tab.
    visitor = browser.new_context(viewport={"width": 390, "height": 844})
    tab = visitor.new_page()
    tab.goto(base)
    tab.get_by_role("button", name=f"Chat with {bot.config.clinic_name}").click()
    ask(tab, "can I talk to a real person please")
    expect(bot_bubble(tab, "asked our staff")).to_be_visible()  # the staff request's reply, not the greeting
    session_id = tab.evaluate("Object.entries(localStorage).find(([k]) => k.endsWith(':session'))[1]")
    visitor.close()
    _prescreen(bot, session_id, "text", contact_phone=PHONE)

    # Staff reply while nobody is there: queued, then sent by SMS through the Twilio channel.
    escalation = wait_for(lambda: bot.escalations(session_id), timeout=20)[0]
    console = staff_tab(browser, bot, {"width": 1280, "height": 800}, PASSWORD)
    console.goto(f"{base}staff/escalations/{escalation.id}")
    console.locator("#take-over").click()
    console.locator("#reply-text").fill(reply)
    console.locator("#reply-send").click()
    [text] = wait_for(lambda: bot.twilio.to(PHONE), timeout=20)
    assert reply in text and text.startswith(f"{bot.config.clinic_name}: ") and "Reply STOP to opt out" in text

    def state() -> str | None:
        console.reload()
        return console.locator("#replies .reply", has_text=reply).get_attribute("data-state")

    wait_for(lambda: state() == "sent_sms", timeout=10, interval=0.5)
    expect(console.locator("#replies .reply", has_text=reply)).to_contain_text("Sent by SMS")
    screenshot(console, "console-reply-sent-by-sms")
    console.context.close()
    logs = bot.logs()
    assert "sent by SMS" in logs and PHONE not in logs and "5552017788" not in logs and reply not in logs


def test_by_e_mail_when_the_pre_screen_chose_e_mail_and_no_fallback_without_a_way(fallback_bot: Bot, sink: SmtpSink) -> None:
    bot = fallback_bot
    by_email, by_phone_call = uuid.uuid4().hex, uuid.uuid4().hex
    _prescreen(bot, by_email, "email", contact_email="sam@example.test")
    _prescreen(bot, by_phone_call, "call", contact_phone=CALL_ONLY)  # a number for calls: no consent to texts
    with session_scope(engine_for(bot.config.database_url)) as session:
        mailed = replies.record(session, by_email, None, "Kim", "Please call us when you can.", "socketio")
        unreached = replies.record(session, by_phone_call, None, "Kim", "We tried to reach you.", "socketio")
    wait_for(lambda: _state(bot, mailed) == "sent_email" and _state(bot, unreached) == "no_fallback", timeout=20)
    [mail] = [m for m in sink.received if m["To"] == "sam@example.test"]
    assert "Please call us when you can." in str(mail.get_content()) and bot.config.clinic_name in str(mail["Subject"])
    assert "not delivered, no fallback" in bot.logs()
    assert bot.twilio.to(CALL_ONLY) == []  # "no fallback" is final: nothing is texted to a number given for calls
