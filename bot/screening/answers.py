"""Turn free-text chat/SMS replies into screening answer values.

Everything here is deterministic and rule-based (no ML, no Rasa). When a reply
is ambiguous the parser says ``ok=False`` so the bot can re-ask with buttons;
it never guesses between conflicting answers ("yes... no").

Public API:
    parse_answer(question, text) -> Parsed
    detect_correction(text, questionnaire, *, only_slots=None) -> (slot, value) | None
    is_why_question(text) / is_stop(text) / is_restart(text) / is_skip(text) / is_delete(text) -> bool

The contract for safety questions: Yes or No only from an unambiguous reply; a hedged, mixed or
qualified reply, or one that names a device, condition or medicine next to a negation, is "Not sure"
(a re-ask where the question has no such button). PHQ-9 item 9 is 0 only for a plain "no"; anything
else is positive so staff follow up.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Collection, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Union

from .medicines import antidepressants_named, seizure_threshold_flags
from .questionnaire import NOT_SURE, SKIPPED, Button, Question, Questionnaire

__all__ = [
    "MAX_INPUT_CHARS",
    "MAX_TEXT_CHARS",
    "Parsed",
    "detect_correction",
    "is_delete",
    "is_restart",
    "is_skip",
    "is_stop",
    "is_why_question",
    "normalize",
    "parse_answer",
]

AnswerValue = Union[bool, int, str, None]

#: Replies longer than this are rejected outright (not a screening answer).
MAX_INPUT_CHARS = 500
#: Longest accepted free-text answer (e.g. a name).
MAX_TEXT_CHARS = 100
AGE_MIN, AGE_MAX = 5, 110
#: Stop / restart / skip commands are short; longer replies are never commands.
_MAX_COMMAND_CHARS = 80


@dataclass(frozen=True)
class Parsed:
    """Result of parsing one reply.

    ``ok`` is False when the reply could not be understood (re-ask). For a
    skipped optional question ``ok`` and ``skipped`` are True and ``value`` is
    None; store :attr:`slot_value` (``"skipped"``) so it is not asked again.
    """

    value: AnswerValue
    ok: bool
    skipped: bool = False
    #: seizure-threshold medicines named (lowercase generic names), for the medication list
    flags: Tuple[str, ...] = ()

    @property
    def slot_value(self) -> AnswerValue:
        return SKIPPED if self.skipped else self.value


_NOT_OK = Parsed(None, False, False)
_SKIPPED = Parsed(None, True, True)


def _ok(value: AnswerValue) -> Parsed:
    return Parsed(value, True, False)


# --------------------------------------------------------------------------- #
# Normalisation and phrase matching
# --------------------------------------------------------------------------- #

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


# --------------------------------------------------------------------------- #
# Numbers
# --------------------------------------------------------------------------- #

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


# --------------------------------------------------------------------------- #
# Intents around the questionnaire: skip / why / stop / restart
# --------------------------------------------------------------------------- #

def _is_command(pattern: "re.Pattern[str]", text: str) -> bool:
    """A short reply that is exactly one of the command phrases (so "I can't stop crying" is no stop)."""
    norm = normalize(text or "")
    return 0 < len(norm) <= _MAX_COMMAND_CHARS and bool(pattern.fullmatch(norm))


_SKIP_RE = re.compile(
    r"(?:ok |okay |um |please )?(?:skip|pass|next)(?: (?:it|this|this one|that|that one|question|for now|please))*"
    r"|(?:id |i would |i |id really |i would really )?(?:prefer not|rather not)(?: to)?"
    r"(?: (?:say|answer|share|tell))?(?: (?:it|that|this))?"
    r"|(?:i )?(?:dont|do not) want to (?:say|answer|share)(?: (?:it|that|this))?"
    r"|no comment|decline|decline to (?:say|answer)"
)


def is_skip(text: str) -> bool:
    """ "skip", "pass", "prefer not to say", "I'd rather not say"..."""
    return _is_command(_SKIP_RE, text)


_WHY_EXACT = frozenset({
    "why", "why so", "why is that", "why that", "why this", "how come", "what for", "for what",
    "whats this for", "what is this for", "whats that for", "what is that for", "whats it for",
    "what is it for", "why ask", "why the question",
})  # fmt: skip
_WHY_RE = re.compile(
    r"\bwhy (?:do|does|would|did|should|are|is|r) (?:you|u|yall|it|that|this|they|the clinic|staff)\b"
    r"|\bwhy (?:ask|asking|need|needed|want|the question|this question|that question)\b"
    r"|\bwhat(?:s| is| does| do)? (?:this|that|it) (?:for|matter|have to do)\b"
    r"|\bwhat does (?:this|that|it) have to do\b"
    r"|\bwhy (?:do|should|must) i (?:need to |have to )?(?:answer|tell|say|share)\b"
    r"|\bhow (?:is|does) (?:this|that|it) (?:relevant|matter)\b"
    r"|\bwhy (?:does|would|is) (?:it|that|this) (?:matter|important|relevant|needed)\b"
)


def is_why_question(text: str) -> bool:
    """ "why?", "why do you ask", "why do you need that", "what's this for"."""
    norm = normalize(text or "")
    if not norm or len(norm.split()) > 15:
        return False
    return norm in _WHY_EXACT or bool(_WHY_RE.search(norm))


_STOP_OBJECTS = (
    "it", "this", "that", "now", "here", "please", "already", "the screening", "screening",
    "the questions", "questions", "the questionnaire", "this questionnaire", "the quiz", "this chat",
    "the chat", "chat", "this conversation", "the conversation", "asking", "asking me",
    "asking me questions", "asking questions",
)  # fmt: skip
_STOP_OBJ = r"(?: (?:" + "|".join(re.escape(o) for o in _STOP_OBJECTS) + r"))*"
_STOP_RE = re.compile(
    r"(?:ok |okay |please |no |just )?(?:stop|cancel|quit|end|exit|unsubscribe|stopall|halt|abort|enough)"
    + _STOP_OBJ
    + r"(?: please)?"
    + r"|(?:i |id |i would |i really )?(?:want|wanna|would like|like|need)(?: to)? (?:stop|quit|end|cancel|exit)"
    + _STOP_OBJ
    + r"|(?:can|could) (?:we|i|you) (?:please )?(?:stop|quit|end|cancel)"
    + _STOP_OBJ
    + r"(?: please)?"
    + r"|(?:i )?(?:dont|do not) want to (?:continue|do this|go on|keep going|carry on|answer(?: any)? more(?: questions)?)"
    + r"(?: anymore| any more)?"
    + r"|no more(?: questions)?(?: please)?"
)


def is_stop(text: str) -> bool:
    """ "stop", "cancel", "quit", "I want to stop", "end this".

    Whole-reply match only: "I can't stop crying" is not a stop request.
    """
    return _is_command(_STOP_RE, text)


_RESTART_RE = re.compile(
    r"(?:ok |okay |can we |could we |can i |lets |let us |i want to |i wanna |id like to |i would like to |please )?"
    r"(?:start over|restart|start again|begin again|start from (?:the )?(?:beginning|scratch|start|top)"
    r"|reset|redo(?: it| this| everything| all)?|go back to the (?:start|beginning)|do it again"
    r"|try again from the (?:start|beginning))"
    r"(?: (?:please|again|from the beginning|from scratch|the screening|the questions|screening|it|this))*(?: please)?"
)


_DELETE_RE = re.compile(
    r"(?:please |can you |could you |i want to |i would like to |id like to |i want you to )?"
    r"(?:delete|erase|remove|wipe|forget|borrar|borra)(?: all)? (?:my|the|these|those|all my|mis)"
    r" (?:answers|data|info|information|details|responses|pre ?screen|prescreen|screening|respuestas|datos)(?: please)?"
)


def is_delete(text: str) -> bool:
    """ "delete my answers", "please erase my data": remove the stored pre-screen."""
    return _is_command(_DELETE_RE, text)


def is_restart(text: str) -> bool:
    """ "start over", "restart", "can we start again"."""
    return _is_command(_RESTART_RE, text)


# --------------------------------------------------------------------------- #
# Kind parsers
# --------------------------------------------------------------------------- #

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


#: Words a plain "no" may be made of ("no", "nope never", "nah none of that", "no one", "lol no").
_PLAIN_NO_WORDS = frozenset(
    "no nope nah naw nay n never nunca nada none nothing not at all lol of that this one i dont do havent "
    "have didnt did ive ever no thanks negative false like".split()
)
_NEGATION_WORDS = frozenset(
    "no nope nah naw n never nunca nada none nothing not dont doesnt didnt havent hasnt hadnt wasnt isnt arent "
    "werent cant cannot couldnt wont nobody neither nor without".split()
)
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


def _mentions(question: Question, norm: str) -> bool:
    """The reply names this question's condition, device or medicine ("pacemaker", "tinnitus")."""
    if question.slot == "seizure_threshold_meds" and seizure_threshold_flags(norm):
        return True
    return any(_has_phrase(norm, normalize(k)) for k in (*question.mentions, *question.correction_keywords))


