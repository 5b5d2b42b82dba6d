"""`python -m bot prescreens list` / `escalations list`: JSON lines for staff, phone numbers masked by default."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from bot.__main__ import _mask, main
from bot.db import default_engine, session_scope
from bot.escalation.record import EscalationRequest, record_escalation
from bot.screening.outcome import evaluate
from bot.screening.records import complete, save_progress

STARTED = dt.datetime(2026, 11, 1, 9, 30)
PHONE = "5551234567"


@pytest.fixture
def db(env_settings, app_engine):
    """The CLI reads DATABASE_URL itself: it must land on the test database, not var/."""
    assert default_engine() is app_engine
    return app_engine


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines()]


def _prescreen(engine, conversation_id: str, started: dt.datetime, answers: dict, finish: bool = False) -> None:
    with session_scope(engine) as session:
        row = save_progress(session, conversation_id, started, "twilio", answers)
        if finish:
            complete(session, row, evaluate(answers))


def test_prescreens_list_masks_the_phone_number(db, capsys) -> None:
    _prescreen(db, "conv-1", STARTED, {"age": 45, "contact_method": "call", "contact_name": "Jane",
                                       "contact_phone": PHONE})
    (record,) = _run(capsys, "prescreens", "list")
    assert record["conversation_id"] == "conv-1" and record["channel"] == "twilio"
    assert record["contact_phone"] == "********67"
    assert PHONE not in json.dumps(record)
    assert record["answers"] is None  # answers only on request
    assert record["started_at"] == STARTED.isoformat() and record["completed_at"] is None


def test_show_contact_reveals_the_phone_number(db, capsys) -> None:
    _prescreen(db, "conv-1", STARTED, {"contact_phone": PHONE})
    (record,) = _run(capsys, "prescreens", "list", "--show-contact")
    assert record["contact_phone"] == PHONE


def test_answers_flag_includes_answers_without_contact_details(db, capsys) -> None:
    _prescreen(db, "conv-1", STARTED, {"age": 45, "contact_phone": PHONE})
    (record,) = _run(capsys, "prescreens", "list", "--answers")
    assert record["answers"] == {"age": 45}


def test_list_is_newest_first_and_filters_by_outcome(db, capsys) -> None:
    complete_answers = {"age": 45, "depression_diagnosis": True, "antidepressants_tried": 3,
                        "psychotherapy_tried": True, "metal_in_head": False, "implanted_device": False,
                        "seizure_history": False, "head_injury": False, "pregnancy": False, "withdrawal": False,
                        "seizure_threshold_meds": False, "insurance_type": "commercial",
                        **dict.fromkeys(("bipolar_history", "psychosis_history", "family_epilepsy", "fainting",
                                         "brain_condition", "hearing_problems", "prior_tms", "substance_use",
                                         "sleep_deprivation"), False), "medication_list": "none",
                        **{f"phq9_{i}": 2 for i in range(1, 9)}, "phq9_9": 0}
    _prescreen(db, "older", STARTED, {"age": 45})
    _prescreen(db, "newer", STARTED + dt.timedelta(days=1), complete_answers, finish=True)
    records = _run(capsys, "prescreens", "list")
    assert [r["conversation_id"] for r in records] == ["newer", "older"]
    assert records[0]["outcome"] == "likely_candidate" and records[0]["phq9_total"] == 16
    assert records[0]["urgent"] is False and records[0]["phq9_band"] and records[1]["outcome"] is None
    assert [r["conversation_id"] for r in _run(capsys, "prescreens", "list", "--outcome", "likely_candidate")] == ["newer"]
    assert [r["conversation_id"] for r in _run(capsys, "prescreens", "list", "--limit", "1")] == ["newer"]


def test_empty_database_prints_nothing(db, capsys) -> None:
    assert _run(capsys, "prescreens", "list") == []


def test_escalations_list_most_urgent_first_without_message_text(db, capsys, make_settings) -> None:
    with session_scope(db) as session:
        for i, category in enumerate(("staff_request", "imminent", "passive")):
            record_escalation(session, EscalationRequest(
                conversation_id=f"c{i}", message_id="m", channel="rest", category=category,
                trigger_text="i took all my pills", message_time=None, recorded_by="action",
            ), make_settings())
    records = _run(capsys, "escalations", "list")
    assert [(r["category"], r["priority"]) for r in records] == [("imminent", 1), ("passive", 3), ("staff_request", 4)]
    assert all("pills" not in json.dumps(r) for r in records)


def test_unknown_command_fails(db, capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["prescreens", "delete"])
    assert raised.value.code != 0


@pytest.mark.parametrize(
    "phone, masked",
    [(None, None), ("", None), ("5551234567", "********67"), ("+1 (555) 010-0199", "***************99"), ("7", "7")],
)
def test_mask(phone, masked) -> None:
    assert _mask(phone) == masked
