"""The vetted content store: reviewed answers with sources; the only text the bot may answer questions with."""
from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import DATA_DIR
from bot.review import as_date, check_review, load_yaml
from bot.safety.hotlines import HOTLINES_PATH, load_hotlines

CONTENT_DIR = DATA_DIR / "content"
#: Clinical facts (clearances, figures, coverage rules): entries cite them as {fact:<id>}, never restate them.
FACTS_FILE = "facts.yml"
FACTS_PATH = CONTENT_DIR / FACTS_FILE
PLACEHOLDERS = frozenset({"clinic_name", "clinic_phone", "clinic_hours", "clinic_email", "booking_url"})
REQUIRED_IDS = [
    "what_is_tms", "how_tms_works", "candidacy", "conditions_treated", "session_experience", "session_length",
    "course_length", "time_to_improvement", "effectiveness", "side_effects", "safety_seizure", "is_it_painful",
    "contraindications", "cost", "insurance", "referral", "with_medication", "maintenance", "not_working",
    "protocols", "vs_other_treatments", "daily_activities", "age", "long_term_effects", "fda", "mapping",
    "contact_clinic", "tms_dip", "missed_sessions", "stopping_early", "substances", "pregnancy", "bipolar",
    "memory_cognition", "deep_tms", "accelerated", "home_devices", "who_treats", "ocd", "what_to_wear",
    "start_timing", "is_safe", "teens",
]
MAX_ANSWER_CHARS = 700
MAX_SMS_CHARS = 320
MIN_QUESTIONS = 8
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
#: {fact:seizure_rate} and {hotline:lifeline_number}: filled when content loads, before Rasa's {slot} templating.
_REFERENCE = re.compile(r"\{(fact|hotline):([a-z0-9_]+)\}")
_DIGITS = re.compile(r"\d+(?:[,.]\d+)*")
_SEED = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


class ContentError(ValueError):
    """A content entry breaks the schema; the message names the entry and the field."""


@dataclass(frozen=True)
class Source:
    seed: str | None = None
    name: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Fact:
    """One reviewed clinical fact; `text` is the wording entries show, the rest is what a clinician checks."""

    id: str
    text: str
    sources: tuple[Source, ...]
    details: dict[str, Any]


@dataclass(frozen=True)
class Facts:
    facts: dict[str, Fact]
    hotlines: dict[str, str]
    reviewed_by: str
    review_due: dt.date

    def render(self, owner: str, text: str) -> tuple[str, tuple[str, ...]]:
        """Fills {fact:...} and {hotline:...}; returns the text and the fact ids it used, in order."""
        used: list[str] = []

        def fill(match: re.Match[str]) -> str:
            kind, key = match.groups()
            if kind == "hotline":
                if key not in self.hotlines:
                    raise ContentError(f"{owner}: unknown hotline {key!r} (data/safety/hotlines.yml)")
                return self.hotlines[key]
            if key not in self.facts:
                raise ContentError(f"{owner}: unknown fact {key!r} ({FACTS_FILE})")
            used.append(key)
            return _REFERENCE.sub(fill, self.facts[key].text)

        return _REFERENCE.sub(fill, text), tuple(dict.fromkeys(used))


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
    facts: tuple[str, ...] = ()  # the fact ids the answer and SMS cite
    source_answer: str = ""  # as written in the YAML, before facts are filled in
    source_sms: str = ""

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


def _reviewed(where: str, raw: dict[str, Any], today: dt.date, enforce_review: bool) -> dt.date:
    """The review fields by the one rule of bot.review.check_review; returns review_due."""
    try:
        return check_review(raw, today=today, enforce_review=enforce_review, where=where)
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


