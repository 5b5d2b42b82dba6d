"""Staff console sign-in and access control: hashing, sessions, cookie flags, rate limit, CSRF, roles."""
from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

from sqlalchemy import update

from bot.db import session_scope, utcnow
from bot.staff import accounts
from bot.staff.models import LoginFailure, StaffSession, StaffUser
from bot.staff.security import hash_password, verify_password
from tests.staff_support import PASSWORD


def test_password_hash_is_salted_scrypt_and_verifies_only_the_right_password() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("scrypt$16384$8$1$") and first != second  # random salt per hash
    assert PASSWORD not in first
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)
    assert not verify_password(PASSWORD + "x", first)
    assert not verify_password(PASSWORD, "scrypt$broken") and not verify_password(PASSWORD, "")


def test_short_passwords_and_bad_usernames_are_refused(console) -> None:
    with session_scope(console.engine) as session:
        for username, password in (("ann", "short"), ("Ann Smith", PASSWORD), ("x", PASSWORD)):
            try:
                accounts.create_user(session, username, password)
            except accounts.AccountError:
                continue
            raise AssertionError(f"accepted {username!r}/{password!r}")


def test_unauthenticated_pages_redirect_to_login_and_api_answers_401(console) -> None:
    page = console.get("/staff/escalations/1")
    assert page.status == 302 and unquote(page.headers["Location"]) == "/staff/login?next=/staff/escalations/1"
    assert console.post("/staff/escalations/1/status", {"status": "resolved"}, csrf="x").status == 303
    for path in ("/staff/api/escalations", "/staff/api/prescreens", "/staff/api/queue-count"):
        answer = console.get(path)
        assert answer.status == 401 and answer.json()["error"] == "unauthorized", path
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_login_sets_a_hardened_session_cookie_and_audits(console) -> None:
    console.user("ann", login=False)
    answer = console.login("ann")
    assert answer.status == 303 and answer.headers["Location"] == "/staff"
    cookie = next(c for c in answer.headers.getall("Set-Cookie") if c.startswith("staff_session="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/staff" in cookie
    assert "Secure" not in cookie  # plain HTTP in the test; see the HTTPS case below
    assert console.get("/staff").status == 200
    [entry] = console.audit("login")
    assert entry.actor == "ann" and entry.target_type == "user"
    with session_scope(console.engine) as session:  # only a digest of the token is stored
        [stored] = session.query(StaffSession).all()
        assert stored.token_hash not in cookie and len(stored.token_hash) == 64


def test_cookie_is_secure_behind_an_https_proxy(console) -> None:
    console.user("ann", login=False)
    answer = console.login("ann", headers={"X-Forwarded-Proto": "https"})
    cookie = next(c for c in answer.headers.getall("Set-Cookie") if c.startswith("staff_session="))
    assert "Secure" in cookie


def test_wrong_password_and_unknown_user_fail_the_same_way(console) -> None:
    console.user("ann", login=False)
    for username, password in (("ann", "wrong password!"), ("nobody", PASSWORD)):
        answer = console.login(username, password)
        assert answer.status == 401 and "Wrong username or password." in answer.text
        assert not any(c.startswith("staff_session=") for c in answer.headers.getall("Set-Cookie", []))
    assert [e.actor for e in console.audit("login_failed")] == ["ann", "nobody"]
    assert console.get("/staff").status == 302


def test_five_failures_lock_the_username_and_ip_even_across_restarts(console) -> None:
    console.user("ann", login=False)
    for _ in range(accounts.MAX_LOGIN_FAILURES):
        assert console.login("ann", "not the password").status == 401
    locked = console.login("ann")  # even the right password is refused now
    assert locked.status == 429 and "Too many failed sign-ins" in locked.text
    assert console.login("ann", client=console.new_client()).status == 429  # stored, not in memory
    assert console.audit("login_rate_limited")
    with session_scope(console.engine) as session:  # the window passes
        session.execute(update(LoginFailure).values(at=utcnow() - dt.timedelta(minutes=16)))
    assert console.login("ann").status == 303


def test_login_form_needs_its_csrf_token(console) -> None:
    console.user("ann", login=False)
    form = {"username": "ann", "password": PASSWORD}
    assert console.request("POST", "/staff/login", data=form).status == 403
    assert console.request("POST", "/staff/login", data={**form, "csrf_token": "forged"}).status == 403


def test_posts_without_or_with_a_wrong_csrf_token_are_refused(console) -> None:
    console.user("ann")
    escalation = console.escalation()
    for token in ("", "not-the-token"):
        answer = console.post(f"/staff/escalations/{escalation}/status", {"status": "resolved"}, csrf=token)
        assert answer.status == 403 and "Form expired" in answer.text
    assert not console.audit("escalation_status")
    assert console.post(f"/staff/escalations/{escalation}/status", {"status": "resolved"}).status == 303


def test_staff_cannot_open_admin_pages_and_admins_can(console) -> None:
    console.user("sam")
    for path in ("/staff/admin/users", "/staff/audit"):
        assert console.get(path).status == 403
    assert console.post("/staff/admin/users", {"username": "eve", "password": PASSWORD, "role": "admin"}).status == 403
    console.user("ann", role="admin")  # signs this client in as ann
    assert console.get("/staff/admin/users").status == 200 and console.get("/staff/audit").status == 200


def test_idle_sessions_expire_after_eight_hours(console) -> None:
    console.user("ann")
    with session_scope(console.engine) as session:
        session.execute(update(StaffSession).values(last_seen_at=utcnow() - dt.timedelta(hours=8, minutes=1)))
    assert console.get("/staff").status == 302


def test_logout_and_disabling_end_the_session(console) -> None:
    console.user("ann")
    assert console.post("/staff/logout").status == 303
    assert console.get("/staff").status == 302
    console.login("ann")
    with session_scope(console.engine) as session:
        accounts.set_active(session, session.query(StaffUser).one(), False)
    assert console.get("/staff").status == 302
    assert console.login("ann").status == 401  # disabled accounts cannot sign in


def test_login_never_redirects_off_site(console) -> None:
    console.user("ann", login=False)
    page = console.get("/staff/login?next=//evil.example/x")
    form = {"csrf_token": page.csrf, "username": "ann", "password": PASSWORD, "next": "https://evil.example/"}
    answer = console.request("POST", "/staff/login", data=form)
    assert answer.headers["Location"] == "/staff"


def test_pages_carry_security_headers(console) -> None:
    answer = console.get("/staff/login")
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "DENY" and answer.headers["Cache-Control"] == "no-store"
