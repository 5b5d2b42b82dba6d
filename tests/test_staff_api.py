"""The staff JSON API (bearer tokens, PHI masked unless ?reveal=1, every call audited) and the
`python -m bot staff` commands that create accounts and tokens."""
from __future__ import annotations

import io

import pytest

from bot.__main__ import main
from bot.db import session_scope
from bot.staff import accounts
from bot.staff.models import ApiToken, StaffUser
from bot.staff.security import verify_password
from tests.staff_support import PASSWORD, PHONE


def _token(console, name: str = "crm") -> dict[str, str]:
    with session_scope(console.engine) as session:
        return {"Authorization": f"Bearer {accounts.create_api_token(session, name)}"}


def test_api_refuses_missing_wrong_revoked_tokens_and_session_cookies(console) -> None:
    auth = _token(console)
    assert console.get("/staff/api/escalations", headers=auth).status == 200
    assert console.get("/staff/api/escalations", headers={"Authorization": "Bearer tms_wrong"}).status == 401
    console.user("ann")  # a signed-in browser is not an API client
    assert console.get("/staff/api/escalations").status == 401
    with session_scope(console.engine) as session:
        assert accounts.revoke_api_token(session, "crm")
    assert console.get("/staff/api/escalations", headers=auth).status == 401


def test_escalations_are_masked_by_default_and_revealed_on_request_with_audit(console) -> None:
    auth = _token(console)
    console.tracker.user(PHONE, "i want to end my life", "m1", channel="twilio")
    escalation = console.escalation(PHONE, channel="twilio")
    [item] = console.get("/staff/api/escalations", headers=auth).json()["escalations"]
    assert item["id"] == escalation and item["category_label"].startswith("Imminent risk")
    assert item["conversation_id"] != PHONE and item["conversation_id"].endswith(PHONE[-2:])
    assert item["trigger_text"] is None and item["status"] == "new" and item["handoff_active"] is False
    detail = console.get(f"/staff/api/escalations/{escalation}", headers=auth).json()
    assert "transcript" not in detail and PHONE not in str(detail)
    revealed = console.get(f"/staff/api/escalations/{escalation}?reveal=1", headers=auth).json()
    assert revealed["conversation_id"] == PHONE and revealed["trigger_text"] == "i want to end my life"
    [turn] = revealed["transcript"]
    assert turn["text"] == "i want to end my life" and turn["trigger"] is True
    assert [(e.actor, e.action, e.detail["reveal"]) for e in console.audit() if e.action.startswith("api_")] == [
        ("token:crm", "api_list_escalations", False),
        ("token:crm", "api_view_escalation", False),
        ("token:crm", "api_view_escalation", True),
    ]
    assert console.get("/staff/api/escalations/999", headers=auth).status == 404


def test_prescreens_api_masks_contact_details_and_filters(console) -> None:
    auth = _token(console)
    console.prescreen("p1", contact_email="jane@example.org")
    console.prescreen("p2", outcome="unlikely_suitable", status="closed")
    [item] = console.get("/staff/api/prescreens?outcome=likely_candidate", headers=auth).json()["prescreens"]
    assert item["contact_phone"] == "*" * (len(PHONE) - 2) + PHONE[-2:]
    assert (item["contact_name"], item["contact_email"], item["answers"]) == ("J. D.", "j***@example.org", None)
    assert item["phq9_total"] == 16 and item["reasons"] == ["Tried two or more antidepressants"]
    assert [p["status"] for p in console.get("/staff/api/prescreens?status=closed", headers=auth).json()["prescreens"]] == ["closed"]
    [full] = console.get("/staff/api/prescreens?outcome=likely_candidate&reveal=1", headers=auth).json()["prescreens"]
    assert (full["contact_phone"], full["contact_name"], full["answers"]["age"]) == (PHONE, "Jane Doe", 45)
    assert console.audit("api_list_prescreens")[-1].detail == {"reveal": True, "count": 1}


def test_queue_count_serves_the_signed_in_page_and_holds_no_phi(console) -> None:
    console.user("ann")
    console.escalation(message_id="1")
    console.escalation(message_id="2", status="acknowledged")
    assert console.get("/staff/api/queue-count").json() == {"new": 1, "latest_id": 2}
    assert [e.action for e in console.audit()] == ["login"]  # polled every 5 s, counts only: not audited


@pytest.fixture
def cli_db(env_settings, app_engine):
    """`python -m bot` reads DATABASE_URL itself; it points at the temporary database here."""
    return app_engine


def test_cli_creates_users_from_stdin_or_prompt_and_refuses_duplicates(cli_db, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["staff", "create-user", "Ann", "--role", "admin", "--password-stdin"]) == 0
    prompts = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(prompts))
    assert main(["staff", "create-user", "sam"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["staff", "create-user", "sam", "--password-stdin"]) == 1
    assert "taken" in capsys.readouterr().err
    with session_scope(cli_db) as session:
        users = {u.username: u for u in session.query(StaffUser)}
        assert (users["ann"].role, users["sam"].role) == ("admin", "staff")
        assert verify_password(PASSWORD, users["ann"].password_hash)


def test_cli_token_is_printed_once_and_stored_hashed(cli_db, capsys) -> None:
    assert main(["staff", "create-token", "crm"]) == 0
    token = capsys.readouterr().out.strip()
    with session_scope(cli_db) as session:
        [stored] = session.query(ApiToken).all()
        assert token.startswith("tms_") and token not in stored.token_hash
        api_user = accounts.principal_for_api_token(session, token)
        assert api_user is not None and api_user.name == "token:crm"
    assert main(["staff", "create-token", "crm"]) == 1
    assert main(["staff", "revoke-token", "crm"]) == 0
    with session_scope(cli_db) as session:
        assert accounts.principal_for_api_token(session, token) is None
