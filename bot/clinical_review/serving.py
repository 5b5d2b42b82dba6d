"""Which version of each reviewed item the bot may serve.

SERVE_CONTENT=approved (always in production): an answer is served in its last approved version, worded
with the last approved facts, even while a newer version waits for review; an answer never approved is
held back (a pointer to the clinic instead), and the stack will not start while the hotline file's
current version is unapproved. SERVE_CONTENT=pending (the embedded default): the YAML as it stands is
served, and the console and demo page say that some of it is not yet clinically reviewed.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.clinical_review.items import Item, load_items
from bot.clinical_review.workflow import STATUS_LABELS, last_approvals, states
from bot.config import ROOT, Settings
from bot.content.store import CONTENT_DIR, FACTS_FILE, ContentError, Entry, Fact, Facts, parse_entry
from bot.db import engine_for, session_scope
from bot.review import load_yaml
from bot.safety.hotlines import load_hotlines

logger = logging.getLogger(__name__)
APPROVED_ONLY = "approved"
#: What a person hears instead of an answer no clinician has approved yet (approved-only serving).
HELD_BACK = ("I can't give that answer yet: it is waiting for review by our clinical team. "
             "Please ask {clinic_name} at {clinic_phone}.")
CACHE_SECONDS = 3.0  # an approval reaches every Rasa replica within this long


def approved_entries(session: Any, today: dt.date | None = None) -> dict[str, Entry]:
    """Each content entry in its last approved version, filled with the last approved facts; an entry
    whose approved version cites a fact with no approved version is left out (held back)."""
    today = today or dt.date.today()
    approvals = last_approvals(session)
    facts = Facts(
        facts={key.removeprefix("fact:"): Fact(key.removeprefix("fact:"), " ".join(str(row.content["text"]).split()), (), {})
               for key, row in approvals.items() if key.startswith("fact:")},
        hotlines=load_hotlines(enforce_review=False).numbers, reviewed_by="", review_due=today,
    )
    entries: dict[str, Entry] = {}
    # A version covers what visitors read, not the NLU training questions (items._content): those are today's.
    questions = _training_questions()
    for key, row in approvals.items():
        if not key.startswith("content:"):
            continue
        entry_id = key.removeprefix("content:")
        raw = {"questions": questions.get(entry_id, []), **row.content, "reviewed_by": row.reviewer,
               "reviewed_on": row.decided_at.date(), "review_due": row.review_due}
        try:
            entries[entry_id] = parse_entry(raw, today, enforce_review=False, facts=facts)
        except (ContentError, KeyError, TypeError, ValueError) as error:
            logger.warning("approved version of %s cannot be served: %s", key, error)
    return entries


def _training_questions() -> dict[str, list[str]]:
    """Entry id -> its current training questions in the content YAML (re-read only when a file changes)."""
    paths = sorted(p for p in CONTENT_DIR.glob("*.yml") if p.name != FACTS_FILE)
    return _questions_of(tuple((path, path.stat().st_mtime_ns) for path in paths))


@lru_cache(maxsize=1)
def _questions_of(files: tuple[tuple[Path, int], ...]) -> dict[str, list[str]]:
    return {str(raw["id"]): list(raw.get("questions") or ()) for path, _ in files
            for raw in (load_yaml(path) or {}).get("entries") or ()}


class ApprovedAnswers:
    """The approved entries, re-read from the database at most every CACHE_SECONDS; when the database
    cannot be read the last snapshot stays in use (nothing is served that was not approved)."""

    def __init__(self, database_url: str) -> None:
        self._url = database_url
        self._lock = threading.Lock()
        self._entries: dict[str, Entry] = {}
        self._read_at = -CACHE_SECONDS

    def get(self, entry_id: str) -> Entry | None:
        with self._lock:
            if time.monotonic() - self._read_at >= CACHE_SECONDS:
                try:
                    with session_scope(engine_for(self._url)) as session:
                        self._entries = approved_entries(session)
                except SQLAlchemyError as error:
                    logger.error("approved content unavailable (%s); serving the last snapshot", type(error).__name__)
                self._read_at = time.monotonic()
            return self._entries.get(entry_id)


def served_response(answers: ApprovedAnswers, entry_id: str, sms: bool) -> dict[str, Any]:
    """A Rasa response (before {slot} filling) for `utter_faq/<entry_id>` under approved-only serving."""
    entry = answers.get(entry_id)
    if entry is None:
        return {"text": HELD_BACK}
    response: dict[str, Any] = {"text": entry.sms if sms else entry.answer}
    if entry.buttons:
        response["buttons"] = [{"title": b.title, "payload": b.payload} for b in entry.buttons]
    return response


def startup_refusal(config: Settings, items: list[Item] | None = None) -> str | None:
    """Why the stack must not start: under approved-only serving, a safety item (the hotline file)
    whose current version no clinical reviewer approved. None when it may start."""
    if config.serve_content != APPROVED_ONLY:
        return None
    safety = [item for item in (load_items() if items is None else items) if item.safety]
    with session_scope(engine_for(config.database_url)) as session:
        blocked = [s for s in states(session, safety) if not s.reviewed]
    if not blocked:
        return None
    lines = [f"  {s.item.path.relative_to(ROOT) if s.item.path.is_relative_to(ROOT) else s.item.path}: "
             f"version {s.item.version[:12]} is {STATUS_LABELS[s.status].lower()}" for s in blocked]
    return ("refusing to start: crisis safety data has no clinical approval for its current version\n"
            + "\n".join(lines) + "\n"
            "The production profile serves crisis numbers and replies only as a clinical reviewer approved them. "
            "Sign in to the staff console as a clinical_reviewer (the console alone: `python -m bot.web`), open "
            "Clinical review, read and approve the item, then start again.\n"
            "First deployment (nothing approved yet): a clinical reviewer reads the content, then approves the "
            "current version of every item at once, each approval in the audit log:\n"
            "  python -m bot staff create-user NAME --role clinical_reviewer\n"
            "  python -m bot review approve --all --reviewer NAME   (asks for NAME's password)\n"
            "(docs/clinical_review.md)")


def pending_summary(config: Settings, items: list[Item] | None = None) -> tuple[int, int]:
    """(items whose current version is not approved, all items)."""
    items = load_items() if items is None else items
    with session_scope(engine_for(config.database_url)) as session:
        return sum(not s.reviewed for s in states(session, items)), len(items)


_notice: tuple[float, str] = (-60.0, "")


def unreviewed_notice(config: Settings) -> str:
    """The demo page's marker while pending versions are served (cached for 10 s); empty otherwise."""
    global _notice
    if config.serve_content == APPROVED_ONLY:
        return ""
    if time.monotonic() - _notice[0] < 10:
        return _notice[1]
    try:
        pending, total = pending_summary(config)
        text = (f"Not yet clinically reviewed: {pending} of {total} answers, facts and screening items here await "
                "a clinician's sign-off.") if pending else ""
    except (SQLAlchemyError, OSError, ValueError) as error:
        logger.warning("review status unavailable (%s)", type(error).__name__)
        text = "Not yet clinically reviewed: the review status could not be read."
    _notice = (time.monotonic(), text)
    return text
