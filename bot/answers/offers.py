"""Answering an offer in words: "yes please", "sure", "no thanks" or "2" in the turn after buttons.

Buttons are an offer; people type instead of tapping. The reply is read against the buttons the bot
sent in its last turn, so a yes after "Take the 5-minute pre-screen" starts the pre-screen instead of
"OK. What else would you like to know?".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from bot.content.store import Button  # a Rasa button, whichever response sent it

_ACCEPT_START = frozenset({"yes", "yeah", "yep", "yup", "ya", "yea", "sure", "ok", "okay", "absolutely", "alright",
                           "y", "definitely", "please", "certainly"})
_ACCEPT_PHRASES = frozenset({"lets do it", "let's do it", "go ahead", "sounds good", "sounds great", "why not",
                             "i would like that", "id like that", "i'd like that", "of course", "do it", "lets go",
                             "let's go", "start", "lets start", "let's start", "go for it", "please do"})
_DECLINE_START = frozenset({"no", "nope", "nah", "n"})
_DECLINE_PHRASES = frozenset({"not now", "maybe later", "not today", "never mind", "nevermind", "not really",
                              "i'd rather not", "id rather not", "not right now", "no need", "later"})
_NEGATION = re.compile(r"\b(not|don'?t|no|never|later)\b")
_ORDINALS = {"first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "three": 3}
_NUMBER = re.compile(r"^(?:option|number|#|no\.?)?\s*(\d)\s*[.)]?$")
_ORDINAL = re.compile(r"^(?:the\s+)?(first|second|third|1st|2nd|3rd|one|two|three)(?:\s+one|\s+option)?$")
MAX_WORDS = 6  # a longer message is a new question, not an answer to the offer
#: The last "Did you mean" button: none of the entries offered is the one meant.
NONE_OF_THESE = "None of these"


@dataclass(frozen=True)
class Reply:
    """"accept" (`button` chosen) or "decline" (no to every button)."""

    kind: str
    button: Button | None = None


def _clean(text: str) -> str:
    return " ".join(re.sub(r"[^\w#'\s.)]", " ", text.lower()).replace(".", " ").split())


def read_reply(text: str, buttons: Sequence[Button]) -> Reply | None:
    """What a short reply to `buttons` means, or None if it is not an answer to them."""
    if not buttons:
        return None
    clean = _clean(text)
    words = clean.split()
    if not words or len(words) > MAX_WORDS:
        return None
    for button in buttons:
        if clean == _clean(button.title) or clean == _clean(button.payload):
            return Reply("accept", button)
    number = _NUMBER.match(clean)
    ordinal = _ORDINAL.match(clean)
    chosen = int(number.group(1)) if number else _ORDINALS[ordinal.group(1)] if ordinal else None
    if chosen is not None:
        return Reply("accept", buttons[chosen - 1]) if 1 <= chosen <= len(buttons) else None
    if clean in _DECLINE_PHRASES or words[0] in _DECLINE_START:
        return Reply("decline")
    accepting = clean in _ACCEPT_PHRASES or (words[0] in _ACCEPT_START and not _NEGATION.search(clean))
    if accepting and len(buttons) == 1:
        return Reply("accept", buttons[0])
    return None


def payload_intent(payload: str) -> str | None:
    """The intent a "/intent" or "/intent{...}" payload names, else None (a text payload)."""
    match = re.fullmatch(r"/([A-Za-z_][\w/]*)(\{.*\})?", payload.strip())
    return match.group(1) if match else None
