"""Yes/no and multiple-choice answers: button titles, aliases, numbers and typo-tolerant matching.

Yes or No only from an unambiguous reply; a hedged, mixed or qualified reply, or one that names a device,
condition or medicine next to a negation, is "Not sure" (a re-ask where the question has no such button).
"""

from __future__ import annotations

import difflib
from typing import Dict, Iterable, List, Optional, Set, Tuple

from ..medicines import seizure_threshold_flags
from ..questionnaire import NOT_SURE, Button, Question
from .result import _NOT_OK, Parsed, _ok
from .text import (
    _CONTRAST,
    _PLAIN_NO_WORDS,
    _QUESTION,
    _after_self_correction,
    _bare_number,
    _categorise_by_priority,
    _has_any,
    _has_phrase,
    _mask,
    _negated,
    _phrase_re,
    normalize,
)

_YES = (
    "y", "yes", "yess", "yeah", "yea", "ya", "yah", "yep", "yup", "yes please", "sure", "correct",
    "affirmative", "definitely", "absolutely", "of course", "indeed", "uh huh", "certainly",
)  # fmt: skip
#: Yes only as a short reply ("I do", "I have one"): inside a longer sentence
#: ("I have a stent in my heart", "a clip on the right side") they are not
#: an answer to the question, so the bot re-asks instead of guessing.
_YES_SHORT = (
    "i do", "i am", "i have", "i did", "i had", "right", "true", "i think so", "i believe so",
)  # fmt: skip
_SHORT_REPLY_WORDS = 3
_NO = (
    "n", "no", "nope", "nah", "naw", "nay", "no way", "never", "not", "i dont", "i do not", "dont",
    "do not", "i havent", "i have not", "havent", "have not", "i have never", "ive never", "i never",
    "never had", "i didnt", "i did not", "didnt", "not that i know of", "not that im aware of",
    "not that i am aware of", "not to my knowledge", "none", "negative", "false", "not really",
    "not me", "im not", "i am not", "nothing", "no thanks", "i dont think so", "dont think so",
    "i do not think so", "not at all", "nothing like that", "no i dont", "i wasnt", "wasnt", "isnt",
    "arent", "nah never",
)  # fmt: skip
_UNSURE = (
    "not sure", "im not sure", "i am not sure", "not really sure", "unsure", "dont know", "i dont know",
    "do not know", "idk", "dunno", "maybe", "possibly", "perhaps", "no idea", "not certain",
    "uncertain", "cant remember", "cannot remember", "dont remember", "i forget", "no clue", "might be",
    "could be", "i might", "not 100", "hard to say",
)  # fmt: skip
_YES_NO_VOCAB: Tuple[Tuple[object, Iterable[str]], ...] = (
    ("unsure", _UNSURE),
    ("no", _NO),
    ("yes", _YES),
)


_YES_NO_CATEGORY: Dict[Tuple[str, object], str] = {
    ("bool", True): "yes",
    ("bool", False): "no",
    ("str", NOT_SURE): "unsure",
}


def _key(value: object) -> Tuple[str, object]:
    return (type(value).__name__, value)


_YES_NO_VOCAB_SHORT: Tuple[Tuple[object, Iterable[str]], ...] = (
    ("unsure", _UNSURE),
    ("no", _NO),
    ("yes", _YES + _YES_SHORT),
)


def _yes_no_categories(norm: str) -> Set[object]:
    short = len(norm.split()) <= _SHORT_REPLY_WORDS
    return _categorise_by_priority(norm, _YES_NO_VOCAB_SHORT if short else _YES_NO_VOCAB)


def _button_labels(button: Button) -> List[str]:
    labels = [normalize(button.title)] + [normalize(a) for a in button.aliases]
    if isinstance(button.value, str):
        labels.append(normalize(button.value))
    return [lab for lab in labels if lab]


def _by_index(question: Question, norm: str) -> Optional[Parsed]:
    """Numbered answer ("2") -> that button's value, for non-literal kinds."""
    n = _bare_number(norm)
    if n is None or not question.buttons:
        return None
    if 1 <= n <= len(question.buttons):
        return _ok(question.buttons[n - 1].value)
    return _NOT_OK


def _unique_value(buttons: Iterable[Button]) -> Optional[Button]:
    """The single answer value shared by ``buttons`` (several titles may
    map to the same value, e.g. "No" and "Not applicable")."""
    found: List[Button] = []
    for b in buttons:
        if not any(_same(b.value, f.value) for f in found):
            found.append(b)
    return found[0] if len(found) == 1 else None


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b

_PLAIN_YES = frozenset({"y", "yes", "yeah", "yea", "ya", "yah", "yep", "yup", "si", "yes please", "sure", "correct",
                        "definitely", "absolutely", "of course", "affirmative", "true", "i do", "i am", "i have",
                        "i did", "i had", "yes i do", "yes i have", "yes i am", "yes i did", "claro", "si claro"})
#: Hedges: the person is not sure, whatever else the reply says.
_HEDGES = _UNSURE + (
    "probably", "i think", "think so", "not that i", "not really", "not much", "no se", "i guess", "kind of",
    "kinda", "sort of", "i believe", "i suppose", "not sure", "tal vez", "quizas", "creo que", "dont know",
)  # fmt: skip
#: Signs the reply says it did happen, without naming it ("only one time", "a veces").
_POSITIVE_WORDS = _YES + ("si", "once", "one time", "a few times", "sometimes", "a veces", "a lot", "twice",
                          "i have", "i had", "i do", "i did", "i get", "i take", "i am", "im on")


