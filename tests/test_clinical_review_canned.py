"""The staff console's canned replies (data/staff/canned_replies.yml) are in the clinical sign-off: each reply
is an item of its own, `python -m bot review status` lists it, an edited wording needs approval again, and
`review export` writes the file's review fields once every reply in it is approved."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from bot.__main__ import main
from bot.clinical_review import workflow
from bot.clinical_review.items import load_items
from bot.config import DATA_DIR
from bot.db import default_engine, engine_for, session_scope

CANNED = DATA_DIR / "staff" / "canned_replies.yml"
TODAY = dt.date.today()
DUE = TODAY + dt.timedelta(days=180)


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("nlu", "*.md"))
    return data


def test_every_canned_reply_is_an_item_with_its_label_and_the_files_sources() -> None:
    replies = yaml.safe_load(CANNED.read_text())["replies"]
    items = [i for i in load_items() if i.kind == "canned"]
    assert [i.key for i in items] == [f"canned:{r['id']}" for r in replies]
    assert [i.title for i in items] == [r["label"] for r in replies]
    assert all(i.path == CANNED and i.sources and not i.safety for i in items)
    assert any("988lifeline.org" in source for source in items[0].sources)


def test_review_status_lists_the_canned_replies_until_a_reviewer_approves_them(env_settings, app_engine, capsys) -> None:
    assert main(["review", "status"]) == 1
    pending = capsys.readouterr().out
    assert "canned:safety_check\tNot yet clinically reviewed" in pending
    with session_scope(default_engine()) as session:
        for state in workflow.states(session):
            if state.item.kind == "canned":
                workflow.approve(session, state, state.item.version, "dr-lee", DUE)
    main(["review", "status"])
    assert "canned:" not in capsys.readouterr().out


def test_an_edited_reply_is_pending_again_and_export_writes_the_review_fields_only_when_all_are_approved(
        tmp_path: Path) -> None:
    data = _copy(tmp_path)
    canned = data / "staff" / "canned_replies.yml"
    with session_scope(engine_for(f"sqlite:///{tmp_path}/app.db")) as db:
        states = [s for s in workflow.states(db, load_items(data)) if s.item.kind == "canned"]
        first, *others = states
        workflow.approve(db, first, first.item.version, "dr-lee", DUE)
        assert canned not in workflow.export(db, load_items(data))  # one reply approved is not the file
        for state in others:
            workflow.approve(db, state, state.item.version, "dr-lee", DUE)
        assert canned in workflow.export(db, load_items(data))
        written = yaml.safe_load(canned.read_text())
        assert written["reviewed_by"] == "dr-lee (clinical sign-off)" and str(written["review_due"]) == DUE.isoformat()

        canned.write_text(canned.read_text().replace("I'm here with you", "I'm with you"))
        after = {s.item.key: s.status for s in workflow.states(db, load_items(data)) if s.item.kind == "canned"}
    assert after.pop("canned:hello") == "pending"  # the changed wording needs a clinician again
    assert set(after.values()) == {"approved"}


@pytest.mark.parametrize("field", ["text", "label"])
def test_the_version_changes_with_what_staff_see(tmp_path: Path, field: str) -> None:
    data = _copy(tmp_path)
    canned = data / "staff" / "canned_replies.yml"
    before = {i.key: i.version for i in load_items(data) if i.kind == "canned"}
    raw = yaml.safe_load(canned.read_text())
    raw["replies"][1][field] += " Edited."
    canned.write_text(yaml.safe_dump(raw, sort_keys=False))
    after = {i.key: i.version for i in load_items(data) if i.kind == "canned"}
    changed = [key for key in before if before[key] != after[key]]
    assert changed == [f"canned:{raw['replies'][1]['id']}"]
