"""One decision per message: which intent (and which entry) the NLU result should end up with.

Order: an answer to the buttons just offered; a "Did you mean" title; possibly urgent symptoms and
personal medical advice (declined, never answered from content); then the fit of the chosen entry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from bot.answers import advice, offers
from bot.answers.fit import DEFAULT_THRESHOLDS, FitIndex, Thresholds, content_words, fold, judge
from bot.answers.glossary import concepts
from bot.answers.no_content import topic_without_content

FAQ = "faq"
FALLBACK = "nlu_fallback"
CLARIFY = "faq_clarify"
ADVICE = "medical_advice"
URGENT = "medical_urgent"
OUT_OF_SCOPE = "out_of_scope"
NO_CONTENT = "no_content"  # a clinic matter no entry covers (hours, visitors, telehealth): learned from examples
DENY = "deny"
#: Intents the answers layer may re-decide; everything else (greetings, pre-screen, crisis) passes through.
QUESTION_INTENTS = frozenset({FAQ, FALLBACK, ADVICE, OUT_OF_SCOPE, NO_CONTENT})
RESCUE_FIT = 0.6  # a low-confidence or off-topic verdict is overturned only by an entry that fits this well
BARE_RESCUE_FIT = 0.8  # ... or this well, for a question without any clinic word
GENERAL_CONFIDENCE = 0.8  # an advice verdict is overturned only by a selector this sure ...
GENERAL_FIT = 0.6  # ... of an entry that fits this well (and no personal advice pattern)
PRESCREEN = "start_prescreen"
HANDOFF = "human_handoff"
#: Asking for a person is a staff request (staff are told), not the clinic's contact details alone.
_ASK_FOR_PERSON = re.compile(r"\b(?:can|could|may|want to|wanna|like to|need to|let me|please|prefer to|rather)\b.*"
                             r"\b(?:talk|speak|chat)\b.*\b(?:person|human|someone|somebody|staff|nurse|agent|"
                             r"representative)\b")
#: Asking to be screened ("screen me", "continue the pre-screen") starts it; asking whether TMS could work
#: ("could this work for me?", "am I a candidate?") gets the reviewed answer, which offers the pre-screen.
_SCREEN_REQUEST = re.compile(r"\b(?:pre-?screen\w*|screen\w*|questionnaire|quiz|survey|check|continue|resume|"
                             r"pick up|finish|ready|begin|apply|find out|test|start|take)\b")
_WORD = re.compile(r"[^\W\d_]")  # a letter of any alphabet
_WORDS = re.compile(r"[^\W\d_](?:[^\W\d_]|')*")  # words of any alphabet ("sesión", "español", "you're")
_QUESTION = re.compile(r"^\s*(?:could|can|am|is|would|will|do|does|might|may)\b|\?\s*$")
#: Words that put a question in the clinic's world: without any, an unanswerable question is off topic
#: (declined), with one it is a clinic question we lack content for (honest "no reviewed information").
CLINIC_CONTEXT = frozenset(fold(word) for word in """
tms rtms dtms treatment treatments treated session sessions clinic clinics coil coils magnet magnets magnetic
brain depression depressed course therapy appointment appointments office staff waiting parking insurance
doctor doctors psychiatrist technician tech techs machine chair neurostar brainsway ect consult consultation
visit visits medication medications meds antidepressant antidepressants you your you're youre procedure
building accessible wheelchair records privacy private hotel hotels lodging travel childcare interpreter
mask covid bus transportation wifi head skull scalp seizure seizures headache headaches implant implants metal
hours open saturday saturdays sunday weekend weekends evening evenings deposit receipt receipts hsa fsa portal
location locations discount fee fees lobby waitlist bill billing invoice copay
medicare medicaid aetna cigna humana tricare kaiser anthem ambetter tenncare optum uhc bcbs
paperwork form forms intake fmla employer
tratamiento tratamientos sesión sesiones clínica depresión seguro medicamento medicamentos médico cita citas horario
estacionamiento español intérprete tratamento tratamentos sessão sessões consulta remédio remédios
tretman klinik sesyon doktè asirans randevou gamot doktor klinika paggamot bring
""".split())  # compared without accents ("sesion", "clinica")
#: Clinic words that are as common outside a clinic ("can you summarize this paper?", "rain this weekend?"): when the
#: intent model itself reads a message as off topic, these alone do not make it a clinic question.
WEAK_CONTEXT = frozenset("you your you're youre saturday saturdays sunday sundays weekend weekends evening evenings"
                         .split())
#: Words that make a message off topic even beside a clinic word ("should I buy BrainsWay stock?", "a good
#: restaurant near the clinic"): a message the model declined as off topic stays declined.
OFF_TOPIC = re.compile(r"\b(?:stocks?|stock market|crypto\w*|restaurants?|recipes?|homework|cover letter|equation|"
                       r"python|javascript|netflix|poem|translate|essays?|who won|final score|playoffs?|super bowl|"
                       r"world series|(?:write|writing|finish) my \w+(?: \d+)? (?:paper|report)|for my \w+(?: \d+)? class|"
                       r"legal (?:side|advice|help|case|matters?|stuff)|evict\w*|landlord|lawyers?|attorneys?|small claims|"
                       r"capital of|settl\w* a bet|trivia|tell me a (?:joke|story|riddle)|riddle me|speeding ticket|"
                       r"traffic (?:school|ticket|court)|"
                       r"(?:snap|food stamps?|ebt|wic|unemployment|medicaid renewal) (?:recertification|application|form|renewal|claim)s?|"
                       r"(?:write|draft) (?:a|an|my) (?:text|letter|email|message|reply) to "
                       r"(?:my )?(?:ex|landlord|boss|hoa|teacher|neighbou?r)\b|"
                       r"(?:elk|deer|duck|turkey|hunting|fishing) (?:season|license|licence|tags?)|road conditions|"
                       r"(?:can|could|should) i sue|sue (?:him|her|them|my|the)\b|lawsuit|"
                       r"(?:science|math|history|biology|chemistry|spanish) (?:test|quiz|exam|project)|"
                       r"(?:make|bake|cook) (?:a |an )?(?:\w+ ){0,2}(?:pie|cake|cookies|bread|soup|chili|lasagna|casserole)|"
                       r"gaming|gpu|graphics card|video games?|"
                       r"what(?:'s| is|s) the weather|weather (?:gonna|going to) be|forecast|"
                       r"^(?:how'?s |the )*weather (?:this|next|today|tomorrow|tonight|for)\b|"
                       r"recommend\w* (?:me )?(?:a |an |some )?(?:good |great |fun )?(?:\w+ )?"
                       r"(?:podcast|book|movie|show|song|playlist|game)s?|"
                       # round seventeen's decline batch CH: a forecast (not whether the clinic closes for it), a
                       # citizenship test, wages, a trip to plan, cheap travel; a recipe in Somali
                       r"is it (?:going to|gonna|supposed to) (?:snow|rain|storm)\b(?!.*\b(?:open|clos\w*|cancel\w*|"
                       r"sessions?|appointments?|treatments?)\b)|citizenship (?:test|interview|exam)|overtime pay|"
                       r"(?:pay|paid) (?:me )?overtime|minimum wage|plan (?:a|my|our) (?:\d+[- ]day )?(?:trip|vacation|itinerary)|"
                       r"cheap (?:hotels?|flights?|tickets?|airfare)|sidee loo (?:sameeyaa|kariyaa|samaysto)|"
                       r"qu[eé] tiempo (?:va a hacer|hace|har[aá])|pron[oó]stico del tiempo|va a llover)\b"
                       # ... and in scripts where \b does not hold: Bengali tickets, recipes and cooking
                       r"|টিকেট|টিকিট|রেসিপি|রান্না")
#: Sentences: a question's own sentence is what it asks; the others may only set the scene ("I've got my appointment
#: Thursday. Is it supposed to rain?").
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_ASKS = re.compile(r"\b(?:how|what|whats|who|which|where|when|why|can you|could you|would you|will you|help me|tell me|"
                   r"recommend|suggest)\b")
_POINTS_BACK = re.compile(r"\b(?:that|this|it|them|those|there)\W*$", re.I)


@dataclass(frozen=True)
class Outcome:
    intent: str
    entry: str | None = None
    options: tuple[str, ...] = ()
    reason: str = ""


def decide(text: str, intent: str, faq_ranking: Sequence[tuple[str, float]], offered: Sequence[offers.Button],
           index: FitIndex, titles: Mapping[str, str], original_intent: str | None = None,
           thresholds: Thresholds = DEFAULT_THRESHOLDS, eligibility_entry: str | None = None) -> Outcome | None:
    """None: keep the model's verdict. `original_intent`: the best intent before the fallback classifier;
    `eligibility_entry`: the entry that answers "could TMS work for me?" and offers the pre-screen."""
    reply = offers.read_reply(text, offered)
    if reply is not None:
        if reply.kind == "decline":
            return Outcome(DENY, reason="offer declined")
        assert reply.button is not None
        if reply.button.payload == offers.NONE_OF_THESE:
            return Outcome(FALLBACK, reason="none of the options")
        named = offers.payload_intent(reply.button.payload)
        if named:
            return Outcome(named, reason="offer accepted")
        entry = _titled(reply.button.payload, titles) or _titled(reply.button.title, titles)
        if entry:
            return Outcome(FAQ, entry, reason="offer accepted")
    entry = _titled(text, titles)
    if entry:
        return Outcome(FAQ, entry, reason="entry title")
    if intent == PRESCREEN and eligibility_entry and is_eligibility_question(text):
        return Outcome(FAQ, eligibility_entry, reason="eligibility question")
    if intent == PRESCREEN:  # "where do I check in for my first appointment?" is a question, not a start
        topic = topic_without_content(text, faq_ranking[0][0] if faq_ranking else None)
        return Outcome(FALLBACK, reason=f"no reviewed content: {topic}") if topic else None
    if intent not in QUESTION_INTENTS:
        return None
    if not has_words(text):
        return Outcome(FALLBACK, reason="no words")
    if _ASK_FOR_PERSON.search(text.lower()):
        return Outcome(HANDOFF, reason="asked for a person")
    if advice.is_urgent(text) and (intent != FAQ or advice.is_personal_advice(text) or advice.is_urgent_now(text)):
        return Outcome(URGENT, reason="possibly urgent symptom")
    if advice.is_personal_advice(text):
        return None if intent == ADVICE else Outcome(ADVICE, reason="personal advice pattern")
    if OFF_TOPIC.search(_questions(text).lower()):
        return None if intent == OUT_OF_SCOPE else Outcome(OUT_OF_SCOPE, reason="off-topic words")
    read = _fit_text(text, index)  # other languages' question words, in English
    if intent == ADVICE:  # a decline stays a decline unless an entry clearly answers it
        return _general_question(read, faq_ranking, index, thresholds)
    topic = topic_without_content(text, faq_ranking[0][0] if faq_ranking else None)
    if topic:
        return Outcome(FALLBACK, reason=f"no reviewed content: {topic}")
    if intent == NO_CONTENT:  # said honestly, unless an entry clearly answers it after all
        return _general_question(read, faq_ranking, index, thresholds) or Outcome(FALLBACK, reason="no reviewed content: clinic matter")
    if intent == OUT_OF_SCOPE:
        rescued = _rescue(read, faq_ranking, index, thresholds)
        if rescued or not in_clinic_context(asked(text), weak=False):
            return rescued
        return Outcome(FALLBACK, reason="clinic topic without content")
    if intent == FALLBACK:
        if original_intent in (ADVICE, NO_CONTENT):  # only the ranker's confident, close pick overturns either
            rescued = _general_question(read, faq_ranking, index, thresholds)
        else:
            rescued = _rescue(read, faq_ranking, index, thresholds)
        clinic = original_intent == NO_CONTENT or in_clinic_context(read, weak=original_intent != OUT_OF_SCOPE)
        return rescued or (None if clinic else Outcome(OUT_OF_SCOPE, reason="no clinic topic"))
    if unreadable(text, read):  # nothing the fit check can read: no entry is known to answer it
        if in_clinic_context(read):
            return Outcome(FALLBACK, reason="another language, no glossary word")
        return Outcome(OUT_OF_SCOPE, reason="another language, no clinic word")
    verdict = judge(index, read, faq_ranking, thresholds)
    unsure = not faq_ranking or faq_ranking[0][1] < thresholds.confident
    if verdict.action == "answer" and unsure and verdict.fit < BARE_RESCUE_FIT and not in_clinic_context(read):
        # An unsure selector's pick for a question without a clinic word ("what's the weather in Phoenix
        # tomorrow?" -> the travel entry) must fit as closely as a rescued one.
        return Outcome(OUT_OF_SCOPE, reason=f"no clinic topic, unsure pick ({verdict.fit:.2f})")
    if verdict.action == "answer":
        return Outcome(FAQ, verdict.entry, reason=f"fit {verdict.fit:.2f}")
    if verdict.action == "clarify":
        return Outcome(CLARIFY, verdict.entry, verdict.options, reason=f"close call, fit {verdict.fit:.2f}")
    if not in_clinic_context(read):
        return Outcome(OUT_OF_SCOPE, reason=f"no clinic topic, entry does not fit ({verdict.fit:.2f})")
    return Outcome(FALLBACK, verdict.entry, reason=f"entry does not fit ({verdict.fit:.2f})")


def has_words(text: str) -> bool:
    """A message without a letter ("5" to a 1-3 choice, "12/3") asks nothing of the content."""
    return bool(_WORD.search(text))


def is_eligibility_question(text: str) -> bool:
    lowered = text.lower()
    return bool(_QUESTION.search(lowered)) and not _SCREEN_REQUEST.search(lowered)


def asked(text: str) -> str:
    """The sentences that ask (ending in "?"), else the last one: what a question the model read as off topic asks,
    without the scene around it ("after my session tomorrow I'm going fishing. what's the redfish limit?")."""
    sentences = [s for s in _SENTENCES.split(text.strip()) if s]
    questions = [s for s in sentences if s.rstrip().endswith("?")] or sentences[-1:]
    if any(_POINTS_BACK.search(q) for q in questions):  # "... my code expired. Who can fix that?" asks about the scene
        return text
    return " ".join(questions)


def _questions(text: str) -> str:
    """The sentences that ask (a "?", a question word, a request), else the whole message: the scene around a
    question ("is there wifi in the waiting area? gotta do homework while I wait") does not make it off topic."""
    questions = [s for s in _SENTENCES.split(text.strip()) if s.rstrip().endswith("?") or _ASKS.search(s.lower())]
    return " ".join(questions) or text


def _fit_text(text: str, index: FitIndex) -> str:
    """What the fit check reads: for a message in another language, its glossary concepts' English words and the words
    an entry uses ("(side effects)", "TMS"); its other words ("Dadka", "intee") are unknown to every entry and would
    count against any of them."""
    found = concepts(text)
    if not found:
        return text
    kept = [w for w in _WORDS.findall(fold(text)) if any(stem in index.weight for stem in content_words(w))]
    return " ".join([*kept, *found])


def unreadable(text: str, read: str) -> bool:
    """Mostly another alphabet and no word the fit check can weigh (`read`: the glossed text): every entry would
    "fit" it, so the unsure selector's picks came back as a "Did you mean" of unrelated entries ("Как правильно
    приготовить борщ?")."""
    letters = _WORD.findall(text)
    latin = sum(1 for c in letters if c.isascii())
    # A glossary concept whose English is all function words ("what is tms") was still understood.
    return len(letters) > 2 * latin and not content_words(read) and not concepts(text)