def _mentions(question: Question, norm: str) -> bool:
    """The reply names this question's condition, device or medicine ("pacemaker", "tinnitus")."""
    if question.slot == "seizure_threshold_meds" and seizure_threshold_flags(norm):
        return True
    return any(_has_phrase(norm, normalize(k)) for k in (*question.mentions, *question.correction_keywords))



def _parse_yes_no(question: Question, norm: str, raw: str) -> Parsed:
    """Yes or No only from an unambiguous reply; anything hedged, mixed or qualified is "Not sure" (re-ask
    when the question has no such button), and naming the condition without a negation is Yes."""
    not_sure = _ok(NOT_SURE) if any(_same(b.value, NOT_SURE) for b in question.buttons) else _NOT_OK
    by_index = _by_index(question, norm)
    if by_index is not None:
        return by_index
    exact = [b for b in question.buttons if norm in _button_labels(b)]
    if exact:
        b = _unique_value(exact)
        return _ok(b.value) if b else _NOT_OK
    if not norm:
        return _NOT_OK
    norm = _after_self_correction(norm)
    words = norm.split()
    if norm in _PLAIN_YES:
        return _ok(True)
    if set(words) <= _PLAIN_NO_WORDS and _negated(norm) and not _has_any(norm, _HEDGES):
        return _ok(False)
    # a multi-word alias ("im a guy", "sleep fine", "first time") with nothing else said against it
    for b in question.buttons:
        labels = [lab for lab in _button_labels(b) if " " in lab or lab in (normalize(a) for a in b.aliases)]
        hit = next((lab for lab in labels if _has_phrase(norm, lab)), None)
        if hit is None or _CONTRAST.search(norm) or _has_any(norm, _HEDGES):
            continue
        rest, _ = _mask(norm, hit)
        others = _yes_no_categories(rest) - {_YES_NO_CATEGORY.get(_key(b.value))}
        if not others and not (b.value is False and _mentions(question, rest) and not _negated(rest)):
            return _ok(b.value)
    if len(words) > 2 and _QUESTION.match(norm) and not _has_any(norm, _HEDGES) and not _mentions(question, norm):
        return _NOT_OK  # a question of their own ("is tms fda approved"): answered, then this one is asked again
    if _has_any(norm, _HEDGES) or "?" in raw:
        return not_sure
    # "no X but I have Y": what follows the contrast decides when it says yes plainly
    tail = _CONTRAST.split(norm)[-1]
    if tail != norm and not _negated(tail) and (_mentions(question, tail) or _has_any(tail, _POSITIVE_WORDS)):
        return _ok(True)
    if _negated(norm):
        return not_sure
    if _mentions(question, norm) or _has_any(norm, _POSITIVE_WORDS):
        return _ok(True)
    return not_sure if len(words) > 2 else _NOT_OK  # "ok", "blue": nothing said either way, so ask again


def _spans(norm: str, phrase: str) -> List[Tuple[int, int]]:
    return [(m.start(), m.end()) for m in _phrase_re(phrase).finditer(norm)]


def _parse_choice(question: Question, norm: str) -> Parsed:
    if not norm:
        return _NOT_OK
    by_index = _by_index(question, norm)
    if by_index is not None:
        return by_index
    labelled: List[Tuple[str, Button]] = [(lab, b) for b in question.buttons for lab in _button_labels(b)]
    # 1. exact title / alias / value
    exact = _unique_value(b for lab, b in labelled if lab == norm)
    if exact is not None:
        return _ok(exact.value)
    # 2. a title or alias inside the reply ("I have Medicare"); ignore matches
    #    nested inside a longer match, and give up if two answers remain
    hits: List[Tuple[int, int, Button]] = []
    for lab, b in labelled:
        hits.extend((s, e, b) for s, e in _spans(norm, lab))
    outer = [
        h
        for h in hits
        if not any((o[0] <= h[0] and h[1] <= o[1]) and (o[1] - o[0]) > (h[1] - h[0]) for o in hits)
    ]
    if outer:
        hit = _unique_value(h[2] for h in outer)
        return _ok(hit.value) if hit is not None else _NOT_OK
    # 3. a word prefix ("comm" -> Commercial), needs 3+ letters and one answer
    if len(norm) >= 3 and " " not in norm:
        pref = _unique_value(b for lab, b in labelled if any(tok.startswith(norm) for tok in lab.split()))
        if pref is not None:
            return _ok(pref.value)
    # 4. typo tolerance: closest label (whole reply or one word of it)
    scores: Dict[int, float] = {}
    cands = [norm] + [tok for tok in norm.split() if len(tok) >= 4]
    for idx, b in enumerate(question.buttons):
        best = 0.0
        for lab in _button_labels(b):
            for c in cands:
                best = max(best, difflib.SequenceMatcher(None, c, lab).ratio())
        scores[idx] = best
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    if ranked and ranked[0][1] >= 0.8:
        runner_up = next(
            (
                s
                for i, s in ranked[1:]
                if not _same(question.buttons[i].value, question.buttons[ranked[0][0]].value)
            ),
            0.0,
        )
        if ranked[0][1] - runner_up >= 0.06:
            return _ok(question.buttons[ranked[0][0]].value)
    return _NOT_OK
