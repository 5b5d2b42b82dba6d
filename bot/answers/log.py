"""Questions the bot declined or could not answer, for the clinic to see what content to add next.

Stored with phone numbers and e-mail addresses masked at write time (the console masks again on the
way out); grouped by shared words so twenty "is there parking?" show as one line with a count.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from sqlalchemy import Column, DateTime, Float, Integer, String, Text, select
from sqlalchemy.orm import Session

from bot.answers.fit import content_words
from bot.db import Base, utcnow
from bot.masking import mask_contacts

#: Why a question is in the log, as staff read it.
KIND_LABELS = {
    "no_content": "No reviewed answer",
    "unsure": "Low confidence (Did you mean)",
    "medical_advice": "Personal medical advice declined",
    "urgent": "Possibly urgent symptom",
    "off_topic": "Off topic",
}
#: The intent the bot acted on -> the kind logged.
KIND_OF_INTENT = {
    "nlu_fallback": "no_content",
    "faq_clarify": "unsure",
    "medical_advice": "medical_advice",
    "medical_urgent": "urgent",
    "out_of_scope": "off_topic",
}
MAX_TEXT = 2000
SIMILAR = 0.5  # share of content words two questions must have in common to be one group


class UnansweredQuestion(Base):
    __tablename__ = "unanswered_questions"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    channel = Column(String(64), nullable=True)
    kind = Column(String(32), nullable=False, index=True)
    text = Column(Text, nullable=False)  # contacts masked
    nearest_entry = Column(String(64), nullable=True)  # the entry the model leaned to, if any
    confidence = Column(Float, nullable=True)
    created_at = Column(DateTime, nullable=False, default=utcnow, index=True)


def record(session: Session, conversation_id: str, channel: str | None, intent: str, text: str,
           nearest_entry: str | None = None, confidence: float | None = None) -> UnansweredQuestion | None:
    """Logs one turn; None for an intent that is not a decline or an unanswered question."""
    kind = KIND_OF_INTENT.get(intent)
    if kind is None or not text.strip():
        return None
    row = UnansweredQuestion(conversation_id=conversation_id, channel=channel, kind=kind,
                             text=(mask_contacts(text.strip()) or "")[:MAX_TEXT], nearest_entry=nearest_entry,
                             confidence=confidence)
    session.add(row)
    return row


@dataclass
class Group:
    """Similar questions: the first one shown, how many, when, and why they went unanswered."""

    example: str
    words: set[str]
    count: int = 0
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    kinds: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)

    def add(self, row: UnansweredQuestion) -> None:
        self.count += 1
        self.first = min(filter(None, (self.first, row.created_at)), default=None)
        self.last = max(filter(None, (self.last, row.created_at)), default=None)
        self.kinds[row.kind] = self.kinds.get(row.kind, 0) + 1
        self.texts.append(row.text)
        self.words |= set(content_words(row.text))


def _similar(words: set[str], group: Group) -> bool:
    if not words or not group.words:
        return False
    return len(words & group.words) / min(len(words), len(group.words)) >= SIMILAR


def group_rows(rows: Iterable[UnansweredQuestion]) -> list[Group]:
    """Greedy single pass, oldest first; the largest groups first, then the most recent."""
    groups: list[Group] = []
    for row in sorted(rows, key=lambda r: r.created_at or dt.datetime.min):
        words = set(content_words(row.text))
        group = next((g for g in groups if _similar(words, g)), None)
        if group is None:
            group = Group(example=row.text, words=set(words))
            groups.append(group)
        group.add(row)
    return sorted(groups, key=lambda g: (-g.count, -(g.last or dt.datetime.min).timestamp()))


def load(session: Session, kinds: Sequence[str] = (), since: dt.datetime | None = None) -> list[UnansweredQuestion]:
    query = select(UnansweredQuestion).order_by(UnansweredQuestion.created_at)
    if kinds:
        query = query.where(UnansweredQuestion.kind.in_(list(kinds)))
    if since is not None:
        query = query.where(UnansweredQuestion.created_at >= since)
    return list(session.execute(query).scalars())


def as_csv(groups: Sequence[Group]) -> str:
    """One line per group: example, count, first and last date (UTC), kinds, and the other wordings."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["example", "count", "first_asked_utc", "last_asked_utc", "kinds", "other_wordings"])
    for g in groups:
        kinds = "; ".join(f"{KIND_LABELS.get(k, k)}: {n}" for k, n in sorted(g.kinds.items()))
        others = " | ".join(dict.fromkeys(t for t in g.texts if t != g.example))
        writer.writerow([_safe_cell(mask_contacts(g.example) or ""), g.count, _date(g.first), _date(g.last), kinds,
                         _safe_cell(mask_contacts(others) or "")])
    return out.getvalue()


def _date(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


def _safe_cell(text: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ as a formula: such text gets a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
