"""The real-question set (tests/heldout/real_questions.yml) stays out of training, so its figures mean something."""
from __future__ import annotations

import yaml

from bot.answers.evaluate import DECLINE, NO_CONTENT, QUESTIONS, load_questions
from bot.content.store import load_content
from tests.test_heldout_separation import _nlu_examples, normalise

#: Short canonical questions ("is tms safe", "does it hurt") that any writer words the same way; the set
#: was written blind, so these coincide rather than leak. Anything longer found in training was copied.
CANONICAL_WORDS = 4
#: Training questions already in the content at commit 3938edc, before the set was written: coincidences.
KNOWN_COINCIDENCES = frozenset({"how do i know if tms is right for me", "is tms approved for teenagers"})


def test_real_questions_are_not_in_training_data() -> None:
    training = {normalise(q) for entry in load_content().entries for q in entry.questions}
    training |= {normalise(e) for examples in _nlu_examples().values() for e in examples}
    leaked = [q.text for q in load_questions()
              if normalise(q.text) in training and len(normalise(q.text).split()) > CANONICAL_WORDS
              and normalise(q.text) not in KNOWN_COINCIDENCES]
    assert not leaked, f"real questions copied into training data: {leaked}"


def test_real_questions_name_entries_that_exist_or_say_why_not() -> None:
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    assert len(questions) >= 150
    allowed = set(load_content().ids) | {DECLINE, NO_CONTENT}
    assert {q["expected"] for q in questions} <= allowed
