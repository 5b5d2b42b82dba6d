"""questions.yml: the shipped file, schema validation on broken copies, and
next_question with ask_if."""

from __future__ import annotations

import copy
import datetime as dt
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Mapping, Optional

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.screening.questionnaire import (  # noqa: E402
    DEFAULT_QUESTIONS_PATH,
    NOT_SURE,
    SKIPPED,
    Questionnaire,
    load_questionnaire,
    validate,
)

TODAY = dt.date(2026, 11, 29)
PHQ9_ITEMS = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
]
EXPECTED_ORDER = [
    "age",
    "depression_diagnosis",
    "antidepressants_tried",
    "psychotherapy_tried",
    "metal_in_head",
    "implanted_device",
    "seizure_history",
    "family_epilepsy",
    "fainting",
    "head_injury",
    "brain_condition",
    "hearing_problems",
    "bipolar_history",
    "psychosis_history",
    "prior_tms",
    "pregnancy",
    "withdrawal",
    "substance_use",
    "sleep_deprivation",
    "seizure_threshold_meds",
    "medication_list",
    # contact details come before the PHQ-9, so a positive item 9 can always be followed up
    "insurance_type",
    "contact_method",
    "contact_name",
    "contact_phone",
    "contact_email",
    *[f"phq9_{i}" for i in range(1, 10)],
    "phq9_difficulty",
]


