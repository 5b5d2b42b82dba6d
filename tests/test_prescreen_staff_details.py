"""What staff see of a pre-screen: the person's own words beside each parsed answer, seizure-threshold medicines
named anywhere in it flagged, the list paged and refreshed live (each refresh an audited view), and the counts
its event stream watches."""
from __future__ import annotations

import re

from bot.db import session_scope, utcnow
from bot.screening.records import Prescreen, seizure_threshold_named, their_words
from bot.staff import cases

WORDS = "sertraline and then wellbutrin"
ANSWERS = {"age": 45, "antidepressants_tried": 2, "antidepressants_tried (their words)": WORDS,
           "medication_list": "sertraline 100mg", "medication_list (their words)": "sertraline 100mg"}


def test_a_medicine_named_in_any_answer_is_flagged_not_only_in_the_medicine_list() -> None:
    assert seizure_threshold_named(ANSWERS) == ("bupropion",)  # named when asked how many were tried
    assert seizure_threshold_named({"medication_list": "Adderall XR and tramadol, tramadol"}) == ("amphetamine", "tramadol")
    assert seizure_threshold_named({"medication_flags": ["clozapine"], "age": 40}) == ("clozapine",)
    assert seizure_threshold_named({"medication_list": "sertraline 100mg", "age": 40}) == ()
    assert their_words(ANSWERS) == {"antidepressants_tried": WORDS, "medication_list": "sertraline 100mg"}


def test_the_pre_screen_page_keeps_their_words_beside_the_answer_and_flags_bupropion(console) -> None:
    console.user("ann")
    flagged = console.prescreen("conv-meds", answers=ANSWERS)
    calm = console.prescreen("conv-calm", answers={"age": 30, "medication_list": "none", "phq9_1": None})
    page = console.get(f"/staff/prescreens/{flagged}").text
    row = re.search(r'<tr data-slot="antidepressants_tried">(.*?)</tr>', page, re.S)
    assert row and re.search(r"<td>2</td><td class=\"words\">“sertraline and then wellbutrin”</td>", row.group(1))
    assert "antidepressants_tried (their words)" not in page  # not a row of its own
    assert re.search(r'id="seizure-meds"[^>]*>.*?bupropion', page, re.S)
    calm_page = console.get(f"/staff/prescreens/{calm}").text
    assert 'id="seizure-meds"' not in calm_page
    assert 'data-slot="phq9_1"' not in calm_page and "<td>None</td>" not in calm_page  # not answered yet: no row
    listing = console.get("/staff/prescreens").text
    rows = dict(re.findall(r'<tr class="prescreen-row[^"]*" data-id="(\d+)">(.*?)</tr>', listing, re.S))
    assert "Seizure-risk medicine: bupropion" in rows[str(flagged)] and "Seizure-risk" not in rows[str(calm)]


def test_a_phone_number_in_their_words_stays_masked_until_revealed(console) -> None:
    console.user("ann")
    prescreen = console.prescreen(answers={"age": 45, "age (their words)": "45, call me on 555-201-7788"})
    assert "201-7788" not in console.get(f"/staff/prescreens/{prescreen}").text
    assert "555-201-7788" in console.post(f"/staff/prescreens/{prescreen}/reveal").text


def test_the_list_pages_and_every_read_of_it_live_or_not_is_audited(console) -> None:
    console.user("ann")
    ids = [console.prescreen(f"conv-{n}", status="booked") for n in range(cases.PAGE_SIZE + 3)]
    first = console.get("/staff/prescreens?status=booked").text
    assert f"Showing 1–{cases.PAGE_SIZE} of {len(ids)}" in first and 'id="page-next"' in first
    second = console.get("/staff/prescreens/live?status=booked&page=2").text
    assert f"Showing {cases.PAGE_SIZE + 1}–{len(ids)} of {len(ids)}" in second
    assert len(re.findall(r'class="prescreen-row', second)) == 3
    views = [(e.actor, e.detail) for e in console.audit("view_prescreens")]
    assert ("ann", {"count": cases.PAGE_SIZE}) in views and ("ann", {"count": 3, "live": True}) in views


def test_the_streams_counts_change_when_a_pre_screen_starts_finishes_or_is_followed_up(console) -> None:
    def counts() -> dict[str, int]:
        with session_scope(console.engine) as session:
            return cases.prescreen_counts(session)

    empty = counts()
    assert empty["total"] == 0 and all(isinstance(v, int) for v in empty.values())  # numbers only, never PHI
    prescreen = console.prescreen(outcome=None)
    started = counts()
    assert started["total"] == 1 and started["latest_id"] == prescreen and started["completed"] == 0
    with session_scope(console.engine) as session:
        session.get(Prescreen, prescreen).completed_at = utcnow()
    finished = counts()
    assert finished["completed"] == 1
    with session_scope(console.engine) as session:
        session.get(Prescreen, prescreen).status = "contacted"
    assert counts() != finished


def test_an_open_pre_screen_page_refreshes_masked_and_audited_and_a_revealed_one_does_not(console) -> None:
    console.user("ann")
    prescreen = console.prescreen(answers={"age": 45, "age (their words)": "45, call me on 555-201-7788"})
    page = console.get(f"/staff/prescreens/{prescreen}").text
    assert f'data-events-url="/staff/api/prescreens/{prescreen}/events"' in page and 'data-live="on"' in page
    live = console.get(f"/staff/prescreens/{prescreen}/live").text
    assert 'id="answers-box"' in live and "201-7788" not in live  # a refresh is never a reveal
    assert ("ann", {"live": True}) in [(e.actor, e.detail) for e in console.audit("view_prescreen")]
    assert 'data-live="off"' in console.post(f"/staff/prescreens/{prescreen}/reveal").text
    assert console.get("/staff/prescreens/99999/live").status == 404
