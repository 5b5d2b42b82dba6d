"""One review rule for every reviewed data file (bot.review.check_review): overdue on its due date, an error
for the build and the tests, and never a reason for a running bot to fail (least of all the crisis path)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

import pytest

from bot.config import DATA_DIR
from bot.content.store import FACTS_PATH, load_facts
from bot.review import as_date, load_reviewed, load_yaml
from bot.safety.classifier import POSITIVES_PATH, training_examples
from bot.safety.hotlines import HOTLINES_PATH, load_hotlines
from bot.safety.lexicon import LEXICON_PATH, load_lexicon
from bot.screening.outcome import DEFAULT_RULES_PATH, load_rules
from bot.screening.questionnaire import DEFAULT_QUESTIONS_PATH, load_questionnaire
from bot.sms import consent

Load = Callable[[dt.date, bool], Any]
# file -> its loader, called with (today, enforce_review)
LOADERS: dict[str, tuple[Path, Load]] = {
    "hotlines": (HOTLINES_PATH, lambda today, enforce: load_hotlines(today=today, enforce_review=enforce)),
    "lexicon": (LEXICON_PATH, lambda today, enforce: load_lexicon(today=today, enforce_review=enforce)),
    "classifier": (POSITIVES_PATH, lambda today, enforce: training_examples(today=today, enforce_review=enforce)),
    "sms opt-out": (consent.RULES_PATH, lambda today, enforce: consent.load_rules(today=today, enforce_review=enforce)),
    "facts": (FACTS_PATH, lambda today, enforce: load_facts(today=today, enforce_review=enforce)),
    "questions": (DEFAULT_QUESTIONS_PATH, lambda today, enforce: load_questionnaire(today=today, enforce_review=enforce)),
    "screening rules": (DEFAULT_RULES_PATH, lambda today, enforce: load_rules(today=today, enforce_review=enforce)),
}


@pytest.mark.parametrize("name", LOADERS)
def test_a_review_is_overdue_on_its_due_date_and_never_stops_a_running_bot(name: str) -> None:
    path, load = LOADERS[name]
    due = as_date(load_yaml(path)["review_due"], "review_due")
    load(due - dt.timedelta(days=1), True)
    with pytest.raises(ValueError, match=f"review was due on {due}"):
        load(due, True)
    load(due + dt.timedelta(days=365), False)  # run time: served as reviewed, the build and CI say it is due


def test_every_reviewed_data_file_is_in_date() -> None:
    """Fails on purpose once a file's review is due: re-review it (or approve it in the clinical review)."""
    reviewed = [p for p in sorted(DATA_DIR.rglob("*.yml")) if "reviewed_by" in (load_yaml(p) or {})]
    assert len(reviewed) >= 10
    for path in reviewed:
        load_reviewed(path)


def test_a_key_written_twice_is_an_error_not_a_silent_loss(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys: the lexicon once lost its pill emoji spelling that way."""
    path = tmp_path / "lexicon.yml"
    path.write_text('spellings:\n  pills: ["\\U0001F48A"]\n  pills: [pils]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="'pills' is written twice"):
        load_yaml(path)
    assert load_yaml(LEXICON_PATH)["spellings"]["pills"] == ["pils", "pillz", "\N{PILL}"]


def test_no_data_file_writes_a_key_twice() -> None:
    for path in sorted(DATA_DIR.rglob("*.yml")):
        load_yaml(path)
