"""The staff console on the running stack: a crisis message reaches the queue, staff read the transcript,
take over, reply on the person's channel, the bot stays quiet (but still answers crisis), hand back, resolve."""
from __future__ import annotations

import re
import uuid

import requests

from bot.db import engine_for, session_scope
from bot.staff import accounts
from tests.integration.conftest import Bot, wait_for

PASSWORD = "integration passphrase 1"
REPLY = "A nurse will call you in 5 minutes"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _queue_row(browser: requests.Session, base: str, person: str) -> int | None:
    """The id of the queue row that shows this conversation, if it is there yet."""
    rows = re.findall(r'class="escalation-row[^"]*" data-id="(\d+)">(.*?)</tr>', browser.get(f"{base}/staff").text, re.S)
    return next((int(i) for i, row in rows if person in row), None)


def test_staff_take_over_reply_and_hand_back(bot: Bot) -> None:
    person, username = f"console-{uuid.uuid4().hex[:8]}", f"nurse-{uuid.uuid4().hex[:6]}"
    with session_scope(engine_for(bot.config.database_url)) as session:
        accounts.create_user(session, username, PASSWORD, "staff")
    base = f"http://127.0.0.1:{bot.config.web_port}"
    assert "988" in bot.texts(person, "i want to kill myself")[0]

    browser = requests.Session()
    login = browser.get(f"{base}/staff", timeout=10)
    assert login.url.startswith(f"{base}/staff/login")
    signed_in = browser.post(f"{base}/staff/login", timeout=10, data={
        "csrf_token": _csrf(login.text), "username": username, "password": PASSWORD, "next": "/staff"})
    assert signed_in.url == f"{base}/staff" and "escalation-row" in signed_in.text

    escalation = wait_for(lambda: _queue_row(browser, base, person), timeout=5)
    page = browser.get(f"{base}/staff/escalations/{escalation}", timeout=10)
    assert re.search(r'class="turn user trigger".*?i want to kill myself', page.text, re.S)

    def post(action: str, **form: str) -> requests.Response:
        token = _csrf(browser.get(f"{base}/staff/escalations/{escalation}", timeout=10).text)
        answer = browser.post(f"{base}/staff/escalations/{escalation}/{action}", data={"csrf_token": token, **form}, timeout=30)
        assert answer.status_code == 200, answer.text
        return answer

    assert 'id="handoff-banner"' in post("take-over").text
    assert "Reply sent." in post("reply", text=REPLY).text
    events = bot.tracker(person)["events"]
    assert any(e["event"] == "bot" and e.get("text") == REPLY for e in events)

    assert bot.say(person, "how many sessions does tms take") == []  # staff hold it: the bot stays quiet
    assert "988" in bot.texts(person, "i want to kill myself")[0]  # ...except for crisis language

    assert "Handed back" in post("hand-back").text
    assert bot.texts(person, "how many sessions does tms take")  # the bot answers again
    assert 'class="status s-resolved"' in post("status", status="resolved").text
    statuses = {e.id: e.status for e in bot.escalations(person)}
    assert statuses[escalation] == "resolved"
