"""Issue 13's console pieces on the real app: queue filters for assignee and dates, the live conversation
page (its event stream and audited re-fetch), the summary card with an audited reveal and call, canned
replies, the pre-screens list and the audit log's filters and CSV export."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

from bot.db import session_scope, utcnow
from bot.escalation.models import Escalation
from bot.staff import present
from bot.staff.models import AuditEntry
from tests.staff_support import PHONE


def _row_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="escalation-row[^"]*" data-id="(\d+)"', html)]


def test_queue_filters_by_assignee_and_opened_dates_together_with_search_and_keep_them_in_the_pager(console) -> None:
    console.user("ann")
    mine_old = console.escalation("old-mine", minutes_ago=3 * 24 * 60, message_id="1")
    mine_new = console.escalation("new-mine", message_id="2")
    theirs = console.escalation("new-theirs", message_id="3")
    nobody = console.escalation("new-nobody", message_id="4")
    with session_scope(console.engine) as session:
        for row_id, who in ((mine_old, "ann"), (mine_new, "ann"), (theirs, "bob")):
            session.get(Escalation, row_id).assignee = who
    today = utcnow().date()
    assert sorted(_row_ids(console.get("/staff?assignee=ann").text)) == sorted([mine_old, mine_new])
    assert _row_ids(console.get("/staff?assignee=-").text) == [nobody]
    assert sorted(_row_ids(console.get(f"/staff?from={today}").text)) == sorted([mine_new, theirs, nobody])
    three_days = today - dt.timedelta(days=3)
    assert _row_ids(console.get(f"/staff?to={three_days}").text) == [mine_old]
    assert _row_ids(console.get(f"/staff?from={three_days}&to={three_days}&assignee=ann").text) == [mine_old]
    assert _row_ids(console.get(f"/staff?assignee=ann&from={today}&q=new-mine").text) == [mine_new]
    assert _row_ids(console.get("/staff?assignee=ann&q=theirs").text) == []
    page = console.get(f"/staff?assignee=ann&from={today}").text  # the form shows what is applied
    assert re.search(r'<option value="ann" selected>ann \(me\)</option>', page)
    assert f'id="f-from" name="from" type="date" value="{today}"' in page
    assert _row_ids(console.get("/staff?from=yesterday&to=2026-02-31").text)  # nonsense dates mean "any"

    for i in range(55):  # the pager carries every filter along
        console.escalation(f"bulk-{i}", message_id=f"b{i}")
    paged = console.get(f"/staff?assignee=-&from={today}").text
    nxt = re.search(r'id="page-next" rel="next" href="([^"]+)"', paged)
    assert nxt and "assignee=-" in nxt.group(1) and f"from={today}" in nxt.group(1)


def test_a_date_filter_means_the_clinics_day() -> None:
    chicago = present.day_start_utc(dt.date(2026, 12, 1), "America/Chicago")
    assert chicago == dt.datetime(2026, 12, 1, 6, 0)  # midnight CST is 06:00 UTC
    assert present.day_start_utc(dt.date(2026, 7, 1), "America/Chicago") == dt.datetime(2026, 7, 1, 5, 0)
    assert present.day_start_utc(dt.date(2026, 12, 1), "Not/AZone") == dt.datetime(2026, 12, 1)


def test_summary_card_masks_name_and_phone_until_an_audited_reveal_then_offers_an_audited_call(console) -> None:
    console.user("ann")
    console.tracker.user("conv-1", "please call me at 555-867-5309, i want to end my life", "m1")
    escalation = console.escalation("conv-1")
    with session_scope(console.engine) as session:
        session.get(Escalation, escalation).trigger_text = "please call me at 555-867-5309, i want to end my life"
    prescreen = console.prescreen("conv-1", outcome="needs_clinician_review", urgent=1)
    page = console.get(f"/staff/escalations/{escalation}").text
    found = re.search(r'<section class="summary" id="summary".*?</section>', page, re.S)
    assert found
    card = found.group(0)
    assert "i want to end my life" in card and "555-867-5309" not in card and "********09" in card
    assert "Imminent risk" in card and "P1" in card
    assert re.search(r'id="summary-name">J\. D\.<', card) and "Jane" not in page
    assert "*" * (len(PHONE) - 2) + PHONE[-2:] in card and PHONE not in page
    assert "tel:" not in page  # no call link before the reveal
    assert f'href="/staff/prescreens/{prescreen}">Needs clinician review</a>' in card and "urgent" in card

    revealed = console.post(f"/staff/escalations/{escalation}/reveal").text
    assert re.search(r'id="summary-name">Jane Doe<', revealed)
    assert f'href="tel:{PHONE}"' in revealed and 'data-audit="/staff/escalations/' in revealed
    assert console.audit("reveal")[-1].target_id == str(escalation)
    assert console.post(f"/staff/escalations/{escalation}/call").status == 204
    assert console.post(f"/staff/escalations/{escalation}/call", csrf="").status == 403  # a forged call log
    [call] = console.audit("call")
    assert (call.actor, call.target_type, call.target_id) == ("ann", "escalation", str(escalation))
    assert "ann · call" in console.get(f"/staff/escalations/{escalation}").text  # in the page's history


def test_an_sms_conversation_is_called_on_its_own_number_after_the_reveal(console) -> None:
    console.user("ann")
    escalation = console.escalation(PHONE, channel="twilio")
    assert "tel:" not in console.get(f"/staff/escalations/{escalation}").text
    assert f'href="tel:{PHONE}"' in console.post(f"/staff/escalations/{escalation}/reveal").text


def test_canned_replies_fill_the_reply_box_only_while_staff_hold_the_conversation(console) -> None:
    console.user("ann")
    escalation = console.escalation("conv-1")
    base = f"/staff/escalations/{escalation}"
    assert "data-canned" not in console.get(base).text
    console.post(f"{base}/take-over")
    page = console.get(base).text
    buttons = re.findall(r'<button type="button" class="secondary canned-reply" data-canned="([^"]+)" data-text="([^"]*)">([^<]+)<', page)
    assert {b[0] for b in buttons} >= {"hello", "safety_check"}
    safety = next(text for key, text, _ in buttons if key == "safety_check")
    assert "call or text 988" in safety and "call 911" in safety  # from data/safety/hotlines.yml
    assert all("{" not in text for _, text, _ in buttons)
    assert console.config.clinic_name in next(text for key, text, _ in buttons if key == "hello")


def test_open_conversation_page_stream_reports_new_messages_and_reply_states_and_refetch_is_audited(console) -> None:
    console.user("ann")
    console.tracker.user("conv-1", "i want to end my life", "m1")
    escalation = console.escalation("conv-1")
    page = console.get(f"/staff/escalations/{escalation}").text
    assert 'data-turns="1"' in page and f'data-events-url="/staff/api/escalations/{escalation}/events"' in page

    async def first_event() -> dict[str, object]:
        async with console.client.get(f"/staff/api/escalations/{escalation}/events") as response:
            assert response.headers["Content-Type"].startswith("text/event-stream")
            line = await response.content.readline()
            return json.loads(line.decode().removeprefix("data: "))

    assert console.loop.run_until_complete(first_event()) == {"turns": 1, "replies": ""}
    console.tracker.user("conv-1", "are you there? call 555-867-5309", "m2")
    console.post(f"/staff/escalations/{escalation}/take-over")
    console.post(f"/staff/escalations/{escalation}/reply", {"text": "I am here."})
    state = console.loop.run_until_complete(first_event())
    assert state["turns"] == 3 and re.fullmatch(r"\d+:delivered", str(state["replies"]))

    views = len(console.audit("view_escalation"))
    live = console.get(f"/staff/escalations/{escalation}/live")
    assert live.status == 200 and "are you there?" in live.text and "555-867-5309" not in live.text
    assert 'id="transcript-box"' in live.text and 'id="replies-box"' in live.text and "I am here." in live.text
    assert "<html" not in live.text
    entries = console.audit("view_escalation")
    assert len(entries) == views + 1 and entries[-1].detail == {"live": True}


def test_conversation_times_are_the_clinics_with_utc_on_hover_and_a_relative_time_the_page_updates(console) -> None:
    console.user("ann")
    console.tracker.user("conv-1", "hello", "m1")
    escalation = console.escalation("conv-1", minutes_ago=12)
    page = console.get(f"/staff/escalations/{escalation}").text
    found = re.search(r'<li class="turn user trigger".*?</li>', page, re.S)
    assert found
    turn = found.group(0)
    assert re.search(r'<time class="local" datetime="[\dT:-]+Z" title="[\d: -]+UTC">[\d: -]+ UTC</time>', turn)
    assert re.search(r'<span class="ago" data-since="[\dT:-]+Z">just now</span>', turn)
    assert re.search(r'data-since="[\dT:-]+Z">12 min ago<', page)  # when it was escalated


def test_prescreens_list_shows_name_outcome_crisis_flag_date_and_the_conversation(console) -> None:
    console.user("ann")
    crisis = console.prescreen("conv-crisis", contact_name="Ada Lovelace")
    escalation = console.escalation("conv-crisis", priority=1)
    calm = console.prescreen("conv-calm", contact_name="Bo Calm", answers={"age": 30})
    page = console.get("/staff/prescreens").text
    rows = dict(re.findall(r'<tr class="prescreen-row[^"]*" data-id="(\d+)">(.*?)</tr>', page, re.S))
    assert "Ada Lovelace" in rows[str(crisis)] and "Crisis" in rows[str(crisis)] and "Likely candidate" in rows[str(crisis)]
    assert f'href="/staff/escalations/{escalation}">Open conversation' in rows[str(crisis)]
    assert "Bo Calm" in rows[str(calm)] and "Crisis" not in rows[str(calm)] and "no escalation" in rows[str(calm)]
    assert re.search(r'data-since="[\dT:-]+Z">just now<', rows[str(calm)])
    assert f'class="record-id" href="/staff/prescreens/{calm}"' in rows[str(calm)]


def test_audit_log_filters_by_user_action_and_day_names_users_and_exports_an_audited_csv(console) -> None:
    console.user("root", role="admin")
    console.login("=cmd|calc", "wrong password entirely")
    escalation = console.escalation()
    console.get(f"/staff/escalations/{escalation}")
    with session_scope(console.engine) as session:
        sam = console.post("/staff/admin/users", {"username": "sam", "password": "another long passphrase", "role": "staff"})
        assert sam.status == 303
        old = AuditEntry(actor="root", action="view_escalation", target_type="escalation", target_id="1",
                         at=utcnow() - dt.timedelta(days=10))
        session.add(old)

    def rows(query: str) -> list[str]:
        return re.findall(r'<tr class="audit-row" data-action="([^"]+)">', console.get(f"/staff/audit?{query}").text)

    assert set(rows("actor=root")) >= {"login", "view_escalation", "user_created"}
    assert set(rows("action=view_escalation")) == {"view_escalation"}
    today = utcnow().date()
    assert len(rows(f"actor=root&action=view_escalation&from={today}")) == 1
    assert len(rows(f"actor=root&action=view_escalation&to={today - dt.timedelta(days=9)}")) == 1
    page = console.get("/staff/audit?action=user_created").text
    assert "user sam" in page  # the account's name, not its id
    assert 'href="/staff/audit.csv?actor=&amp;action=user_created' in page

    export = console.get("/staff/audit.csv?action=login_failed")
    assert export.status == 200 and export.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in export.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(export.text)))
    assert table[0][:4] == ["id", "at_utc", "actor", "action"]
    assert [r[2] for r in table[1:]] == ["'=cmd|calc"]  # a formula stays text in a spreadsheet
    [logged] = console.audit("audit_export")
    assert (logged.actor, logged.detail) == ("root", {"rows": 1, "filter_action": "login_failed"})
    assert console.get("/staff/audit.csv?actor=sam&action=user_created").text.count("\n") == 1  # header only
    staff = console.new_client()
    console.user("plain", login=False)
    assert console.login("plain", client=staff).status == 303
    assert console.get("/staff/audit.csv", client=staff).status == 403