def load_facts(path: Path | None = None, today: dt.date | None = None, enforce_review: bool = True) -> Facts:
    """The reviewed facts file, with the hotline numbers its wording may cite."""
    today = today or dt.date.today()
    path = path or FACTS_PATH
    raw = load_yaml(path) or {}
    if not str(raw.get("reviewed_by") or "").strip():
        raise ContentError(f"{path.name}: missing reviewed_by")
    review_due = _reviewed(path.name, raw, today, enforce_review)
    facts: dict[str, Fact] = {}
    for fact_id, body in (raw.get("facts") or {}).items():
        if not _ID.match(str(fact_id)) or not isinstance(body, dict) or not str(body.get("text") or "").strip():
            raise ContentError(f"{path.name}: fact {fact_id!r} needs a snake_case id and a 'text'")
        sources = tuple(_source(f"fact {fact_id}", s) for s in body.get("sources") or ())
        if not sources:
            raise ContentError(f"fact {fact_id}: no sources; every fact must name where it comes from")
        details = {k: v for k, v in body.items() if k not in ("text", "sources")}
        facts[str(fact_id)] = Fact(str(fact_id), str(body["text"]).strip(), sources, details)
    hotlines = load_hotlines(HOTLINES_PATH, today, enforce_review=False).numbers
    loaded = Facts(facts, hotlines, str(raw["reviewed_by"]).strip(), review_due)
    for fact in facts.values():
        loaded.render(f"fact {fact.id}", fact.text)  # a fact citing an unknown fact or hotline fails here
    return loaded


def parse_entry(
    raw: dict[str, Any], today: dt.date, enforce_review: bool = True, facts: Facts | None = None
) -> Entry:
    entry_id = str(raw.get("id") or "")
    if not _ID.match(entry_id):
        raise ContentError(f"entry id {entry_id!r} must be snake_case")
    for field in ("title", "answer", "sms", "reviewed_by"):
        if not str(raw.get(field) or "").strip():
            raise ContentError(f"{entry_id}: missing {field}")
    source_answer, source_sms = " ".join(raw["answer"].split()), " ".join(raw["sms"].split())
    for text in (source_answer, source_sms):
        stated = _DIGITS.search(_REFERENCE.sub("", text))
        if stated:
            raise ContentError(
                f"{entry_id}: states {stated.group()!r} itself; numbers and years come from {FACTS_FILE} as {{fact:<id>}}"
            )
    facts = facts or load_facts(today=today, enforce_review=enforce_review)
    answer, answer_facts = facts.render(entry_id, source_answer)
    sms, sms_facts = facts.render(entry_id, source_sms)
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
    review_due = _reviewed(entry_id, raw, today, enforce_review)
    reviewed_on = _date(entry_id, "reviewed_on", raw.get("reviewed_on"))
    if reviewed_on > today:
        raise ContentError(f"{entry_id}: reviewed_on {reviewed_on} is in the future")
    buttons = tuple(Button(str(b["title"]), str(b["payload"])) for b in raw.get("buttons") or ())
    return Entry(
        id=entry_id, title=str(raw["title"]).strip(), answer=answer, sms=sms, questions=questions,
        sources=sources, reviewed_by=str(raw["reviewed_by"]).strip(), reviewed_on=reviewed_on,
        review_due=review_due, buttons=buttons, facts=tuple(dict.fromkeys(answer_facts + sms_facts)),
        source_answer=source_answer, source_sms=source_sms,
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
    facts = load_facts(today=today, enforce_review=enforce_review)
    entries: list[Entry] = []
    default = sorted(p for p in CONTENT_DIR.glob("*.yml") if p.name != FACTS_FILE)
    for path in sorted(paths) if paths is not None else default:
        document = load_yaml(path) or {}
        entries.extend(parse_entry(raw, today, enforce_review, facts) for raw in document.get("entries") or ())
    ids = [entry.id for entry in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ContentError(f"duplicate entry ids: {duplicates}")
    missing = [i for i in REQUIRED_IDS if i not in ids] if paths is None else []
    if missing:
        raise ContentError(f"required entries missing: {missing}")
    return ContentStore(tuple(entries))