def _negated(norm: str) -> bool:
    for ph in _OTHERS_NEGATION:
        norm, _ = _mask(norm, ph)
    return any(tok in _NEGATION_WORDS for tok in norm.split())


def _has_any(norm: str, phrases: Iterable[str]) -> bool:
    return any(_has_phrase(norm, ph) for ph in phrases)


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
    if question.slot == "phq9_9":
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


def parse_answer(question: Question, text: str) -> Parsed:
    """Parse a reply to ``question``.

    Returns ``Parsed(value, ok=True)`` on success; ``Parsed(None, ok=False)``
    when the reply is empty, too long, ambiguous or out of range; and
    ``Parsed(None, ok=True, skipped=True)`` for "skip"/"pass"/"prefer not to
    say" on an optional question (not ok on a required one).

    Call :func:`is_stop`, :func:`is_restart`, :func:`is_why_question` and
    :func:`detect_correction` first; this function only reads answers.
    """
    if not isinstance(text, str):
        return _NOT_OK
    if len(text) > MAX_INPUT_CHARS or not text.strip():
        return _NOT_OK
    norm = normalize(text)
    if is_skip(text):
        if question.slot == "phq9_9":
            return _ok(1)  # a declined item 9 is followed up like a positive one
        return _SKIPPED if question.optional else _NOT_OK
    kind = question.kind
    if question.literal_numbers and _NEGATIVE_NUMBER.search(text):
        return _NOT_OK  # "-1" would otherwise read as 1
    if kind == "age":
        return _parse_age(norm)
    if kind == "yes_no":
        return _parse_yes_no(question, norm, text)
    if kind == "count":
        return _parse_count(norm, text.casefold())
    if kind == "phq9":
        return _parse_phq9(question, norm)
    if kind in ("choice", "contact_method"):
        return _parse_choice(question, norm)
    if kind == "text":
        return _parse_text(text)
    if kind == "phone":
        return _parse_phone(text)
    if kind == "email":
        return _parse_email(text)
    if kind == "medications":
        return _parse_medications(text, norm)
    raise ValueError(f"unknown question kind {kind!r}")


# --------------------------------------------------------------------------- #
# Corrections of earlier answers
# --------------------------------------------------------------------------- #

_CORRECTION_MARKERS = (
    "actually", "sorry", "i meant", "i mean", "wait", "no wait", "correction", "oops", "my bad",
    "my mistake", "scratch that", "i was wrong", "i made a mistake", "change my answer",
    "let me correct", "i misread", "typo", "hold on", "on second thought", "i lied", "i forgot",
    "to correct", "i want to change", "can i change",
)  # fmt: skip
#: Answers that corrections must never rewrite (see questions.yml header).
_NO_CORRECTION_SLOTS = frozenset({"phq9_9"})


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
        if q.slot in _NO_CORRECTION_SLOTS or (only_slots is not None and q.slot not in only_slots):
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
