"""Free-text answers: a name, a phone number, an e-mail address, the person's medicine list."""

from __future__ import annotations

import re

from ..medicines import seizure_threshold_flags
from .result import _NOT_OK, MAX_INPUT_CHARS, MAX_TEXT_CHARS, Parsed, _ok
from .text import _SELF_CORRECTION, _after_self_correction, normalize


def _parse_text(text: str) -> Parsed:
    value = " ".join(text.split())
    if not value or len(value) > MAX_TEXT_CHARS:
        return _NOT_OK
    return _ok(value)


_PHONE_CANDIDATE = re.compile(r"\+?\(?\d[\d \t().\-/]*\d")


#: "same", "this number": the number the person is texting from (the action fills it in).
SAME_NUMBER = "same"
_SAME_NUMBER = re.compile(r"(?:the )?(?:same|this number|this one|this|same number|same as (?:this|the one)\b.*"
                          r"|the (?:number|one) im (?:texting|messaging|writing) from|use this(?: number)?)")


def _parse_phone(text: str) -> Parsed:
    """A phone number in E.164 (+1 for 10-digit US numbers), or "same" for the sender's own number."""
    if _SAME_NUMBER.fullmatch(normalize(text)):
        return _ok(SAME_NUMBER)
    text = _after_self_correction(text.casefold()) if _SELF_CORRECTION.search(text.casefold()) else text
    for m in _PHONE_CANDIDATE.finditer(text):
        chunk = m.group(0)
        digits = re.sub(r"\D", "", chunk)
        if not 10 <= len(digits) <= 15 or len(set(digits)) == 1:
            continue
        if chunk.startswith("+"):
            return _ok("+" + digits)
        if len(digits) == 10:
            return _ok("+1" + digits)
        if len(digits) == 11 and digits.startswith("1"):
            return _ok("+" + digits)
        return _ok("+" + digits)
    return _NOT_OK


_NO_MEDICINES = re.compile(r"(?:no|none|nothing|no meds|no medicines|no medications|not taking any(?: \w+)?"
                           r"|no meds right now|none right now|nothing right now|none at the moment)")


def _parse_medications(text: str, norm: str) -> Parsed:
    """The person's own medicine list, kept as typed; ``flags`` name the seizure-threshold medicines in it."""
    value = " ".join(text.split())
    if not value or len(value) > MAX_INPUT_CHARS:
        return _NOT_OK
    if _NO_MEDICINES.fullmatch(norm):
        return _ok("none")
    return Parsed(value, True, False, seizure_threshold_flags(norm))


_EMAIL = re.compile(
    r"(?<![\w.+%-])([A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?)@"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})(?![\w-])"
)


def _parse_email(text: str) -> Parsed:
    """The first address (the one kept after "not" in "its a@x.com not a@y.com"), lower-cased."""
    m = _EMAIL.search(text)
    if not m or ".." in m.group(1):
        return _NOT_OK
    return _ok(f"{m.group(1)}@{m.group(2)}".lower())
