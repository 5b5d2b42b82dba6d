"""Canned replies: reviewed starts for the messages staff send most often (data/staff/canned_replies.yml).

The console shows them as buttons that fill the reply box; staff still read, edit and send. Crisis
numbers come only from data/safety/hotlines.yml (through placeholders), the clinic's details from its
settings, so no number is typed twice.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from bot.config import DATA_DIR
from bot.review import load_reviewed
from bot.safety.hotlines import HOTLINES_PATH, load_hotlines, with_hotlines

CANNED_PATH = DATA_DIR / "staff" / "canned_replies.yml"
MAX_CHARS = 1600  # one staff reply (bot.staff.views.MAX_REPLY_CHARS)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class CannedReply:
    id: str
    label: str  # the button's text
    text: str  # filled in: what lands in the reply box


def load_canned(clinic: Mapping[str, str], path: Path = CANNED_PATH, hotlines: Path = HOTLINES_PATH,
                today: dt.date | None = None, enforce_review: bool = True) -> tuple[CannedReply, ...]:
    """Checks the file (review fields, ids, no typed hotline number, no unknown placeholder, length) and
    fills it in. `enforce_review=False` at run time: an overdue review fails the tests, never the console."""
    raw = load_reviewed(path, today=today, enforce_review=enforce_review)
    numbers = {value for key, value in load_hotlines(hotlines, enforce_review=False).numbers.items()
               if key.endswith("_number")}
    replies, seen = [], set()
    for entry in raw.get("replies") or []:
        reply_id, label, text = (str(entry.get(key) or "").strip() for key in ("id", "label", "text"))
        where = f"{path.name}: reply {reply_id or '(no id)'}"
        if not (reply_id and label and text) or reply_id in seen:
            raise ValueError(f"{where} needs a unique id, a label and a text")
        seen.add(reply_id)
        typed = [n for n in numbers if re.search(rf"(?<!\d){re.escape(n)}(?!\d)", text)]
        if typed:
            raise ValueError(f"{where} types the hotline number {typed[0]}: use its placeholder from hotlines.yml")
        filled = _PLACEHOLDER.sub(lambda m: clinic.get(m.group(1), m.group(0)), with_hotlines(" ".join(text.split()), hotlines))
        unknown = _PLACEHOLDER.search(filled)
        if unknown:
            raise ValueError(f"{where} has an unknown placeholder {unknown.group(0)}")
        if len(filled) > MAX_CHARS:
            raise ValueError(f"{where} is longer than one reply ({MAX_CHARS} characters)")
        replies.append(CannedReply(reply_id, label, filled))
    if not replies:
        raise ValueError(f"{path.name} has no replies")
    return tuple(replies)
