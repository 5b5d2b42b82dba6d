"""Crisis resources and replies from the reviewed data file data/safety/hotlines.yml."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import DATA_DIR
from bot.review import check_review, load_yaml
from bot.safety.context import CHECK_IN

HOTLINES_PATH = DATA_DIR / "safety" / "hotlines.yml"
REPLY_SLOT = "crisis_reply"  # slot the crisis detector fills with "<audience>_<language>"
OVERRIDDEN_INTENT_KEY = "crisis_overrode_intent"  # parse-data key: the intent a crisis verdict replaced
# CHECK_IN is the uncertain tier: a short, direct question with the lifeline, not the full resources;
# CHECK_IN_WITH_ANSWER the same question sent before the answer to the question the person asked.
CHECK_IN_WITH_ANSWER = "check_in_with_answer"
AUDIENCES = ("self", "other", CHECK_IN, CHECK_IN_WITH_ANSWER)
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Hotlines:
    numbers: dict[str, str]
    replies: dict[str, str]  # "self_en", "other_es", ... -> reply text
    reminders: dict[str, str]  # language -> the short reminder for a repeat crisis while staff are present
    review_due: dt.date

    @property
    def lifeline(self) -> str:
        return self.numbers["lifeline_number"]


def reply_key(audience: str, language: str) -> str:
    return f"{audience}_{language}"


def load_hotlines(path: Path = HOTLINES_PATH, today: dt.date | None = None, enforce_review: bool = True) -> Hotlines:
    """`enforce_review=False` at run time: an overdue review fails the build and tests, never live safety
    (the review rule: bot.review.check_review)."""
    raw = load_yaml(path)
    if not isinstance(raw, dict) or not raw.get("reviewed_by") or not raw.get("sources"):
        raise ValueError("hotlines.yml needs reviewed_by and sources")
    review_due = check_review(raw, today=today, enforce_review=enforce_review, where=path.name)
    numbers = {key: str(value) for key, value in raw["hotlines"].items()}
    replies = {}
    for audience in AUDIENCES:
        for language in LANGUAGES:
            text = " ".join(raw["replies"][audience][language].split()).format(**numbers)
            if numbers["lifeline_number"] not in text:
                raise ValueError(f"the {audience}/{language} crisis reply must give {numbers['lifeline_number']}")
            replies[reply_key(audience, language)] = text
    reminders = {}
    for language in LANGUAGES:
        text = " ".join(raw["reminder"][language].split()).format(**numbers)
        if numbers["lifeline_number"] not in text or numbers["emergency_number"] not in text:
            raise ValueError(f"the {language} crisis reminder must give {numbers['lifeline_number']} and {numbers['emergency_number']}")
        reminders[language] = text
    return Hotlines(numbers=numbers, replies=replies, reminders=reminders, review_due=review_due)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def with_hotlines(value: Any, path: Path = HOTLINES_PATH) -> Any:
    """Reviewed text (a string, or the lists and mappings of a loaded YAML file) with `{lifeline_number}`-style
    placeholders filled from hotlines.yml, so other data files never type a number; other braces are kept."""
    numbers = load_hotlines(path, enforce_review=False).numbers  # read while answering: never fails on a due date

    def fill(item: Any) -> Any:
        if isinstance(item, str):
            return _PLACEHOLDER.sub(lambda m: numbers.get(m.group(1), m.group(0)), item)
        if isinstance(item, dict):
            return {key: fill(v) for key, v in item.items()}
        if isinstance(item, list):
            return [fill(v) for v in item]
        return item

    return fill(value)
