"""GSM-7 for every outgoing SMS: text normalised to the GSM 03.38 alphabet where a faithful equivalent
exists, and segments counted the way carriers bill them.

One character outside GSM-7 (a curly quote, an em-dash) makes the whole message UCS-2: 70 characters
per segment instead of 160, so a 2-segment answer becomes 4. Concatenated messages lose 7 septets (or
3 UCS-2 characters) per part to the header: 153 and 67. Extension characters (€ [ ] { } ^ ~ | \\)
take two septets.
"""
from __future__ import annotations

import math
import unicodedata

BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = frozenset("^{}\\[~]|€\f")
SINGLE, PART = 160, 153  # septets in one SMS, and in each part of a concatenated one
UCS2_SINGLE, UCS2_PART = 70, 67

# Faithful equivalents (the same characters Twilio's Smart Encoding replaces).
_REPLACEMENTS = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "´": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-", "‑": "-",
    "…": "...", "•": "-", "·": "-", "×": "x",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\ufeff": "",
    "\t": " ", "©": "(c)", "®": "(R)", "™": "TM", "½": "1/2", "¼": "1/4", "¾": "3/4",
}


def normalise(text: str) -> str:
    """The text with every character that has a GSM-7 equivalent replaced by it ("é" stays, "á" -> "a")."""
    out: list[str] = []
    for char in text:
        if char in BASIC or char in EXTENSION:
            out.append(char)
        elif char in _REPLACEMENTS:
            out.append(_REPLACEMENTS[char])
        else:
            base = unicodedata.normalize("NFKD", char)[:1]  # an accented letter without a GSM-7 form
            out.append(base if base and base in BASIC and base.isalpha() else char)
    return "".join(out)


def is_gsm7(text: str) -> bool:
    return all(char in BASIC or char in EXTENSION for char in text)


def septets(text: str) -> int:
    return sum(2 if char in EXTENSION else 1 for char in text)


def segment_count(text: str) -> int:
    """How many SMS segments `text` is billed as (0 for an empty text)."""
    if not text:
        return 0
    if is_gsm7(text):
        length, single, part = septets(text), SINGLE, PART
    else:
        length, single, part = len(text.encode("utf-16-le")) // 2, UCS2_SINGLE, UCS2_PART
    return 1 if length <= single else math.ceil(length / part)


def unsendable_settings(values: dict[str, str]) -> dict[str, str]:
    """Clinic values (name, phone, hours...) that keep a character outside GSM-7 after `normalise`.

    Every SMS fills them in, so one emoji or non-Latin letter in CLINIC_NAME would turn every text into
    UCS-2 and double its cost: the SMS channel refuses to start with such a value and names it.
    """
    return {key: value for key, value in values.items() if not is_gsm7(normalise(value))}
