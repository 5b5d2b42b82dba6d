"""Clinical sign-off: versions, approve/return, the audit trail, what each profile serves, the production
start-up refusal, writing the review fields back into the YAML, and who may do what in the console."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
import yaml

from bot.clinical_review import workflow
from bot.clinical_review.items import Item, load_items, version_of
from bot.clinical_review.models import ClinicalDecision
from bot.clinical_review.serving import (
    HELD_BACK,
    ApprovedAnswers,
    approved_entries,
    served_response,
    startup_refusal,
)
from bot.config import DATA_DIR, load_settings
from bot.db import engine_for, session_scope
from bot.staff import audit

TODAY = dt.date.today()
DUE = TODAY + dt.timedelta(days=180)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[object]:
    with session_scope(engine_for(f"sqlite:///{tmp_path}/review.db")) as db:
        yield db


def item(key: str) -> Item:
    return next(i for i in load_items() if i.key == key)


def changed(original: Item, **data: object) -> Item:
    """The same item with some fields edited, as after someone changes the YAML."""
    return dataclasses.replace(original, data={**original.data, **data})


def test_every_reviewed_file_is_covered_and_every_item_names_its_sources() -> None:
    items = load_items()
    kinds = {i.kind for i in items}
    assert kinds == {"hotlines", "content", "fact", "question", "rule", "medicines", "canned"}
    assert [i.key for i in items if i.safety] == ["hotlines"]
    assert len({i.key for i in items}) == len(items) and all(len(i.key) <= 64 for i in items)
    faq = yaml.safe_load((DATA_DIR / "content" / "faq.yml").read_text())["entries"]
    assert {f"content:{e['id']}" for e in faq} <= {i.key for i in items}
    for i in items:
        if i.kind in ("content", "fact", "hotlines"):
            assert i.sources, i.key


def test_the_version_ignores_review_fields_and_layout_but_not_content() -> None:
    entry = item("content:what_is_tms")
    assert version_of({**entry.data, "reviewed_by": "someone", "review_due": "2030-01-01"}) == entry.version
    assert version_of(dict(reversed(list(entry.data.items())))) == entry.version
    assert changed(entry, answer=entry.data["answer"] + " More.").version != entry.version


def test_approve_records_who_when_which_version_and_due_date_in_the_database_and_the_audit_log(session) -> None:
    entry = item("content:what_is_tms")
    [state] = workflow.states(session, [entry])
    assert state.status == "pending" and not state.reviewed
    workflow.approve(session, state, entry.version, "dr-lee", DUE, ip="10.0.0.5")
    [state] = workflow.states(session, [entry])
    assert state.status == "approved"
    row = state.approved
    assert row is not None
    assert (row.reviewer, row.version, row.review_due, row.decided_at.date()) == ("dr-lee", entry.version, DUE, TODAY)
    assert row.content == entry.data
    [logged] = audit.entries(session, target=("clinical_item", "content:what_is_tms"))
    assert (logged.actor, logged.action, logged.ip) == ("dr-lee", "review_approved", "10.0.0.5")
    assert logged.detail == {"version": entry.version, "review_due": DUE.isoformat()}
    assert audit.verify(session).ok


def test_a_change_is_pending_again_and_the_diff_shows_it_against_the_last_approval(session) -> None:
    entry = item("content:cost")
    workflow.approve(session, workflow.states(session, [entry])[0], entry.version, "dr-lee", DUE)
    edited = changed(entry, title="What does a TMS course cost now?")
    [state] = workflow.states(session, [edited])
    assert state.status == "pending" and state.approved is not None and state.approved.version == entry.version
    diff = workflow.diff(state)
    assert ("del", f"-title: {entry.data['title']}") in diff
    assert ("add", "+title: What does a TMS course cost now?") in diff
    assert not [line for kind, line in diff if kind in ("add", "del") and "answer" in line]


def test_a_return_needs_a_comment_and_a_stale_or_odd_decision_is_refused(session) -> None:
    entry = item("rule:metal_in_head")
    state = workflow.states(session, [entry])[0]
    with pytest.raises(workflow.ReviewError, match="comment"):
        workflow.send_back(session, state, entry.version, "dr-lee", "  ")
    with pytest.raises(workflow.ReviewError, match="changed"):
        workflow.approve(session, state, "0" * 64, "dr-lee", DUE)
    for due in (TODAY, TODAY + dt.timedelta(days=800)):
        with pytest.raises(workflow.ReviewError, match="review-due"):
            workflow.approve(session, state, entry.version, "dr-lee", due)
    assert session.query(ClinicalDecision).count() == 0
    workflow.send_back(session, state, entry.version, "dr-lee", "Cite the 2021 guideline table.")
    [state] = workflow.states(session, [entry])
    assert state.status == "returned" and state.latest is not None and state.latest.comment == "Cite the 2021 guideline table."
    assert [e.action for e in audit.entries(session)] == ["review_returned"]


def _approve(session, *items: Item) -> None:
    for i in items:
        workflow.approve(session, workflow.states(session, [i])[0], i.version, "dr-lee", DUE)


def test_approved_serving_gives_the_last_approved_version_while_a_change_is_pending(session) -> None:
    entry = item("content:what_is_tms")
    older = changed(entry, answer="An older approved answer about TMS.", sms="An older approved text.")
    _approve(session, older)
    answers = approved_entries(session)
    assert answers["what_is_tms"].answer == "An older approved answer about TMS."
    assert answers["what_is_tms"].sms == "An older approved text."
    _approve(session, entry)  # the reviewer approves the change: it is served from now on
    assert approved_entries(session)["what_is_tms"].answer == " ".join(entry.data["answer"].split())


def test_an_answer_is_worded_with_approved_facts_and_held_back_while_a_fact_it_cites_is_not() -> None:
    cites = [i for i in load_items() if i.kind == "content" and "{fact:" in i.data["answer"]]
    assert cites, "no entry cites a fact"
    entry = cites[0]
    fact_ids = sorted(set(re.findall(r"\{fact:([a-z0-9_]+)\}", entry.data["answer"] + entry.data["sms"])))
    facts = {f.id: f for f in load_items() if f.kind == "fact"}
    with session_scope(engine_for("sqlite://")) as db:
        _approve(db, entry)
        assert entry.id not in approved_entries(db)  # its facts have no approval yet
        for fact_id in fact_ids:
            fact = facts[fact_id]
            nested = re.findall(r"\{fact:([a-z0-9_]+)\}", fact.data["text"])
            _approve(db, fact, *(facts[n] for n in nested))
        _approve(db, changed(facts[fact_ids[0]], text="APPROVED-FACT-WORDING"))
        served = approved_entries(db)[entry.id]
        assert "APPROVED-FACT-WORDING" in served.answer + served.sms and "{fact:" not in served.answer


def test_a_never_approved_answer_is_held_back(tmp_path: Path) -> None:
    answers = ApprovedAnswers(f"sqlite:///{tmp_path}/empty.db")
    assert served_response(answers, "what_is_tms", sms=False) == {"text": HELD_BACK}
    assert "{clinic_phone}" in HELD_BACK  # Rasa fills in the clinic's number


def settings(tmp_path: Path, **env: str):
    base = {"DEPLOYMENT_PROFILE": "", "SERVE_CONTENT": "", "DATABASE_URL": f"sqlite:///{tmp_path}/app.db",
            "POSTGRES_PASSWORD": "p", "TRACKER_STORE_URL": ""}
    with mock.patch.dict(os.environ, {**base, **env}):
        return load_settings(env_file=Path(os.devnull))


def test_production_refuses_to_start_with_an_unapproved_hotline_file(tmp_path: Path) -> None:
    production = settings(tmp_path, DEPLOYMENT_PROFILE="production")
    assert production.serve_content == "approved"
    refusal = startup_refusal(production)
    assert refusal and refusal.startswith("refusing to start")
    assert "data/safety/hotlines.yml" in refusal and "not yet clinically reviewed" in refusal
    assert "clinical_reviewer" in refusal and "approve" in refusal
    hotlines = item("hotlines")
    with session_scope(engine_for(production.database_url)) as db:
        _approve(db, changed(hotlines, hotlines={**hotlines.data["hotlines"], "text_line_number": "000000"}))
    assert "data/safety/hotlines.yml" in (startup_refusal(production) or "")  # an older approval does not cover a change
    with session_scope(engine_for(production.database_url)) as db:
        _approve(db, hotlines)
    assert startup_refusal(production) is None
    assert startup_refusal(settings(tmp_path / "other")) is None  # the embedded default serves pending versions


def test_production_cannot_be_told_to_serve_pending_versions(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SERVE_CONTENT"):
        settings(tmp_path, DEPLOYMENT_PROFILE="production", SERVE_CONTENT="pending")
    assert settings(tmp_path).serve_content == "pending"
    assert settings(tmp_path, SERVE_CONTENT="approved").serve_content == "approved"


def test_export_writes_the_review_fields_of_approved_items_only_and_keeps_the_file_otherwise(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("nlu", "*.md"))
    items = load_items(data)
    faq = data / "content" / "faq.yml"
    before_text = faq.read_text()
    entry = next(i for i in items if i.key == "content:what_is_tms")
    other = next(i for i in items if i.key == "content:cost")
    hotlines = next(i for i in items if i.key == "hotlines")
    with session_scope(engine_for(f"sqlite:///{tmp_path}/app.db")) as db:
        _approve(db, entry, hotlines)
        assert set(workflow.export(db, items)) == {faq, data / "safety" / "hotlines.yml"}
        assert workflow.export(db, items) == []  # already written
    raw = {e["id"]: e for e in yaml.safe_load(faq.read_text())["entries"]}
    assert raw["what_is_tms"]["reviewed_by"] == "dr-lee (clinical sign-off)"
    assert str(raw["what_is_tms"]["reviewed_on"]) == TODAY.isoformat()
    assert str(raw["what_is_tms"]["review_due"]) == DUE.isoformat()
    old = {e["id"]: e for e in yaml.safe_load(before_text)["entries"]}
    assert raw["cost"] == old["cost"] and other.version == next(i for i in load_items(data) if i.key == "content:cost").version
    assert [line for line in faq.read_text().splitlines() if line.lstrip().startswith("#")] == [
        line for line in before_text.splitlines() if line.lstrip().startswith("#")]
    assert next(i for i in load_items(data) if i.key == "content:what_is_tms").version == entry.version
    assert yaml.safe_load((data / "safety" / "hotlines.yml").read_text())["reviewed_by"] == "dr-lee (clinical sign-off)"
    facts = (data / "content" / "facts.yml").read_text()
    assert "dr-lee" not in facts  # a file-level review is written only once every item in the file is approved


def test_console_reviewer_reads_the_diff_approves_and_sees_no_patient_records(console) -> None:
    console.user("dr-lee", role="clinical_reviewer")
    assert console.get("/staff").headers["Location"] == "/staff/review"
    assert console.get("/staff/prescreens").status == 403
    listing = console.get("/staff/review")
    assert listing.status == 200 and 'data-key="content:what_is_tms"' in listing.text
    assert "Not yet clinically reviewed" in listing.text
    page = console.get("/staff/review/item?key=content:what_is_tms")
    assert page.status == 200 and "Mayo Clinic" in page.text and 'id="approve"' in page.text
    assert "+answer:" in page.text or "+answer: &gt;" in page.text or 'class="diff-add">+answer' in page.text
    found = re.search(r'name="version" value="([0-9a-f]{64})"', page.text)
    assert found
    version = found.group(1)
    done = console.post("/staff/review/decide", {"key": "content:what_is_tms", "version": version,
                                                 "decision": "approve", "review_due": DUE.isoformat()})
    assert done.status == 303 and "done=approved" in done.headers["Location"]
    page = console.get(done.headers["Location"])
    assert "Approved: this version is now the one the bot serves." in page.text and 'id="approve"' not in page.text
    [logged] = console.audit("review_approved")
    assert (logged.actor, logged.target_id) == ("dr-lee", "content:what_is_tms")
    stale = console.post("/staff/review/decide", {"key": "content:cost", "version": "0" * 64, "decision": "approve",
                                                  "review_due": DUE.isoformat()})
    assert "done=changed" in stale.headers["Location"]


def test_console_only_clinical_reviewers_decide_and_staff_cannot_open_review(console) -> None:
    console.user("nurse")
    assert console.get("/staff/review").status == 403
    console.client = console.new_client()
    console.user("boss", role="admin")
    assert console.get("/staff/review").status == 200  # admins see the status
    page = console.get("/staff/review/item?key=hotlines")
    found = re.search(r"([0-9a-f]{12})</code>", page.text)
    assert found
    version = found.group(1)
    assert 'id="approve"' not in page.text
    refused = console.post("/staff/review/decide", {"key": "hotlines", "version": version, "decision": "approve",
                                                    "review_due": DUE.isoformat()})
    assert refused.status == 403 and console.audit("review_approved") == []


def test_the_supervisor_stops_with_the_clear_message_and_starts_once_hotlines_are_approved(tmp_path: Path, capsys) -> None:
    from bot.run import clinical_review_allows_start

    production = settings(tmp_path, DEPLOYMENT_PROFILE="production")
    assert clinical_review_allows_start(production) is False
    assert "refusing to start" in capsys.readouterr().err
    with session_scope(engine_for(production.database_url)) as db:
        _approve(db, item("hotlines"))
    assert clinical_review_allows_start(production) is True
    assert "items await approval" in capsys.readouterr().out


def test_the_demo_page_marks_pending_content_only_while_pending_versions_are_served(tmp_path: Path) -> None:
    from bot.clinical_review import serving
    from bot.web.site import render_page

    pending = settings(tmp_path)
    with mock.patch.object(serving, "_notice", (-60.0, "")):
        notice = serving.unreviewed_notice(pending)
    assert notice.startswith("Not yet clinically reviewed:") and f"of {len(load_items())}" in notice
    assert 'id="review-notice"' in render_page(pending, "n0nce", review_notice=notice)
    assert 'id="review-notice"' not in render_page(pending, "n0nce")
    assert serving.unreviewed_notice(settings(tmp_path, SERVE_CONTENT="approved")) == ""


def test_an_overdue_approval_is_still_served_but_listed_for_review_again(session) -> None:
    entry = item("content:cost")
    _approve(session, entry)
    session.query(ClinicalDecision).update({"review_due": TODAY})
    [state] = workflow.states(session, [entry])
    assert state.status == "overdue" and state.reviewed and "cost" in approved_entries(session)
    workflow.approve(session, state, entry.version, "dr-lee", DUE)  # re-approved with a new due date
    assert workflow.states(session, [entry])[0].status == "approved"


def test_a_first_deployment_is_signed_off_in_bulk_by_a_clinical_reviewer_only(tmp_path: Path) -> None:
    """`python -m bot review approve --all --reviewer NAME`: the reviewer's own password, their role, one
    audited decision per item; production may start afterwards; a returned item is never approved in bulk."""
    import subprocess
    import sys

    from bot.config import ROOT
    from bot.staff import accounts
    from bot.staff.models import LoginFailure

    production = settings(tmp_path, DEPLOYMENT_PROFILE="production")
    engine = engine_for(production.database_url)
    password = "correct horse battery staple"
    with session_scope(engine) as db:
        accounts.create_user(db, "dr-lee", password, "clinical_reviewer")
        accounts.create_user(db, "sam", password, "staff")
        cost = workflow.state_of(db, "content:cost")
        assert cost is not None
        workflow.send_back(db, cost, cost.item.version, "dr-lee", "Say what insurers ask for.")

    def approve_all(reviewer: str, typed: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DEPLOYMENT_PROFILE": "", "SERVE_CONTENT": "", "DATABASE_URL": production.database_url}
        return subprocess.run([sys.executable, "-m", "bot", "review", "approve", "--all", "--reviewer", reviewer,
                               "--password-stdin"], input=typed + "\n", env=env, cwd=ROOT, capture_output=True,
                              text=True, timeout=120)

    assert approve_all("dr-lee", "not the password").returncode == 1
    refused = approve_all("sam", password)
    assert refused.returncode == 1 and "not a clinical_reviewer" in refused.stderr
    with session_scope(engine) as db:
        assert workflow.decisions(db) and not workflow.last_approvals(db)  # only the return so far
        assert db.query(LoginFailure).filter_by(username="dr-lee").count() == 1  # the wrong password counts
    assert startup_refusal(production)

    done = approve_all("dr-lee", password)
    assert done.returncode == 1 and "content:cost" in done.stderr  # returned: left for the console
    with session_scope(engine) as db:
        states = {s.item.key: s for s in workflow.states(db)}
        assert states["content:cost"].status == "returned"
        assert all(s.status == "approved" for k, s in states.items() if k != "content:cost")
        logged = [e for e in audit.entries(db, 1000) if e.action == "review_approved"]
        assert len(logged) == len(states) - 1 and {e.actor for e in logged} == {"dr-lee"}
        assert all(e.detail["bulk"] is True and e.detail["version"] == states[e.target_id].item.version
                   for e in logged)
        assert audit.verify(db).ok
    assert startup_refusal(production) is None
    again = approve_all("dr-lee", password)  # nothing left but the returned item: nothing approved twice
    assert "approved 0 items" in again.stdout


def test_new_training_questions_do_not_send_an_approved_answer_back_to_review(session) -> None:
    """A version covers what visitors read; the entry's NLU questions are served from today's YAML."""
    entry = item("content:what_is_tms")
    assert "questions" not in entry.data and entry.data["answer"]
    _approve(session, entry)
    served = approved_entries(session)["what_is_tms"]
    assert len(served.questions) >= 8 and served.answer
