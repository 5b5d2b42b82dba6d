"""Replies about the questionnaire rather than answers in it: skip, why, stop, restart, delete.

Whole-reply matches only, so "I can't stop crying" is never a stop request.
"""

from __future__ import annotations

import re

from .text import normalize

#: Stop / restart / skip commands are short; longer replies are never commands.
_MAX_COMMAND_CHARS = 80


def _is_command(pattern: "re.Pattern[str]", text: str) -> bool:
    """A short reply that is exactly one of the command phrases (so "I can't stop crying" is no stop)."""
    norm = normalize(text or "")
    return 0 < len(norm) <= _MAX_COMMAND_CHARS and bool(pattern.fullmatch(norm))


_SKIP_RE = re.compile(
    r"(?:ok |okay |um |please )?(?:skip|pass|next)(?: (?:it|this|this one|that|that one|question|for now|please))*"
    r"|(?:id |i would |i |id really |i would really )?(?:prefer not|rather not)(?: to)?"
    r"(?: (?:say|answer|share|tell))?(?: (?:it|that|this))?"
    r"|(?:i )?(?:dont|do not) want to (?:say|answer|share)(?: (?:it|that|this))?"
    r"|no comment|decline|decline to (?:say|answer)"
)


def is_skip(text: str) -> bool:
    """ "skip", "pass", "prefer not to say", "I'd rather not say"..."""
    return _is_command(_SKIP_RE, text)


_WHY_EXACT = frozenset({
    "why", "why so", "why is that", "why that", "why this", "how come", "what for", "for what",
    "whats this for", "what is this for", "whats that for", "what is that for", "whats it for",
    "what is it for", "why ask", "why the question",
})  # fmt: skip
_WHY_RE = re.compile(
    r"\bwhy (?:do|does|would|did|should|are|is|r) (?:you|u|yall|it|that|this|they|the clinic|staff)\b"
    r"|\bwhy (?:ask|asking|need|needed|want|the question|this question|that question)\b"
    r"|\bwhat(?:s| is| does| do)? (?:this|that|it) (?:for|matter|have to do)\b"
    r"|\bwhat does (?:this|that|it) have to do\b"
    r"|\bwhy (?:do|should|must) i (?:need to |have to )?(?:answer|tell|say|share)\b"
    r"|\bhow (?:is|does) (?:this|that|it) (?:relevant|matter)\b"
    r"|\bwhy (?:does|would|is) (?:it|that|this) (?:matter|important|relevant|needed)\b"
)


def is_why_question(text: str) -> bool:
    """ "why?", "why do you ask", "why do you need that", "what's this for"."""
    norm = normalize(text or "")
    if not norm or len(norm.split()) > 15:
        return False
    return norm in _WHY_EXACT or bool(_WHY_RE.search(norm))


_STOP_OBJECTS = (
    "it", "this", "that", "now", "here", "please", "already", "the screening", "screening",
    "the questions", "questions", "the questionnaire", "this questionnaire", "the quiz", "this chat",
    "the chat", "chat", "this conversation", "the conversation", "asking", "asking me",
    "asking me questions", "asking questions",
)  # fmt: skip
_STOP_OBJ = r"(?: (?:" + "|".join(re.escape(o) for o in _STOP_OBJECTS) + r"))*"
_STOP_RE = re.compile(
    r"(?:ok |okay |please |no |just )?(?:stop|cancel|quit|end|exit|unsubscribe|stopall|halt|abort|enough)"
    + _STOP_OBJ
    + r"(?: please)?"
    + r"|(?:i |id |i would |i really )?(?:want|wanna|would like|like|need)(?: to)? (?:stop|quit|end|cancel|exit)"
    + _STOP_OBJ
    + r"|(?:can|could) (?:we|i|you) (?:please )?(?:stop|quit|end|cancel)"
    + _STOP_OBJ
    + r"(?: please)?"
    + r"|(?:i )?(?:dont|do not) want to (?:continue|do this|go on|keep going|carry on|answer(?: any)? more(?: questions)?)"
    + r"(?: anymore| any more)?"
    + r"|no more(?: questions)?(?: please)?"
)


def is_stop(text: str) -> bool:
    """ "stop", "cancel", "quit", "I want to stop", "end this".

    Whole-reply match only: "I can't stop crying" is not a stop request.
    """
    return _is_command(_STOP_RE, text)


_RESTART_RE = re.compile(
    r"(?:ok |okay |can we |could we |can i |lets |let us |i want to |i wanna |id like to |i would like to |please )?"
    r"(?:start over|restart|start again|begin again|start from (?:the )?(?:beginning|scratch|start|top)"
    r"|reset|redo(?: it| this| everything| all)?|go back to the (?:start|beginning)|do it again"
    r"|try again from the (?:start|beginning))"
    r"(?: (?:please|again|from the beginning|from scratch|the screening|the questions|screening|it|this))*(?: please)?"
)


_DELETE_RE = re.compile(
    r"(?:please |can you |could you |i want to |i would like to |id like to |i want you to )?"
    r"(?:delete|erase|remove|wipe|forget|borrar|borra)(?: all)? (?:my|the|these|those|all my|mis)"
    r" (?:answers|data|info|information|details|responses|pre ?screen|prescreen|screening|respuestas|datos)(?: please)?"
)


def is_delete(text: str) -> bool:
    """ "delete my answers", "please erase my data": remove the stored pre-screen."""
    return _is_command(_DELETE_RE, text)


def is_restart(text: str) -> bool:
    """ "start over", "restart", "can we start again"."""
    return _is_command(_RESTART_RE, text)
