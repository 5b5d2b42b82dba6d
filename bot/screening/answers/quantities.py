"""Answers that are amounts: age, how many medicines were tried, PHQ-9 frequencies.

PHQ-9 item 9 is 0 only for a plain "no"; anything else is positive so staff follow up.
"""

from __future__ import annotations

import re
from typing import Dict, Optional, Set, Tuple

from ..medicines import antidepressants_named
from ..phq9 import ITEM9_SLOT
from ..questionnaire import Question
from .choices import _button_labels
from .result import _NOT_OK, Parsed, _ok
from .text import (
    _CONTRAST,
    _DIGITS,
    _PLAIN_NO_WORDS,
    _after_self_correction,
    _bare_number,
    _categorise_longest_first,
    _has_any,
    _has_phrase,
    _mask,
    _negated,
    _word_numbers,
)

AGE_MIN, AGE_MAX = 5, 110


_AGE_VAGUE = re.compile(r"\b(?:\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|teens)\b")
#: "turning 18 next month", "I'll be 30 next week": the age now is one less.
_AGE_SOON = re.compile(r"^(?:im |i am )?(?:turning|ill be|i will be|will be|gonna be|going to be) (\w+(?: \w+)?)")


def _parse_age(norm: str) -> Parsed:
    norm = _after_self_correction(norm)
    if _AGE_VAGUE.search(norm):
        return _NOT_OK  # "late 40s", "mid twenties": ask for the number
    soon = _AGE_SOON.match(norm)
    nums = [int(m) for m in _DIGITS.findall(norm)] or _word_numbers(norm)
    if not nums:
        return _NOT_OK
    age = nums[0] - 1 if soon else nums[0]
    return _ok(age) if AGE_MIN <= age <= AGE_MAX else _NOT_OK


_COUNT_REJECT = (
    "dont know", "do not know", "not sure", "unsure", "idk", "no idea", "cant remember",
    "cannot remember", "dont remember", "how many", "dunno", "lost count", "no se",
)  # fmt: skip
_COUNT_EXACT_WORDS: Dict[int, Tuple[str, ...]] = {
    1: (
        "just one", "only one", "a single", "single", "once", "one",
    ),
    2: (
        "a couple", "couple", "a pair", "twice", "both", "multiple", "two",
    ),
}  # fmt: skip
_COUNT_VAGUE_MANY = (
    "several", "a few", "few", "many", "lots", "a lot", "loads", "tons", "a bunch", "bunch", "numerous",
    "countless", "too many", "so many", "plenty", "a ton", "dozens", "a dozen", "all of them",
)  # fmt: skip
_COUNT_ZERO = (
    "none", "zero", "no", "nope", "nah", "never", "not any", "not one", "nothing", "never tried any",
    "havent tried any", "have not tried any", "i havent", "i have not", "not yet", "no meds",
    "not a single one",
)  # fmt: skip
_COUNT_NOT_ONE = ("not one", "not a single", "not even one", "no one", "not a one")
_MORE_THAN = re.compile(r"(?:more than|over|above) (\d{1,3}|[a-z]+)")
_AT_LEAST = re.compile(r"(?:at least|minimum of) (\d{1,3}|[a-z]+)")


def _to_int(tok: str) -> Optional[int]:
    if tok.isdigit():
        return int(tok)
    nums = _word_numbers(tok)
    return nums[0] if nums else None


_DOSE = re.compile(r"\b\d+(?:\.\d+)? ?(?:mg|mcg|ml|milligrams?)\b|\b\d+ to (?=\d+ ?mg)")
#: "3 over the years, 1 this time": the question asks about this episode.
_THIS_EPISODE = re.compile(r"(\d{1,2}|[a-z]+) (?:this time|this episode|in this episode|right now|now|recently)\b")


def _parse_count(norm: str, raw: str) -> Parsed:
    norm = _after_self_correction(norm)
    raw = _after_self_correction(raw.casefold())
    if not norm:
        return _NOT_OK
    named = antidepressants_named(norm)
    if named and not any(_has_phrase(norm, ph) for ph in _COUNT_REJECT):
        return _ok(min(3, len(named)))  # "sertraline 50mg", "zoloft, then paxil": count the medicines named
    norm = _DOSE.sub(" ", norm)
    if _has_phrase(norm, "none of them") or _has_phrase(norm, "none of those"):
        norm, _ = _mask(norm, "none of them")  # "none of them worked" says nothing about how many
        norm, _ = _mask(norm, "none of those")
        if not (_DIGITS.search(norm) or _word_numbers(norm) or _has_any(norm, _COUNT_EXACT_WORDS[2])):
            return _NOT_OK
    episode = _THIS_EPISODE.search(norm)
    if episode and _to_int(episode.group(1)) is not None:
        return _ok(min(3, _to_int(episode.group(1)) or 0))
    for ph in _COUNT_REJECT:
        if _has_phrase(norm, ph):
            return _NOT_OK
    for ph in _COUNT_NOT_ONE:  # "not one" must not read as 1
        if _has_phrase(norm, ph):
            return _ok(0)
    m = _MORE_THAN.search(norm)
    bound = _to_int(m.group(1)) if m else None
    if bound is not None:
        return _ok(min(3, bound + 1))
    m = _AT_LEAST.search(norm)
    bound = _to_int(m.group(1)) if m else None
    if bound is not None:
        return _ok(min(3, bound))
    plus = re.search(r"(?<!\d)(\d{1,3})\s*\+", raw)
    if plus:
        return _ok(min(3, int(plus.group(1))))
    digits = _DIGITS.findall(norm)
    if digits:
        return _ok(min(3, int(digits[0])))
    words = _word_numbers(norm)
    if words:
        return _ok(min(3, words[0]))
    rest = norm
    for n in (2, 1):  # "a couple" before "one" (longest phrases first inside each)
        for ph in _COUNT_EXACT_WORDS[n]:
            rest, found = _mask(rest, ph)
            if found:
                return _ok(n)
    for ph in sorted(_COUNT_VAGUE_MANY, key=len, reverse=True):
        if _has_phrase(rest, ph):
            return _ok(3)
    for ph in _COUNT_ZERO:
        if _has_phrase(rest, ph):
            return _ok(0)
    return _NOT_OK