def in_clinic_context(text: str, weak: bool = True) -> bool:
    """`weak=False`: a word of WEAK_CONTEXT alone does not count. A glossary term (a clinic topic named in another
    language: "Qiimaha TMS", "保险") makes a clinic question too."""
    words = set(_WORDS.findall(fold(text))) & CLINIC_CONTEXT
    return bool(words if weak else words - WEAK_CONTEXT) or bool(concepts(text))


def _rescue(text: str, ranking: Sequence[tuple[str, float]], index: FitIndex, thresholds: Thresholds) -> Outcome | None:
    """Short questions often carry no clinic word ("earliest I could begin?"): without one the selector must be
    sure and the entry cover nearly all of the question ("what's the weather tomorrow" is still off topic)."""
    bare = not in_clinic_context(text)
    if bare and (not ranking or ranking[0][1] < GENERAL_CONFIDENCE):
        return None
    verdict = judge(index, text, ranking, thresholds)
    if verdict.action == "answer" and verdict.fit >= (BARE_RESCUE_FIT if bare else RESCUE_FIT):
        return Outcome(FAQ, verdict.entry, reason=f"rescued, fit {verdict.fit:.2f}")
    return None


def _general_question(text: str, ranking: Sequence[tuple[str, float]], index: FitIndex,
                      thresholds: Thresholds) -> Outcome | None:
    """A question the intent model took for personal advice (though no advice pattern fires) or for a clinic matter
    without content, where an entry is both the selector's confident choice and a close fit ("TMS or ECT, which is
    better?"): the entry answers. A looser fit is not enough: "what time do you close on fridays" shares words with
    the entry on missed sessions and clinic closures."""
    if not ranking or ranking[0][1] < GENERAL_CONFIDENCE:
        return None
    entry, _ = ranking[0]
    fit = index.fit(text, entry)
    return Outcome(FAQ, entry, reason=f"general question, fit {fit:.2f}") if fit >= GENERAL_FIT else None


def _titled(text: str, titles: Mapping[str, str]) -> str | None:
    clean = " ".join(text.lower().split()).rstrip("?!. ")
    for entry, title in titles.items():
        if clean == " ".join(title.lower().split()).rstrip("?!. "):
            return entry
    return None