@pytest.fixture(scope="module")
def raw() -> Dict[str, Any]:
    return yaml.safe_load(DEFAULT_QUESTIONS_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def qn() -> Questionnaire:
    return load_questionnaire(enforce_review=False)


# ------------------------------------------------------------ shipped data


def test_repo_questionnaire_is_not_overdue_for_review() -> None:
    # Fails on purpose once review_due passes: re-review the content.
    load_questionnaire()


def test_review_metadata(raw: Dict[str, Any]) -> None:
    assert raw["reviewed_by"] == "engineering content review (clinical sign-off pending)"
    assert raw["reviewed_on"] == dt.date(2026, 12, 1)
    assert raw["review_due"] == dt.date(2027, 6, 1)
    text = yaml.safe_dump(raw["sources"])
    assert "Kroenke" in text and "606-613" in text
    assert "Rossi" in text and "269-306" in text
    assert "000_9f94f21f80b067e7.txt" in text and "004_4c9c5dbf4c655a7c.txt" in text


def test_question_order(qn: Questionnaire) -> None:
    assert list(qn.slots) == EXPECTED_ORDER


def test_consent_covers_what_why_storage_not_diagnosis_stop(qn: Questionnaire) -> None:
    c = qn.consent.lower()
    # "stop screening", not a bare "stop": over SMS a bare STOP unsubscribes from every text.
    for needle in ("why", "stored", "staff", "not a diagnosis", '"stop screening"', "988"):
        assert needle in c, needle
    assert qn.consent.strip().endswith("Shall we start?")


def test_phq9_items_are_verbatim(qn: Questionnaire) -> None:
    prompts = [qn.by_slot[f"phq9_{i}"].prompt for i in range(1, 10)]
    for i, (prompt, item) in enumerate(zip(prompts, PHQ9_ITEMS, strict=True), start=1):
        # finding 12: the stem on every item, so each SMS reads on its own
        assert prompt == f"Over the last 2 weeks, how often have you been bothered by ({i} of 9):\n{item}"
    for i in range(1, 10):
        q = qn.by_slot[f"phq9_{i}"]
        assert [(b.title, b.value) for b in q.buttons] == [
            ("Not at all", 0),
            ("Several days", 1),
            ("More than half the days", 2),
            ("Nearly every day", 3),
        ]


def test_item9_has_no_correction_keywords(qn: Questionnaire) -> None:
    assert qn.by_slot["phq9_9"].correction_keywords == ()


def test_metal_and_electronic_implants_are_asked_separately(qn: Questionnaire) -> None:
    metal = qn.by_slot["metal_in_head"].prompt.lower()
    for needle in ("aneurysm clip", "shrapnel", "bullet", "dental fillings", "braces"):
        assert needle in metal
    device = qn.by_slot["implanted_device"].prompt.lower()
    for needle in ("pacemaker", "cochlear implant", "deep brain", "vagus nerve", "medication pump"):
        assert needle in device


def test_bupropion_example_needs_no_dose_judgement(qn: Questionnaire) -> None:
    prompt = qn.by_slot["seizure_threshold_meds"].prompt.lower()
    assert "bupropion" in prompt and "any dose" in prompt and "high dose" not in prompt


def test_functional_difficulty_follows_item9(qn: Questionnaire) -> None:
    q = qn.by_slot["phq9_difficulty"]
    assert qn.slots[-1] == "phq9_difficulty" and q.kind == "choice"
    assert [b.value for b in q.buttons] == ["not_difficult", "somewhat", "very", "extremely"]


def test_kinds_optional_and_not_sure(qn: Questionnaire) -> None:
    by = qn.by_slot
    assert by["age"].kind == "age" and not by["age"].buttons
    assert by["antidepressants_tried"].kind == "count"
    assert [b.value for b in by["antidepressants_tried"].buttons] == [0, 1, 2, 3]
    assert by["insurance_type"].optional is True
    assert [q.slot for q in qn.questions if q.optional] == ["insurance_type"]
    assert {b.value for b in by["insurance_type"].buttons} == {
        "commercial",
        "medicare",
        "medicaid",
        "tricare_va",
        "self_pay",
        NOT_SURE,
    }
    assert by["contact_method"].kind == "contact_method"
    assert [b.value for b in by["contact_method"].buttons] == ["call", "text", "email"]
    assert any(b.value == NOT_SURE for b in by["depression_diagnosis"].buttons)
    assert any(b.value == NOT_SURE for b in by["seizure_threshold_meds"].buttons)
    # "Not applicable" counts as no for pregnancy
    na = [b for b in by["pregnancy"].buttons if b.title == "Not applicable"]
    assert na and na[0].value is False


def test_every_question_explains_why(qn: Questionnaire) -> None:
    for q in qn.questions:
        assert q.prompt.strip() and len(q.why) > 20, q.slot


def test_sms_options_numbering(qn: Questionnaire) -> None:
    yn = qn.by_slot["psychotherapy_tried"]
    assert [(k, b.title) for k, b in yn.options()] == [("1", "Yes"), ("2", "No")]
    phq = qn.by_slot["phq9_1"]
    assert [k for k, _ in phq.options()] == ["0", "1", "2", "3"]
    count = qn.by_slot["antidepressants_tried"]
    assert [k for k, _ in count.options()] == ["0", "1", "2", "3"]


# -------------------------------------------------------- next_question


def _next(qn: Questionnaire, answers: Mapping[str, object]) -> Optional[str]:
    question = qn.next_question(answers)
    return question.slot if question else None


def test_next_question_starts_at_age_and_skips_answered(qn: Questionnaire) -> None:
    assert _next(qn, {}) == "age"
    assert _next(qn, {"age": 40}) == "depression_diagnosis"
    # answered out of order: still the first unanswered one
    assert _next(qn, {"depression_diagnosis": True}) == "age"


def test_next_question_skipped_optional_is_not_asked_again(qn: Questionnaire) -> None:
    answers: Dict[str, object] = {s: True for s in EXPECTED_ORDER[:21]}
    assert _next(qn, answers) == "insurance_type"
    answers["insurance_type"] = None  # null means unanswered
    assert _next(qn, answers) == "insurance_type"
    answers["insurance_type"] = SKIPPED
    assert _next(qn, answers) == "contact_method"


def _through_name(method: object) -> Dict[str, object]:
    answers: Dict[str, object] = {s: 1 for s in EXPECTED_ORDER[:22]}
    answers.update(contact_method=method, contact_name="Jo")
    return answers


@pytest.mark.parametrize(
    "method, expected", [("call", "contact_phone"), ("text", "contact_phone"), ("email", "contact_email")]
)
def test_next_question_honours_ask_if(qn: Questionnaire, method: str, expected: str) -> None:
    answers = _through_name(method)
    assert _next(qn, answers) == expected
    answers[expected] = "x"
    assert _next(qn, answers) == "phq9_1"


def test_ask_if_is_case_insensitive_and_unanswered_dependency(qn: Questionnaire) -> None:
    assert _next(qn, _through_name("EMAIL")) == "contact_email"
    phone = qn.by_slot["contact_phone"]
    assert phone.applies({"contact_method": "call"})
    assert not phone.applies({})
    assert not phone.applies({"contact_method": "email"})


def test_stale_slots_after_contact_method_changes(qn: Questionnaire) -> None:
    answers = _through_name("call")
    answers["contact_phone"] = "5551234567"
    assert qn.stale_slots(answers) == []
    answers["contact_method"] = "email"
    assert qn.stale_slots(answers) == ["contact_phone"]
    assert _next(qn, answers) == "contact_email"


# ---------------------------------------------------- schema validation


def _write(tmp_path: Path, data: Any) -> Path:
    p = tmp_path / "questions.yml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def _q(data: Dict[str, Any], slot: str) -> Dict[str, Any]:
    return next(q for q in data["questions"] if q["slot"] == slot)


def test_valid_copy_loads(tmp_path: Path, raw: Dict[str, Any]) -> None:
    qn = load_questionnaire(_write(tmp_path, raw), today=TODAY)
    assert len(qn.questions) == 36


BREAKAGES: Dict[str, Callable[[Dict[str, Any]], None]] = {
    "unknown kind": lambda d: _q(d, "age").__setitem__("kind", "number"),
    "unknown section": lambda d: _q(d, "age").__setitem__("section", "misc"),
    "missing or empty 'why'": lambda d: _q(d, "head_injury").pop("why"),
    "missing or empty 'prompt'": lambda d: _q(d, "head_injury").__setitem__("prompt", "  "),
    "duplicate slot": lambda d: _q(d, "withdrawal").__setitem__("slot", "pregnancy"),
    "exactly 9 phq9 items": lambda d: d["questions"].remove(_q(d, "phq9_4")),
    "needs a non-empty 'buttons' list": lambda d: _q(d, "insurance_type").pop("buttons"),
    "kind 'contact_method' needs": lambda d: _q(d, "contact_method").__setitem__("buttons", []),
    "is free text; remove 'buttons'": lambda d: _q(d, "age").__setitem__(
        "buttons", [{"title": "x", "value": 1}]
    ),
    "unknown key": lambda d: _q(d, "age").__setitem__("promt", "typo"),
    "'title' must be non-empty text": lambda d: _q(d, "seizure_history")["buttons"][0].__setitem__(
        "title", True
    ),
    "phq9 buttons must have values exactly 0, 1, 2, 3": lambda d: _q(d, "phq9_2").__setitem__(
        "buttons", [{"title": "Not at all", "value": 0}, {"title": "Always", "value": 4}]
    ),
    "not an earlier question": lambda d: _q(d, "contact_phone").__setitem__(
        "ask_if", {"contact_mehtod": ["call"]}
    ),
    "is not a button value": lambda d: _q(d, "contact_phone").__setitem__(
        "ask_if", {"contact_method": ["fax"]}
    ),
    "must not have correction_keywords": lambda d: _q(d, "phq9_9").__setitem__(
        "correction_keywords", ["dead"]
    ),
    "missing top-level key": lambda d: d.pop("consent"),
    "consent must be non-empty": lambda d: d.__setitem__("consent", ""),
    "'optional' must be true or false": lambda d: _q(d, "insurance_type").__setitem__(
        "optional", "yes please"
    ),
    "yes_no needs both": lambda d: _q(d, "pregnancy").__setitem__(
        "buttons", [{"title": "Yes", "value": True}]
    ),
    "review_due is before reviewed_on": lambda d: d.__setitem__("review_due", dt.date(2026, 1, 1)),
    "must be lower_snake_case": lambda d: _q(d, "age").__setitem__("slot", "Age Years"),
    "must be in order": lambda d: _q(d, "phq9_1").__setitem__("slot", "phq9_x"),
}


@pytest.mark.parametrize("message", sorted(BREAKAGES))
def test_broken_files_fail_with_clear_message(tmp_path: Path, raw: Dict[str, Any], message: str) -> None:
    data = copy.deepcopy(raw)
    BREAKAGES[message](data)
    path = _write(tmp_path, data)
    with pytest.raises(ValueError) as exc:
        load_questionnaire(path, today=TODAY)
    if message == "must be in order":
        assert "phq9 items must be slots" in str(exc.value)
    else:
        assert message in str(exc.value)
    assert str(path) in str(exc.value)


def test_review_due_in_the_past_fails(tmp_path: Path, raw: Dict[str, Any]) -> None:
    path = _write(tmp_path, raw)
    with pytest.raises(ValueError, match="review was due on 2027-06-01"):
        load_questionnaire(path, today=dt.date(2027, 6, 1))  # one rule for every file: overdue on the day itself
    # the day before is still fine; and the check can be switched off
    load_questionnaire(path, today=dt.date(2027, 5, 31))
    load_questionnaire(path, today=dt.date(2030, 1, 1), enforce_review=False)


def test_unquoted_yes_title_is_caught(tmp_path: Path) -> None:
    text = DEFAULT_QUESTIONS_PATH.read_text(encoding="utf-8").replace(
        '{title: "Yes", value: true}', "{title: Yes, value: true}", 1
    )
    p = tmp_path / "q.yml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="quote Yes/No"):
        load_questionnaire(p, today=TODAY)


def test_not_yaml_or_not_mapping(tmp_path: Path) -> None:
    p = tmp_path / "bad.yml"
    p.write_text("questions: [unclosed", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_questionnaire(p)
    with pytest.raises(ValueError, match="mapping"):
        validate(["a", "list"])
    with pytest.raises(ValueError, match="missing top-level"):
        validate({})
