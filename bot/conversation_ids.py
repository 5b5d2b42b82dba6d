"""Conversation ids and message text made safe before they reach Rasa's tracker store.

Every channel shares one id space in Rasa, so each channel keeps to its own namespace: SMS ids are
phone numbers ("+" then digits, set by the Twilio channel from the signed webhook), website-widget
sessions are 32 random hex digits (128 bits, so nobody can guess another visitor's), and REST ids are
plain ASCII that is neither. A lone surrogate or NUL in an id once crashed the tracker store, and a
100,000-character message froze the bot for everyone: both are stopped here, before Rasa sees them.
"""
from __future__ import annotations

import re
from typing import TypeGuard

MAX_MESSAGE_CHARS = 2_000  # longer messages are cut at a word boundary; nobody types more in a chat
_REST_ID = re.compile(r"[A-Za-z0-9_.:@-]{1,128}")
_WIDGET_ID = re.compile(r"[0-9a-f]{32}")
_SMS_ID = re.compile(r"\+[0-9]{6,15}")


def is_widget_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and _WIDGET_ID.fullmatch(value) is not None


def is_sms_id(value: object) -> bool:
    return isinstance(value, str) and _SMS_ID.fullmatch(value) is not None


def is_rest_id(value: object) -> bool:
    """ASCII letters, digits and `_.:@-`, at most 128; never a widget session's or a phone number's shape."""
    return isinstance(value, str) and _REST_ID.fullmatch(value) is not None and not is_widget_id(value)


def clean_message(text: str) -> str:
    """Drops NUL and lone surrogates (neither can be stored) and cuts at MAX_MESSAGE_CHARS."""
    text = text.encode("utf-8", "ignore").decode("utf-8").replace("\x00", "")
    if len(text) <= MAX_MESSAGE_CHARS:
        return text
    cut = text[:MAX_MESSAGE_CHARS]
    space = cut.rfind(" ", MAX_MESSAGE_CHARS - 200)
    return cut[:space] if space > 0 else cut
