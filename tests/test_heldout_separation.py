"""Held-out and end-to-end test texts never leak into training data, so accuracy numbers mean something."""
from __future__ import annotations

import re
import string
from collections import Counter

import pytest
import yaml

from bot.config import ROOT
from bot.content.store import load_content

HELDOUT = ROOT / "tests" / "data" / "faq_heldout.yml"
E2E = ROOT / "tests" / "e2e" / "test_faq.yml"
NLU_DIR = ROOT / "data" / "nlu"
MIN_HELDOUT_PER_ENTRY = 5

_PUNCTUATION = str.maketrans("", "", string.punctuation + "\u2018\u2019\u201c\u201d")
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")


def normalise(text: str) -> str:
    """Lower-case, entity annotations reduced to their text, punctuation removed, whitespace collapsed."""
    text = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2) or "", text)
    return " ".join(text.lower().translate(_PUNCTUATION).split())


def _nlu_examples() -> dict[str, list[str]]:
    """intent -> training examples, from every data/nlu/*.yml file."""
    examples: dict[str, list[str]] = {}
    for path in sorted(NLU_DIR.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in item:
                continue
            lines = [line.strip()[2:] for line in str(item.get("examples") or "").splitlines() if line.strip().startswith("- ")]
            examples.setdefault(item["intent"], []).extend(lines)
    return examples


@pytest.fixture(scope="module")
def content_ids() -> list[str]:
    return load_content().ids


@pytest.fixture(scope="module")
def training() -> set[str]:
    texts = [q for entry in load_content().entries for q in entry.questions]
    texts += [example for examples in _nlu_examples().values() for example in examples]
    return {normalise(text) for text in texts}


@pytest.fixture(scope="module")
def heldout() -> dict[str, list[dict[str, str]]]:
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))


def _e2e_turns() -> list[tuple[str, str]]:
    turns = []
    for story in yaml.safe_load(E2E.read_text(encoding="utf-8"))["stories"]:
        for step in story["steps"]:
            if "user" in step:
                turns.append((step["user"].strip(), step["intent"]))
    return turns


def test_normalise() -> None:
    assert normalise("  What's   TMS?? ") == "whats tms"
    assert normalise("I’m [45](age) years") == "im 45 years"


def test_training_data_is_found(training: set[str]) -> None:
    """Guards the separation tests below against silently comparing with nothing."""
    examples = _nlu_examples()
    assert {"faq/what_is_tms", "medical_advice", "out_of_scope", "greet"} <= set(examples)
    assert len(training) > 500


def test_heldout_texts_are_not_in_training_data(heldout: dict[str, list[dict[str, str]]], training: set[str]) -> None:
    leaked = [item["text"] for section in heldout.values() for item in section if normalise(item["text"]) in training]
    assert not leaked, f"held-out texts copied into training data: {leaked}"


def test_e2e_texts_are_not_in_training_data(training: set[str]) -> None:
    turns = _e2e_turns()
    assert turns
    leaked = [text for text, _ in turns if normalise(text) in training]
    assert not leaked, f"e2e test texts copied into training data: {leaked}"


def test_heldout_has_no_duplicates(heldout: dict[str, list[dict[str, str]]]) -> None:
    counts = Counter(normalise(item["text"]) for section in heldout.values() for item in section)
    assert not [text for text, n in counts.items() if n > 1]


def test_heldout_covers_every_content_entry(heldout: dict[str, list[dict[str, str]]], content_ids: list[str]) -> None:
    per_entry = Counter(item["expected"] for item in heldout["faq"])
    unknown = set(per_entry) - set(content_ids)
    assert not unknown, f"held-out items expect entries that do not exist: {sorted(unknown)}"
    thin = {entry_id: per_entry[entry_id] for entry_id in content_ids if per_entry[entry_id] < MIN_HELDOUT_PER_ENTRY}
    assert not thin, f"entries with fewer than {MIN_HELDOUT_PER_ENTRY} held-out items: {thin}"


def test_heldout_decline_covers_both_intents(heldout: dict[str, list[dict[str, str]]]) -> None:
    expected = Counter(item["expected"] for item in heldout["decline"])
    assert set(expected) == {"medical_advice", "out_of_scope"}
    assert min(expected.values()) >= MIN_HELDOUT_PER_ENTRY


def test_e2e_stories_name_real_intents_and_responses(content_ids: list[str]) -> None:
    intents = set(_nlu_examples())
    for story in yaml.safe_load(E2E.read_text(encoding="utf-8"))["stories"]:
        steps = story["steps"]
        for i, step in enumerate(steps):
            if "intent" not in step:
                continue
            assert step["intent"] in intents, (story["story"], step["intent"])
            if step["intent"].startswith("faq/"):
                assert step["intent"].removeprefix("faq/") in content_ids
                # a retrieval intent is answered by `utter_faq` (response selector) or its full response name
                assert steps[i + 1].get("action") in ("utter_faq", f"utter_{step['intent']}"), story["story"]
