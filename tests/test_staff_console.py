"""Staff console pages: queue order and masking, transcript (escaped, trigger highlighted), audited views,
status/notes/reveal, handoff through Rasa's HTTP API, pre-screens and account management."""
from __future__ import annotations

import re

from bot.db import session_scope
from bot.escalation.models import Escalation, Handoff
from bot.screening.records import Prescreen
from bot.staff.models import StaffUser
from tests.staff_support import PASSWORD, PHONE, XSS


def _row_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="escalation-row[^"]*" data-id="(\d+)"', html)]


def test_queue_puts_imminent_first_then_newest_and_masks_sms_numbers(console) -> None:
    console.user("ann")
    old_imminent = console.escalation("a", priority=1, minutes_ago=30, message_id="1")
    new_passive = console.escalation("b", category="passive", priority=3, message_id="2")
    new_imminent = console.escalation(PHONE, channel="twilio", priority=1, minutes_ago=5, message_id="3")
    resolved = console.escalation("c", priority=1, status="resolved", message_id="4")
    page = console.get("/staff")
    assert _row_ids(page.text) == [new_imminent, old_imminent, new_passive]
    assert "Imminent risk" in page.text and "Passive ideation" in page.text  # the lexicon's labels
    assert PHONE not in page.text and "*" * (len(PHONE) - 2) + PHONE[-2:] in page.text
    assert re.search(r'id="new-count"[^>]*>3<', page.text)
    assert "30 min ago" in page.text
    assert _row_ids(console.get("/staff?status=all").text)[-1] == resolved


def test_detail_shows_the_escaped_transcript_with_the_trigger_highlighted_and_is_audited(console) -> None:
    console.user("ann")
    console.tracker.user("conv-1", "hi, does tms hurt?", "m0")
    console.tracker.bot("conv-1", "Most people feel a tapping.")
    console.tracker.user("conv-1", XSS, "m1")
    escalation = console.escalation("conv-1", message_id="m1")
    page = console.get(f"/staff/escalations/{escalation}")
    assert page.status == 200
    assert XSS not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page.text
    trigger = re.search(r'<li class="turn user trigger" id="trigger"[^>]*>(.*?)</li>', page.text, re.S)
    assert trigger and "&lt;script&gt;" in trigger.group(1)
    assert page.text.count(" trigger\"") == 1 and "Most people feel a tapping." in page.text
    [view] = console.audit("view_escalation")
    assert (view.actor, view.target_type, view.target_id) == ("ann", "escalation", str(escalation))


def test_status_changes_assignment_and_notes_are_stored_audited_and_escaped(console) -> None:
    console.user("ann")
    escalation = console.escalation()
    base = f"/staff/escalations/{escalation}"
    assert console.post(f"{base}/status", {"status": "acknowledged"}).headers["Location"] == f"{base}?notice=status"
    assert console.post(f"{base}/assign").status == 303
    assert console.post(f"{base}/notes", {"text": XSS}).status == 303
    assert console.post(f"{base}/status", {"status": "bogus"}).status == 400
    with session_scope(console.engine) as session:
        row = session.get(Escalation, escalation)
        assert (row.status, row.assignee) == ("acknowledged", "ann")
    [change] = console.audit("escalation_status")
    assert change.detail == {"before": "new", "after": "acknowledged"}
    assert console.audit("escalation_assign") and console.audit("note_added")
    page = console.get(base).text
    assert XSS not in page and "&lt;script&gt;" in page
    assert "escalation status → acknowledged" in page  # the history section


def test_sms_phone_number_shows_only_after_an_audited_reveal(console) -> None:
    console.user("ann")
    console.tracker.user(PHONE, "i want to die", "m1", channel="twilio")
    escalation = console.escalation(PHONE, channel="twilio")
    console.prescreen(PHONE, channel="twilio", contact_phone="+15559876543")
    page = console.get(f"/staff/escalations/{escalation}").text
    assert PHONE not in page and "+15559876543" not in page and 'id="reveal"' in page
    assert console.get(f"/staff/escalations/{escalation}/reveal").status == 405  # never a shareable GET link
    revealed = console.post(f"/staff/escalations/{escalation}/reveal")
    assert revealed.status == 200 and PHONE in revealed.text and "+15559876543" in revealed.text
    [entry] = console.audit("reveal")
    assert (entry.actor, entry.target_id, entry.detail) == ("ann", str(escalation), {"reveal": True})
    web_chat = console.escalation("web-1", message_id="m9")  # not SMS, but its pre-screen has a phone number
    console.prescreen("web-1")
    page = console.get(f"/staff/escalations/{web_chat}").text
    assert "web-1" in page and PHONE not in page and 'id="reveal"' in page


def test_detail_page_still_opens_when_the_tracker_store_cannot_be_read(console) -> None:
    console.user("ann")
    escalation = console.escalation()
    console.tracker.path.unlink()
    page = console.get(f"/staff/escalations/{escalation}")
    assert page.status == 200 and "conversation store cannot be read" in page.text and 'id="take-over"' in page.text
    assert re.search(r'class="turn user trigger".*?i want to end my life', page.text, re.S)  # stored with the escalation


