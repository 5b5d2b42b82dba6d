"""Reading helpers shared by every answer kind: normalisation, phrase matching, numbers, negation."""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

_EMOJI_WORDS: Dict[str, str] = {
    "\U0001f44d": "yes",  # thumbs up
    "\u2705": "yes",  # check mark button
    "\u2714": "yes",  # heavy check mark
    "\u2611": "yes",  # ballot box with check
    "\U0001f44c": "yes",  # ok hand
    "\U0001f44e": "no",  # thumbs down
    "\u274c": "no",  # cross mark
    "\u2716": "no",  # heavy multiplication x
    "\U0001f6ab": "no",  # prohibited
}
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_REPEATS = re.compile(r"([a-z])\1{2,}")


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces.

    Apostrophes vanish ("don't" -> "dont", "I'm" -> "im"), other punctuation
    and emoji become spaces (a few yes/no emoji become words), and runs of 3+
    repeated letters collapse ("yesss" -> "yes", "nooo" -> "no").
    """
    t = unicodedata.normalize("NFKC", text)
    for emoji, word in _EMOJI_WORDS.items():
        if emoji in t:
            t = t.replace(emoji, f" {word} ")
    t = t.casefold()
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))  # "sí" -> "si"
    t = _APOSTROPHES.sub("", t)
    t = _NON_WORD.sub(" ", t)
    t = _REPEATS.sub(r"\1", t)
    return " ".join(t.split())


def _phrase_re(phrase: str) -> "re.Pattern[str]":
    return re.compile(r"(?<!\S)" + re.escape(phrase) + r"(?!\S)")


def _has_phrase(norm: str, phrase: str) -> bool:
    return bool(phrase) and _phrase_re(phrase).search(norm) is not None


def _mask(norm: str, phrase: str) -> Tuple[str, bool]:
    pat = _phrase_re(phrase)
    new, n = pat.subn("#", norm)
    return new, n > 0


def _categorise_by_priority(norm: str, vocab: Sequence[Tuple[object, Iterable[str]]]) -> Set[object]:
    """Categories whose phrases occur in ``norm``.

    Categories are scanned in the given order, longest phrase first, and each
    match is masked so shorter phrases inside it do not count again ("not
    sure" does not also count as "sure").
    """
    hits: Set[object] = set()
    for cat, phrases in vocab:
        for ph in sorted(phrases, key=len, reverse=True):
            norm, found = _mask(norm, ph)
            if found:
                hits.add(cat)
    return hits


def _categorise_longest_first(norm: str, vocab: Mapping[object, Iterable[str]]) -> Set[object]:
    """Like :func:`_categorise_by_priority` but longest phrase wins globally."""
    pairs = sorted(
        ((ph, cat) for cat, phs in vocab.items() for ph in phs), key=lambda p: len(p[0]), reverse=True
    )
    hits: Set[object] = set()
    for ph, cat in pairs:
        norm, found = _mask(norm, ph)
        if found:
            hits.add(cat)
    return hits



_UNITS: Dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS: Dict[str, int] = {
    w: (i + 2) * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_DIGITS = re.compile(r"(?<!\d)(\d{1,3})(?!\d)")
#: A reply that is only a number, e.g. "2", "#2", "option 2", "2)".
_BARE_NUMBER = re.compile(r"(?:option |number |answer |choice )?(\d{1,2})")


def _word_numbers(norm: str) -> List[int]:
    """Numbers written as words, in order: "forty two" -> [42]."""
    toks = norm.split()
    out: List[int] = []
    cur: Optional[int] = None
    last: Optional[str] = None
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if tok in _TENS:
            if cur is not None and last in ("unit", "tens"):
                out.append(cur)
                cur = None
            cur = (cur or 0) + _TENS[tok]
            last = "tens"
        elif tok in _UNITS:
            v = _UNITS[tok]
            if cur is not None and (last == "unit" or (last == "tens" and (cur % 10 or v >= 10 or v == 0))):
                out.append(cur)
                cur = None
            cur = (cur or 0) + v
            last = "unit"
        elif tok == "hundred":
            cur = (cur or 1) * 100 if last != "hundred" else cur
            last = "hundred"
        elif tok in ("a", "an", "one") and nxt == "hundred":
            if cur is not None:
                out.append(cur)
            cur, last = 1, "unit"
        elif tok == "and" and cur is not None and last == "hundred" and (nxt in _UNITS or nxt in _TENS):
            continue
        else:
            if cur is not None:
                out.append(cur)
            cur, last = None, None
    if cur is not None:
        out.append(cur)
    return out


_NEGATIVE_NUMBER = re.compile(r"(?<![\w])[-\u2212]\s*\d")


def _bare_number(norm: str) -> Optional[int]:
    m = _BARE_NUMBER.fullmatch(norm)
    return int(m.group(1)) if m else None


#: Words a plain "no" may be made of ("no", "nope never", "nah none of that", "no one", "lol no").
_PLAIN_NO_WORDS = frozenset(
    "no nope nah naw nay n never nunca nada none nothing not at all lol of that this one i dont do havent "
    "have didnt did ive ever no thanks negative false like".split()
)
_NEGATION_WORDS = frozenset(
    "no nope nah naw n never nunca nada none nothing not dont doesnt didnt havent hasnt hadnt wasnt isnt arent "
    "werent cant cannot couldnt wont nobody neither nor without".split()
)
#: Negations about somebody else's knowledge, not the person's answer ("they never figured out why").
_OTHERS_NEGATION = ("they never", "never figured", "never found", "werent sure", "wasnt sure", "not me either")
#: Self-corrections inside one reply ("2, no wait 3"): only what follows the last one counts.
_SELF_CORRECTION = re.compile(r"\b(?:no wait|wait|actually|i mean|i meant|sorry|oops|scratch that)\b")
#: A reply that is a question of the person's own, not an answer.
_QUESTION = re.compile(r"^(?:is|are|does|do|can|could|how|what|when|where|why|will|would|should|who|which|whats|hows)\b")
_CONTRAST = re.compile(r"\b(?:but|except|although|though|however|pero)\b")


def _after_self_correction(norm: str) -> str:
    parts = _SELF_CORRECTION.split(norm)
    tail = parts[-1].strip()
    return tail if len(parts) > 1 and tail else norm

def _negated(norm: str) -> bool:
    for ph in _OTHERS_NEGATION:
        norm, _ = _mask(norm, ph)
    return any(tok in _NEGATION_WORDS for tok in norm.split())


def _has_any(norm: str, phrases: Iterable[str]) -> bool:
    return any(_has_phrase(norm, ph) for ph in phrases)
