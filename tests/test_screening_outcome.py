"""Outcome rules (data/screening/rules.yml): each contraindication flips the
outcome, the most severe status wins, reasons accumulate, item 9 is urgent."""

from __future__ import annotations

import copy
import datetime as dt
import sys
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.screening.outcome import (  # noqa: E402
    DEFAULT_RULES_PATH,
    LIKELY_CANDIDATE,
    NEEDS_CLINICIAN_REVIEW,
    UNLIKELY_SUITABLE,
    Rules,
    check_consistency,
    evaluate,
    load_rules,
    validate_rules,
)
from bot.screening.phq9 import Phq9Result  # noqa: E402
from bot.screening.questionnaire import NOT_SURE, SKIPPED, load_questionnaire  # noqa: E402

TODAY = dt.date(2026, 11, 29)
RULES: Rules = load_rules(enforce_review=False)
QN = load_questionnaire(enforce_review=False)


def good() -> Dict[str, object]:
    """A complete pre-screen that matches no rule."""
    answers: Dict[str, object] = dict(
        age=40,
        depression_diagnosis=True,
        antidepressants_tried=2,
        psychotherapy_tried=True,
        metal_in_head=False,
        implanted_device=False,
        seizure_history=False,
        head_injury=False,
        pregnancy=False,
        withdrawal=False,
        seizure_threshold_meds=False,
        bipolar_history=False,
        psychosis_history=False,
        family_epilepsy=False,
        fainting=False,
        brain_condition=False,
        hearing_problems=False,
        prior_tms=False,
        substance_use=False,
        sleep_deprivation=False,
        medication_list="sertraline 100mg",
        insurance_type="medicare",
        contact_method="text",
        contact_name="Jo",
        contact_phone="5551234567",
    )
    answers.update({f"phq9_{i}": 2 for i in range(1, 10)})
    answers["phq9_9"] = 0
    return answers


def run(**changes: object):
    answers = good()
    answers.update(changes)
    return evaluate(answers, RULES)


def test_repo_rules_are_not_overdue_for_review() -> None:
    load_rules()  # fails on purpose once review_due passes


def test_rules_match_questionnaire() -> None:
    check_consistency(RULES, QN)


def test_baseline_is_likely_candidate() -> None:
    out = run()
    assert out.status == LIKELY_CANDIDATE
    assert out.reasons == [] and out.rule_ids == [] and out.missing == []
    assert out.urgent is False
    assert out.phq9 == Phq9Result(16, "moderately_severe")
    assert "reach out to book a consultation" in out.message
    assert "not a diagnosis" in out.message


def test_default_rules_are_loaded_when_none_given() -> None:
    assert evaluate(good()).status == LIKELY_CANDIDATE


