"""Crisis-language detector: spaCy token patterns from the reviewed lexicon, medspaCy ConText for framing.

It runs on every message (inside the Rasa NLU pipeline), so it is rule-based, model-free and fast.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Iterable

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.safety.classifier import CrisisClassifier
from bot.safety.context import CHECK_IN, CHECK_IN_ANSWER, ConversationContext
from bot.safety.hotlines import CHECK_IN_WITH_ANSWER, reply_key
from bot.safety.lexicon import Lexicon, load_lexicon
from bot.safety.normalize import PICTOGRAPH, Normalizer

# PyRuSH (a medspaCy dependency) logs every sentence at DEBUG through loguru; we never use it.
logging.getLogger("PyRuSH").setLevel(logging.WARNING)
try:  # pragma: no cover - depends on loguru being installed with medspaCy
    from loguru import logger as _loguru

    _loguru.disable("PyRuSH")
except ImportError:  # pragma: no cover
    pass

from medspacy.context import ConText, ConTextRule  # noqa: E402  (after silencing its logger)

MAX_CHARS = 20_000  # a longer message is scanned in windows of this size
CLASSIFIER_MAX_CHARS = 2_000  # the backstop reads the start of a message: it was trained on short ones
# With a denial in the clause the backstop must be surer: the lexicon handles negation. 0.97 lost crisis clauses
# that merely contain "not"/"won't" ("not looking to talk", "you won't be seeing me again"): with writers Q-W's
# negated examples in training, 0.93 recalled 2.7 points more over sets 8, 10, 11 and 12 at the same false alarms.
DENIAL_THRESHOLD = 0.93
TOPIC_THRESHOLD = 0.95  # the same for a clause with a topic word the lexicon read as a question about the subject
_DENIAL = re.compile(
    r"\b(not|no|never|none|nope|haven'?t|hasn'?t|don'?t|didn'?t|isn'?t|wasn'?t|wouldn'?t|won'?t|couldn'?t|deny|denies)\b"
    # ... but not before a verb of persistence or secrecy ("can not stop thinking of it", "haven't told anyone"),
    # of doubt ("not sure I can make it that long") or a plea ("don't let me leave the waiting room").
    r"(?!\s+(?:stop|stopped|stopping|quit|shake|help|get (?:rid|over|it out|them out|past)|go away|leave|seem to"
    r"|told|tell|telling|mentioned|admitted|sure|certain|let|know|se si)\b)"
    # ... nor before a refusal of help, which is itself a warning ("not calling 911", "don't send anyone"), a
    # "not mind", which welcomes ("wouldn't mind dying in my sleep"), or "don't forget".
    r"(?!\s+(?:call|calling|send|sending|come|coming|look for|looking for|try to stop|bother|ask|mind|forget)\b)"
    # ... nor a doubt of lasting ("don't think I'll make it to Friday", "no creo que llegue al viernes").
    r"(?!\s+(?:think|believe|creo que)\s+(?:i(?:'ll| will| can| could| am going to)?\s+)?(?:make it|last|survive"
    r"|be here|be around|llegue|aguante|pueda aguantar)\b)"
    # ... nor a "not" of well-being or jest, which says the opposite ("not ok", "not kidding", "no cap", "not a cry
    # for help", "not a joke").
    r"(?!\s+(?:ok|okay|good|well|fine|alright|safe|funny|joking|kidding|cap|lie|lying|gonna lie|going to lie|a cry for help|a joke)\b)"
    # ... nor a crisis said in the negative ("not sticking around", "won't be here", "no reason to stay").
    r"(?!\s+(?:be\s+)?(?:(?:gonna|going to|want to|wanna|planning to|plan to|need to)\s+)?(?:be\s+)?(?:around|here|alive|"
    r"needing|wake up|waking up|live|living|exist|go on|keep going|make it|last|sticking around|stick around"
    r"|reason|reasons|point|hope|future)\b)"
    # ... nor the exculpation of a farewell note ("it wasn't your fault", "none of this was anyone's fault").
    r"(?!(?:\s+of (?:this|it|that))?(?:\s+(?:is|was|be))?(?:\s+(?:your|anyone'?s|anybody'?s|y'?all'?s|the \w+'?s))?\s+fault\b)"
)


# A crisis clause must not be diluted by a practical one ("do you take Aetna? asking in case there's still a
# point by spring"): the backstop scores each sentence and clause as well as the whole message.
_CLAUSES = re.compile(r"(?<=[.!?;:\n])\s+|\s*[\n;]\s*|,\s+(?=(?:but|and|because|cause|cuz|so|though|honestly|also|aunque|pero|porque)\b)"
                      r"|\s+(?=(?:but|because|cuz|honestly|aunque|pero|porque)\b)")
MAX_CLAUSES = 8
# A clause read alone is short and out of context, where the backstop is overconfident ("I'd be coming every
# day" after a parking question scored 0.95): when the whole message scores below WHOLE_FLOOR, a clause counts
# only from CLAUSE_THRESHOLD. Swept on sets 2-14 and the real-question sets: crisis replies to ordinary questions
# 11 -> 5 of 897, false alarms down on five sets, recall unchanged but one message of set 13 (0.99 lost one more).
WHOLE_FLOOR = 0.3
CLAUSE_THRESHOLD = 0.97
# ...and has at least this many words: "trying to decide" after a ketamine-vs-TMS question scored 0.971 (round
# eight); no crisis message of sets 1-17 depended on a shorter clause.
SHORT_CLAUSE = 4
#: Words that only join others: without two other words (an emoji counts as one) the backstop has nothing to read
#: ("but also" scored 0.99 after round eleven's data, "Ω≈ç√ but also 漢字 y español" 0.89).
_JOINERS = frozenset("but also and or so then too just the a an of to in on y o pero".split())
_READABLE = re.compile(r"(?<!\S)[a-z'áéíóúñü]{2,}(?=[.,!?;:]*(?:\s|$))|" + PICTOGRAPH.pattern)
MIN_BACKSTOP_WORDS = 2  # one word ("ya", "k") is too little for n-gram statistics; the lexicon covers slang like "kms"
WINDOW_OVERLAP = 500  # windows overlap so a phrase across a window edge is still seen whole
_DISCOUNTING = {"NEGATED_EXISTENCE", "HYPOTHETICAL", "HISTORICAL", "TOPIC"}
_SUBJECTS = frozenset({"i", "yo"})
_CONDITIONS = frozenset({"if", "unless", "si"})
# A condition's "not" denies nothing ("si el tratamiento no funciona ya me voy", "if it doesn't work I'm done"),
# nor one of a time it waits for ("once it doesn't hurt").
_CONDITIONAL_NOT = re.compile(rf"\b({'|'.join(sorted(_CONDITIONS | {'once', 'when'}))})((?:\s+[\w']+){{1,2}})"
                              r"\s+(?:not|no|never|doesn'?t|don'?t|won'?t|isn'?t|didn'?t|can'?t)\b")


#: Words after a "not" in which the thing denied must be named.
DENIAL_REACH = 6


def _denial_of(risks: Iterable[str]) -> re.Pattern[str]:
    """The lexicon's denied risks as one pattern; a trailing "*" takes any ending ("suicid*")."""
    words = (re.escape(risk.lower()).replace(r"\*", r"\w*") for risk in risks)
    return re.compile(rf"\b(?:{'|'.join(words)})(?![\w'])")


