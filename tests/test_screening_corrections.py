"""detect_correction: "actually I'm 45" style corrections of earlier answers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.screening.answers import detect_correction  # noqa: E402
from bot.screening.questionnaire import DEFAULT_QUESTIONS_PATH, NOT_SURE, load_questionnaire  # noqa: E402

QN = load_questionnaire(enforce_review=False)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("actually I'm 45", ("age", 45)),
        ("Actually, I'm 45.", ("age", 45)),
        ("sorry i meant 45 years old", ("age", 45)),
        ("wait, I'm forty five", ("age", 45)),
        ("wait I do have a pacemaker", ("implanted_device", True)),
        ("no wait i don't have a pacemaker", ("implanted_device", NOT_SURE)),
        ("actually i tried 3 meds", ("antidepressants_tried", 3)),
        ("sorry, I've only tried one antidepressant", ("antidepressants_tried", 1)),
        ("actually im not pregnant", ("pregnancy", NOT_SURE)),
        ("actually I did have a seizure but not epilepsy", ("seizure_history", NOT_SURE)),
        ("oops, I had a seizure once as a kid", ("seizure_history", True)),
        ("actually I'm not sure about the metal", ("metal_in_head", NOT_SURE)),
        ("my mistake, I take wellbutrin", ("seizure_threshold_meds", True)),
        ("actually I was diagnosed with major depression", ("depression_diagnosis", True)),
        ("actually I have done therapy", ("psychotherapy_tried", True)),
        ("sorry, I have medicare", ("insurance_type", "medicare")),
        ("actually email me instead", ("contact_method", "email")),
        ("sorry, my name is Jane O'Brien.", ("contact_name", "Jane O'Brien")),
        ("actually my number is (555) 123-4567", ("contact_phone", "+15551234567")),
        ("oops my email is Jo@Example.org", ("contact_email", "jo@example.org")),
        ("actually my sleep is bad nearly every day", ("phq9_3", 3)),
    ],
)
def test_corrections(text: str, expected: tuple) -> None:
    assert detect_correction(text, QN) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm 45",  # no correction marker: an answer to the current question
        "I have a pacemaker",
        "actually yes",  # marker but no keyword: answer to the current question
        "actually no",
        "sorry what?",
        "actually, how long does TMS therapy take?",  # a question, not a correction
        "sorry I don't know how many meds",
        "actually I'm fine",
        "",
        "actually " + "x" * 600,
        "actually 🙂",
        "wait",
    ],
)
def test_not_corrections(text: str) -> None:
    assert detect_correction(text, QN) is None


def test_item9_is_never_auto_corrected() -> None:
    # Even phrased like a correction, a suicide-risk answer is left for staff.
    assert detect_correction("actually I meant not at all for the thoughts of hurting myself", QN) is None
    assert detect_correction("sorry, I meant not at all for being better off dead", QN) is None


def test_only_slots_limits_the_search() -> None:
    assert detect_correction("actually I'm 45", QN, only_slots={"age"}) == ("age", 45)
    assert detect_correction("actually I'm 45", QN, only_slots={"pregnancy"}) is None


def test_more_specific_keyword_wins() -> None:
    # "im" is an age keyword, but "meds" is longer and more specific
    assert detect_correction("actually im on 2 meds", QN) == ("antidepressants_tried", 2)
    # "pregnant" beats "im"
    assert detect_correction("actually I'm pregnant", QN) == ("pregnancy", True)


def test_keywords_come_from_the_data_file(tmp_path: Path) -> None:
    data: Dict[str, Any] = yaml.safe_load(DEFAULT_QUESTIONS_PATH.read_text(encoding="utf-8"))
    assert detect_correction("actually I do have a shrapnel thingy", QN) == ("metal_in_head", True)
    for q in data["questions"]:
        if q["slot"] == "metal_in_head":
            q["correction_keywords"] = ["war souvenir"]
    p = tmp_path / "q.yml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    edited = load_questionnaire(p, enforce_review=False)
    assert detect_correction("actually I do have a shrapnel thingy", edited) is None
    assert detect_correction("actually I do have a war souvenir", edited) == ("metal_in_head", True)
