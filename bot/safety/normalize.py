"""Text clean-up before crisis matching: people in distress type fast, misspell and use shorthand."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Mapping

# Lone surrogates (from broken clients) cannot be encoded as UTF-8 and would crash spaCy's tokenizer.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\b(i)'m\b"), r"\1 am"),
    (re.compile(r"\b(\w+)'re\b"), r"\1 are"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will"),
    (re.compile(r"\b(\w+)'ve\b"), r"\1 have"),
    (re.compile(r"\b(i|you|he|she|we|they)'d\b"), r"\1 would"),
    (re.compile(r"\b(it|that|this|there|here|what|who|where|tonight|today|everything|nothing|life)'s\b"), r"\1 is"),
)
_REPEATS = re.compile(r"(\w)\1{2,}")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_LEET_WORD = re.compile(r"\b(?=[\w@$]*[a-z])(?=[\w@$]*[0-9@$])[\w@$]+\b")
_NUMBER_UNIT = re.compile(r"^\d+[a-z]{1,3}$")  # "30s", "10th", "5pm", "50mg": a number, not leetspeak
_SPACES = re.compile(r"\s+")
_END = r"(?!\w|'(?!s\b))"  # where a variant in digits ends: not inside a word, nor before an apostrophe but "'s"
# Emoji and pictographs are words of their own ("💊💊💊🛌", "🔫😵"), so the spellings can read each one.
PICTOGRAPH = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]")
_REMEMBER_CHARS = 2_000


class Normalizer:
    """Maps written variants (typos, shorthand, leet, stretched letters) onto the lexicon's forms."""

    def __init__(self, spellings: Mapping[str, str], vocabulary: Iterable[str]) -> None:
        self._spellings = dict(spellings)
        self._vocabulary = frozenset(vocabulary)
        alternatives = sorted(self._spellings, key=len, reverse=True)
        self._variant = re.compile(r"(?<![\w'])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w'])")
        # Variants written with digits ("4ever", "2nite") are read before digits turn into letters ("k1ll").
        # They may carry "'s" ("2nite's the nite"), which the contractions read next.
        numeric = [a for a in alternatives if any(c.isdigit() for c in a)]
        self._remembered = lru_cache(maxsize=4096)(self._normalize)
        self._numeric = re.compile(r"(?<![\w'])(" + "|".join(re.escape(a) for a in numeric) + r")" + _END) if numeric else None

    def _squeeze(self, match: re.Match[str]) -> str:
        # "dieeee" -> "die", "killl" -> "kill": keep a double letter only where the lexicon needs it.
        return match.group(1) * 2

    def _fix_word(self, word: str) -> str:
        if word in self._vocabulary or word in self._spellings:
            return word
        single = re.sub(r"(\w)\1+", r"\1", word)
        return single if single in self._vocabulary or single in self._spellings else word

    def __call__(self, text: str) -> str:
        # One message is normalised several times (the matcher, the backstop's whole message, its clauses): the
        # short ones, nearly all messages, are remembered.
        return self._remembered(text) if len(text) <= _REMEMBER_CHARS else self._normalize(text)

    def _normalize(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
        text = PICTOGRAPH.sub(r" \g<0> ", _CONTROL.sub(" ", text)).lower()
        if self._numeric is not None:
            text = self._numeric.sub(lambda m: self._spellings[m.group(1)], text)
        text = _LEET_WORD.sub(
            lambda m: m.group(0) if m.group(0).isdigit() or _NUMBER_UNIT.match(m.group(0)) else m.group(0).translate(_LEET), text)
        text = _REPEATS.sub(self._squeeze, text)
        text = re.sub(r"[a-z]+", lambda m: self._fix_word(m.group(0)), text)
        text = self._variant.sub(lambda m: self._spellings[m.group(1)], text)
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
        return _SPACES.sub(" ", text).strip()
