"""Question words in other languages (data/content/glossary.yml): what a question is about, in English words.

The content and nearly all training questions are English or Spanish. A question typed in Chinese, Russian or
Somali shares no n-grams with them, so the entry ranker guessed: in round twelve's last held-out set most such
questions got a "Did you mean" with unrelated entries. A reviewed glossary maps terms of several languages to
concepts; the concepts' English words are added to what the entry ranker and the fit check read, never to what
the person sees or what the advice and crisis checks read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

from bot.answers.fit import fold
from bot.config import DATA_DIR
from bot.review import load_reviewed

GLOSSARY_PATH = DATA_DIR / "content" / "glossary.yml"
#: Function words of the languages most training questions are written in (English, Spanish, Portuguese, Haitian
#: Creole, Tagalog): a message made of them is read by the models as it is.
FUNCTION_WORDS = frozenset("""
the is are do does did can could will would i my me you your it to of and for in on with what how when who
why where if or be have has this that not no there they we he she his her
el los las de que y en es un una por para mi mis se con lo al del como cuando donde cual puedo tengo hay esta
esto pero si le les su sus yo usted
os as do da dos das um uma com nao meu minha eu voce ele ela isso esse essa pra tem sao quando pode podem fazer
mais muito tambem ainda depois antes ja
mwen ou li nou yo ki pou nan ak yon eske kijan konbyen gen fe
ang ng mga sa ako ko mo ba po yung lang siya kung pag ano paano
""".split())
_LATIN_WORDS = re.compile(r"[a-z']+")
#: Scripts written without spaces between words: their terms match anywhere, other terms where a word starts.
_UNSPACED = r"\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Where a term may begin: a word's first letter, or any character of a script without spaces.
_STARTS = re.compile(rf"(?<!\w)\w|[{_UNSPACED}]")


@dataclass(frozen=True)
class Glossary:
    """`concept_of` maps each term (folded) to its concept's English words; `lengths` are the terms' lengths, longest
    first. A dictionary probe per length at each word start (each character in scripts without spaces) costs a
    fraction of a millisecond; one regular expression of ten thousand alternatives cost tens."""

    concept_of: Mapping[str, str]
    lengths: tuple[int, ...] = ()

    @classmethod
    def build(cls, concepts: Mapping[str, Any]) -> Glossary:
        """`concepts`: concept id -> {"gloss": English words, "terms": {language: [term, ...]}}."""
        concept_of: dict[str, str] = {}
        for concept, spec in concepts.items():
            gloss = str(spec.get("gloss") or "").strip()
            if not gloss:
                raise ValueError(f"glossary concept {concept!r} has no English gloss")
            for language, terms in (spec.get("terms") or {}).items():
                for term in terms or ():
                    key = fold(str(term)).strip()
                    if not key:
                        raise ValueError(f"glossary concept {concept!r} ({language}) has an empty term")
                    concept_of.setdefault(key, gloss)  # a term two concepts share keeps the first
        return cls(concept_of, tuple(sorted({len(t) for t in concept_of}, reverse=True)))

    def concepts(self, text: str) -> list[str]:
        """The English words of every concept named in `text`, each once, in order of appearance."""
        folded = fold(text)
        found: dict[str, None] = {}
        for start in _STARTS.finditer(folded):
            i = start.start()
            for n in self.lengths:
                gloss = self.concept_of.get(folded[i:i + n])
                if gloss is not None:
                    found.setdefault(gloss)
        return list(found)

    def gloss(self, text: str) -> str:
        """`text` with the English words of the concepts it names appended (unchanged when it names none)."""
        return _appended(text, self.concepts(text))


def load_glossary(path: Path = GLOSSARY_PATH, enforce_review: bool = False) -> Glossary:
    """A running bot loads an overdue glossary too (tests and the build enforce the review date)."""
    raw = load_reviewed(path, enforce_review=enforce_review) or {}
    return Glossary.build(raw.get("concepts") or {})


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    return load_glossary()


@lru_cache(maxsize=1024)  # the ranker, the fit check and the clinic-context check read the same message
def concepts(text: str) -> tuple[str, ...]:
    """The English words of the concepts `text` names, unless it is written in a language the models read
    themselves: glossing English, Spanish or Portuguese with another language's stems only misleads them
    ("¿Cuánto cuesta si pago en efectivo?" glossed "how well does it work" from a look-alike term)."""
    if readable(text):
        return ()
    return tuple(default_glossary().concepts(text))


def readable(text: str) -> bool:
    """At least two function words of those languages, a sixth of the message's words or more."""
    words = _LATIN_WORDS.findall(fold(text))
    hits = sum(1 for w in words if w in FUNCTION_WORDS)
    return hits >= 2 and hits * 6 >= len(words)


def gloss(text: str) -> str:
    """What the entry ranker and the fit check read for `text` (see the module docstring)."""
    return _appended(text, concepts(text))


def _appended(text: str, words: Sequence[str]) -> str:
    return f"{text} ({' '.join(words)})" if words else text
