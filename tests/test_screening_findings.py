"""One test per numbered finding of issue 15 (each fails on the pre-screen as it was before the fix)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from bot import build
from bot.screening.answers import is_delete, parse_answer
from bot.screening.dialogue import DELETED, PAUSED, STOPPED, record, take_turn
from bot.screening.outcome import LIKELY_CANDIDATE, NEEDS_CLINICIAN_REVIEW, evaluate
from bot.screening.questionnaire import NOT_SURE, load_questionnaire

ROOT = Path(__file__).resolve().parents[1]
QN = load_questionnaire(enforce_review=False)


def parse(slot: str, text: str) -> object:
    parsed = parse_answer(QN.by_slot[slot], text)
    assert parsed.ok, (slot, text)
    return parsed.slot_value


def good(**changes: object) -> dict[str, object]:
    """A complete pre-screen (Medicare, 2 trials, moderately severe PHQ-9) that matches no rule."""
    answers: dict[str, object] = {q.slot: False for q in QN.questions if q.kind == "yes_no"}
    answers.update(age=45, depression_diagnosis=True, psychotherapy_tried=True, antidepressants_tried=2,
                   medication_list="sertraline 100mg", insurance_type="medicare", contact_method="text",
                   contact_name="Jo", contact_phone="+15551234567", phq9_difficulty="very")
    answers.update({f"phq9_{i}": 2 for i in range(1, 9)}, phq9_9=0)
    answers.update(changes)
    return answers


def test_baseline_is_likely_candidate() -> None:
    assert evaluate(good()).status == LIKELY_CANDIDATE


# 1 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("slot, text", [
    ("metal_in_head", "no metal but I have a cochlear implant"), ("seizure_history", "not since I was a kid"),
    ("seizure_threshold_meds", "no just wellbutrin"), ("pregnancy", "probably not"),
    ("pregnancy", "not that I know of"), ("seizure_history", "no sé"),
])
def test_1_qualified_safety_replies_are_never_stored_as_no(slot: str, text: str) -> None:
    value = parse(slot, text)
    assert value in (True, NOT_SURE)
    assert evaluate(good(**{slot: value})).status != LIKELY_CANDIDATE


# 2 -------------------------------------------------------------------------------------------------
def test_2_a_correction_that_lowers_risk_asks_first_and_one_that_raises_it_applies() -> None:
    answers = good(seizure_history=True)
    asked = take_turn(QN, answers, "phq9_1", "actually I never had a seizure")
    assert asked.answers["seizure_history"] is True and "Should I change it" in asked.messages[0]
    confirmed = take_turn(QN, asked.answers, "phq9_1", "yes", asked.notes)
    assert confirmed.answers["seizure_history"] == NOT_SURE
    kept = take_turn(QN, asked.answers, "phq9_1", "no", asked.notes)
    assert kept.answers["seizure_history"] is True
    raised = take_turn(QN, good(), "phq9_1", "actually I did have a seizure but not epilepsy")
    assert raised.answers["seizure_history"] == NOT_SURE  # was stored as No before


# 3 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["no but I think about it", "yes", "prefer not to say", "idk maybe", "not really"])
def test_3_item9_yes_mixed_hedged_or_declined_is_positive_and_pauses(text: str) -> None:
    turn = take_turn(QN, {}, "phq9_9", text)
    assert turn.item9_positive and turn.status == PAUSED and turn.answers["phq9_9"] in (1, 2, 3)
    assert turn.notes["item9_flagged"] is True


# 4 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("slot", ["bipolar_history", "psychosis_history"])
def test_4_bipolar_and_psychosis_are_asked_and_never_likely_candidate(slot: str) -> None:
    assert slot in QN.slots
    for value in (True, NOT_SURE):
        assert evaluate(good(**{slot: value})).status == NEEDS_CLINICIAN_REVIEW
    assert parse("bipolar_history", "bipolar 2") is True


# 5 -------------------------------------------------------------------------------------------------
def test_5_the_tass_items_are_asked_and_bupropion_is_flagged_at_any_dose() -> None:
    for slot in ("fainting", "hearing_problems", "prior_tms", "brain_condition", "family_epilepsy",
                 "substance_use", "sleep_deprivation", "medication_list"):
        assert slot in QN.slots
    assert "high dose" not in QN.by_slot["seizure_threshold_meds"].prompt
    listed = parse_answer(QN.by_slot["medication_list"], "lexapro 20 and wellbutrin xl 150")
    assert listed.flags == ("bupropion",)
    assert evaluate(good(medication_list="lexapro 20 and wellbutrin xl 150")).status == NEEDS_CLINICIAN_REVIEW


# 6 -------------------------------------------------------------------------------------------------
def test_6_metal_goes_to_a_clinician_and_implants_are_asked_separately() -> None:
    assert parse("metal_in_head", "braces on my teeth") is not True
    out = evaluate(good(metal_in_head=True))
    assert out.status == NEEDS_CLINICIAN_REVIEW and out.rule_ids == ["metal_in_head"]
    assert parse("implanted_device", "cochlear implant") is True
    assert evaluate(good(implanted_device=True)).status == NEEDS_CLINICIAN_REVIEW


# 7 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("item", [0, 1])
def test_7_a_phq9_total_under_10_is_never_likely_candidate(item: int) -> None:
    out = evaluate(good(**{f"phq9_{i}": item for i in range(1, 10)}))
    assert out.phq9 is not None and out.phq9.total < 10
    assert out.status != LIKELY_CANDIDATE and "phq9_below_moderate" in out.rule_ids


# 8 -------------------------------------------------------------------------------------------------
def test_8_medicare_with_one_failed_trial_is_not_told_it_falls_short() -> None:
    medicare = evaluate(good(antidepressants_tried=1, insurance_type="medicare"))
    assert medicare.status == LIKELY_CANDIDATE and not any("fewer" in r for r in medicare.reasons)
    commercial = evaluate(good(antidepressants_tried=1, insurance_type="commercial"))
    assert "one_medication_trial_commercial" in commercial.rule_ids
    no_therapy = evaluate(good(psychotherapy_tried=False, insurance_type="commercial"))
    assert "no_psychotherapy_commercial" in no_therapy.rule_ids


# 9 -------------------------------------------------------------------------------------------------
def test_9_answers_are_converted_by_question_type_before_the_rules() -> None:
    assert "age_15_to_17" in evaluate(good(age="16")).rule_ids
    out = evaluate(good(phq9_9="2"))
    assert out.urgent and "phq9_item9_positive" in out.rule_ids


# 10 ------------------------------------------------------------------------------------------------
def test_10_start_over_and_stop_keep_a_positive_item9_and_contact_comes_first() -> None:
    positive = take_turn(QN, good(phq9_9=None), "phq9_9", "several days")
    restarted = take_turn(QN, positive.answers, "phq9_difficulty", "start over", positive.notes)
    assert restarted.answers == {} and restarted.notes == {"item9_flagged": True}
    assert evaluate(record(good(), restarted.notes)).urgent
    stopped = take_turn(QN, positive.answers, "phq9_difficulty", "stop", positive.notes)
    assert stopped.status == STOPPED and stopped.notes["item9_flagged"] is True
    slots = list(QN.slots)
    assert slots.index("contact_phone") < slots.index("phq9_1")


# 11 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("slot, text, value", [
    ("age", "turning 18 next month", 17), ("antidepressants_tried", "sertraline 50mg", 1),
    ("antidepressants_tried", "3 over the years, 1 this time", 1),
])
def test_11_numbers_are_read_as_meant(slot: str, text: str, value: int) -> None:
    assert parse(slot, text) == value


def test_11_none_of_them_worked_is_asked_again() -> None:
    assert not parse_answer(QN.by_slot["antidepressants_tried"], "none of them worked").ok


# 12 ------------------------------------------------------------------------------------------------
def test_12_every_phq9_item_carries_the_stem_on_web_and_sms_and_difficulty_is_asked() -> None:
    responses = yaml.safe_load(build.prescreen_domain(QN))["responses"]
    for i in range(1, 10):
        for variant in responses[f"utter_ask_prescreen_phq9_{i}"]:
            if variant.get("channel") == "twilio" and i > 1:  # by text: the stem in short after item 1 (segment budget)
                assert "Over the last 2 weeks:" in variant["text"]
            else:
                assert "Over the last 2 weeks, how often have you been bothered by" in variant["text"]
    assert "utter_ask_prescreen_phq9_difficulty" in responses


# 13 ------------------------------------------------------------------------------------------------
def test_13_consent_and_decline_texts_are_complete_and_true() -> None:
    consent = QN.consent
    days = re.search(r"^RETENTION_DAYS=(\d+)", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M)
    assert days and f"{days.group(1)} days" in consent
    assert "stop part way" in consent and '"delete my answers"' in consent
    assert "STOP unsubscribes you from all texts" in consent
    declined = yaml.safe_load((ROOT / "domain" / "prescreen.yml").read_text(encoding="utf-8"))
    text = declined["responses"]["utter_prescreen_declined"][0]["text"]
    assert "Nothing has been stored" not in text and "365 days" in text


def test_13_delete_my_answers_clears_the_pre_screen() -> None:
    assert is_delete("delete my answers") and is_delete("please erase my data")
    assert not is_delete("i want to delete my life")
    turn = take_turn(QN, good(), "phq9_1", "delete my answers", {"words": {"age": "45"}})
    assert turn.status == DELETED and turn.answers == {} and turn.notes == {}


def test_words_are_kept_beside_each_answer_but_never_contact_details() -> None:
    turn = take_turn(QN, {}, "metal_in_head", "no metal but I have a cochlear implant")
    turn = take_turn(QN, turn.answers, "contact_name", "Jo Smith", turn.notes)
    stored = record(turn.answers, turn.notes)
    assert stored["metal_in_head (their words)"] == "no metal but I have a cochlear implant"
    assert "contact_name (their words)" not in stored


def test_same_number_means_the_sms_sender() -> None:
    turn = take_turn(QN, {"contact_method": "text"}, "contact_phone", "same as this one", sender_phone="+16175550100")
    assert turn.answers["contact_phone"] == "+16175550100"
    web = take_turn(QN, {"contact_method": "text"}, "contact_phone", "same")
    assert not web.understood


def test_the_medicine_list_is_reviewed_and_maps_brands_to_generic_names() -> None:
    data = yaml.safe_load((ROOT / "data" / "screening" / "medicines.yml").read_text(encoding="utf-8"))
    assert data["review_due"] > dt.date.today()  # fails on purpose once the review is overdue (on its due date)
    for text, flags in [("Zyban", ("bupropion",)), ("adderall and concerta", ("amphetamine", "methylphenidate")),
                        ("zoloft", ())]:
        assert parse_answer(QN.by_slot["medication_list"], text).flags == flags