@pytest.mark.parametrize(
    "changes, status, rule_id",
    [
        ({"metal_in_head": True}, NEEDS_CLINICIAN_REVIEW, "metal_in_head"),
        ({"metal_in_head": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "metal_in_head"),
        ({"age": 14}, UNLIKELY_SUITABLE, "age_under_15"),
        ({"age": 5}, UNLIKELY_SUITABLE, "age_under_15"),
        ({"age": 15}, NEEDS_CLINICIAN_REVIEW, "age_15_to_17"),
        ({"age": 17}, NEEDS_CLINICIAN_REVIEW, "age_15_to_17"),
        ({"age": "16"}, NEEDS_CLINICIAN_REVIEW, "age_15_to_17"),
        ({"implanted_device": True}, NEEDS_CLINICIAN_REVIEW, "implanted_device"),
        ({"implanted_device": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "implanted_device"),
        ({"seizure_history": True}, NEEDS_CLINICIAN_REVIEW, "seizure_history"),
        ({"seizure_history": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "seizure_history"),
        ({"head_injury": True}, NEEDS_CLINICIAN_REVIEW, "head_injury"),
        ({"head_injury": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "head_injury"),
        ({"pregnancy": True}, NEEDS_CLINICIAN_REVIEW, "pregnancy"),
        ({"pregnancy": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "pregnancy"),
        ({"withdrawal": True}, NEEDS_CLINICIAN_REVIEW, "withdrawal"),
        ({"withdrawal": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "withdrawal"),
        ({"seizure_threshold_meds": True}, NEEDS_CLINICIAN_REVIEW, "seizure_threshold_meds"),
        ({"seizure_threshold_meds": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "seizure_threshold_meds"),
        ({"bipolar_history": True}, NEEDS_CLINICIAN_REVIEW, "bipolar_history"),
        ({"psychosis_history": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "psychosis_history"),
        ({"family_epilepsy": True}, NEEDS_CLINICIAN_REVIEW, "family_epilepsy"),
        ({"fainting": True}, NEEDS_CLINICIAN_REVIEW, "fainting"),
        ({"brain_condition": True}, NEEDS_CLINICIAN_REVIEW, "brain_condition"),
        ({"hearing_problems": True}, NEEDS_CLINICIAN_REVIEW, "hearing_problems"),
        ({"prior_tms": True}, NEEDS_CLINICIAN_REVIEW, "prior_tms"),
        ({"substance_use": True}, NEEDS_CLINICIAN_REVIEW, "substance_use"),
        ({"sleep_deprivation": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "sleep_deprivation"),
        ({"medication_list": "Wellbutrin XL 150 and zoloft"}, NEEDS_CLINICIAN_REVIEW,
         "seizure_threshold_medicine_listed"),
        ({"antidepressants_tried": 0}, NEEDS_CLINICIAN_REVIEW, "no_medication_trial"),
        ({"antidepressants_tried": 1, "insurance_type": "commercial"}, NEEDS_CLINICIAN_REVIEW,
         "one_medication_trial_commercial"),
        ({"psychotherapy_tried": False, "insurance_type": "commercial"}, NEEDS_CLINICIAN_REVIEW,
         "no_psychotherapy_commercial"),
        ({"depression_diagnosis": False}, NEEDS_CLINICIAN_REVIEW, "no_confirmed_diagnosis"),
        ({"depression_diagnosis": NOT_SURE}, NEEDS_CLINICIAN_REVIEW, "no_confirmed_diagnosis"),
        ({"phq9_1": 0, "phq9_2": 0, "phq9_3": 0, "phq9_4": 0}, NEEDS_CLINICIAN_REVIEW, "phq9_below_moderate"),
        ({"phq9_9": 1}, NEEDS_CLINICIAN_REVIEW, "phq9_item9_positive"),
        ({"phq9_9": 3}, NEEDS_CLINICIAN_REVIEW, "phq9_item9_positive"),
    ],
)
def test_each_rule_flips_the_outcome(changes: Dict[str, object], status: str, rule_id: str) -> None:
    out = run(**changes)
    assert out.status == status
    assert out.rule_ids == [rule_id]
    assert len(out.reasons) == 1 and out.reasons[0].strip()


@pytest.mark.parametrize(
    "changes",
    [
        {"age": 18},
        {"age": 110},
        {"antidepressants_tried": 3},
        {"antidepressants_tried": 1},  # Medicare accepts one failed trial
        {"antidepressants_tried": 1, "insurance_type": "self_pay"},
        {"psychotherapy_tried": False, "insurance_type": "medicare"},
        {"medication_list": "none"},
        {"phq9_9": 0},
        {"pregnancy": False},
        {"psychotherapy_tried": False},
        {"insurance_type": SKIPPED},
        {"phq9_1": 0, "phq9_2": 0},
    ],
)
def test_boundaries_that_do_not_trigger(changes: Dict[str, object]) -> None:
    assert run(**changes).status == LIKELY_CANDIDATE


def test_reason_texts_are_plain_language() -> None:
    assert "a clinician needs to check what it is" in run(metal_in_head=True).reasons[0].lower()
    assert "medicare accepts one" in run(antidepressants_tried=1, insurance_type="commercial").reasons[0].lower()
    assert "988" in run(phq9_9=2).reasons[0]


def test_every_rule_names_a_source() -> None:
    assert all(rule.source for rule in RULES.rules)


def test_item9_is_urgent_and_listed_first() -> None:
    out = run(phq9_9=2, seizure_history=True)
    assert out.urgent is True
    assert out.rule_ids[0] == "phq9_item9_positive"
    assert out.status == NEEDS_CLINICIAN_REVIEW
    assert not run(seizure_history=True).urgent


def test_unlikely_beats_review_beats_likely_and_all_reasons_listed() -> None:
    out = run(age=12, pregnancy=True, antidepressants_tried=0, phq9_9=1)
    assert out.status == UNLIKELY_SUITABLE
    assert out.urgent is True
    assert set(out.rule_ids) == {"age_under_15", "pregnancy", "no_medication_trial", "phq9_item9_positive"}
    assert len(out.reasons) == 4
    assert "may not be a good fit" in out.message
    # order of answers never changes precedence
    assert run(pregnancy=True, age=13).status == UNLIKELY_SUITABLE
    assert run(age=16, pregnancy=True).status == NEEDS_CLINICIAN_REVIEW
    assert run(age=12, pregnancy=True).status == UNLIKELY_SUITABLE


def test_rasa_style_values_float_numbers() -> None:
    assert run(age=40.0, antidepressants_tried=2.0, phq9_9=0.0).status == LIKELY_CANDIDATE
    assert run(age=16.0).rule_ids == ["age_15_to_17"]
    out = run(phq9_9=1.0)
    assert out.urgent and out.phq9 is not None


def test_true_is_not_the_number_one() -> None:
    # a boolean must not satisfy numeric rules (True < 2 in Python)
    out = run(antidepressants_tried=True)
    assert "no_medication_trial" not in out.rule_ids


def test_missing_answers_need_review() -> None:
    answers = good()
    del answers["metal_in_head"]
    out = evaluate(answers, RULES)
    assert out.status == NEEDS_CLINICIAN_REVIEW
    assert out.missing == ["metal_in_head"]
    assert out.rule_ids == ["missing_answers"]
    for empty in (None, SKIPPED, "Skipped"):
        assert run(seizure_history=empty).missing == ["seizure_history"]


def test_empty_answers() -> None:
    out = evaluate({}, RULES)
    assert out.status == NEEDS_CLINICIAN_REVIEW
    assert out.phq9 is None and not out.urgent
    assert len(out.missing) == len(RULES.required_slots)


def test_invalid_phq9_item_is_treated_as_missing_not_scored() -> None:
    out = run(phq9_4=7)
    assert out.phq9 is None
    assert out.missing == ["phq9_4"]
    assert out.status == NEEDS_CLINICIAN_REVIEW


def test_phq9_total_available_to_rules(tmp_path: Path) -> None:
    data: Dict[str, Any] = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] != "phq9_below_moderate"]
    data["rules"].append(
        {
            "id": "low_phq9",
            "source": "kroenke2001",
            "condition": {
                "any": [
                    {"slot": "phq9_total", "op": "lt", "value": 10},
                    {"slot": "phq9_band", "op": "eq", "value": "minimal"},
                ]
            },
            "status": "needs_clinician_review",
            "reason": "Your answers suggest milder symptoms right now.",
        }
    )
    rules = validate_rules(data, today=TODAY)
    low = {f"phq9_{i}": 1 for i in range(1, 10)}
    low["phq9_9"] = 0
    assert evaluate({**good(), **low}, rules).rule_ids == ["low_phq9"]
    assert evaluate(good(), rules).status == LIKELY_CANDIDATE


def test_item9_failsafe_without_the_rule() -> None:
    data: Dict[str, Any] = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] != "phq9_item9_positive"]
    rules = validate_rules(data, today=TODAY)
    out = evaluate({**good(), "phq9_9": 2}, rules)
    assert out.urgent is True and out.status == NEEDS_CLINICIAN_REVIEW


# ---------------------------------------------------- rules file validation


def _rules() -> Dict[str, Any]:
    return yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["rules"][0]["condition"].__setitem__("op", "approximately"), "unknown op"),
        (lambda d: d["rules"][0].__setitem__("status", "maybe"), "status must be"),
        (lambda d: d["rules"][0].__setitem__("status", "likely_candidate"), "status must be"),
        (lambda d: d["rules"][0].pop("reason"), "non-empty 'reason'"),
        (lambda d: d["rules"][1].__setitem__("id", d["rules"][0]["id"]), "duplicate rule id"),
        (lambda d: d["rules"][0].__setitem__("condition", {"slot": "age", "op": "lt"}), "needs a 'value'"),
        (
            lambda d: d["rules"][0].__setitem__("condition", {"slot": "age", "op": "lt", "value": "young"}),
            "number value",
        ),
        (
            lambda d: d["rules"][0].__setitem__("condition", {"slot": "age", "op": "in", "value": 3}),
            "non-empty list",
        ),
        (
            lambda d: d["rules"][0].__setitem__("condition", {"slot": "age", "op": "is_true", "value": 1}),
            "takes no value",
        ),
        (lambda d: d["rules"][0].__setitem__("condition", {"all": []}), "non-empty list of conditions"),
        (lambda d: d["rules"][0].__setitem__("urgnet", True), "unknown key"),
        (lambda d: d["rules"][0].__setitem__("urgent", "yes"), "'urgent' must be true or false"),
        (lambda d: d["statuses"].pop("unlikely_suitable"), "'statuses' must give a message"),
        (lambda d: d.pop("required_slots"), "missing 'required_slots'"),
        (lambda d: d.update(reviewed_on=dt.date(2025, 7, 1), review_due=dt.date(2026, 1, 1)), "review was due on 2026-01-01"),
    ],
)
def test_broken_rules_fail(mutate, message: str) -> None:
    data = copy.deepcopy(_rules())
    mutate(data)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        validate_rules(data, today=TODAY)


def test_consistency_catches_slot_and_value_typos() -> None:
    data = copy.deepcopy(_rules())
    data["rules"][0]["condition"] = {"slot": "metal_in_hed", "op": "is_true"}
    with pytest.raises(ValueError, match="unknown slot"):
        check_consistency(validate_rules(data, today=TODAY), QN)
    data = copy.deepcopy(_rules())
    data["rules"][0]["condition"] = {"slot": "pregnancy", "op": "in", "value": [True, "unsure"]}
    with pytest.raises(ValueError, match="not an answer value"):
        check_consistency(validate_rules(data, today=TODAY), QN)


def test_load_rules_reports_path(tmp_path: Path) -> None:
    p = tmp_path / "rules.yml"
    p.write_text("rules: [", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_rules(p)
    p.write_text(yaml.safe_dump({"rules": []}), encoding="utf-8")
    with pytest.raises(ValueError, match=str(tmp_path.name)):
        load_rules(p)
