"""The staff console on the running stack: a crisis message reaches the queue, staff read the transcript,
take over, reply on the person's channel, the bot stays quiet (but still answers crisis), hand back, resolve."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
from typing import Any

import requests

from bot.config import ROOT
from bot.db import engine_for, session_scope
from bot.staff import accounts
from tests.integration.conftest import Bot, wait_for

PASSWORD = "integration passphrase 1"
REPLY = "A nurse will call you in 5 minutes"


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _queue_row(browser: requests.Session, base: str, person: str) -> int | None:
    """The id of the queue row that shows this conversation, if it is there yet. The shared stack's queue runs
    to several pages (the crisis sets escalate hundreds), so this searches for it as a coordinator would."""
    page = browser.get(f"{base}/staff", params={"q": person}, timeout=10).text
    rows = re.findall(r'class="escalation-row[^"]*" data-id="(\d+)"[^>]*>(.*?)</tr>', page, re.S)
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


# ---------------------------------------------------------------------------------------- issue 10 (console findings)

TYPED_PHONE = "555-867-5309"


def _sign_in(base: str, username: str, password: str = PASSWORD, **headers: str) -> tuple[requests.Session, requests.Response]:
    """A fresh browser's sign-in (the stack's console trusts X-Forwarded-* from 127.0.0.1, its front door)."""
    browser = requests.Session()
    page = browser.get(f"{base}/staff/login", timeout=10)
    answer = browser.post(f"{base}/staff/login", timeout=30, allow_redirects=False, headers=headers, data={
        "csrf_token": _csrf(page.text), "username": username, "password": password, "next": "/staff"})
    return browser, answer


def _new_user(bot: Bot, role: str = "staff") -> str:
    username = f"nurse-{uuid.uuid4().hex[:6]}"
    with session_scope(engine_for(bot.config.database_url)) as session:
        accounts.create_user(session, username, PASSWORD, role)
    return username


def test_stack_console_masks_a_number_typed_in_the_chat_until_an_audited_reveal(bot: Bot) -> None:
    person, base = f"console-{uuid.uuid4().hex[:8]}", f"http://127.0.0.1:{bot.config.web_port}"
    assert "988" in bot.texts(person, "i want to kill myself")[0]
    bot.say(person, f"please call me, my number is {TYPED_PHONE}")
    browser, _ = _sign_in(base, _new_user(bot))
    escalation = wait_for(lambda: _queue_row(browser, base, person), timeout=5)
    page = browser.get(f"{base}/staff/escalations/{escalation}", timeout=10).text
    assert "my number is" in page and TYPED_PHONE not in page and "**********09" in page
    revealed = browser.post(f"{base}/staff/escalations/{escalation}/reveal", data={"csrf_token": _csrf(page)}, timeout=10)
    assert revealed.status_code == 200 and TYPED_PHONE in revealed.text
    admin, _ = _sign_in(base, _new_user(bot, "admin"))
    assert re.search(rf'escalations/{escalation}">escalation {escalation}</a>', admin.get(f"{base}/staff/audit", timeout=10).text)


def test_stack_console_ids_are_ascii_digits_and_bad_ones_answer_404(bot: Bot) -> None:
    person, base = f"console-{uuid.uuid4().hex[:8]}", f"http://127.0.0.1:{bot.config.web_port}"
    bot.texts(person, "i want to kill myself")
    browser, _ = _sign_in(base, _new_user(bot))
    wait_for(lambda: _queue_row(browser, base, person), timeout=5)
    assert browser.get(f"{base}/staff/escalations/1", timeout=10).status_code == 200
    for raw in ("99999999999999999999999", "%C2%B2", "%D9%A1", "%EF%BC%91", "1%00"):
        for path in (f"/staff/escalations/{raw}", f"/staff/prescreens/{raw}", f"/staff/api/escalations/{raw}/turn-count"):
            assert browser.get(f"{base}{path}", timeout=10, allow_redirects=False).status_code == 404, path
        assert browser.get(f"{base}/staff/audit?before={raw}", timeout=10).status_code in (200, 403)


def test_stack_sign_in_throttling_spares_the_usual_address_and_refuses_weak_passwords(bot: Bot) -> None:
    base, username = f"http://127.0.0.1:{bot.config.web_port}", _new_user(bot)
    clinic = {"X-Forwarded-For": "198.51.100.7"}
    assert _sign_in(base, username, **clinic)[1].status_code == 303
    for i in range(8):  # guesses from many addresses, behind the same front door
        _sign_in(base, username, f"guess number {i}!", **{"X-Forwarded-For": f"203.0.113.{i}"})
    refused = _sign_in(base, username, **{"X-Forwarded-For": "192.0.2.44"})[1]
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.text and refused.headers["Retry-After"]
    assert _sign_in(base, username, **clinic)[1].status_code == 303  # the person is not locked out

    admin, signed_in = _sign_in(base, _new_user(bot, "admin"), **{"X-Forwarded-Proto": "https"})
    cookie = next(c for c in signed_in.headers["Set-Cookie"].split(", staff") if c.startswith("staff_session="))
    assert re.search(r";\s*Secure", cookie)  # HTTPS at the trusted front door: the cookie never travels in clear
    admin.cookies.set("staff_session", cookie.split(";")[0].split("=", 1)[1])
    users = admin.get(f"{base}/staff/admin/users", timeout=10)
    created = admin.post(f"{base}/staff/admin/users", timeout=30, data={
        "csrf_token": _csrf(users.text), "username": f"weak-{uuid.uuid4().hex[:6]}", "password": "aaaaaaaaaaaa", "role": "staff"})
    assert "too easy to guess" in created.text


def test_stack_audit_log_verifies_and_an_edit_is_found(bot: Bot) -> None:
    from sqlalchemy import update

    from bot.staff.models import AuditEntry

    base = f"http://127.0.0.1:{bot.config.web_port}"
    assert _sign_in(base, _new_user(bot))[1].status_code == 303  # at least one entry from the running console
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": bot.config.database_url, "VAR_DIR": str(bot.var_dir)}

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", "audit", "verify"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)

    ok = verify()
    assert ok.returncode == 0 and ok.stdout.startswith("OK"), ok.stderr
    engine = engine_for(bot.config.database_url)
    with session_scope(engine) as session:
        entry = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        original = entry.actor
        session.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(actor="nobody"))
    try:
        broken = verify()
        assert broken.returncode == 1 and f"audit entry {entry.id}" in broken.stderr
    finally:
        with session_scope(engine) as session:
            session.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(actor=original))
    assert verify().returncode == 0


# ---------------------------------------------------------------------------------------- issue 13 (live conversation page)


def _first_event(browser: requests.Session, url: str) -> dict[str, Any]:
    with browser.get(url, stream=True, timeout=10) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        line = next(raw for raw in stream.iter_lines(decode_unicode=True) if raw and raw.startswith("data: "))
    return json.loads(line.removeprefix("data: "))


def test_stack_conversation_stream_counts_a_new_message_and_the_audited_refetch_shows_it_masked(bot: Bot) -> None:
    person, base = f"console-{uuid.uuid4().hex[:8]}", f"http://127.0.0.1:{bot.config.web_port}"
    assert "988" in bot.texts(person, "i want to kill myself")[0]
    username = _new_user(bot)
    browser, _ = _sign_in(base, username)
    escalation = wait_for(lambda: _queue_row(browser, base, person), timeout=5)
    assert escalation in [int(i) for i in re.findall(r'data-id="(\d+)"', browser.get(
        f"{base}/staff", params={"assignee": "-", "q": person}, timeout=10).text)]  # nobody has it yet
    page = browser.get(f"{base}/staff/escalations/{escalation}", timeout=10).text
    found = re.search(r'id="transcript"[^>]*data-turns="(\d+)"', page)
    assert found
    shown = int(found.group(1))
    events = f"{base}/staff/api/escalations/{escalation}/events"
    assert _first_event(browser, events)["turns"] == shown

    bot.say(person, f"please call me, my number is {TYPED_PHONE}")
    assert wait_for(lambda: _first_event(browser, events)["turns"] > shown, timeout=5)
    live = browser.get(f"{base}/staff/escalations/{escalation}/live", timeout=10)
    assert live.status_code == 200 and "my number is" in live.text and TYPED_PHONE not in live.text
    admin, _ = _sign_in(base, _new_user(bot, "admin"))
    audit_csv = admin.get(f"{base}/staff/audit.csv", params={"actor": username, "action": "view_escalation"}, timeout=10).text
    assert audit_csv.count(f",{username},view_escalation,escalation,{escalation},") == 2  # the page and the re-fetch
    assert '"{""live"":true}"' in audit_csv
