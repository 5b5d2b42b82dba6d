"""Issue 10's staff-console findings: contact details typed in free text are masked until an audited reveal (7),
sign-in throttling per account, per address and overall, zxcvbn passwords (10), strict ASCII ids and the
hash-chained audit log (11), forwarded headers believed only from the trusted proxy (6)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from concurrent.futures import ProcessPoolExecutor
from itertools import pairwise

import pytest
from sqlalchemy import delete, update

from bot.__main__ import main
from bot.db import make_engine, session_scope, utcnow
from bot.escalation.models import Escalation
from bot.screening.records import save_progress
from bot.staff import accounts, audit
from bot.staff.models import AuditEntry, AuditHead, LoginFailure, StaffUser
from bot.staff.present import mask_contacts
from tests.staff_support import PASSWORD

TYPED_PHONE, TYPED_EMAIL = "555-867-5309", "jane.doe@example.org"
CLINIC_LINE = "(555) 010-0199"  # the clinic's published number (CLINIC_PHONE default): not PHI


# ---------------------------------------------------------------------------------------- finding 7


def test_phone_numbers_and_emails_typed_in_a_transcript_or_note_are_masked_until_an_audited_reveal(console) -> None:
    console.user("ann")
    console.tracker.user("web-7", f"please call me on {TYPED_PHONE} or write to {TYPED_EMAIL}", "m0")
    console.tracker.bot("web-7", f"You can also call the clinic at {CLINIC_LINE}.")
    console.tracker.user("web-7", "i want to end my life", "m1")
    escalation = console.escalation("web-7", message_id="m1")
    base = f"/staff/escalations/{escalation}"
    assert console.post(f"{base}/notes", {"text": f"she said text {TYPED_PHONE}"}).status == 303
    page = console.get(base).text
    assert TYPED_PHONE not in page and TYPED_EMAIL not in page
    assert "*" * 10 + "09" in page and "j***@example.org" in page  # still tells staff something is there
    assert CLINIC_LINE in page and 'id="reveal"' in page
    revealed = console.post(f"{base}/reveal").text
    assert revealed.count(TYPED_PHONE) == 2 and TYPED_EMAIL in revealed  # transcript and note
    [entry] = console.audit("reveal")
    assert (entry.actor, entry.target_id, entry.detail) == ("ann", str(escalation), {"reveal": True})


@pytest.mark.parametrize("typed", ["+1 (555) 867-5309", "5558675309", "555.867.5309 555.123.4567", "٥٥٥٨٦٧٥٣٠٩",
                                   "+44 20 7946 0958", "JANE.DOE+tms@Example.org"])
def test_numbers_and_addresses_in_any_common_form_are_masked(typed: str) -> None:
    shown = mask_contacts(f"reach me at {typed} thanks", (CLINIC_LINE,)) or ""
    assert typed not in shown and shown.startswith("reach me at ") and shown.endswith(" thanks")
    assert mask_contacts(f"age 45, PHQ 16, call 988 or {CLINIC_LINE}", (CLINIC_LINE,)) == f"age 45, PHQ 16, call 988 or {CLINIC_LINE}"


def test_the_stored_trigger_message_is_masked_when_the_transcript_cannot_be_read(console) -> None:
    console.user("ann")
    escalation = console.escalation("web-8")
    with session_scope(console.engine) as session:
        session.execute(update(Escalation).values(trigger_text=f"i want to die, call {TYPED_PHONE}"))
    console.tracker.path.unlink()
    page = console.get(f"/staff/escalations/{escalation}").text
    assert "conversation store cannot be read" in page and TYPED_PHONE not in page and "09" in page


def test_prescreen_page_masks_the_email_and_phone_numbers_in_answers_until_revealed(console) -> None:
    console.user("ann")
    prescreen = console.prescreen("web-9", contact_email=TYPED_EMAIL, contact_phone=None,
                                  answers={"age": 45, "other_treatments": f"Dr Lee, {TYPED_PHONE}"})
    page = console.get(f"/staff/prescreens/{prescreen}").text
    assert TYPED_EMAIL not in page and TYPED_PHONE not in page and "j***@example.org" in page
    revealed = console.post(f"/staff/prescreens/{prescreen}/reveal").text
    assert TYPED_EMAIL in revealed and TYPED_PHONE in revealed
    assert console.audit("reveal")[0].target_type == "prescreen"


def test_the_cli_masks_the_email_address_unless_asked(env_settings, app_engine, capsys) -> None:
    with session_scope(app_engine) as session:
        save_progress(session, "conv-1", dt.datetime(2026, 11, 1), "rest", {"contact_email": TYPED_EMAIL})
    assert main(["prescreens", "list"]) == 0
    assert TYPED_EMAIL not in capsys.readouterr().out
    assert main(["prescreens", "list", "--show-contact"]) == 0
    assert TYPED_EMAIL in capsys.readouterr().out


# ---------------------------------------------------------------------------------------- finding 11: ids

MALFORMED = ("99999999999999999999999", "%C2%B2", "%D9%A1", "%EF%BC%91", "1%00", "-1", "+1", "%201", "1.0")


def test_ids_in_console_and_api_urls_are_ascii_digits_only_and_answer_404_never_500(console) -> None:
    console.user("root", role="admin")
    first = console.escalation()
    console.prescreen()
    with session_scope(console.engine) as session:
        token = {"Authorization": f"Bearer {accounts.create_api_token(session, 'crm')}"}
    assert console.get(f"/staff/escalations/{first}").status == 200
    for raw in MALFORMED:
        for path in (f"/staff/escalations/{raw}", f"/staff/prescreens/{raw}"):
            assert console.get(path).status == 404, path
        for path in (f"/staff/api/escalations/{raw}", f"/staff/api/escalations/{raw}/turn-count"):
            assert console.get(path, headers=token).status == 404, path
        for path in (f"/staff/escalations/{raw}/status", f"/staff/admin/users/{raw}/active"):
            assert console.post(path, {"status": "resolved", "active": "0"}).status == 404, path
        assert console.get(f"/staff/audit?before={raw}").status == 200
        assert console.get(f"/staff/api/escalations?limit={raw}", headers=token).status == 200
    with session_scope(console.engine) as session:  # full-width and Arabic-Indic "1" changed nothing
        assert session.query(StaffUser).filter_by(active=False).count() == 0
    assert [e.target_id for e in console.audit("view_escalation")] == [str(first)]
    api_client = console.new_client()  # a bearer token alone, no browser session
    assert console.get("/staff/api/escalations/%EF%BC%91", client=api_client, headers=token).status == 404
    assert console.get(f"/staff/api/escalations/{first}", client=api_client, headers=token).status == 200


# ---------------------------------------------------------------------------------------- finding 11: audit chain


def _entries(engine) -> list[AuditEntry]:
    with session_scope(engine) as session:
        return list(session.query(AuditEntry).order_by(AuditEntry.id))


def test_the_audit_log_is_hash_chained_and_verify_names_the_first_edited_entry(console) -> None:
    console.user("ann")
    escalation = console.escalation()
    for status in ("acknowledged", "resolved", "acknowledged"):
        console.post(f"/staff/escalations/{escalation}/status", {"status": status})
    entries = _entries(console.engine)
    assert len(entries) >= 4 and entries[0].prev_hash == "0" * 64
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(entries))
    with session_scope(console.engine) as session:
        assert audit.verify(session).ok
    victim = entries[2]
    with session_scope(console.engine) as session:  # someone hides what they did
        session.execute(update(AuditEntry).where(AuditEntry.id == victim.id).values(actor="someone else"))
    with session_scope(console.engine) as session:
        verdict = audit.verify(session)
    assert not verdict.ok and verdict.broken_id == victim.id and verdict.entries == 2


def test_removed_entries_are_found_in_the_middle_and_at_the_end(console) -> None:
    console.user("ann")
    for _ in range(4):
        console.get("/staff/escalations/1")  # 404s are not audited; the page views below are
    escalation = console.escalation()
    for _ in range(4):
        console.get(f"/staff/escalations/{escalation}")
    entries = _entries(console.engine)
    with session_scope(console.engine) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.id == entries[-1].id))
    with session_scope(console.engine) as session:
        tail = audit.verify(session)
    assert not tail.ok and tail.broken_id == entries[-1].id  # the head still names it
    with session_scope(console.engine) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.id == entries[1].id))
    with session_scope(console.engine) as session:
        middle = audit.verify(session)
    assert not middle.ok and middle.broken_id == entries[2].id


def test_audit_verify_command_reports_ok_or_the_first_broken_entry(env_settings, app_engine, capsys) -> None:
    with session_scope(app_engine) as session:
        ids = [audit.record(session, "cli", "token_created", "token", f"t{i}").id for i in range(3)]
    assert main(["audit", "verify"]) == 0
    assert "OK: 3 audit entries" in capsys.readouterr().out
    with session_scope(app_engine) as session:
        session.execute(update(AuditEntry).where(AuditEntry.id == ids[1]).values(detail={"forged": True}))
    assert main(["audit", "verify"]) == 1
    assert f"audit entry {ids[1]}" in capsys.readouterr().err


def _append_many(url: str, writer: int, count: int) -> None:
    engine = make_engine(url)
    for i in range(count):
        with session_scope(engine) as session:
            audit.record(session, f"writer{writer}", "view_escalation", "escalation", i)
    engine.dispose()


def test_concurrent_writers_in_several_processes_never_fork_the_chain(console) -> None:
    url = console.config.database_url
    with ProcessPoolExecutor(max_workers=4) as pool:
        for job in [pool.submit(_append_many, url, writer, 15) for writer in range(4)]:
            job.result()
    entries = _entries(console.engine)
    assert len(entries) == 60 and len({e.prev_hash for e in entries}) == 60
    with session_scope(console.engine) as session:
        assert audit.verify(session).ok
        assert session.get(AuditHead, 1).last_hash == entries[-1].hash


# ---------------------------------------------------------------------------------------- finding 10: passwords

WEAK = ("aaaaaaaaaaaa", "password1234", "Password123!", "qwertyuiop12", "iloveyou1234", "123456789012")


def test_weak_and_common_passwords_are_refused_however_long(console) -> None:
    with session_scope(console.engine) as session:
        for password in WEAK:
            with pytest.raises(accounts.WeakPassword):
                accounts.create_user(session, "ann", password)
        user = accounts.create_user(session, "ann", PASSWORD)
        with pytest.raises(accounts.WeakPassword):
            accounts.set_password(session, user, "aaaaaaaaaaaa")


def test_the_console_and_the_cli_refuse_weak_passwords(console, env_settings, app_engine, monkeypatch, capsys) -> None:
    console.user("root", role="admin")
    refused = console.post("/staff/admin/users", {"username": "sam", "password": "aaaaaaaaaaaa", "role": "staff"})
    assert refused.headers["Location"].endswith("notice=weak_password")
    assert "too easy to guess" in console.get(refused.headers["Location"]).text
    with session_scope(console.engine) as session:
        root = session.query(StaffUser).filter_by(username="root").one()
    reset = console.post(f"/staff/admin/users/{root.id}/password", {"password": "password1234"})
    assert reset.headers["Location"].endswith("notice=weak_password")
    assert console.login("root", client=console.new_client()).status == 303  # the old password still works

    monkeypatch.setattr("sys.stdin", io.StringIO("aaaaaaaaaaaa\n"))
    assert main(["staff", "create-user", "eve", "--password-stdin"]) == 1
    assert "too easy to guess" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["staff", "create-user", "eve", "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("aaaaaaaaaaaa\n"))
    assert main(["staff", "set-password", "eve", "--password-stdin"]) == 1


# ---------------------------------------------------------------------------------------- finding 10: throttling


def _from(address: str) -> dict[str, str]:
    """As the trusted front door (127.0.0.1 in the tests) reports a client: nginx appends the address it saw."""
    return {"X-Forwarded-For": address}


def test_a_person_at_their_usual_address_is_not_locked_out_by_failures_elsewhere(console) -> None:
    console.user("ann", login=False)
    assert console.login("ann", headers=_from("198.51.100.7")).status == 303  # ann's clinic
    for i in range(12):  # an attacker from many addresses
        console.login("ann", f"guess number {i}!", client=console.new_client(), headers=_from(f"203.0.113.{i}"))
    elsewhere = console.login("ann", client=console.new_client(), headers=_from("192.0.2.50"))
    assert elsewhere.status == 429 and int(elsewhere.headers["Retry-After"]) > 0  # the account backs off
    assert console.login("ann", client=console.new_client(), headers=_from("198.51.100.7")).status == 303


def test_account_backoff_doubles_is_capped_and_refused_tries_do_not_extend_it(console) -> None:
    assert [accounts.account_backoff(n).total_seconds() for n in (4, 5, 6, 7)] == [0, 30, 60, 120]
    assert accounts.account_backoff(50) == accounts.ACCOUNT_BACKOFF_CAP == dt.timedelta(minutes=15)
    console.user("ann", login=False)
    for i in range(accounts.ACCOUNT_FREE_FAILURES):
        assert console.login("ann", "wrong password", headers=_from(f"203.0.113.{i}")).status == 401
    for i in range(5):  # refused while backing off: not counted
        assert console.login("ann", "wrong password", headers=_from(f"203.0.113.{50 + i}")).status == 429
    with session_scope(console.engine) as session:
        assert session.query(LoginFailure).count() == accounts.ACCOUNT_FREE_FAILURES
        session.execute(update(LoginFailure).values(at=LoginFailure.at - dt.timedelta(seconds=31)))
    assert console.login("ann", headers=_from("192.0.2.1")).status == 303


def test_one_address_cannot_try_unlimited_user_names(console) -> None:
    console.user("ann", login=False)
    for i in range(accounts.MAX_ADDRESS_FAILURES):
        assert console.login(f"user{i}", "wrong password", headers=_from("203.0.113.9")).status == 401
    assert console.login("ann", headers=_from("203.0.113.9")).status == 429
    assert console.login("ann", headers=_from("198.51.100.7")).status == 303  # others are not affected


def test_a_flood_of_failures_slows_unknown_addresses_but_not_known_ones(console) -> None:
    console.user("ann", login=False)
    console.user("bob", login=False)
    assert console.login("ann", headers=_from("198.51.100.7")).status == 303
    with session_scope(console.engine) as session:  # a spray of failures from many places, just now
        now = utcnow()
        session.add_all(LoginFailure(username=f"x{i}", ip=f"10.0.{i // 250}.{i % 250}", at=now)
                        for i in range(accounts.MAX_GLOBAL_FAILURES))
    assert console.login("bob", client=console.new_client(), headers=_from("192.0.2.8")).status == 429
    assert console.login("ann", client=console.new_client(), headers=_from("198.51.100.7")).status == 303


def test_forwarded_headers_count_only_from_the_trusted_proxy(console) -> None:
    console.user("ann", login=False)
    assert console.login("ann", "wrong password", headers=_from("6.6.6.6, 203.0.113.5")).status == 401
    with session_scope(console.engine) as session:
        assert [f.ip for f in session.query(LoginFailure)] == ["203.0.113.5"]  # what nginx saw, not what was typed

    console.config = dataclasses.replace(console.config, staff_trusted_proxy="10.0.0.1")  # the tests' 127.0.0.1 is not it
    direct = console.new_client()
    for i in range(accounts.MAX_LOGIN_FAILURES):
        console.login("bob", "wrong password", client=direct, headers=_from(f"192.0.2.{i}"))
    assert console.login("bob", "wrong password", client=direct, headers=_from("192.0.2.99")).status == 429
    with session_scope(console.engine) as session:
        assert {f.ip for f in session.query(LoginFailure).filter_by(username="bob")} == {"127.0.0.1"}
    answer = console.login("ann", client=console.new_client(), headers={"X-Forwarded-Proto": "https"})
    cookie = next(c for c in answer.headers.getall("Set-Cookie") if c.startswith("staff_session="))
    assert answer.status == 303 and not re.search(r";\s*Secure", cookie)


def test_the_session_cookie_is_secure_when_the_trusted_front_door_speaks_https(console) -> None:
    console.user("ann", login=False)
    answer = console.login("ann", headers={"X-Forwarded-Proto": "https", **_from("198.51.100.7")})
    cookie = next(c for c in answer.headers.getall("Set-Cookie") if c.startswith("staff_session="))
    assert re.search(r";\s*Secure", cookie)
