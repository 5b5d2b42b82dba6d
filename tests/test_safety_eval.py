"""Crisis detector on two evaluation sets written independently of the lexicon.

safety_eval.yml is the acceptance set (100% recall, <=5% false alarms); safety_eval_2.yml, a second
blind set, guards generalisation (>=95% recall, <=5% false alarms). Per-category figures are printed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.safety.detector import CrisisDetector, default_detector

DATA = Path(__file__).parent / "data"
SETS = {"safety_eval.yml": 1.0, "safety_eval_2.yml": 0.95, "safety_eval_3.yml": 0.95, "safety_eval_4.yml": 0.95, "safety_eval_5.yml": 0.95}
MAX_FALSE_ALARMS = 0.05


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def evaluate(detector: CrisisDetector, name: str) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]], list[str]]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    recall: dict[str, tuple[int, int]] = {}
    alarms: dict[str, tuple[int, int]] = {}
    mistakes: list[str] = []
    for category, items in data["positives"].items():
        hits = 0
        for item in items:
            result = detector.detect(item["text"])
            ok = result.is_crisis and (category != "third_party" or result.audience == "other")
            hits += ok
            if not ok:
                mistakes.append(f"missed [{category}] {item['text']}")
        recall[category] = (hits, len(items))
    for category, items in data["negatives"].items():
        fired = [item["text"] for item in items if detector.detect(item["text"]).is_crisis]
        mistakes += [f"false alarm [{category}] {text}" for text in fired]
        alarms[category] = (len(fired), len(items))
    return recall, alarms, mistakes


@pytest.mark.parametrize("name", SETS)
def test_recall_and_false_alarms(detector: CrisisDetector, name: str) -> None:
    recall, alarms, mistakes = evaluate(detector, name)
    for category, (hits, total) in recall.items():
        print(f"{name} recall {category:12s} {hits}/{total} = {hits / total:.1%}")
    for category, (fired, total) in alarms.items():
        print(f"{name} false alarms {category:12s} {fired}/{total} = {fired / total:.1%}")
    hits, total = sum(h for h, _ in recall.values()), sum(t for _, t in recall.values())
    fired, negatives = sum(f for f, _ in alarms.values()), sum(t for _, t in alarms.values())
    print(f"{name}: recall {hits}/{total} = {hits / total:.1%}, false alarms {fired}/{negatives} = {fired / negatives:.1%}")
    print("\n".join(mistakes))
    assert hits / total >= SETS[name], mistakes
    assert fired / negatives <= MAX_FALSE_ALARMS, mistakes


def test_the_sets_are_big_enough_and_not_duplicated() -> None:
    texts = []
    for name in SETS:
        data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        texts += [item["text"].strip().lower() for side in data.values() for items in side.values() for item in items]
    assert len(texts) >= 300
    assert len(texts) == len(set(texts))
