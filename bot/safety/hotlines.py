"""Crisis resources and replies from the reviewed data file data/safety/hotlines.yml."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import DATA_DIR
from bot.review import as_date

HOTLINES_PATH = DATA_DIR / "safety" / "hotlines.yml"
REPLY_SLOT = "crisis_reply"  # slot the crisis detector fills with "<audience>_<language>"
# "check_in" is the uncertain tier: a short, direct question with the lifeline, not the full resources.
AUDIENCES = ("self", "other", "check_in")
LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Hotlines:
    numbers: dict[str, str]
    replies: dict[str, str]  # "self_en", "other_es", ... -> reply text
    review_due: dt.date

    @property
    def lifeline(self) -> str:
        return self.numbers["lifeline_number"]


def reply_key(audience: str, language: str) -> str:
    return f"{audience}_{language}"


def load_hotlines(path: Path = HOTLINES_PATH, today: dt.date | None = None, enforce_review: bool = True) -> Hotlines:
    """`enforce_review=False` at run time: an overdue review fails the build and tests, never live safety."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    today = today or dt.date.today()
    review_due = as_date(raw["review_due"], "hotlines.yml review_due")
    if not raw.get("reviewed_by") or not raw.get("sources"):
        raise ValueError("hotlines.yml needs reviewed_by and sources")
    if enforce_review and review_due <= today:
        raise ValueError(f"hotlines.yml review was due on {review_due}")
    numbers = {key: str(value) for key, value in raw["hotlines"].items()}
    replies = {}
    for audience in AUDIENCES:
        for language in LANGUAGES:
            text = " ".join(raw["replies"][audience][language].split()).format(**numbers)
            if numbers["lifeline_number"] not in text:
                raise ValueError(f"the {audience}/{language} crisis reply must give {numbers['lifeline_number']}")
            replies[reply_key(audience, language)] = text
    return Hotlines(numbers=numbers, replies=replies, review_due=review_due)
