"""Whether an SMS revokes (or restores) consent to texts, by any reasonable means: carrier keywords and
plain words, read with the reviewed rules in data/sms/opt_out.yml.

Deciding is separate from acting (channels/twilio.py acts): `decide` says what one message does given
whether the number is opted out and whether the message is a crisis, which is always handled first.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from bot.config import DATA_DIR
from bot.review import as_date, load_reviewed

RULES_PATH = DATA_DIR / "sms" / "opt_out.yml"
# What Twilio answers itself when its own keyword replies are on (TWILIO_KEYWORD_REPLIES=false).
TWILIO_KEYWORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "START", "UNSTOP", "YES", "HELP", "INFO"}
)


class Kind(str, Enum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"
    UNCLEAR = "unclear"  # might be an opt-out: the person is told how to stop all texts, nothing else


@dataclass(frozen=True)
class Rules:
    keywords: dict[Kind, frozenset[str]]
    politeness: frozenset[str]
    spellings: dict[str, str]
    sections: tuple[tuple[Kind | None, tuple[re.Pattern[str], ...]], ...]  # None: a hard negative
    review_due: dt.date


def load_rules(path: Path = RULES_PATH, today: dt.date | None = None, enforce_review: bool = True) -> Rules:
    """`enforce_review=False` at run time: an overdue review fails the tests, never a live opt-out."""
    raw = load_reviewed(path, today=today, enforce_review=enforce_review)
    if not raw.get("sources"):
        raise ValueError(f"{path.name} needs sources")
    review_due = as_date(raw["review_due"], f"{path.name} review_due")
    order = (
        ("not_opt_out", None), ("limited", Kind.UNCLEAR), ("opt_out", Kind.OPT_OUT), ("opt_in", Kind.OPT_IN),
        ("unclear", Kind.UNCLEAR),
    )
    return Rules(
        keywords={Kind(k): frozenset(words) for k, words in raw["keywords"].items()},
        politeness=frozenset(raw.get("politeness") or ()),
        spellings={str(k): str(v) for k, v in (raw.get("spellings") or {}).items()},
        sections=tuple((kind, tuple(re.compile(p) for p in raw[name])) for name, kind in order),
        review_due=review_due,
    )


@lru_cache(maxsize=1)
def rules() -> Rules:
    return load_rules(enforce_review=False)


_REPEATS = re.compile(r"(\w)\1{2,}")  # "stoooop" -> "stop"


def normalised(text: str, spellings: dict[str, str]) -> str:
    """Lower case, no accents or punctuation, misspellings read as meant: "Don't TXT me!!" -> "do not text me"."""
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("'", "")
    text = _REPEATS.sub(r"\1", re.sub(r"[^a-z0-9]+", " ", text))
    return " ".join(spellings.get(word, word) for word in text.split())


def _keyword(words: list[str], config: Rules) -> Kind | None:
    """The keyword kind when the message is only a keyword, maybe repeated or with "please"."""
    core = [w for w in words if w not in config.politeness]
    if not core:
        return None
    for kind, keywords in config.keywords.items():
        phrase = " ".join(core)
        if phrase in keywords or (len(set(core)) == 1 and core[0] in keywords):
            return kind
    return None


def read(body: str, config: Rules | None = None) -> tuple[Kind | None, str]:
    """What a message asks about texts, if anything (None: an ordinary message for the dialogue), and the
    rest of the message without the words that asked it ("stop texting me, i'm scared" -> "me i am scared")."""
    config = config or rules()
    text = normalised(body, config.spellings)
    if not text:
        return None, ""
    keyword = _keyword(text.split(), config)
    if keyword is Kind.OPT_OUT and body.strip().endswith("?"):
        return Kind.UNCLEAR, ""  # "stop?": asking what STOP does, or whether to
    if keyword:
        return keyword, ""
    for kind, patterns in config.sections:
        for pattern in patterns:
            found = pattern.search(text)
            if found:
                return kind, " ".join(f"{text[:found.start()]} {text[found.end():]}".split())
    return None, text


def classify(body: str, config: Rules | None = None) -> Kind | None:
    return read(body, config)[0]


def twilio_keyword(body: str) -> bool:
    """The whole message is one of Twilio's own keywords ("stop", " Stop. ")."""
    return re.sub(r"[^A-Za-z]", "", body).upper() in TWILIO_KEYWORDS and len(body.split()) == 1


@dataclass(frozen=True)
class Decision:
    reply: str | None = None  # the text key to send last ("stop", "start", "help", "hint"), if any
    opted_out: bool | None = None  # the new consent state, if it changes: an opt-in before the dialogue
    # (so its crisis reply goes out), an opt-out after it
    to_dialogue: bool = False
    crisis: bool = False  # escalate; with `flag_call` the escalation tells staff to phone
    flag_call: bool = False


def decide(body: str, opted_out: bool, is_crisis: Callable[[str, str], bool], config: Rules | None = None) -> Decision:
    """What one SMS does. A crisis goes to the dialogue first, whatever else it says ("stop texting me,
    i'm going to end it tonight" must reach the crisis reply); if it also opts out, the opt-out follows
    and staff are told to phone. One confirmation per change of state: a repeated STOP gets nothing.

    `is_crisis(body, rest)` gets the message and its rest without the consent words (see `read`)."""
    kind, rest = read(body, config)
    if (kind in (Kind.OPT_OUT, Kind.UNCLEAR) or opted_out) and is_crisis(body, rest):
        change = {Kind.OPT_OUT: True, Kind.OPT_IN: False}.get(kind) if kind else None
        change = None if change == opted_out else change
        return Decision(
            reply={True: "stop", False: "start", None: None}.get(change), opted_out=change, to_dialogue=True, crisis=True,
            flag_call=change is True or (opted_out and change is None),
        )
    if kind is Kind.HELP:
        return Decision(reply="help")
    if kind is Kind.OPT_OUT:
        return Decision() if opted_out else Decision(reply="stop", opted_out=True)
    if kind is Kind.OPT_IN and opted_out:
        return Decision(reply="start", opted_out=False)
    if kind is Kind.UNCLEAR and not opted_out:
        return Decision(reply="hint")
    return Decision(to_dialogue=True)  # opted out: still read (and escalated if need be), never answered
