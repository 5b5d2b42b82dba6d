"""The blind typed-answer set (tests/data/prescreen_answers.yml) through the real parser, question by question.

Each answer is classified as the dialogue would see it: correct, re-ask, or misparse (a stored value the set
does not accept, or any value stored where the set wants a re-ask). A re-ask is safe; a misparse is not.
Run `python -m tests.test_screening_blind_answers` for the per-type table recorded in tests/data/README.md.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.screening.answers import Parsed, parse_answer
from bot.screening.questionnaire import SKIPPED, Question, load_questionnaire

SET = Path(__file__).resolve().parent / "data" / "prescreen_answers.yml"
ELIGIBILITY_YES_NO = {"depression_diagnosis", "psychotherapy_tried"}


def question_type(slot: str, question: Question | None) -> str:
    if slot == "phq9_9":
        return "phq9_9"
    if slot.startswith("phq9_") and slot[5:].isdigit():
        return "phq9 items 1-8"
    if slot in ELIGIBILITY_YES_NO:
        return "yes_no eligibility"
    if slot == "medication_list":
        return "medication_list"
    if question is None:
        return "safety yes_no" if slot not in ("phq9_difficulty",) else "choice"
    if question.kind == "yes_no":
        return "safety yes_no"
    if question.kind in ("choice", "contact_method"):
        return "choice"
    return question.kind


def same_value(a: object, b: object) -> bool:
    """Type-aware equality; the set writes a skipped answer as `skip`."""
    if b == "skip":
        return a == SKIPPED
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def classify(item: dict[str, Any], question: Question | None) -> str:
    if question is None:
        return "not asked"
    parsed = parse_answer(question, item["text"])
    if not parsed.ok:
        return "reask"
    if "flags" in item:
        return "correct" if sorted(getattr(parsed, "flags", ())) == sorted(item["flags"]) else "misparse"
    if item.get("reask"):
        return "misparse"
    return "correct" if any(same_value(parsed.slot_value, v) for v in item["accept"]) else "misparse"


def measure() -> tuple[dict[str, Counter], list[tuple[dict[str, Any], str, Parsed]]]:
    questionnaire = load_questionnaire(enforce_review=False)
    items = yaml.safe_load(SET.read_text(encoding="utf-8"))["answers"]
    table: dict[str, Counter] = defaultdict(Counter)
    wrong = []
    for item in items:
        question = questionnaire.by_slot.get(item["slot"])
        result = classify(item, question)
        table[question_type(item["slot"], question)][result] += 1
        if result == "misparse" and question is not None:
            wrong.append((item, result, parse_answer(question, item["text"])))
    return table, wrong


TABLE, WRONG = measure()
ALL: Counter = Counter()
for _counts in TABLE.values():
    ALL.update(_counts)


def test_the_set_is_big_enough_and_every_slot_is_asked() -> None:
    assert sum(ALL.values()) >= 300
    assert ALL["not asked"] == 0


@pytest.mark.parametrize("kind", ["safety yes_no", "phq9_9"])
def test_no_misparse_on_safety_questions_and_item9(kind: str) -> None:
    assert TABLE[kind]["misparse"] == 0, [(i["slot"], i["text"], p) for i, _, p in WRONG]


def test_overall_misparse_at_most_1_percent_and_reasks_at_most_25_percent() -> None:
    total = sum(ALL.values())
    assert ALL["misparse"] <= 0.01 * total, [(i["slot"], i["text"], p) for i, _, p in WRONG]
    assert ALL["reask"] <= 0.25 * total


if __name__ == "__main__":
    print("| question type | items | not asked | misparse | re-ask |")
    print("|---|---|---|---|---|")
    for kind, counts in sorted(TABLE.items()) + [("all", ALL)]:
        n = sum(counts.values())
        asked = n - counts["not asked"]
        rates = [f"{counts[r]}/{asked} = {100 * counts[r] / asked:.1f}%" if asked else "-"
                 for r in ("misparse", "reask")]
        print(f"| {kind} | {n} | {counts['not asked']} | {rates[0]} | {rates[1]} |")
    for item, _, parsed in WRONG:
        print("MISPARSE", item["slot"], repr(item["text"]), "->", parsed.slot_value, item.get("accept", "reask"))
