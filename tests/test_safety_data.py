"""The reviewed safety data (crisis lexicon, hotlines and replies): the real files load, broken copies do not."""
from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from bot.safety.detector import expand
from bot.safety.hotlines import HOTLINES_PATH, load_hotlines
from bot.safety.lexicon import LEXICON_PATH, LexiconError, load_lexicon

RAW_HOTLINES = yaml.safe_load(HOTLINES_PATH.read_text(encoding="utf-8"))
RAW_LEXICON = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))


def _variant(tmp_path: Path, raw: dict[str, Any], edit: Callable[[dict[str, Any]], None], name: str) -> Path:
    """A copy of a real data file with one edit applied."""
    changed = copy.deepcopy(raw)
    edit(changed)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(changed, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ hotlines


ALL_REPLIES = ["self_en", "self_es", "other_en", "other_es", "check_in_en", "check_in_es", "check_in_with_answer_en",
               "check_in_with_answer_es"]


def test_real_hotlines_load_with_a_reply_per_audience_and_language() -> None:
    hotlines = load_hotlines()
    assert set(hotlines.replies) == set(ALL_REPLIES)
    assert hotlines.lifeline == "988"
    assert hotlines.review_due > dt.date.today()


@pytest.mark.parametrize("key", ALL_REPLIES)
def test_every_reply_gives_988_and_911(key: str) -> None:
    text = load_hotlines().replies[key]
    assert "988" in text and "911" in text
    assert "{" not in text and "}" not in text, "every placeholder is filled"
    assert "1-800-273-8255" not in text, "the retired lifeline number"


@pytest.mark.parametrize("key", ["self_es", "other_es", "check_in_es", "check_in_with_answer_es"])
def test_spanish_replies_explain_the_spanish_line(key: str) -> None:
    text = load_hotlines().replies[key]
    assert "marca 2" in text or "marcar 2" in text or "AYUDA" in text


@pytest.mark.parametrize("key", ["check_in_en", "check_in_es", "check_in_with_answer_en", "check_in_with_answer_es"])
def test_the_check_in_reply_asks_directly_and_names_no_method(key: str) -> None:
    """Asking directly is what clinical guidance recommends; safe messaging: no method, no means."""
    text = load_hotlines().replies[key].lower()
    assert "?" in text and ("ending your life" in text or "quitarte la vida" in text)
    assert not re.search(r"\b(pills?|guns?|rope|bridge|pastillas?|pistola|overdose)\b", text)


def test_a_reply_without_the_lifeline_number_is_refused(tmp_path: Path) -> None:
    def edit(raw: dict[str, Any]) -> None:
        raw["replies"]["other"]["es"] = "Llama al {emergency_number} si está en peligro."

    with pytest.raises(ValueError, match="other/es crisis reply must give 988"):
        load_hotlines(_variant(tmp_path, RAW_HOTLINES, edit, "hotlines.yml"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_repeat_crisis_reminder_is_short_and_gives_988_and_911(language: str) -> None:
    hotlines = load_hotlines()
    text = hotlines.reminders[language]
    assert "988" in text and "911" in text and "{" not in text
    assert len(text) < len(hotlines.replies[f"self_{language}"]) / 2


def test_a_reminder_without_911_is_refused(tmp_path: Path) -> None:
    def edit(raw: dict[str, Any]) -> None:
        raw["reminder"]["en"] = "Call or text {lifeline_number} any time."

    with pytest.raises(ValueError, match="en crisis reminder must give 988 and 911"):
        load_hotlines(_variant(tmp_path, RAW_HOTLINES, edit, "hotlines.yml"))


def test_a_reply_with_988_hard_coded_but_no_placeholder_still_loads(tmp_path: Path) -> None:
    """The rule is about what the person reads, not how the file spells it."""

    def edit(raw: dict[str, Any]) -> None:
        raw["replies"]["self"]["en"] = "Please call or text 988 now, or 911 in an emergency."

    assert "988" in load_hotlines(_variant(tmp_path, RAW_HOTLINES, edit, "hotlines.yml")).replies["self_en"]


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda raw: raw.update(reviewed_on="2019-07-01", review_due="2020-01-01"), "review was due"),
        (lambda raw: raw.pop("sources"), "needs reviewed_by and sources"),
        (lambda raw: raw.update(reviewed_by=""), "needs reviewed_by and sources"),
    ],
    ids=["review-due", "no-sources", "no-reviewer"],
)
def test_unreviewed_hotlines_are_refused(tmp_path: Path, edit: Callable, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_hotlines(_variant(tmp_path, RAW_HOTLINES, edit, "hotlines.yml"))


def test_hotlines_expire_on_their_review_date() -> None:
    due = load_hotlines().review_due
    load_hotlines(today=due - dt.timedelta(days=1))
    with pytest.raises(ValueError, match="review was due"):
        load_hotlines(today=due)


# ------------------------------------------------------------------------------------------- lexicon


def test_real_lexicon_loads() -> None:
    lexicon = load_lexicon()
    assert lexicon.categories["imminent"] == 1
    assert min(lexicon.categories.values()) == 1 and lexicon.categories["imminent"] < lexicon.categories["passive"]
    assert {category for category, _ in lexicon.targets} <= set(lexicon.categories)
    assert {language for _, language in lexicon.targets} == {"en", "es"}
    assert lexicon.spellings["kms"] == "kill myself"
    assert lexicon.review_due > dt.date.today()


def test_real_lexicon_patterns_only_use_declared_word_sets() -> None:
    lexicon = load_lexicon()
    patterns = [p for group in lexicon.targets.values() for p in expand(group)] + expand(lexicon.not_crisis)
    used = {word[1:].rstrip("?") for p in patterns for element in p.split() for word in element.lstrip("=").split("|")
            if word.startswith("$")}
    assert used <= set(lexicon.word_sets), used - set(lexicon.word_sets)


def test_lexicon_spelling_fixes_do_not_collide_with_person_words() -> None:
    """A spelling fix that rewrites "my", "his" ... would change who the detector thinks is at risk."""
    lexicon = load_lexicon()
    people = lexicon.first_person | lexicon.second_person | lexicon.other_person
    assert not (set(lexicon.spellings) & people) - {"u"}  # "u" -> "you" is the intended shorthand


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda raw: raw.update(reviewed_on="2019-07-01", review_due="2020-01-01"), "review was due on 2020-01-01"),
        (lambda raw: raw.update(reviewed_by=""), "missing reviewed_by"),
        (lambda raw: raw.pop("sources"), "missing sources"),
        (lambda raw: raw["targets"].update(despair=["hopeless forever"]), "targets.despair is not a declared category"),
        (lambda raw: raw["targets_es"].update(desesperanza=["sin esperanza"]), "targets_es.desesperanza is not a declared"),
        (lambda raw: raw["spellings"]["kill"].append("kil"), "spelling 'kil' is listed twice"),
        (lambda raw: raw["spellings"]["suicidal"].append("KMS"), "(?i)spelling 'kms' is listed twice"),
        (lambda raw: raw["spellings"].update(die=["dye", "DYE"]), "listed twice"),
        (lambda raw: raw["context"].append({"literal": "maybe", "category": "PERHAPS", "direction": "FORWARD"}),
         "unknown category"),
        (lambda raw: raw.update(first_person=["i", ""]), "first_person must be a list of non-empty strings"),
        (lambda raw: raw["targets"]["ideation"].append(42), "targets.ideation must be a list"),
    ],
    ids=["review-due", "no-reviewer", "no-sources", "undeclared-target", "undeclared-target-es", "spelling-twice",
         "spelling-twice-case", "spelling-twice-same-key", "context-category", "empty-person-word", "non-string-pattern"],
)
def test_broken_lexicon_is_refused(tmp_path: Path, edit: Callable, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        load_lexicon(_variant(tmp_path, RAW_LEXICON, edit, "lexicon.yml"))


def test_lexicon_expires_on_its_review_date() -> None:
    due = load_lexicon().review_due
    load_lexicon(today=due - dt.timedelta(days=1))
    with pytest.raises(LexiconError, match="review was due"):
        load_lexicon(today=due)


def test_an_overdue_review_fails_the_build_but_never_disables_live_crisis_handling() -> None:
    import datetime as dt

    from bot.safety.detector import CrisisDetector
    from bot.safety.hotlines import load_hotlines
    from bot.safety.lexicon import LexiconError, load_lexicon

    later = dt.date(2100, 1, 1)
    with pytest.raises(LexiconError):
        load_lexicon(today=later)
    with pytest.raises(ValueError):
        load_hotlines(today=later)
    detector = CrisisDetector(load_lexicon(today=later, enforce_review=False), backstop=False)
    assert detector.detect("i want to kill myself").is_crisis
    assert "988" in load_hotlines(today=later, enforce_review=False).replies["self_en"]
