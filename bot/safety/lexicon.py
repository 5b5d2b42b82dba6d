"""Loads and checks the reviewed crisis lexicon (data/safety/lexicon.yml)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import DATA_DIR
from bot.review import check_review, load_yaml

LEXICON_PATH = DATA_DIR / "safety" / "lexicon.yml"
CONTEXT_CATEGORIES = frozenset({"NEGATED_EXISTENCE", "HYPOTHETICAL", "HISTORICAL", "TOPIC", "PSEUDO", "TERMINATE"})
LANGUAGES = ("en", "es")


class LexiconError(ValueError):
    """The lexicon breaks its schema."""


@dataclass(frozen=True)
class ContextRule:
    literal: str
    category: str
    direction: str
    max_scope: int | None
    pattern: tuple[dict[str, Any], ...] | None = None  # a spaCy token pattern instead of the literal


_WITNESS_LISTS = ("openers", "after_i", "after_i_am", "after_not")


@dataclass(frozen=True)
class Witness:
    """Words by which a writer telling of someone else's risk names themself only as witness or asker."""

    openers: frozenset[str]
    after_i: frozenset[str]
    after_i_am: frozenset[str]
    after_not: frozenset[str]
    share: float


@dataclass(frozen=True)
class TreatmentEnding:
    """Phrases that end the treatment, the thanks or farewell beside them, and the reasons that make it ordinary."""

    phrases: tuple[str, ...]
    thanks: tuple[str, ...]
    reasons: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    categories: dict[str, int]  # category -> priority (1 is most urgent)
    labels: dict[str, str]  # category -> what staff see in the console
    spellings: dict[str, str]  # written variant -> canonical form
    targets: dict[tuple[str, str], tuple[str, ...]]  # (category, language) -> patterns
    not_crisis: tuple[str, ...]
    context: tuple[ContextRule, ...]
    word_sets: dict[str, tuple[str, ...]]
    first_person: frozenset[str]
    second_person: frozenset[str]
    other_person: frozenset[str]
    present_markers: tuple[str, ...]
    urgency_markers: tuple[str, ...]
    classifier_threshold: float
    check_in_threshold: float
    distress_threshold: float
    clinical_reporters: tuple[str, ...]
    clinical_findings: tuple[str, ...]
    clinical_categories: frozenset[str]
    check_in_no: frozenset[str]
    check_in_unclear: tuple[str, ...]
    farewell_markers: tuple[str, ...]
    auto_replies: tuple[re.Pattern[str], ...]  # whole normalised messages a phone or mail system writes
    self_attribution: tuple[str, ...]
    witness: Witness
    treatment_ending: TreatmentEnding
    affirmed: tuple[str, ...]
    topic_words: tuple[str, ...]
    topic_word_floor: float
    topic_word_min_words: int
    resolved_markers: tuple[str, ...]
    resolved_unless: tuple[str, ...]
    resolved_floor: float
    resolved_min_words: int
    ordinary_floor: float
    ordinary_min_words: int
    denied_risks: tuple[str, ...]
    review_due: dt.date


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) and item.strip() for item in raw):
        raise LexiconError(f"{where} must be a list of non-empty strings")
    return tuple(item.strip() for item in raw)


