"""One pre-screen turn (take_turn), and stored pre-screens (bot.screening.records)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.db import session_scope
from bot.screening.dialogue import IN_PROGRESS, PAUSED, STOPPED, hint, take_turn
from bot.screening.outcome import evaluate
from bot.screening.questionnaire import load_questionnaire
from bot.screening.records import Prescreen, complete, list_prescreens, save_progress


@pytest.fixture(scope="module")
def qn():
    return load_questionnaire()


SO_FAR = {"age": 30, "depression_diagnosis": True}


# ------------------------------------------------------------------------------------------ take_turn


@pytest.mark.parametrize("text", ["stop", "cancel"])
def test_stop_keeps_answers_and_stops(qn, text: str) -> None:
    turn = take_turn(qn, SO_FAR, "antidepressants_tried", text)
    assert turn.status == STOPPED
    assert turn.answers == SO_FAR


def test_restart_clears_every_answer(qn) -> None:
    turn = take_turn(qn, SO_FAR, "antidepressants_tried", "start over")
    assert turn.answers == {}
    assert turn.status == IN_PROGRESS and turn.messages


def test_why_explains_without_answering(qn) -> None:
    question = qn.by_slot["antidepressants_tried"]
    turn = take_turn(qn, SO_FAR, "antidepressants_tried", "why do you ask?")
    assert turn.messages == [question.why]
    assert turn.answers == SO_FAR and turn.understood and turn.status == IN_PROGRESS


def test_correction_updates_an_earlier_answer(qn) -> None:
    turn = take_turn(qn, SO_FAR, "antidepressants_tried", "actually I'm 45")
    assert turn.answers["age"] == 45
    assert "antidepressants_tried" not in turn.answers  # the current question is still open
    assert turn.messages and turn.status == IN_PROGRESS
    assert qn.next_question(turn.answers).slot == "antidepressants_tried"


def test_correction_clears_answers_that_no_longer_apply(qn) -> None:
    """Switching the contact method from phone to e-mail drops the phone number already given."""
    answers = {"contact_method": "call", "contact_name": "Jane", "contact_phone": "5551234567"}
    assert qn.by_slot["contact_phone"].applies(answers)
    turn = take_turn(qn, answers, "contact_email", "actually email me instead")
    assert turn.answers["contact_method"] == "email"
    assert turn.answers["contact_phone"] is None
    assert turn.answers["contact_name"] == "Jane"


def test_an_answer_is_stored(qn) -> None:
    turn = take_turn(qn, SO_FAR, "antidepressants_tried", "2")
    assert turn.answers == {**SO_FAR, "antidepressants_tried": 2}
    assert turn.understood and turn.messages == []


@pytest.mark.parametrize("slot, text", [("depression_diagnosis", "banana"), ("age", "old enough"), ("phq9_1", "7")])
def test_an_unparseable_answer_asks_again_with_a_hint(qn, slot: str, text: str) -> None:
    turn = take_turn(qn, {}, slot, text)
    assert turn.understood is False
    assert turn.answers == {}
    question = qn.by_slot[slot]
    assert turn.messages == [f"Sorry, I didn't catch that. {hint(question)}"]
    for number, button in question.options():
        assert f"{number} for {button.title}" in turn.messages[0]


def test_button_hint_lists_every_option(qn) -> None:
    assert hint(qn.by_slot["depression_diagnosis"]) == "You can tap a button or type 1 for Yes, 2 for No, 3 for Not sure."
    assert "0 for Not at all" in hint(qn.by_slot["phq9_9"])
    assert "number" in hint(qn.by_slot["age"])


@pytest.mark.parametrize("text", ["1", "several days", "2", "Nearly every day"])
def test_item9_positive_pauses_for_safety(qn, text: str) -> None:
    turn = take_turn(qn, {}, "phq9_9", text)
    assert turn.item9_positive is True
    assert turn.status == PAUSED
    assert turn.answers["phq9_9"] in (1, 2, 3)


@pytest.mark.parametrize("text", ["0", "not at all"])
def test_item9_zero_continues(qn, text: str) -> None:
    turn = take_turn(qn, {}, "phq9_9", text)
    assert turn.item9_positive is False
    assert turn.status == IN_PROGRESS
    assert turn.answers["phq9_9"] == 0


def test_unknown_question_changes_nothing(qn) -> None:
    turn = take_turn(qn, SO_FAR, None, "stop")
    assert turn.answers == SO_FAR and turn.status == IN_PROGRESS


# ------------------------------------------------------------------------------------ stored pre-screens

STARTED = dt.datetime(2026, 11, 1, 9, 30)
CONTACT = {"contact_method": "call", "contact_name": "Jane Doe", "contact_phone": "5551234567",
           "contact_email": "jane@example.test"}


def _likely_candidate_answers() -> dict[str, object]:
    answers: dict[str, object] = {
        "age": 45, "depression_diagnosis": True, "antidepressants_tried": 3, "psychotherapy_tried": True,
        "metal_in_head": False, "implanted_device": False, "seizure_history": False, "head_injury": False,
        "pregnancy": False, "withdrawal": False, "seizure_threshold_meds": False, "insurance_type": "commercial",
        "bipolar_history": False, "psychosis_history": False, "family_epilepsy": False, "fainting": False,
        "brain_condition": False, "hearing_problems": False, "prior_tms": False, "substance_use": False,
        "sleep_deprivation": False, "medication_list": "none",
    }
    answers.update({f"phq9_{i}": 2 for i in range(1, 9)})
    answers["phq9_9"] = 0
    return answers


def test_contact_details_go_to_their_own_columns(app_engine) -> None:
    with session_scope(app_engine) as session:
        save_progress(session, "conv", STARTED, "twilio", {"age": 45, **CONTACT}, consent_at=STARTED)
    with session_scope(app_engine) as session:
        row = session.execute(select(Prescreen)).scalar_one()
    assert row.answers == {"age": 45}
    assert (row.contact_name, row.contact_phone, row.contact_email, row.contact_method) == (
        "Jane Doe", "5551234567", "jane@example.test", "call")
    assert row.channel == "twilio" and row.consent_at == STARTED and row.status == "to_call"
    assert row.outcome is None and row.completed_at is None


def test_skipped_contact_fields_are_stored_empty(app_engine) -> None:
    with session_scope(app_engine) as session:
        row = save_progress(session, "conv", STARTED, "", {"contact_method": "email", "contact_phone": "skipped",
                                                           "contact_email": None})
        assert row.contact_phone is None and row.contact_email is None and row.contact_method == "email"
        assert row.channel == "unknown" and row.answers == {}


def test_progress_is_upserted_per_conversation_start(app_engine) -> None:
    with session_scope(app_engine) as session:
        first = save_progress(session, "conv", STARTED, "rest", {"age": 45}, consent_at=STARTED)
    with session_scope(app_engine) as session:
        again = save_progress(session, "conv", STARTED, "rest", {"age": 46, "depression_diagnosis": True})
        assert again.id == first.id
        assert again.consent_at == STARTED  # kept when not given again
    with session_scope(app_engine) as session:
        restarted = save_progress(session, "conv", STARTED + dt.timedelta(hours=1), "rest", {})
        other = save_progress(session, "other-conv", STARTED, "rest", {})
        assert len({first.id, restarted.id, other.id}) == 3
    with session_scope(app_engine) as session:
        assert session.execute(select(func.count()).select_from(Prescreen)).scalar_one() == 3
        row = session.get(Prescreen, first.id)
        assert row.answers == {"age": 46, "depression_diagnosis": True}


def test_complete_stores_the_outcome(app_engine) -> None:
    answers = {**_likely_candidate_answers(), **CONTACT}
    outcome = evaluate(answers)
    assert outcome.status == "likely_candidate" and outcome.phq9 is not None
    with session_scope(app_engine) as session:
        row = save_progress(session, "conv", STARTED, "rest", answers)
        complete(session, row, outcome)
    with session_scope(app_engine) as session:
        row = session.execute(select(Prescreen)).scalar_one()
    assert row.outcome == "likely_candidate"
    assert row.phq9_total == 16 and row.phq9_band == outcome.phq9.band
    assert row.reasons == list(outcome.reasons)
    assert row.urgent == 0 and row.completed_at is not None
    assert "contact_phone" not in row.answers and row.contact_phone == "5551234567"


def test_complete_marks_item9_urgent(app_engine) -> None:
    answers = {**_likely_candidate_answers(), "phq9_9": 1}
    outcome = evaluate(answers)
    with session_scope(app_engine) as session:
        complete(session, save_progress(session, "conv", STARTED, "rest", answers), outcome)
    with session_scope(app_engine) as session:
        row = session.execute(select(Prescreen)).scalar_one()
    assert row.urgent == 1 and row.outcome == "needs_clinician_review" and row.phq9_total == 17


def test_complete_without_phq9_leaves_score_empty(app_engine) -> None:
    outcome = evaluate({"age": 45})
    with session_scope(app_engine) as session:
        complete(session, save_progress(session, "conv", STARTED, "rest", {"age": 45}), outcome)
    with session_scope(app_engine) as session:
        row = session.execute(select(Prescreen)).scalar_one()
    assert row.outcome == "needs_clinician_review" and row.phq9_total is None and row.phq9_band is None


def test_list_prescreens_newest_first_and_by_outcome(app_engine) -> None:
    with session_scope(app_engine) as session:
        for hours, status in ((0, None), (1, "likely_candidate"), (2, "unlikely_suitable")):
            row = save_progress(session, f"c{hours}", STARTED + dt.timedelta(hours=hours), "rest", {})
            row.outcome = status
    with session_scope(app_engine) as session:
        assert [r.conversation_id for r in list_prescreens(session)] == ["c2", "c1", "c0"]
        assert [r.conversation_id for r in list_prescreens(session, outcome="likely_candidate")] == ["c1"]
        assert [r.conversation_id for r in list_prescreens(session, limit=1)] == ["c2"]
