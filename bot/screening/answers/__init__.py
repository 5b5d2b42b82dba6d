"""Turn free-text chat/SMS replies into screening answer values.

Everything here is deterministic and rule-based (no ML, no Rasa). When a reply
is ambiguous the parser says ``ok=False`` so the bot can re-ask with buttons;
it never guesses between conflicting answers ("yes... no").

Public API (modules: text, commands, choices, quantities, contact, parsing, corrections):
    parse_answer(question, text) -> Parsed
    detect_correction(text, questionnaire, *, only_slots=None) -> (slot, value) | None
    is_why_question(text) / is_stop(text) / is_restart(text) / is_skip(text) / is_delete(text) -> bool

The contract for safety questions: Yes or No only from an unambiguous reply; a hedged, mixed or
qualified reply, or one that names a device, condition or medicine next to a negation, is "Not sure"
(a re-ask where the question has no such button). PHQ-9 item 9 is 0 only for a plain "no"; anything
else is positive so staff follow up.
"""

from .commands import is_delete, is_restart, is_skip, is_stop, is_why_question
from .contact import SAME_NUMBER
from .corrections import detect_correction
from .parsing import parse_answer
from .result import MAX_INPUT_CHARS, MAX_TEXT_CHARS, Parsed
from .text import normalize

__all__ = [
    "MAX_INPUT_CHARS",
    "MAX_TEXT_CHARS",
    "SAME_NUMBER",
    "Parsed",
    "detect_correction",
    "is_delete",
    "is_restart",
    "is_skip",
    "is_stop",
    "is_why_question",
    "normalize",
    "parse_answer",
]