def load_lexicon(path: Path = LEXICON_PATH, today: dt.date | None = None, enforce_review: bool = True) -> Lexicon:
    """`enforce_review=False` at run time: an overdue review fails the build and tests, never live safety."""
    raw = load_yaml(path)
    for field in ("reviewed_by", "reviewed_on", "review_due", "sources"):
        if not raw.get(field):
            raise LexiconError(f"lexicon is missing {field}")
    try:
        review_due = check_review(raw, today=today, enforce_review=enforce_review, where="lexicon")
    except ValueError as error:
        raise LexiconError(str(error)) from None
    categories = {name: int(spec["priority"]) for name, spec in raw["categories"].items()}
    spellings: dict[str, str] = {}
    for canonical, variants in raw["spellings"].items():
        for variant in _strings(variants, f"spellings.{canonical}"):
            if variant.lower() in spellings:
                raise LexiconError(f"spelling {variant!r} is listed twice")
            spellings[variant.lower()] = str(canonical).lower()
    targets: dict[tuple[str, str], tuple[str, ...]] = {}
    for key, language in (("targets", "en"), ("targets_es", "es")):
        for category, patterns in raw[key].items():
            if category not in categories:
                raise LexiconError(f"{key}.{category} is not a declared category")
            targets[(category, language)] = _strings(patterns, f"{key}.{category}")
    context = []
    for rule in raw["context"]:
        if rule.get("category") not in CONTEXT_CATEGORIES:
            raise LexiconError(f"context rule {rule!r} has an unknown category")
        pattern = tuple(rule["pattern"]) if rule.get("pattern") else None
        context.append(ContextRule(str(rule["literal"]), rule["category"], rule["direction"], rule.get("max_scope"), pattern))
    return Lexicon(
        categories=categories,
        labels={name: str(spec.get("label") or name) for name, spec in raw["categories"].items()},
        spellings=spellings,
        targets=targets,
        not_crisis=_strings(raw["not_crisis"], "not_crisis"),
        context=tuple(context),
        word_sets={name: _strings(words, f"word_sets.{name}") for name, words in raw["word_sets"].items()},
        first_person=frozenset(_strings(raw["first_person"], "first_person")),
        second_person=frozenset(_strings(raw["second_person"], "second_person")),
        other_person=frozenset(_strings(raw["other_person"], "other_person")),
        present_markers=_strings(raw["present_markers"], "present_markers"),
        urgency_markers=_strings(raw["urgency_markers"], "urgency_markers"),
        classifier_threshold=float(raw["classifier_threshold"]),
        check_in_threshold=float(raw["check_in_threshold"]),
        distress_threshold=float(raw["distress_threshold"]),
        clinical_reporters=_strings(raw["clinical_report"]["reporters"], "clinical_report.reporters"),
        clinical_findings=_strings(raw["clinical_report"]["findings"], "clinical_report.findings"),
        clinical_categories=frozenset(_strings(raw["clinical_report"]["categories"], "clinical_report.categories")),
        check_in_no=frozenset(w.lower() for w in _strings(raw["check_in_no"], "check_in_no")),
        check_in_unclear=tuple(w.lower() for w in _strings(raw["check_in_unclear"], "check_in_unclear")),
        farewell_markers=_strings(raw["farewell_markers"], "farewell_markers"),
        auto_replies=tuple(re.compile(p, re.S) for p in _strings(raw["auto_replies"], "auto_replies")),
        self_attribution=_strings(raw["self_attribution"], "self_attribution"),
        witness=Witness(**{key: frozenset(_strings(raw["witness"][key], f"witness.{key}")) for key in _WITNESS_LISTS},
                        share=float(raw["witness"]["share"])),
        treatment_ending=TreatmentEnding(
            phrases=_strings(raw["treatment_ending"]["phrases"], "treatment_ending.phrases"),
            thanks=_strings(raw["treatment_ending"]["thanks"], "treatment_ending.thanks"),
            reasons=frozenset(_strings(raw["treatment_ending"]["reasons"], "treatment_ending.reasons"))),
        affirmed=_strings(raw["affirmed"], "affirmed"),
        topic_words=_strings(raw["topic_words"]["words"], "topic_words.words"),
        topic_word_floor=float(raw["topic_words"]["floor"]),
        topic_word_min_words=int(raw["topic_words"]["min_words"]),
        resolved_markers=_strings(raw["resolved_history"]["markers"], "resolved_history.markers"),
        resolved_unless=_strings(raw["resolved_history"]["unless"], "resolved_history.unless"),
        resolved_floor=float(raw["resolved_history"]["floor"]),
        resolved_min_words=int(raw["resolved_history"]["min_words"]),
        ordinary_floor=float(raw["ordinary_floor"]["floor"]),
        ordinary_min_words=int(raw["ordinary_floor"]["min_words"]),
        denied_risks=_strings(raw["denied_risks"], "denied_risks"),
        review_due=review_due,
    )