def test_take_over_reply_and_hand_back_go_through_rasa_and_are_recorded(console) -> None:
    console.user("ann")
    console.tracker.user("conv-1", "i want to kill myself", "m1")
    escalation = console.escalation("conv-1")
    base = f"/staff/escalations/{escalation}"
    assert 'id="take-over"' in console.get(base).text
    assert console.post(f"{base}/reply", {"text": "hello"}).headers["Location"].endswith("notice=not_taken")

    assert console.post(f"{base}/take-over").headers["Location"] == f"{base}?notice=taken_over"
    (conversation, events), = console.rasa.calls
    assert conversation == "conv-1" and events[0]["name"] == "handoff_active" and events[0]["value"] is True
    page = console.get(base).text
    assert 'id="handoff-banner"' in page and 'id="reply-text"' in page and 'id="hand-back"' in page
    with session_scope(console.engine) as session:
        row = session.get(Escalation, escalation)
        assert (row.status, row.assignee) == ("acknowledged", "ann")  # taking over acknowledges
    assert console.post(f"{base}/take-over").headers["Location"].endswith("notice=already_taken")

    assert console.post(f"{base}/reply", {"text": "A nurse will call you in 5 minutes"}).status == 303
    sent = console.rasa.calls[-1][1][0]
    assert sent["event"] == "bot" and sent["text"] == "A nurse will call you in 5 minutes"
    assert sent["metadata"] == {"sent_by": "staff", "staff": "ann", "channel": "rest"}
    assert console.rasa.output_channels[-1] == "rest"  # pushed on the person's own channel, never "latest"
    assert re.search(r'class="turn staff".*?Staff \(ann\).*?A nurse will call you', console.get(base).text, re.S)
    [reply] = console.audit("staff_reply")
    assert reply.detail == {"chars": len("A nurse will call you in 5 minutes")}  # the text stays out of the log

    assert console.post(f"{base}/hand-back").headers["Location"] == f"{base}?notice=handed_back"
    back = console.rasa.calls[-1][1][0]
    assert (back["name"], back["value"]) == ("handoff_active", False)
    with session_scope(console.engine) as session:
        [handoff] = session.query(Handoff).all()
        assert (handoff.taken_by, handoff.handed_back_by) == ("ann", "ann") and handoff.handed_back_at
    assert [e.action for e in console.audit() if e.action in ("take_over", "staff_reply", "hand_back")] == [
        "take_over", "staff_reply", "hand_back"]


def test_a_failed_take_over_changes_nothing(console) -> None:
    console.user("ann")
    escalation = console.escalation()
    console.rasa.fail = True
    answer = console.post(f"/staff/escalations/{escalation}/take-over")
    assert answer.headers["Location"].endswith("notice=rasa_error")
    assert "did not accept the request" in console.get(answer.headers["Location"]).text
    with session_scope(console.engine) as session:
        assert session.query(Handoff).count() == 0 and session.get(Escalation, escalation).status == "new"


def test_prescreens_filter_show_detail_and_change_status(console) -> None:
    console.user("ann")
    likely = console.prescreen("p1", contact_name=XSS)
    review = console.prescreen("p2", outcome="needs_clinician_review", urgent=1)
    listing = console.get("/staff/prescreens?outcome=needs_clinician_review").text
    assert f'href="/staff/prescreens/{review}"' in listing and f'href="/staff/prescreens/{likely}"' not in listing
    assert PHONE not in listing and "Jane Doe" in listing  # the name, never the number, in the list
    page = console.get(f"/staff/prescreens/{likely}").text
    assert "Likely candidate" in page and "16 (moderately severe)" in page and "Tried two or more antidepressants" in page
    assert PHONE not in page and "&lt;script&gt;" in page and XSS not in page
    assert re.search(r'data-slot="age"><td>How old are you\?</td><td>45</td>', page)  # answers labelled by question
    assert console.audit("view_prescreen")[0].target_id == str(likely)
    assert PHONE in console.post(f"/staff/prescreens/{likely}/reveal").text
    assert console.post(f"/staff/prescreens/{likely}/status", {"status": "contacted"}).status == 303
    assert console.post(f"/staff/prescreens/{likely}/status", {"status": "done"}).status == 400
    with session_scope(console.engine) as session:
        assert session.get(Prescreen, likely).status == "contacted"
    assert console.audit("prescreen_status")[0].detail == {"before": "to_call", "after": "contacted"}
    assert f'href="/staff/prescreens/{likely}"' in console.get("/staff/prescreens?status=contacted").text


def test_admin_creates_disables_and_resets_accounts_with_audit(console) -> None:
    console.user("root", role="admin")
    created = console.post("/staff/admin/users", {"username": "sam", "password": PASSWORD, "role": "staff"})
    assert created.headers["Location"].endswith("notice=user_created")
    assert console.post("/staff/admin/users", {"username": "sam2", "password": "short", "role": "staff"}
                        ).headers["Location"].endswith("notice=weak_password")
    with session_scope(console.engine) as session:
        sam, root = (session.query(StaffUser).filter_by(username=n).one().id for n in ("sam", "root"))
    assert console.post(f"/staff/admin/users/{root}/active", {"active": "0"}).headers["Location"].endswith("self_disable")
    assert console.post(f"/staff/admin/users/{sam}/active", {"active": "0"}).status == 303
    other = console.new_client()
    assert console.login("sam", client=other).status == 401
    assert console.post(f"/staff/admin/users/{sam}/active", {"active": "1"}).status == 303
    new_password = "another long passphrase"
    assert console.post(f"/staff/admin/users/{sam}/password", {"password": new_password}).status == 303
    assert console.login("sam", new_password, client=console.new_client()).status == 303
    actions = [e.action for e in console.audit() if e.target_type == "user" and e.actor == "root" and e.action != "login"]
    assert actions == ["user_created", "user_disabled", "user_enabled", "password_reset"]
    audit_page = console.get("/staff/audit").text
    assert "password_reset" in audit_page and "login_failed" in audit_page
