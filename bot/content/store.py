"""The vetted content store: reviewed answers with sources; the only text the bot may answer questions with."""
from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from bot.config import DATA_DIR, ROOT
from bot.review import as_date

CONTENT_DIR = DATA_DIR / "content"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
PLACEHOLDERS = frozenset({"clinic_name", "clinic_phone", "clinic_hours", "clinic_email", "booking_url"})
REQUIRED_IDS = (
    "what_is_tms how_tms_works candidacy conditions_treated session_experience session_length course_length "
    "time_to_improvement effectiveness side_effects safety_seizure is_it_painful contraindications cost "
    "insurance referral with_medication maintenance not_working protocols vs_other_treatments "
    "daily_activities age long_term_effects fda mapping contact_clinic"
).split()
MAX_ANSWER_CHARS = 700
MAX_SMS_CHARS = 320
MIN_QUESTIONS = 8
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SEED = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


class ContentError(ValueError):
    """A content entry breaks the schema; the message names the entry and the field."""


@dataclass(frozen=True)
class Source:
    seed: str | None = None
    name: str | None = None
    url: str | None = None

    def cite(self) -> str:
        return f"seed article {self.seed}" if self.seed else f"{self.name} ({self.url})"


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    answer: str
    sms: str
    questions: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed_by: str
    reviewed_on: dt.date
    review_due: dt.date
    buttons: tuple[Button, ...] = ()

    @property
    def response_name(self) -> str:
        return f"utter_faq/{self.id}"


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _date(entry_id: str, field: str, value: Any) -> dt.date:
    try:
        return as_date(value, f"{entry_id}: {field}")
    except ValueError as error:
        raise ContentError(str(error)) from None


def _source(entry_id: str, raw: Any) -> Source:
    if not isinstance(raw, dict):
        raise ContentError(f"{entry_id}: each source needs 'seed' or 'name' and 'url'")
    if raw.get("seed"):
        if not _SEED.match(str(raw["seed"])):
            raise ContentError(f"{entry_id}: seed {raw['seed']!r} is not a seed file name")
        return Source(seed=str(raw["seed"]))
    name, url = str(raw.get("name") or "").strip(), str(raw.get("url") or "").strip()
    if not name or not url.startswith("https://"):
        raise ContentError(f"{entry_id}: a named source needs a 'name' and an https 'url'")
    return Source(name=name, url=url)


def parse_entry(raw: dict[str, Any], today: dt.date, enforce_review: bool = True) -> Entry:
    entry_id = str(raw.get("id") or "")
    if not _ID.match(entry_id):
        raise ContentError(f"entry id {entry_id!r} must be snake_case")
    for field in ("title", "answer", "sms", "reviewed_by"):
        if not str(raw.get(field) or "").strip():
            raise ContentError(f"{entry_id}: missing {field}")
    answer, sms = raw["answer"].strip(), raw["sms"].strip()
    if len(answer) > MAX_ANSWER_CHARS:
        raise ContentError(f"{entry_id}: answer is {len(answer)} chars, over {MAX_ANSWER_CHARS} for a chat bubble")
    if len(sms) > MAX_SMS_CHARS:
        raise ContentError(f"{entry_id}: sms is {len(sms)} chars, over {MAX_SMS_CHARS}")
    for text in (answer, sms):
        unknown = _placeholders(text) - PLACEHOLDERS
        if unknown:
            raise ContentError(f"{entry_id}: unknown placeholders {sorted(unknown)}; clinic facts come from settings")
    questions = tuple(str(q).strip() for q in raw.get("questions") or () if str(q).strip())
    if len(questions) < MIN_QUESTIONS:
        raise ContentError(f"{entry_id}: needs at least {MIN_QUESTIONS} example questions")
    sources = tuple(_source(entry_id, s) for s in raw.get("sources") or ())
    if not sources:
        raise ContentError(f"{entry_id}: no sources; every answer must name where it comes from")
    reviewed_on = _date(entry_id, "reviewed_on", raw.get("reviewed_on"))
    review_due = _date(entry_id, "review_due", raw.get("review_due"))
    if reviewed_on > today:
        raise ContentError(f"{entry_id}: reviewed_on {reviewed_on} is in the future")
    if enforce_review and review_due <= today:
        raise ContentError(f"{entry_id}: review was due on {review_due}; re-review it before it can ship")
    buttons = tuple(Button(str(b["title"]), str(b["payload"])) for b in raw.get("buttons") or ())
    return Entry(
        id=entry_id, title=str(raw["title"]).strip(), answer=answer, sms=sms, questions=questions,
        sources=sources, reviewed_by=str(raw["reviewed_by"]).strip(), reviewed_on=reviewed_on,
        review_due=review_due, buttons=buttons,
    )


@dataclass(frozen=True)
class ContentStore:
    entries: tuple[Entry, ...]

    def get(self, entry_id: str) -> Entry:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    @property
    def ids(self) -> list[str]:
        return [entry.id for entry in self.entries]


def load_content(
    paths: Iterable[Path] | None = None, today: dt.date | None = None, enforce_review: bool = True
) -> ContentStore:
    """Loads and validates every entry; any schema problem, stale review or missing required id fails loudly
    (a stale review only where `enforce_review`: the build and tests, not a running bot)."""
    today = today or dt.date.today()
    entries: list[Entry] = []
    for path in sorted(paths if paths is not None else CONTENT_DIR.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries.extend(parse_entry(raw, today, enforce_review) for raw in document.get("entries") or ())
    ids = [entry.id for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ContentError(f"duplicate entry ids: {duplicates}")
    missing = [i for i in REQUIRED_IDS if i not in ids] if paths is None else []
    if missing:
        raise ContentError(f"required entries missing: {missing}")
    return ContentStore(tuple(entries))
