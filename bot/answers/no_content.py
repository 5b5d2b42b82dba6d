"""Clinic topics without reviewed content (data/content/no_content.yml): an honest "no information" reply.

The response selector always picks the nearest entry, and for these topics the nearest entry shares enough
words to pass the fit check while answering another question ("payment plans?" -> cost). Naming the topics
we know we lack is surer than a threshold, and the list tells the clinic what content to write next.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.config import DATA_DIR
from bot.review import load_reviewed

TOPICS_PATH = DATA_DIR / "content" / "no_content.yml"


@dataclass(frozen=True)
class Topic:
    id: str
    patterns: tuple[re.Pattern[str], ...]
    instead_of: frozenset[str] = frozenset()  # empty: whatever entry the model chose

    def matches(self, text: str, entry: str | None) -> bool:
        if self.instead_of and entry not in self.instead_of:
            return False
        return any(p.search(text) for p in self.patterns)


def load_topics(path: Path = TOPICS_PATH, enforce_review: bool = False) -> tuple[Topic, ...]:
    """A running bot loads an overdue list too (tests and the build enforce the review date)."""
    raw = load_reviewed(path, enforce_review=enforce_review) or {}
    return tuple(Topic(str(t["id"]), tuple(re.compile(p) for p in t["patterns"]), frozenset(t.get("instead_of") or ()))
                 for t in raw.get("topics") or ())


@lru_cache(maxsize=1)
def default_topics() -> tuple[Topic, ...]:
    return load_topics()


def topic_without_content(text: str, entry: str | None, topics: tuple[Topic, ...] | None = None) -> str | None:
    """The id of the first topic the question is about (given the model's best entry), or None."""
    lowered = text.lower().replace("’", "'")
    return next((t.id for t in (default_topics() if topics is None else topics) if t.matches(lowered, entry)), None)