_PHQ9_VOCAB: Dict[object, Tuple[str, ...]] = {
    "reject": (
        "not every day", "not everyday", "not all the time", "not always", "not often", "not most days",
        "not daily", "not nearly", "not sure", "dont know", "idk", "no idea", "not really",
    ),
    0: (
        "not at all", "never", "none", "no", "nope", "nah", "zero", "not once", "not ever", "no days",
        "not one day",
    ),
    1: (
        "several days", "some days", "a few days", "few days", "sometimes", "occasionally", "a little",
        "once in a while", "now and then", "once or twice", "a couple of days", "a couple days",
        "couple days", "on and off", "off and on", "a bit", "some", "several",
    ),
    2: (
        "more than half the days", "more than half of the days", "more than half", "over half the days",
        "over half", "half the days", "half the time", "most days", "most of the time", "often",
        "a lot", "usually", "frequently", "more often than not", "many days", "most of the days",
    ),
    3: (
        "nearly every day", "nearly everyday", "almost every day", "almost everyday", "every day",
        "everyday", "each day", "all the time", "always", "constantly", "daily", "every single day",
        "all day every day", "nonstop", "non stop", "24 7", "all day", "every day basically",
    ),
}  # fmt: skip


_PHQ9_SPANISH: Dict[str, int] = {
    "nunca": 0, "para nada": 0, "a veces": 1, "varios dias": 1, "algunos dias": 1, "mas de la mitad": 2,
    "la mayoria de los dias": 2, "casi todos los dias": 3, "todos los dias": 3, "siempre": 3,
}
_PHQ9_EXTRA: Dict[object, Tuple[str, ...]] = {
    0: ("rarely", "fine", "no problems", "sleep is fine", "not really"),
    1: ("a couple nights", "couple nights", "a few", "few days", "2 days", "maybe half"),
    2: ("half the days or more", "more then half", "10 of the last 14", "most of the time"),
    3: ("every night", "every single day", "constantly", "barely eat anything every day"),
}


def _phq9_vocab() -> Dict[object, Tuple[str, ...]]:
    vocab = {k: tuple(v) for k, v in _PHQ9_VOCAB.items()}
    vocab["reject"] = tuple(p for p in vocab["reject"] if p != "not really")
    for k, extra in _PHQ9_EXTRA.items():
        vocab[k] = vocab[k] + extra
    for phrase, v in _PHQ9_SPANISH.items():
        vocab[v] = vocab[v] + (phrase,)
    return vocab


_PHQ9_ALL = _phq9_vocab()


def _phq9_frequencies(norm: str) -> Set[object]:
    return _categorise_longest_first(norm, _PHQ9_ALL)


def _phq9_direct(question: Question, norm: str) -> Optional[Parsed]:
    """A bare 0-3 or one button's exact wording decides any PHQ-9 item; None: read the words."""
    n = _bare_number(norm)
    if n is not None:
        return _ok(n) if 0 <= n <= 3 else _NOT_OK
    exact = [b for b in question.buttons if norm in _button_labels(b)]
    return _ok(exact[0].value) if len(exact) == 1 else None


def _parse_phq9(question: Question, norm: str) -> Parsed:
    if question.slot == ITEM9_SLOT:
        return _parse_item9(question, norm)
    direct = _phq9_direct(question, norm)
    if direct is not None:
        return direct
    norm = _after_self_correction(norm)
    tail = _CONTRAST.split(norm)[-1]  # "some weeks are better but ... more than half the days"
    cats = _phq9_frequencies(tail)
    if not any(isinstance(v, int) for v in cats):
        cats = _phq9_frequencies(norm)
    numbers = sorted(v for v in cats if isinstance(v, int))
    if "reject" in cats or not numbers:
        return _NOT_OK
    if len(numbers) == 1:
        return _ok(numbers[0])
    if len(numbers) == 2 and numbers[1] - numbers[0] == 1 and 0 not in numbers:
        return _ok(numbers[0])  # "more than half the days, maybe every day": the part said for sure
    return _NOT_OK


def _parse_item9(question: Question, norm: str) -> Parsed:
    """Item 9 (thoughts of death or self-harm): only a plain "no"/"not at all"/0 is 0. A stated frequency
    counts as given; yes, mixed, hedged, declined or unclear replies are positive (1) so staff follow up."""
    if not norm:
        return _NOT_OK
    direct = _phq9_direct(question, norm)
    if direct is not None:
        return direct
    words = norm.split()
    if set(words) <= _PLAIN_NO_WORDS and _negated(norm) and "really" not in words:
        return _ok(0)
    numbers = [v for v in _phq9_frequencies(norm) if isinstance(v, int) and v > 0]
    return _ok(max(numbers) if numbers else 1)