def _denies(clause: str, risks: re.Pattern[str]) -> bool:
    """A denial of risk in the clause, outside any condition it sets: a "not" of something else ("not pregnant.
    not anything. just want to stop being", "I don't see why I keep getting up") denies nothing."""
    lowered = _CONDITIONAL_NOT.sub(r"\1\2", clause.lower())
    return any(risks.search(" ".join(lowered[m.end():].split()[:DENIAL_REACH])) for m in _DENIAL.finditer(lowered))


_AUXILIARIES = frozenset("should would could does did do will is was are were has have had can might must may really even".split())
_TOLD = frozenset({"asked", "asks", "told", "tells", "texted", "texts", "messaged", "showed", "sent"})  # "me" is the listener
_SPANISH_PERSON = frozenset("me mi mis yo quiero voy estoy tengo pienso siento matarme morirme suicidarme lastimarme cortarme".split())
_NEAR = 4  # tokens around a target in which "I"/"my" makes a topic word a personal disclosure
_WORDS = re.compile(r"[\w']+")
_AGE = re.compile(r"\d+(?:yo|yr|yrs|y/o)|old|yo")  # "our 12yo", "my 15 year old" (not "my 40 pills")
_SPANISH_PERFECT = re.compile(r"\w+(?:ado|ido)$")
#: Words that make a message the writer's own ("me" only when nobody texted or told it to them).
_OWN = frozenset({"me", "myself", "mine", "yo"}) | (_SPANISH_PERSON - {"mi", "mis"})
_WRITER = _SUBJECTS | _OWN  # any word naming the writer
_TOLD_ME = _TOLD | {"texting", "calling", "called", "telling", "asking", "sending", "showing", "messaging"}


_GROUP = re.compile(r"\(([^()]*)\)")


def expand(patterns: Iterable[str]) -> list[str]:
    """Expands "(end my life|end it)" phrase groups into one pattern per alternative."""
    expanded: list[str] = []
    for pattern in patterns:
        pattern = pattern.replace("<bignum>", "(<num2>|$big_number)")
        group = _GROUP.search(pattern)
        if group is None:
            expanded.append(pattern)
            continue
        variants = [pattern[: group.start()] + alt.strip() + pattern[group.end() :] for alt in group.group(1).split("|")]
        expanded.extend(expand(variants))
    return expanded


# Words too common to say whether a pattern can match ("i", "to", "want" ...).
_COMMON = frozenset(
    "i me my myself you he she they it we a an the to of in on at for and or but so be is am are was were "
    "do not no have has had will would can could should want wanna going go get got just all this that "
    "there what why how if with about like really so".split()
)


def trigger(pattern: list[dict[str, Any]]) -> frozenset[str]:
    """The most distinctive required word set of a pattern (empty: it must always run).

    A set of common words only ("about to do it") is still a trigger, the smallest one."""
    required = [
        frozenset(spec[attr]["IN"]) for spec in pattern for attr in ("NORM", "LOWER") if set(spec) == {attr}
    ]
    distinctive = [words for words in required if not words & _COMMON]
    return min(distinctive or required, key=len) if required else frozenset()


