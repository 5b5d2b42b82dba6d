"""Corrections of earlier answers ("actually I'm 45") recognised in a later reply."""

from __future__ import annotations

import re
from typing import Collection, List, Optional, Tuple

from ..questionnaire import NO_CORRECTION_SLOTS, Question, Questionnaire
from .choices import _parse_choice, _parse_yes_no
from .contact import _parse_email, _parse_phone, _parse_text
from .quantities import _parse_age, _parse_count, _parse_phq9
from .result import _NOT_OK, MAX_INPUT_CHARS
from .text import _has_phrase, _mask, normalize

_CORRECTION_MARKERS = (
    "actually", "sorry", "i meant", "i mean", "wait", "no wait", "correction", "oops", "my bad",
    "my mistake", "scratch that", "i was wrong", "i made a mistake", "change my answer",
    "let me correct", "i misread", "typo", "hold on", "on second thought", "i lied", "i forgot",
    "to correct", "i want to change", "can i change",
)  # fmt: skip


def _strip_markers(norm: str) -> Tuple[str, bool]:
    found_any = False
    for ph in sorted(_CORRECTION_MARKERS, key=len, reverse=True):
        norm, found = _mask(norm, ph)
        found_any = found_any or found
    return " ".join(t for t in norm.split() if t != "#"), found_any


def _keyword_raw_tail(text: str, keyword: str) -> Optional[str]:
    """Raw text after ``keyword`` (matched loosely), e.g. the name in
    "sorry, my name is Jane Doe"."""
    words = normalize(keyword).split()
    if not words:
        return None
    pat = re.compile(r"\b" + r"\W*\s*".join(re.escape(w) for w in words) + r"\b", re.IGNORECASE)
    m = pat.search(text)
    if not m:
        return None
    return text[m.end() :].strip(" \t:;,-.!")


_NOTHING = object()


def _correction_value(question: Question, text: str, rest: str, keyword: str) -> object:
    kind = question.kind
    if kind == "age":
        p = _parse_age(rest)
    elif kind == "count":
        p = _parse_count(rest, rest)
    elif kind == "phq9":
        p = _parse_phq9(question, rest)
    elif kind in ("choice", "contact_method"):
        p = _parse_choice(question, rest)
    elif kind == "phone":
        p = _parse_phone(text)
    elif kind == "email":
        p = _parse_email(text)
    elif kind == "text":
        tail = _keyword_raw_tail(text, keyword)
        p = _parse_text(tail) if tail else _NOT_OK
    elif kind == "yes_no":
        p = _parse_yes_no(question, rest, rest)
    else:
        return _NOTHING
    return p.value if p.ok else _NOTHING


def detect_correction(
    text: str,
    questionnaire: Questionnaire,
    *,
    only_slots: Optional[Collection[str]] = None,
) -> Optional[Tuple[str, object]]:
    """Recognise a correction of an earlier answer.

    Needs a correction marker ("actually", "sorry I meant", "wait", ...) and
    one of a question's ``correction_keywords`` (from questions.yml), and the
    rest of the reply must parse as an answer to that question::

        "actually I'm 45"             -> ("age", 45)
        "wait I do have a pacemaker"  -> ("implanted_device", True)
        "actually i tried 3 meds"     -> ("antidepressants_tried", 3)

    Questions (containing "?") are never corrections. ``only_slots`` limits
    the search, e.g. to slots already answered. PHQ-9 item 9 is never
    corrected. Returns None when nothing fits.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_INPUT_CHARS or "?" in text:
        return None
    rest, has_marker = _strip_markers(normalize(text))
    if not has_marker or not rest:
        return None
    candidates: List[Tuple[int, int, Question, str]] = []
    for order, q in enumerate(questionnaire.questions):
        if q.slot in NO_CORRECTION_SLOTS or (only_slots is not None and q.slot not in only_slots):
            continue
        matched = [kw for kw in q.correction_keywords if _has_phrase(rest, normalize(kw))]
        if matched:
            kw = max(matched, key=lambda k: len(normalize(k)))
            candidates.append((-len(normalize(kw)), order, q, kw))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for _, _, q, kw in candidates:
        value = _correction_value(q, text, rest, kw)
        if value is not _NOTHING:
            return q.slot, value
    return None
