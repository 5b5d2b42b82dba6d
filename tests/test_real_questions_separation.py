"""The real-question sets stay out of training, so their figures mean something: the held-out set
(tests/heldout/real_questions.yml, real_questions_2.yml, real_questions_3.yml) and the development set
(tests/data/real_questions_dev.yml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.answers.evaluate import DECLINE, NO_CONTENT, QUESTIONS, load_questions
from bot.config import ROOT
from bot.content.store import load_content
from tests.test_heldout_separation import _nlu_examples, normalise

DEV = ROOT / "tests" / "data" / "real_questions_dev.yml"
SECOND = ROOT / "tests" / "heldout" / "real_questions_2.yml"  # held out until the end of 2026-12-01's second round
THIRD = ROOT / "tests" / "heldout" / "real_questions_3.yml"  # held out until the end of 2026-12-01's third round
FOURTH = ROOT / "tests" / "heldout" / "real_questions_4.yml"  # held out until the end of 2026-12-01's fourth round
FIFTH = ROOT / "tests" / "heldout" / "real_questions_5.yml"  # held out until the end of 2026-12-01's fifth round
SIXTH = ROOT / "tests" / "heldout" / "real_questions_6.yml"  # held out until the end of 2026-12-01's sixth round
SEVENTH = ROOT / "tests" / "heldout" / "real_questions_7.yml"  # held out until the end of 2026-12-01's seventh round
EIGHTH = ROOT / "tests" / "heldout" / "real_questions_8.yml"  # held out until the end of 2026-12-02's eighth round
NINTH = ROOT / "tests" / "heldout" / "real_questions_9.yml"  # held out until the end of 2026-12-02's ninth round
TENTH = ROOT / "tests" / "heldout" / "real_questions_10.yml"  # held out until the end of 2026-12-02's tenth round
ELEVENTH = ROOT / "tests" / "heldout" / "real_questions_11.yml"  # held out until the middle of the eleventh round
TWELFTH = ROOT / "tests" / "heldout" / "real_questions_12.yml"  # held out until the end of the eleventh round
THIRTEENTH = ROOT / "tests" / "heldout" / "real_questions_13.yml"  # held out until the start of the twelfth round
FOURTEENTH = ROOT / "tests" / "heldout" / "real_questions_14.yml"  # held out until the end of the twelfth round
FIFTEENTH = ROOT / "tests" / "heldout" / "real_questions_15.yml"  # held out until the start of the thirteenth round
SEVENTEENTH = ROOT / "tests" / "heldout" / "real_questions_17.yml"  # held out until the start of the fourteenth round
EIGHTEENTH = ROOT / "tests" / "heldout" / "real_questions_18.yml"  # held out until the end of the fourteenth round
NINETEENTH = ROOT / "tests" / "heldout" / "real_questions_19.yml"  # held out until the start of the fifteenth round
#: Short FAQ-style paraphrases from an independent writer (the held-out paraphrase target of issue 12).
PARAPHRASES_2 = ROOT / "tests" / "heldout" / "faq_paraphrases_2.yml"  # held out until the start of the fifteenth round
TWENTIETH = ROOT / "tests" / "heldout" / "real_questions_20.yml"  # held out until the end of the fifteenth round
PARAPHRASES_3 = ROOT / "tests" / "heldout" / "faq_paraphrases_3.yml"  # held out until the end of the fifteenth round
TWENTY_FIRST = ROOT / "tests" / "heldout" / "real_questions_21.yml"  # written mid-round fifteen, opened at its end
TWENTY_SECOND = ROOT / "tests" / "heldout" / "real_questions_22.yml"  # written at the start of round sixteen, read after
TWENTY_THIRD = ROOT / "tests" / "heldout" / "real_questions_23.yml"  # held out until the middle of round sixteen
PARAPHRASES_4 = ROOT / "tests" / "heldout" / "faq_paraphrases_4.yml"  # held out until the middle of round sixteen
TWENTY_FOURTH = ROOT / "tests" / "heldout" / "real_questions_24.yml"  # held out until the end of round sixteen
PARAPHRASES_5 = ROOT / "tests" / "heldout" / "faq_paraphrases_5.yml"  # held out until the end of round sixteen
TWENTY_FIFTH = ROOT / "tests" / "heldout" / "real_questions_25.yml"  # written at the start of round seventeen, read after
TWENTY_SEVENTH = ROOT / "tests" / "heldout" / "real_questions_27.yml"  # written mid-round seventeen, read after
TWENTY_SIXTH = ROOT / "tests" / "heldout" / "real_questions_26.yml"  # held out until the end of round seventeen
PARAPHRASES_6 = ROOT / "tests" / "heldout" / "faq_paraphrases_6.yml"  # held out until the end of round seventeen
#: Short canonical questions ("is tms safe", "does it hurt") that any writer words the same way; the sets
#: were written blind, so these coincide rather than leak. Anything longer found in training was copied.
CANONICAL_WORDS = 4
#: Training questions already in the content before each set was written (commit 3938edc for the held-out
#: set, 268ed9c for the development set, 76eef0a for the third held-out set, 4b19286 for the fourth, 9852370 for the fifth,
#: 3b65853 for the sixth, 7f5245a for the seventh, 11eaf48 for the eighth, 12d52c3 for the ninth): coincidences,
#: not copies.
KNOWN_COINCIDENCES = {
    QUESTIONS: frozenset({"how do i know if tms is right for me", "is tms approved for teenagers"}),
    DEV: frozenset({"how do i know if tms is right for me", "is tms safe during pregnancy", "can i do tms at home",
                    "do you treat ocd with tms", "is tms approved for adolescents", "are you open on saturdays",
                    "who won the game last night", "whats the difference between deep tms and regular tms"}),
    SECOND: frozenset(),
    THIRD: frozenset({"do i need a referral", "how do i book a consultation", "is tms safe during pregnancy"}),
    FOURTH: frozenset({"does it permanently change your brain"}),
    FIFTH: frozenset({"how do i book a consult", "is tms safe during pregnancy",
                      "whats the difference between deep tms and regular tms", "do you treat ocd with tms",
                      "do you have interpreters my father only speaks vietnamese"}),
    # 12 of 200, all in training before the set was written (checked on 3b65853); the figures without them are in
    # tests/heldout/README.md.
    SIXTH: frozenset({"does the tapping actually hurt or is it more just annoying", "how do i book a consultation",
                      "is there an upper age limit for tms", "is there wifi in the waiting room", "is tms ok for seniors",
                      "is tms safe during pregnancy", "is tms used for parkinsons", "my tsh came back 62 is that why im depressed",
                      "what is the tms dip", "what types of tms are there",
                      "whats the difference between deep tms and regular tms",
                      "¿en cuánto tiempo se empiezan a notar los resultados"}),
    # 27 of 200 (these 17 longer than four words), all in training at 7f5245a, before the set was written.
    SEVENTH: frozenset({"am i awake the whole time or do they put you under",
                        "are there different kinds of tms or is it all basically the same thing",
                        "can i drink alcohol during tms", "do i need a referral", "do you do tms for chronic pain or fibromyalgia",
                        "do you use brainsway or neurostar", "how much does it cost", "how soon do people start feeling better",
                        "i have a cochlear implant does that automatically rule me out", "is coffee ok before a session",
                        "is there a waitlist right now", "is tms approved for adolescents", "is tms safe during pregnancy",
                        "tms vs ect which is better", "whats the difference between deep tms and regular tms",
                        "when did the fda clear tms for depression", "¿es verdad que el tms puede provocar convulsiones"}),
    # 12 of 200 (these 3 longer than four words), all in training at 11eaf48, before the set was written.
    EIGHTH: frozenset({"can i drink alcohol during tms", "can i drive home after",
                       "is the building wheelchair accessible my husband uses a power chair"}),
    # 18 of 200 (these 11 longer than four words), all in training at 12d52c3, before the set was written.
    NINTH: frozenset({"are you open on saturdays", "can i drink alcohol during tms", "cuántas sesiones son en total",
                      "do you treat ocd with tms", "do you use brainsway or neurostar",
                      "does tms cause brain fog or trouble concentrating",
                      "is the building wheelchair accessible my husband uses a power chair", "is there a waitlist right now",
                      "is tms safe during pregnancy", "whats the difference between deep tms and regular tms",
                      "whats the self pay price for a full course"}),
    # 9 of 200 (these 4 longer than four words), all in training at 6f0aca3, before the set was written.
    TENTH: frozenset({"is tms approved for adolescents", "can i drink during tms", "does it mess with your memory",
                      "can i do tms at home"}),
    # Both in training before set 11 was written (7858209).
    ELEVENTH: frozenset({"how much does it cost", "can i buy a tms machine to use at home"}),
    # All four in training before set 12 was written (44686dc; the joke came with writer BJ).
    TWELFTH: frozenset({"is tms safe during pregnancy", "do you treat ocd with tms",
                        "¿cuánto tiempo pasa entre la consulta y la primera sesión", "tell me a joke im bored in the waiting room"}),
    # In training before set 13 was written (79bad25).
    THIRTEENTH: frozenset({"does tms work for bipolar depression"}),
    # 12 of 200 (these 5 longer than four words), all in training at 57920f7, before set 14 was written.
    FOURTEENTH: frozenset({"who is not allowed to get tms", "is tms safe during pregnancy",
                           "whats the difference between deep tms and regular tms", "do you treat fibromyalgia pain with tms",
                           "tell me a joke im bored in the waiting room"}),
    # All three in training at 4155750, before set 15 was written.
    FIFTEENTH: frozenset({"can tms make someone manic", "can your office fill out fmla paperwork for my employer",
                          "are you running any research studies i could sign up for"}),
    # 11 of 200 (two longer than six words), all in training at 671d9cc, before set 17 was written.
    SEVENTEENTH: frozenset({"how does a magnet fix depression", "am i awake the whole time or do they put you under",
                            "when will i start feeling better", "do i need a referral", "do i have to stop my meds",
                            "what if it doesnt work", "how do i book a consult", "can i drink during tms",
                            "does tms work for bipolar depression", "can i do tms at home",
                            "who does the treatment a doctor"}),
    # All five in training at 671d9cc, before set 18 was written.
    EIGHTEENTH: frozenset({"do i need a referral", "what if it doesnt work", "is there an at home version",
                           "who does the treatment a doctor", "can you prescribe me something for sleep"}),
    # All in training at 1cd7738, before set 19 and paraphrase set 2 were written (short FAQ wordings any writer uses).
    NINETEENTH: frozenset({"can i do tms at home", "can i drink during tms", "can tms be used for bipolar depression",
                           "do i need a referral", "how does a magnet fix depression", "what is the tms dip",
                           "whats the actual seizure risk like 1 in how many", "when will i start feeling better",
                           "who does the treatment a doctor"}),
    PARAPHRASES_2: frozenset({"can i do multiple sessions a day to finish faster", "can i do tms at home",
                              "can i drink alcohol during tms", "can i wear earrings during treatment",
                              "can tms cause brain damage", "can you prescribe me something for sleep",
                              "do you treat ocd with tms", "does it work for bipolar depression",
                              "how do you find the right spot on my head", "how much does tms cost",
                              "how soon do people start feeling better", "is tms approved for adolescents",
                              "is tms approved for ocd", "is tms safe during pregnancy",
                              "what happens at the first appointment the mapping one", "what happens if i quit halfway",
                              "what if tms doesnt work for me", "what is the tms dip",
                              "whats the difference between high and low frequency tms",
                              "when did the fda clear tms for depression", "who is a good candidate for tms"}),
    # All in training at 1cd7738, before set 20 and paraphrase set 3 were written.
    TWENTIETH: frozenset({"can i bring my service dog", "can i do tms at home", "can i drink during tms",
                          "can i keep taking my meds during tms", "do i need a referral", "how does a magnet fix depression tho",
                          "who does the treatment a doctor"}),
    PARAPHRASES_3: frozenset({"are those tdcs headsets on amazon the same thing",
                              "are you running any research studies i could sign up for", "can i do tms at home",
                              "can i drink alcohol during tms", "can i keep taking my antidepressants during tms",
                              "can tms cause brain damage", "do you use brainsway or neurostar",
                              "does tms work for bipolar depression", "has the fda actually signed off on this",
                              "how do i book a consult", "how do you find the right spot on my head", "how much does tms cost",
                              "how soon do people start feeling better", "is there a waitlist right now",
                              "is there an age limit for tms", "is tms approved for obsessive compulsive disorder",
                              "is tms dangerous at all", "is tms safe during pregnancy", "risk of hypomania with tms",
                              "what happens if i quit halfway", "what if tms doesnt work for me", "what is the tms dip",
                              "whats the difference between high and low frequency tms",
                              "when did the fda clear tms for depression", "which brand of machine does your office use",
                              "write me a python script to sort a list"}),
    # 17 of 200, all in training at 1cd7738, before set 21 was written.
    TWENTY_FIRST: frozenset({"are you running any research studies i could sign up for", "brainsway or neurostar which one is better",
                             "can i buy a tms machine to use at home", "can i drink during tms", "do i need a referral",
                             "does it give u headaches after", "does tms work for bipolar depression", "how do i book a consult",
                             "how does a magnet fix depression", "how long is each session",
                             "is tms fda cleared for ocd or only depression", "tell me a joke im bored in the waiting room",
                             "what actually happens in a session", "what if it doesnt work",
                             "whats the actual seizure risk like 1 in how many", "when will i start feeling better",
                             "who does the treatment a doctor"}),
    # 10 of 200, all in training at f5a46be, before set 22 was written.
    TWENTY_SECOND: frozenset({"how does a magnet fix depression", "do i need a referral", "what if it doesnt work",
                              "does tms work for bipolar depression", "can tms make someone manic",
                              "will it mess with my memory", "is there a home version", "who does the treatment a doctor",
                              "do you have payment plans", "tell me a joke im bored in the waiting room"}),
    # All in training at f5a46be, before set 23 and paraphrase set 4 were written.
    TWENTY_THIRD: frozenset({
        "can i do tms at home", "can i drive home after", "can i stop whenever i want",
        "can you prescribe me something for sleep", "do i need a referral", "does it give u headaches after",
        "how does a magnet fix depression", "tell me a joke im bored in the waiting room",
        "tms or ect which is better", "what if it doesnt work", "who does the treatment a doctor"}),
    PARAPHRASES_4: frozenset({
        "am i awake the whole time or do they put you under", "can i buy a tms machine to use at home",
        "can i keep taking my antidepressants during tms", "can you prescribe me something for sleep",
        "do you use brainsway or neurostar", "how do i book a consultation", "how much does tms cost",
        "is a psychiatrist there during sessions", "is rtms the same thing as tms or different",
        "is there an age limit for tms", "is tms safe during pregnancy", "price per session without insurance",
        "tms vs ect which is better", "what are your hours are you open saturdays",
        "when did the fda clear tms for depression"}),
    # All in training before set 24 and paraphrase set 5 were written (f5a46be and this round's four intent examples).
    TWENTY_FOURTH: frozenset({
        "are you hiring tms techs", "can tms cause brain damage", "do i need a referral", "do you do payment plans",
        "does it give u headaches after", "how do i book a consultation", "how does a magnet fix depression",
        "is there a bus line that stops near you i dont drive", "is tms approved for ocd", "what is the tms dip",
        "who does the treatment a doctor"}),
    PARAPHRASES_5: frozenset({
        "am i awake the whole time or do they put you under", "any research studies i could sign up for",
        "can i do tms at home", "can i drink alcohol during tms", "can i keep taking my antidepressants during tms",
        "can you prescribe me something for sleep", "does it work for bipolar depression",
        "how do i book a consultation", "how many sessions do you need total", "how much does it cost",
        "how soon do people start feeling better", "is coffee ok before a session", "is tms safe during pregnancy",
        "what happens if i quit tms halfway", "what if tms doesnt work for me", "what is the tms dip",
        "when did the fda clear tms for depression", "when will i notice a difference",
        "write me a python script to sort a list"}),
    # All in training at f0cfb63, before set 25 was written.
    TWENTY_FIFTH: frozenset({
        "can i do tms at home", "can i drink during tms", "can i drive home after", "can i stop whenever i want",
        "do i need a referral", "does it work for bipolar depression", "how does a magnet fix depression",
        "is the tms dip real", "tell me a joke im bored in the waiting room", "who does the treatment a doctor"}),
    # All in training at f0cfb63, before set 27 was written (this round added no training questions).
    TWENTY_SEVENTH: frozenset({
        "can i buy a tms machine to use at home", "can my service dog come in with me to the treatment room",
        "do i have to stop my meds", "do i need a referral", "what is the tms dip", "who does the treatment a doctor"}),
    # All in training at f0cfb63, before set 26 and paraphrase set 6 were written.
    TWENTY_SIXTH: frozenset({
        "are your tms technicians certified", "can i drink during tms",
        "can i fill out the intake paperwork online before my first visit", "do i need a referral",
        "does tms work for bipolar depression", "how do i book a consultation", "how much does tms cost",
        "is coffee ok before a session", "should i stop my lexapro before i start tms", "what if it doesnt work",
        "when did the fda clear tms for depression", "who does the treatment a doctor", "will it mess up my memory"}),
    PARAPHRASES_6: frozenset({
        "are you running any research studies i could sign up for", "can i do tms at home", "can i stop tms early",
        "does it work for elderly people", "does tms work for bipolar depression", "how much does tms cost",
        "is a psychiatrist there during sessions", "is tms dangerous at all", "tms vs ect which is better",
        "what are your hours are you open saturdays", "what is the tms dip",
        "what training do your tms technicians have", "when did the fda clear tms for depression",
        "will it mess with my memory"}),
}
SETS = pytest.mark.parametrize("path", [QUESTIONS, DEV, SECOND, THIRD, FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH, TENTH,
                                         ELEVENTH, TWELFTH, THIRTEENTH, FOURTEENTH, FIFTEENTH, SEVENTEENTH, EIGHTEENTH,
                                         NINETEENTH, PARAPHRASES_2, TWENTIETH, PARAPHRASES_3,
                                         TWENTY_FIRST, TWENTY_SECOND, TWENTY_THIRD, PARAPHRASES_4,
                                         TWENTY_FOURTH, PARAPHRASES_5, TWENTY_FIFTH, TWENTY_SEVENTH,
                                         TWENTY_SIXTH, PARAPHRASES_6],
                               ids=["heldout", "dev", "heldout-2", "heldout-3", "heldout-4", "heldout-5", "heldout-6",
                                    "heldout-7", "heldout-8", "heldout-9", "heldout-10", "heldout-11", "heldout-12", "heldout-13",
                                    "heldout-14", "heldout-15", "heldout-17", "heldout-18", "heldout-19", "paraphrases-2",
                                    "heldout-20", "paraphrases-3", "heldout-21", "heldout-22", "heldout-23",
                                    "paraphrases-4", "heldout-24", "paraphrases-5", "heldout-25", "heldout-27", "heldout-26",
                                    "paraphrases-6"])


@SETS
def test_real_questions_are_not_in_training_data(path: Path) -> None:
    training = {normalise(q) for entry in load_content().entries for q in entry.questions}
    training |= {normalise(e) for examples in _nlu_examples().values() for e in examples}
    leaked = [q.text for q in load_questions(path)
              if normalise(q.text) in training and len(normalise(q.text).split()) > CANONICAL_WORDS
              and normalise(q.text) not in KNOWN_COINCIDENCES[path]]
    assert not leaked, f"real questions copied into training data: {leaked}"


@SETS
def test_real_questions_name_entries_that_exist_or_say_why_not(path: Path) -> None:
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    assert len(questions) >= 150
    allowed = set(load_content().ids) | {DECLINE, NO_CONTENT}
    assert {q["expected"] for q in questions} <= allowed


def test_only_decline_labelled_messages_are_marked_as_crises() -> None:
    """`crisis: true` lets a crisis reply count as a decline; it must never excuse a missed content answer."""
    marked = [q for q in load_questions(DEV) if q.crisis]
    assert marked and all(q.expected == DECLINE for q in marked)