def merge(patterns: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Folds patterns that differ in one word into one ("be here" + "be around" -> "be here|around").

    Phrase groups expand into many patterns; folding them back keeps the Matchers fast (the whole
    detector is allowed 5 ms a message at p99, issue 11).
    """
    def key(spec: dict[str, Any]) -> str:
        return json.dumps(spec, sort_keys=True)

    current = {tuple(key(s) for s in pattern): pattern for pattern in patterns}
    changed = True
    while changed:
        changed = False
        for position in range(max((len(p) for p in current.values()), default=0)):
            groups: dict[tuple[str, ...], list[list[dict[str, Any]]]] = {}
            for pattern in current.values():
                spec = pattern[position] if position < len(pattern) else None
                if spec is None or set(spec) != {"NORM"}:
                    groups.setdefault(("unique", *(key(s) for s in pattern)), []).append(pattern)
                    continue
                rest = tuple(key(s) if i != position else "*" for i, s in enumerate(pattern))
                groups.setdefault(rest, []).append(pattern)
            merged = []
            for members in groups.values():
                if len(members) == 1:
                    merged.append(members[0])
                    continue
                words = sorted({w for m in members for w in m[position]["NORM"]["IN"]})
                merged.append([*members[0][:position], {"NORM": {"IN": words}}, *members[0][position + 1 :]])
                changed = True
            current = {tuple(key(s) for s in pattern): pattern for pattern in merged}
    return list(current.values())


class _Triggered:
    """Matchers grouped by the distinctive word every pattern in the group needs (see `trigger`).

    A message runs only the groups whose word it contains, and each only on the stretch of tokens around
    that word a pattern of the group could span: patterns hold no unbounded repeats, so a match always lies
    within its longest pattern's length of the word, and a long message costs what its crisis words cost.
    """

    def __init__(self, vocab: Any, patterns_by_label: dict[str, list[list[dict[str, Any]]]]) -> None:
        grouped: dict[frozenset[str], dict[str, list[list[dict[str, Any]]]]] = {}
        for label, patterns in patterns_by_label.items():
            for pattern in patterns:
                if any(spec.get("OP", "?") != "?" for spec in pattern):
                    raise ValueError(f"{label}: a pattern may only hold optional tokens, not repeats: {pattern}")
                grouped.setdefault(trigger(pattern), {}).setdefault(label, []).append(pattern)
        self._always: list[Matcher] = []
        self._groups: list[tuple[frozenset[str], int, Matcher]] = []  # (words, longest pattern, matcher)
        self._by_word: dict[str, list[int]] = {}
        for words, by_label in grouped.items():
            matcher = Matcher(vocab)
            for label, label_patterns in by_label.items():
                matcher.add(label, label_patterns)
            if not words:
                self._always.append(matcher)
                continue
            for word in words:
                self._by_word.setdefault(word, []).append(len(self._groups))
            self._groups.append((words, max(len(p) for ps in by_label.values() for p in ps), matcher))

    def __call__(self, doc: Doc, positions: dict[str, list[int]]) -> list[tuple[int, int, int]]:
        """Matches in `doc`, whose token positions by norm and by lower-case form are `positions`."""
        found = [match for matcher in self._always for match in matcher(doc)]
        for i in sorted({i for word in positions for i in self._by_word.get(word, ())}):
            words, longest, matcher = self._groups[i]
            seen: set[tuple[int, int, int]] = set()
            at = sorted({p for word in words & positions.keys() for p in positions[word]})
            for lo, hi in _stretches(at, longest, len(doc)):
                for match_id, start, end in matcher(doc[lo:hi]):
                    seen.add((match_id, start + lo, end + lo))
            found += sorted(seen, key=lambda m: (m[1], m[2]))
        return found


_QUOTES = frozenset({"'", '"'})  # the normaliser straightens curly quotes


def _opening_quote(doc: Doc, span: Span) -> int | None:
    """The quote mark that opens the quotation `span` stands in (an odd count of marks before it in its
    sentence), or None when it is not quoted."""
    marks = [i for i in range(span.sent.start, span.start) if doc[i].text in _QUOTES and not _possessive(doc, i)]
    return marks[-1] if len(marks) % 2 else None


def _possessive(doc: Doc, i: int) -> bool:
    """The apostrophe of "the kids' accounts", not a quote mark."""
    return doc[i].text == "'" and i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].lower_.endswith("s")


def _stretches(positions: list[int], longest: int, length: int) -> list[tuple[int, int]]:
    """Token ranges that hold every match of at most `longest` tokens through one of `positions`, merged."""
    merged: list[tuple[int, int]] = []
    for position in positions:
        lo, hi = max(position - longest + 1, 0), min(position + longest, length)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


@dataclass(frozen=True)
class Match:
    category: str
    language: str
    text: str
    discounted_by: str | None = None


@dataclass(frozen=True)
class Detection:
    """The verdict for one message; `matches` keeps the evidence, discounted ones included."""

    is_crisis: bool
    category: str | None = None
    audience: str = "self"
    language: str = "en"
    priority: int | None = None
    matches: tuple[Match, ...] = field(default_factory=tuple)
    explained: bool = False  # a not-crisis phrase (idiom, someone's past loss) matched: the backstop must be near certain
    topic_only: bool = False  # every live match is a bare topic word ("suicide"), nobody named next to it
    with_answer: bool = False  # a check-in beside the answer to the question the message asked

    @property
    def reply(self) -> str:
        """Which crisis reply fits: the check-in question (beside an answer or alone), or resources for the
        writer or someone else."""
        if self.category == CHECK_IN:
            return reply_key(CHECK_IN_WITH_ANSWER if self.with_answer else CHECK_IN, self.language)
        return reply_key(self.audience, self.language)


class CrisisDetector:
    def __init__(self, lexicon: Lexicon | None = None, backstop: bool = True) -> None:
        self.lexicon = lexicon or load_lexicon(enforce_review=False)
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self.nlp.initialize()
        vocabulary = {
            word
            for patterns in (*self.lexicon.targets.values(), self.lexicon.not_crisis)
            for pattern in expand(patterns)
            for element in pattern.split()
            for word in element.strip("=?").split("|")
        } | {word for words in self.lexicon.word_sets.values() for word in words}
        self.normalize = Normalizer(self.lexicon.spellings, vocabulary)
        # Target patterns are split by a distinctive word each must contain (`_Triggered`): most messages run none.
        self._targets = _Triggered(self.nlp.vocab, {
            f"{category}|{language}": merge([self._compile(p) for p in expand(patterns)])
            for (category, language), patterns in self.lexicon.targets.items()
        })
        # The not-crisis spans the same way: one Matcher of all of them cost 2 ms on a 30-word message.
        self._not_crisis = _Triggered(self.nlp.vocab, {
            "NOT_CRISIS": merge([self._compile(p, filler={}) for p in expand(self.lexicon.not_crisis)])
        })
        # Scope ends ("but", "and", a comma) are applied by _discount, not by ConText, so that they
        # cut negation and what-ifs but not topic framing ("difference between passive and active ...").
        self._context = ConText(self.nlp, rules=None, span_attrs="default")
        self._context.add(
            [
                ConTextRule(
                    r.literal, r.category, direction=r.direction, max_scope=r.max_scope,
                    pattern=list(r.pattern) if r.pattern else None,
                )
                for r in self.lexicon.context
                if r.category != "TERMINATE"
            ]
        )
        # Past framing without words of the present ("took pills once when I was 22"): the backstop must be near certain.
        self._historical = Matcher(self.nlp.vocab)
        self._historical.add("HISTORICAL", [
            list(r.pattern) if r.pattern else [{"LOWER": word} for word in r.literal.split()]
            for r in self.lexicon.context
            if r.category == "HISTORICAL"
        ])
        self._breaks = Matcher(self.nlp.vocab)  # token patterns, so a scope end can be "I am <doing>"
        self._breaks.add("BREAK", [
            list(r.pattern) if r.pattern else [{"LOWER": token.lower_} for token in self.nlp.make_doc(r.literal)]
            for r in self.lexicon.context
            if r.category == "TERMINATE"
        ])
        self._classifier = (
            CrisisClassifier(self.normalize, self.lexicon.classifier_threshold, enforce_review=False) if backstop else None
        )
        self._present = [self._lemmas(m) for m in self.lexicon.present_markers]
        self._urgency = [self._lemmas(m) for m in self.lexicon.urgency_markers]
        self._present_words = [tuple(m.split()) for m in self.lexicon.present_markers]
        self._denied_risks = _denial_of(self.lexicon.denied_risks)
        self._reporters = [tuple(self.normalize(m).split()) for m in self.lexicon.clinical_reporters]
        self._findings = [tuple(self.normalize(m).split()) for m in self.lexicon.clinical_findings]
        self._farewells = [tuple(self.normalize(m).split()) for m in self.lexicon.farewell_markers]
        self._owned = [tuple(self.normalize(m).split()) for m in self.lexicon.self_attribution]
        self._clinic_things = frozenset(self.lexicon.word_sets["clinic_thing"])
        self._affirmed = [tuple(self.normalize(m).split()) for m in self.lexicon.affirmed]
        self._writer_words = self.lexicon.first_person | _SPANISH_PERSON  # "quiero matarme" names the writer in the verb
        self._topic_words = {tuple(token.norm_ for token in self._doc(word)) for word in self.lexicon.topic_words}
        self._resolved = [tuple(self.normalize(m).split()) for m in self.lexicon.resolved_markers]
        ending = self.lexicon.treatment_ending
        self._ending_phrases = [tuple(_WORDS.findall(self.normalize(m))) for m in ending.phrases]
        self._ending_thanks = [tuple(_WORDS.findall(self.normalize(m))) for m in ending.thanks]
        self._ongoing = [tuple(self.normalize(m).split()) for m in self.lexicon.resolved_unless]

    def _lemma(self, word: str) -> str:
        doc = self.nlp(word)
        return doc[0].lemma_ or word if len(doc) == 1 else word

    def _lemmas(self, phrase: str) -> tuple[str, ...]:
        return tuple(self._key(token) for token in self.nlp(phrase))

    @staticmethod
    def _key(token: Any) -> str:
        return token.lemma_ or token.lower_

    def _word_set(self, word: str) -> list[str]:
        if not word.startswith("$"):
            return [word]
        if word[1:] not in self.lexicon.word_sets:
            raise ValueError(f"unknown word set {word}")
        return list(self.lexicon.word_sets[word[1:]])

    def _compile(self, pattern: str, filler: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Turns the lexicon's mini-language into a spaCy Matcher pattern over token norms.

        A target's filler never crosses punctuation; a not-crisis span's may ("check out, where").
        """
        filler = filler if filler is not None else {"IS_PUNCT": False}
        compiled: list[dict[str, Any]] = []
        for element in pattern.split():
            if element == "*":
                compiled += [{**filler, "OP": "?"}, {**filler, "OP": "?"}]
                continue
            if element == "<num>":
                compiled.append({"LIKE_NUM": True})
                continue
            if element == "<num2>":  # a number of ten or more ("took 40")
                compiled.append({"TEXT": {"REGEX": r"^\d{2,}$"}})
                continue
            optional = element.endswith("?") and len(element) > 1
            element = element.rstrip("?") if optional else element
            exact = element.startswith("=")
            words = [w for alt in element.lstrip("=").split("|") for w in self._word_set(alt)]
            spec: dict[str, Any] = (
                {"LOWER": {"IN": words}} if exact else {"NORM": {"IN": sorted({self._lemma(w) for w in words} | set(words))}}
            )
            if optional:
                spec["OP"] = "?"
            compiled.append(spec)
        return compiled

    def _doc(self, text: str) -> Doc:
        doc = self.nlp(self.normalize(text))
        for token in doc:
            token.norm_ = self._key(token)
        return doc

    def _ends_treatment(self, clean: str) -> bool:
        """Treatment ended with thanks or a farewell and no ordinary reason (`treatment_ending` in the lexicon)."""
        words = _WORDS.findall(clean)
        return (any(self._contains(words, phrase) for phrase in self._ending_phrases)
                and any(self._contains(words, phrase) for phrase in self._ending_thanks)
                and not self.lexicon.treatment_ending.reasons.intersection(words))

    def _without_farewells(self, words: list[str]) -> str:
        """The normalised message with every farewell marker taken out."""
        kept, i = [], 0
        while i < len(words):
            marker = next((f for f in self._farewells if tuple(w.strip(".,!?") for w in words[i : i + len(f)]) == f), None)
            kept += [] if marker else [words[i]]
            i += len(marker) if marker else 1
        return " ".join(kept)

    @staticmethod
    def _contains(keys: list[str], phrase: tuple[str, ...]) -> bool:
        if phrase and phrase[0] not in keys:  # most phrases are not there: one scan in C says so
            return False
        n = len(phrase)
        return any(keys[i] == phrase[0] and tuple(keys[i : i + n]) == phrase for i in range(len(keys) - n + 1))

    def _audience(self, doc: Doc, span: Span, category: str) -> str:
        """Who is at risk: the nearest person word before the target in its sentence (the writer by default).

        "my son" / "my 13 year old" name someone else; "you" marks a quoted question, not a disclosure.
        """
        if category == "third_party":
            return "other"
        # "the only reason i haven't killed myself"; "mi esposo no sabe que quiero matarme" (the verb names the writer)
        quote = _opening_quote(doc, span)
        if quote is None and any(
                token.lower_ in _SUBJECTS or (span.label_.endswith("|es") and token.lower_ in _SPANISH_PERSON) for token in span):
            return "self"
        # Inside quotes the words are the quoted person's: whoever wrote or said them is named before the quote
        # ("our 12 year old wrote 'I want to die' all over his notebook"; "I told her 'I want to die'"), unless the
        # quotation is a question put to someone ("the PHQ-9 question about 'thoughts that you would be better off dead'";
        # not "she keeps saying 'you won't have to worry about me much longer'", which names its speaker).
        if quote is not None and not any(t.lower_ in self.lexicon.first_person for t in span) and any(
                doc[i].lower_ in self.lexicon.second_person for i in range(quote + 1, span.start)):
            # ... unless someone else sent it ("my son just texted me 'love you mom, sorry for everything'").
            before = [t.lower_ for t in doc[span.sent.start : quote]]
            sent_by_other = any(w in _TOLD for w in before) and any(w in self.lexicon.other_person for w in before)
            return "other" if sent_by_other else "addressed"
        for i in range(span.start - 1 if quote is None else quote - 1, span.sent.start - 1, -1):
            word = doc[i].lower_
            if quote is not None and i > span.sent.start and doc[i - 1].lower_ in _TOLD:
                continue  # the listener of a quote ("texted me", "told her")
            if word in self.lexicon.other_person or doc[i].norm_ in self.lexicon.other_person:
                return "other"
            if word in self.lexicon.second_person:
                if word == "your" and i + 1 < span.start and doc[i + 1].lower_ in self._clinic_things:
                    continue  # the clinic's lot or staff, not a question put to the reader
                if any(doc[j].text == ":" for j in range(i + 1, span.start)):
                    continue  # a form's label ("how did you hear about us: google, while looking up lethal doses")
                # ... but told to the reader about the writer ("you won't be seeing me again") it is a disclosure
                return "self" if any(t.lower_ in self.lexicon.first_person for t in span) else "addressed"
            if word == "yo" and i > span.sent.start and doc[i - 1].like_num:  # "my 14 yo": years old, not Spanish "yo"
                continue
            if word == "me" and i > span.sent.start and doc[i - 1].lower_ in _TOLD:  # "he asked me which overpass..."
                continue
            if word in self.lexicon.first_person:
                following = {t.lower_ for t in doc[i + 1 : min(i + 4, span.start)]}
                if word in ("my", "mi") and following & (self.lexicon.other_person | {"old", "yo", "year"}):
                    return "other"
                return "self"
            if word == "our" and {t.lower_ for t in doc[i + 1 : min(i + 4, span.start)]} & (
                    self.lexicon.other_person | {"old", "yo", "year"}):
                return "other"  # "our son", "our 12 year old"
        return "self"

    def _about_someone_else(self, text: str, doc: Doc, live: list[tuple[Match, Span]]) -> bool:
        """ "My son texted me 'sorry for everything'", "found a noose in my brother's closet": a crisis phrase
        without "I/me" in it, in a message that names someone else, which the classifier reads as about another
        person. "Me" before a quote is the reader, not the one at risk; a phrase with "I/me" stays the writer's."""
        if self._classifier is None or any(t.lower_ in self._writer_words for _, span in live for t in span):
            return False
        if not any(t.lower_ in self.lexicon.other_person for t in doc):
            return False
        return self._classifier.categorise(text).category == "third_party"

    def _told_of_someone_else(self, clean: str) -> bool:
        """ "my mom took her whole month of lithium at once, she's slurring", "Our 12yo has been searching how to hang
        yourself": a message that opens on someone else and names the writer only as witness or asker is about that
        person when the category model gives someone else's risk a real share (its first pick was the act's)."""
        if self._classifier is None:
            return False
        witness, others = self.lexicon.witness, self.lexicon.other_person
        words = _WORDS.findall(clean)
        start = next((i for i, word in enumerate(words) if word not in witness.openers), len(words))
        opening = words[start : start + 4]
        if not opening or opening[:1] == ["he"] and _SPANISH_PERFECT.match(" ".join(opening[1:2])):
            return False  # "he estado buscando": Spanish "I have"
        if not (opening[0] in others or opening[0] in ("my", "our", "mi", "mis")
                and any(word in others or _AGE.fullmatch(word) for word in opening[1:])):
            return False
        for i, word in enumerate(words):
            before = words[i - 1] if i else ""
            if word in _OWN and not (word == "me" and before in _TOLD_ME) or word == "i" and not self._witness(words, i):
                return False
        return self._classifier.share(clean, "third_party") >= witness.share

    def _witness(self, words: list[str], i: int) -> bool:
        """The "i" at `i` asks ("what do i do") or witnesses ("i found", "i am holding a towel", "i can not reach him")."""
        witness = self.lexicon.witness
        after = [*words[i + 1 : i + 4], "", "", ""]
        if i and words[i - 1] in _AUXILIARIES:
            return True
        if after[0] in ("am", "was"):
            return after[1] in witness.after_i_am
        if after[0] in ("do", "did", "can", "could") and after[1] == "not":
            return after[2] in witness.after_not
        return after[0] in witness.after_i

    def _names_a_person(self, span: Span) -> bool:
        """ "kill myself", "end his life": a topic word nearby never makes these a mere topic."""
        people = self.lexicon.first_person | self.lexicon.other_person
        subject = span.doc[max(span.start - 2, 0) : span.start]  # "he said he [does] not see the point"
        return any(token.lower_ in people for token in [*subject, *span])

    def _personal(self, doc: Doc, span: Span, topic_tokens: set[int]) -> bool:
        """True when "I"/"my" stands next to the target with no topic word between ("my suicidal thoughts")."""
        lo, hi = max(span.sent.start, span.start - _NEAR), min(span.sent.end, span.end + _NEAR)
        for i in range(lo, hi):
            word = doc[i].lower_
            # Before the target any "I/me/my" counts; after it only a subject ("suicidal thoughts, I have them").
            if word not in (self.lexicon.first_person if i < span.start else _SUBJECTS):
                continue
            if i + 1 < span.start and doc[i + 1].lower_ in self.lexicon.other_person:
                continue  # "my son had a suicide attempt": someone else's, which the audience rules read
            between = range(i + 1, span.start) if i < span.start else range(span.end, i)
            if not topic_tokens.intersection(between):
                return True
        return False

    @staticmethod
    def _listed_after_denial(doc: Doc, before: Span, span: Span) -> bool:
        """ "not having any thoughts of ending my life or harming myself": the second of a list joined by "or"
        shares the denial of the first (`before`), however far its cue stood (ConText's scope counts tokens)."""
        between = [t.lower_ for t in doc[before.end : span.start]]
        return before.sent == span.sent and 0 < len(between) <= 3 and between[0] in ("or", "nor", "o", "ni")

    @staticmethod
    def _terminated(cue: tuple[int, int], span: Span, breaks: set[int], asks: bool = False) -> bool:
        """`asks`: the cue reports a question ("my son asks if"), whose "I will ..." right after it is what was asked."""
        lo, hi = (cue[1], span.start) if cue[1] <= span.start else (span.end, cue[0])
        if asks and cue[1] <= span.start:
            while lo in breaks:
                lo += 1
        return any(lo <= i < hi for i in breaks)

    def _present_in_clause(self, keys: list[str], span: Span, breaks: set[int]) -> bool:
        """ "I used to cut and I'm cutting again" is current; "...but I haven't in months, it feels far away now" is not."""
        for marker in self._present:
            n = len(marker)
            for i in range(span.sent.start, span.sent.end - n + 1):
                if tuple(keys[i : i + n]) == marker and not self._terminated((i, i + n), span, breaks):
                    return True
        return False

    @staticmethod
    def _conditioned(keys: list[str], cue: tuple[int, int], span: Span) -> bool:
        """A denial inside an "if" clause stays there when the main clause names its own "I": in "if the appeal
        is not approved i have a plan b" the "not" is the appeal's, not the plan's, and in "if i don't answer it
        means i went through with it" the answer's; a Spanish verb names it itself ("if la aseguranza no cubre ...
        ya no voy a seguir")."""
        if cue[1] > span.start:
            return False
        # ("si," is a yes: "si, no me voy a matar")
        opened = any(keys[i] in _CONDITIONS and keys[i + 1] != "," for i in range(span.sent.start, cue[0]))
        spanish_self = span.label_.endswith("|es") and any(keys[i] in _SPANISH_PERSON for i in range(span.start, span.end))
        return opened and (spanish_self or any(keys[i] in _SUBJECTS for i in range(cue[1], span.end)))

    def _someone_elses(self, keys: list[str], cue: tuple[int, int], span: Span) -> bool:
        """A denial said of someone else does not deny what the writer then says of themself: in "she shouldn't have
        to pay after I'm gone", "he would never believe I want to die" and "so she's not the one who finds me" the "not"
        is theirs, the rest the writer's."""
        if cue[1] > span.start or not any(keys[i] in _WRITER for i in range(cue[1], span.end)):
            return False
        before = cue[0] - 1
        while before >= 0 and keys[before] in _AUXILIARIES:
            before -= 1
        return before >= 0 and keys[before] in self.lexicon.other_person

    @staticmethod
    def _judges_a_condition(keys: list[str], cue: tuple[int, int], span: Span) -> bool:
        """A denial that judges an "if" clause holding the target affirms it: "wouldn't be the worst thing if I
        didn't wake up", "I wouldn't mind if I never woke up"."""
        return any(keys[i] in _CONDITIONS and keys[i + 1] != "," for i in range(cue[1], span.start))

    def _not_the_writers(self, keys: list[str], cue: tuple[int, int], span: Span) -> bool:
        """A denial that does not deny the writer's words: an "if" clause's, one judging an "if" clause, someone
        else's, or "no cap" (no lie)."""
        return (keys[cue[1] : cue[1] + 1] == ["cap"] or self._conditioned(keys, cue, span)
                or self._judges_a_condition(keys, cue, span) or self._someone_elses(keys, cue, span))

    def _discount(self, doc: Doc, span: Span, keys: list[str], breaks: set[int]) -> str | None:
        # A cue inside the target is part of it ("do not want to live", "never wake up"), and a
        # negation or what-if cut off by "but"/"and"/a comma does not reach it, nor one of an "if" clause, nor
        # "no cap" (no lie), nor one said of someone else.
        outside = [
            m
            for m in span._.modifiers
            if not (span.start <= m.modifier_span[0] < span.end)
            and (m.category == "TOPIC" or not self._terminated(m.modifier_span, span, breaks,
                                                               asks=keys[m.modifier_span[0]].startswith("ask")))
            and not (m.category == "NEGATED_EXISTENCE" and self._not_the_writers(keys, m.modifier_span, span))
        ]
        if any(m.category == "HYPOTHETICAL" and "already" in keys[m.modifier_span[1] : span.start] for m in outside):
            # "if someone already took 20 of them, can they still do tms": what has already happened is neither a
            # what-if nor a question about the subject
            outside = [m for m in outside if m.category not in ("HYPOTHETICAL", "TOPIC")]
        categories = {modifier.category for modifier in outside} & _DISCOUNTING
        topic_tokens = {i for m in outside if m.category == "TOPIC" for i in range(*m.modifier_span)}
        if "NEGATED_EXISTENCE" in categories:
            return "negated"
        if "HYPOTHETICAL" in categories:
            return "hypothetical"
        if "HISTORICAL" in categories and not self._present_in_clause(keys, span, breaks):
            return "historical"
        # Spanish targets carry the person in the verb ("quiero", "me"): a mere topic only without one.
        spanish = span.label_.endswith("|es") and bool({t.lower_ for t in span} & _SPANISH_PERSON)
        if "TOPIC" in categories and not spanish and not self._names_a_person(span):
            adjacent = bool(topic_tokens & {span.start - 1, span.end})
            if adjacent or not self._personal(doc, span, topic_tokens):
                return "topic"
        return None

    def detect(self, text: str | None, context: ConversationContext | None = None, answered: bool = False) -> Detection:
        """The verdict for one message; `context` (earlier turns) lowers the bar and reads check-in answers.

        `answered`: the message is a question the bot answers (a content entry, or a medical-advice decline).
        When only the backstop's statistics see a crisis in it, and nothing earlier in the session was
        distressed, the signal is uncertain by nature ("if it's not for me after a week can I just quit?"):
        the bot asks directly (the check-in tier, 988 in the same message) and still answers the question."""
        context = context or ConversationContext()
        if not text or not text.strip():
            return self._answer(Detection(is_crisis=False), context, "")
        step = MAX_CHARS - WINDOW_OVERLAP
        windows = [text[i : i + MAX_CHARS] for i in range(0, max(len(text) - WINDOW_OVERLAP, 1), step)]
        detections = [self._detect_window(window) for window in windows]
        crises = [d for d in detections if d.is_crisis]
        if crises and not self._explained_away(text, context, all(d.topic_only for d in crises)):
            return min(crises, key=lambda d: d.priority or 99)
        if crises:  # topic words or a resolved past, in a message that reads as ordinary: evidence kept
            matches = tuple(replace(m, discounted_by=m.discounted_by or "ordinary") for d in detections for m in d.matches)
            return self._answer(Detection(is_crisis=False, matches=matches), context, text)
        matches = tuple(m for d in detections for m in d.matches)
        # "but also", "Ω≈ç√ but also 漢字 y español": nothing the backstop can read, unless earlier turns give it weight
        short = not (context.recent or context.raises_risk) and sum(
            w not in _JOINERS for w in _READABLE.findall(self.normalize(text))) < MIN_BACKSTOP_WORDS
        if self._classifier is None or short:
            return self._answer(Detection(is_crisis=False, matches=matches), context, text)
        explained = any(d.explained for d in detections) or bool(matches)
        # A phrase the lexicon explained away ("I didn't want to die") is judged; the clauses around it are
        # not ("Overdosed on purpose last weekend."): the backstop reads those, never the judged clause, and
        # must be near certain (the rest of a denying message is mostly reassurance).
        # A bare topic word ("thinking pretty seriously about suicide most days") is not judged: its clause is
        # read too, and must be surer still, since most such messages ask about the topic.
        judged = tuple(m.text.lower() for m in matches if m.discounted_by != "topic")
        topical = tuple(m.text.lower() for m in matches if m.discounted_by == "topic")
        backstop = self._backstop(text[:CLASSIFIER_MAX_CHARS], context, explained, judged, topical, answered)
        return self._answer(replace(backstop, matches=backstop.matches or matches), context, text)

    def _explained_away(self, text: str, context: ConversationContext, topic_only: bool) -> bool:
        """The lexicon's commonest false alarms, when the backstop scores the message and every clause low
        and nothing earlier in the session was distressed: a topic word alone ("the suicide scenes in that
        book", "passive SI, safety plan in place", "why does Zoloft warn about suicidal thoughts"), and a past
        the writer says is over ("I tried in 1979. I have not since."), with nothing recent named; and any
        phrase in a message the backstop, denials and past framing discounted, all but rules out ("the kids were
        shocked when Neil shoots himself")."""
        lexicon, words = self.lexicon, len(text.split())
        if self._classifier is None:
            return False
        said = _WORDS.findall(self.normalize(text))
        ongoing = any(self._contains(said, u) for u in self._ongoing)
        floor = lexicon.topic_word_floor if topic_only and words >= lexicon.topic_word_min_words else 0.0
        if words >= lexicon.resolved_min_words and not ongoing and any(self._contains(said, m) for m in self._resolved):
            floor = max(floor, lexicon.resolved_floor)
        # a message longer than the backstop reads may hold its phrase where the backstop never looked
        ordinary = lexicon.ordinary_min_words <= words and len(text) <= CLASSIFIER_MAX_CHARS and not ongoing
        explained = False
        if floor:
            cleans = [self._classifier.normalize(clause) for clause in self._clauses(text[:CLASSIFIER_MAX_CHARS])]
            explained = max(self._classifier.probabilities(cleans)) < floor
        if ordinary and not explained:
            explained = self._score(text)[0] < lexicon.ordinary_floor
        return explained and not self._distressed(context)  # earlier turns are scored only when it matters

    def _answer(self, detection: Detection, context: ConversationContext, text: str) -> Detection:
        """After the check-in question anything but a clear "no" escalates at the top priority."""
        if not context.awaiting_check_in:
            return detection
        top = self.lexicon.categories[CHECK_IN_ANSWER]
        if detection.is_crisis and detection.category != CHECK_IN:
            return replace(detection, priority=min(detection.priority or top, top))
        if not detection.is_crisis and self._clear_no(text, detection.matches):
            return detection
        match = Match(CHECK_IN_ANSWER, detection.language, "answer to the check-in question")
        return Detection(True, CHECK_IN_ANSWER, "self", detection.language, self.lexicon.categories[CHECK_IN_ANSWER], (match,))

    def _clear_no(self, text: str, matches: tuple[Match, ...]) -> bool:
        """ "no", "nope, I'm safe", "no, estoy bien": a denial first, no hedge or "not OK" (the lexicon's
        check_in_unclear, read with punctuation so "no estoy bien" differs from "no, estoy bien") and no
        live crisis language."""
        clean = self.normalize(text)
        words = re.findall(r"[\w']+", clean)
        starts = {" ".join(words[:n]) for n in (1, 2, 3)}
        if not starts & self.lexicon.check_in_no or not all(m.discounted_by for m in matches):
            return False
        return not any(re.search(rf"(?<![\w']){re.escape(p)}(?![\w'])", clean) for p in self.lexicon.check_in_unclear)

    def _clauses(self, text: str) -> list[str]:
        parts = [p for p in _CLAUSES.split(text) if p and len(p.split()) >= 2]
        return [text, *parts[:MAX_CLAUSES]] if len(parts) > 1 else [text]

    def _score(
        self, text: str, explained: bool = False, judged: tuple[str, ...] = (), topical: tuple[str, ...] = ()
    ) -> tuple[float, str]:
        """The highest crisis probability over the message and its clauses; a clause with a denial, or a
        message the lexicon explained as an idiom or someone's past loss, must be near certain, and a clause of a
        message that as a whole scores low counts only when the backstop is all but sure of it.

        With `judged` (phrases the lexicon discounted) only the clauses without them are read, as they are."""
        assert self._classifier is not None
        best, best_clause = 0.0, text
        clauses = self._clauses(text)
        cleans = [self._classifier.normalize(clause) for clause in clauses]
        probabilities = self._classifier.probabilities(cleans)  # the message and its clauses in one pass
        whole_low = len(clauses) > 1 and probabilities[0] < WHOLE_FLOOR
        for clause, clean, probability in zip(clauses, cleans, probabilities, strict=True):
            if judged and (clause is text or any(phrase in clean for phrase in judged)):
                continue
            if whole_low and clause is not text and (probability < CLAUSE_THRESHOLD or len(clause.split()) < SHORT_CLAUSE):
                continue
            if explained or _denies(clause, self._denied_risks) or self._past(clause, whole=clause is text):
                probability *= self._classifier.threshold / DENIAL_THRESHOLD
            if any(phrase in clean for phrase in topical):
                probability *= DENIAL_THRESHOLD / TOPIC_THRESHOLD
            if probability > best:
                best, best_clause = probability, clause
        return best, best_clause

    def _past(self, clause: str, whole: bool = False) -> bool:
        """Past framing ("years ago", "in 2014", "when I was 22") and, in a clause, no word of the present.

        The whole message always counts as past framed: its present-tense clauses are scored on their own."""
        doc = self.nlp.make_doc(self.normalize(clause))
        if not self._historical(doc):
            return False
        if whole:
            return True
        keys = [token.lower_ for token in doc]
        return not any(self._contains(keys, marker) for marker in self._present_words)

    def _distressed(self, context: ConversationContext) -> bool:
        """Earlier hopelessness, a positive PHQ-9 item 9 or an earlier escalation in this session."""
        if context.raises_risk:
            return True
        return any(self._score(text)[0] >= self.lexicon.distress_threshold for text in context.recent)

    def _backstop(
        self, text: str, context: ConversationContext, explained: bool = False, judged: tuple[str, ...] = (),
        topical: tuple[str, ...] = (), answered: bool = False,
    ) -> Detection:
        """Nothing in the lexicon matched live: the classifier may still recognise a paraphrase.

        Sure: a crisis. Uncertain: the check-in tier (a direct question). Earlier distress in the session
        lowers the bar one tier (uncertain is a crisis, weaker signal a check-in), and makes a farewell a crisis.
        """
        assert self._classifier is not None
        if text.isascii() and not re.search(r"[^\W\d_]", text):
            return Detection(is_crisis=False)  # digits and punctuation only ("2", "35."): a form answer, no words to read
        clean = self.normalize(text)
        if any(reply.fullmatch(clean) for reply in self.lexicon.auto_replies) and not self._distressed(context):
            return Detection(is_crisis=False)  # a phone's or a mail system's words, not the person's
        probability, clause = self._score(text, explained, judged, topical)
        words = clean.split()
        ending = self._ends_treatment(clean)  # worth the question whatever the score
        farewell = ending or any(self._contains(words, f) for f in self._farewells)
        earlier_distress = self._distressed(context) if farewell else None  # scores earlier turns: read once
        if farewell and not earlier_distress and not ending:
            # A sign-off is the commonest last message on a clinic's site: without earlier distress the rest
            # of the message must carry some signal ("thanks for everything, bye" alone is not a crisis;
            # "say goodbye to Dr. Lee for me, she tried" is).
            if self._score(self._without_farewells(words), explained, judged, topical)[0] < self.lexicon.distress_threshold:
                return Detection(is_crisis=False)
        if probability >= self._classifier.threshold:
            sure, distressed = True, False
            if answered and not farewell:
                distressed = self._distressed(context) if earlier_distress is None else earlier_distress
                sure = distressed
        elif probability < self.lexicon.distress_threshold and not farewell:
            return Detection(is_crisis=False)
        else:
            distressed = self._distressed(context) if earlier_distress is None else earlier_distress
            sure = distressed and (probability >= self.lexicon.check_in_threshold or farewell)
            floor = self.lexicon.distress_threshold if distressed or farewell else self.lexicon.check_in_threshold
            # An uncertain signal next to a denial ("I'm not going to overdose, I just ...") is not worth the
            # question, nor one in a message the lexicon explained (an idiom, someone's past loss).
            if not sure and not ending and (probability < floor or explained or _denies(clause, self._denied_risks)):
                return Detection(is_crisis=False)
        verdict = self._classifier.categorise(clause)
        # Someone else's risk gets the helper's reply, not the question about the writer's own life; an uncertain
        # one keeps the check-in's priority (beside an answer the check-in stays: the answer must still follow).
        other = verdict.audience == "other" or ((sure or not answered) and self._told_of_someone_else(clean))
        category = "third_party" if other else (verdict.category or "passive") if sure else CHECK_IN
        note = f"classifier p={probability:.2f}" + (" after distress" if distressed else "") + (" farewell" if farewell else "")
        return Detection(
            is_crisis=True,
            category=category,
            audience="other" if other else "self",
            language=verdict.language,
            priority=self.lexicon.categories[category if sure else CHECK_IN],
            matches=(Match(category, verdict.language, note),),
            with_answer=answered and not sure and not farewell,
        )

    def _detect_window(self, text: str) -> Detection:
        doc = self._doc(text)
        keys = [token.norm_ for token in doc]
        words = [token.lower_ for token in doc]
        positions: dict[str, list[int]] = {}
        for i, (key, word) in enumerate(zip(keys, words, strict=True)):
            positions.setdefault(key, []).append(i)
            if word != key:
                positions.setdefault(word, []).append(i)
        blocked = [(start, end) for _, start, end in self._not_crisis(doc, positions)]
        spans = []
        for match_id, start, end in self._targets(doc, positions):
            if any(start < b_end and b_start < end for b_start, b_end in blocked):
                continue
            spans.append(Span(doc, start, end, label=self.nlp.vocab.strings[match_id]))
        if not spans:
            return Detection(is_crisis=False, explained=bool(blocked))
        # Of two labels on the same tokens the more urgent is kept (filter_spans keeps the first of equals).
        spans.sort(key=lambda span: self.lexicon.categories[span.label_.split("|")[0]])
        doc.set_ents(filter_spans(spans))  # what `doc.ents = ...` does, typed
        self._context(doc)
        breaks = {i for _, start, end in self._breaks(doc) for i in range(start, end)}
        matches: list[Match] = []
        for before, span in zip((None, *doc.ents), doc.ents, strict=False):  # each target with the one before it
            category, language = span.label_.split("|")
            discount = self._discount(doc, span, keys, breaks)
            if discount is None and before is not None and matches[-1].discounted_by == "negated" \
                    and self._listed_after_denial(doc, before, span):
                discount = "negated"
            matches.append(Match(category, language, span.text, discount))
        if any(self._contains(words, r) for r in self._reporters) and any(self._contains(words, f) for f in self._findings):
            matches = [
                replace(m, discounted_by="clinical_report")
                if m.discounted_by is None and m.category in self.lexicon.clinical_categories else m
                for m in matches
            ]
        audience_of = {span.start: self._audience(doc, span, m.category) for m, span in zip(matches, doc.ents, strict=False)}
        matches = [
            replace(m, discounted_by="addressed") if m.discounted_by is None and audience_of[span.start] == "addressed" else m
            for m, span in zip(matches, doc.ents, strict=False)
        ]
        if any(self._contains(words, phrase) for phrase in self._affirmed):
            matches = [replace(m, discounted_by=None) if m.discounted_by in ("hypothetical", "topic") else m for m in matches]
        owned = any(self._contains(words, phrase) for phrase in self._owned)
        if owned:
            matches = [replace(m, discounted_by=None) if m.discounted_by in ("topic", "addressed", "hypothetical") else m
                       for m in matches]
            audience_of = {start: "self" if audience == "addressed" else audience for start, audience in audience_of.items()}
        live = [(m, span) for m, span in zip(matches, doc.ents, strict=False) if m.discounted_by is None]
        if not live:
            return Detection(is_crisis=False, matches=tuple(matches))
        topic_only = all(
            tuple(keys[span.start : span.end]) in self._topic_words and not self._personal(doc, span, set()) for _, span in live
        )
        audiences = {audience_of[span.start] for _, span in live}
        audience = "self" if "self" in audiences else "other"
        if audience == "self" and (self._about_someone_else(text, doc, live) or self._told_of_someone_else(doc.text)):
            audience = "other"
        categories = {m.category for m, _ in live}
        if audience == "other":
            category = "third_party"
        else:
            self_categories = categories - {"third_party"}
            if "imminent" not in self_categories and any(self._contains(keys, u) for u in self._urgency):
                self_categories.add("imminent")
            category = min(self_categories, key=lambda c: (self.lexicon.categories[c], c))
        # Someone who writes any crisis phrase in Spanish gets the Spanish reply (it names the English line too).
        language = "es" if any(m.language == "es" for m in matches if m.discounted_by in (None, "topic")) else "en"
        return Detection(
            is_crisis=True,
            category=category,
            audience=audience,
            language=language,
            priority=self.lexicon.categories[category],
            matches=tuple(matches),
            topic_only=topic_only,
        )


@lru_cache(maxsize=1)
def default_detector() -> CrisisDetector:
    """One detector per process: building the matchers takes about a second."""
    return CrisisDetector()
