"""Crisis detector behaviour: framing, idioms, slang, typos, Spanish, who is at risk, urgency, odd input.

(Accuracy over the labelled evaluation sets is checked elsewhere; these are the behaviours each reply depends on.)
"""
from __future__ import annotations

from typing import Any

import pytest

from bot.safety.context import CHECK_IN, ConversationContext, from_events
from bot.safety.detector import _DENIAL, MAX_CHARS, CrisisDetector, Detection, default_detector

# medspaCy warns on every call that its unused target matcher has no patterns.
pytestmark = pytest.mark.filterwarnings("ignore:.*W036:UserWarning")


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def _assert_crisis(detection: Detection, text: str) -> None:
    assert detection.is_crisis, f"missed crisis language: {text!r} ({detection.matches})"
    assert detection.category is not None and detection.priority is not None


# --------------------------------------------------------------------------------- not a crisis


@pytest.mark.parametrize(
    "text",
    [
        # negation
        "I'm not suicidal",
        "I am not suicidal, just curious about tms",
        "I have never had thoughts of suicide",
        "No, I don't want to kill myself",
        # idioms
        "this commute is killing me",
        # a number of sessions, not an age not reached
        "i won't see 2 of my sessions next week because of travel",
        "i don't want my husband to worry, is tms safe",
        "is it ok as long as my husband stays with me during the session",
        "I'd kill for a coffee",
        "dying to know the price",
        "my feet are killing me after work",
        # plain questions
        "how much does tms cost",
        "hello",
    ],
)
def test_not_a_crisis(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    assert not detection.is_crisis, detection
    assert detection.category is None and detection.priority is None


def test_negation_keeps_the_evidence(detector: CrisisDetector) -> None:
    """A negated match is kept (for review and tuning) but marked as discounted."""
    detection = detector.detect("I'm not suicidal")
    assert detection.matches and all(m.discounted_by == "negated" for m in detection.matches)


# ------------------------------------------------------------------------------------ a crisis


@pytest.mark.parametrize(
    "text",
    [
        # slang and shorthand
        "kms",
        "i wanna kms",
        "i wanna unalive myself",
        # misspellings and stretched letters
        "i want to kil myself",
        "suicidel",
        "i feel so suicidel",
        "i want to dieeee",
        "i want to k1ll myself",
        # a negation elsewhere in the message does not cancel a disclosure
        "I'm not okay, I want to die",
        "I'm not sure anymore, I just want to end my life",
        # plain disclosures
        "sorry for everything, this is goodbye",
        "I want to die",
        "I've been thinking about suicide",
        "I WANT TO KILL MYSELF",
        # not being able to sleep is a symptom, not a denial of what follows
        "when i can't sleep i cut my arms",
        # a question about the topic that the writer then owns
        "is it normal to want to commit suicide during tms? because i really do",
        # a denial about someone else's lot does not cancel the writer's going
        "What's the cancellation fee? Don't want my wife stuck with a bill after I'm gone next week.",
    ],
)
def test_crisis_for_the_writer(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.audience == "self"
    assert detection.reply == "self_en"


@pytest.mark.parametrize("text", ["quiero morir", "me quiero matar", "quiero suicidarme", "ya no quiero vivir",
                                  "mi esposo no sabe que quiero matarme"])
def test_spanish_gets_the_spanish_reply(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.language == "es"
    assert detection.reply == "self_es"


@pytest.mark.parametrize(
    "text",
    ["my son wants to kill himself", "my daughter said she wants to die", "my husband is talking about suicide",
     # quoted or reported words: the "me" is their reader, the one at risk is the person named
     "my daughter just texted me 'sorry for everything' and now her phone is off",
     "a friend of mine posted a goodbye message and is not picking up",
     "I found a rope in my brother's closet and he's been saying goodbye to people",
     # round nineteen: the act told of someone else, the writer only a witness or asker (the category model's
     # first pick is the act: an overdose, a cut, a car running in a shut garage)
     "my brother swallowed a whole bottle of his sleeping pills an hour ago and he's hard to wake, what do i do",
     "hi my roommate is in the tub with a razor and there's blood, i'm outside the door, should i break it",
     "Our 16yo has been looking up how many tylenol it takes, the school counselor just called us",
     "our 14 year old has been cutting again and hiding it under long sleeves",
     "my dad said he's going out to the lake tonight and won't be coming back. I don't drive, who do I call"],
)
def test_someone_else_at_risk(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.audience == "other"
    assert detection.category == "third_party"
    assert detection.reply == "other_en"


@pytest.mark.parametrize("text", [
    "my husband works nights and I'm home alone with his pistol on the table, I've been looking at it for an hour",
    "my sister. she'll be getting a call soon. I've made up my mind",
])
def test_a_message_opening_on_someone_else_stays_the_writers_when_they_speak_of_themself(
        detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.audience == "self", text


def test_writer_at_risk_wins_over_someone_else(detector: CrisisDetector) -> None:
    """If both the writer and someone else are at risk, the writer's reply is the one to send."""
    detection = detector.detect("my brother wants to kill himself and honestly i want to die too")
    _assert_crisis(detection, "mixed")
    assert detection.audience == "self"
    assert detection.reply == "self_en"


@pytest.mark.parametrize(
    "text",
    ["i took a bunch of pills", "i took all my pills tonight", "i have the rope ready and i want to die tonight"],
)
def test_imminent_risk_is_priority_one(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.category == "imminent"
    assert detection.priority == 1


def test_urgency_upgrades_ideation_to_imminent(detector: CrisisDetector) -> None:
    plain = detector.detect("I want to die")
    urgent = detector.detect("I want to die tonight")
    assert plain.category != "imminent" and plain.priority is not None and plain.priority > 1
    assert urgent.category == "imminent" and urgent.priority == 1


# ------------------------------------------------------------------------------------ odd input


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "\n\t\r",
        "\x00\x01\x02\x1b[31m",
        "😀😀😀🙏",
        "\ud800",
        "\udfff\ud800 hello",
        "\u200b\u200b\ufeff",
        "{}[]()<>?!.,;:'\"\\",
        "a" * 5000,
    ],
    ids=["none", "empty", "spaces", "whitespace", "control", "emoji", "lone-surrogate", "surrogates", "zero-width",
         "punctuation", "one-long-word"],
)
def test_odd_input_never_raises(detector: CrisisDetector, text: str | None) -> None:
    detection = detector.detect(text)
    assert detection.is_crisis is False


@pytest.mark.parametrize(
    "text",
    ["i want\x00 to\x07 die", "i\u200bwant to die", "i want to die \ud800", "\ufeffi want to die 😢", "i want to kill myself\x00"],
    ids=["control", "zero-width", "surrogate", "bom-emoji", "trailing-nul"],
)
def test_junk_characters_do_not_hide_a_crisis(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


def test_crisis_at_the_end_of_100kb_of_text(detector: CrisisDetector) -> None:
    filler = "Here is some more about my week and the weather. "
    text = filler * (100_000 // len(filler) + 1) + "I want to kill myself."
    assert len(text) > 100_000
    _assert_crisis(detector.detect(text), "<100 KB>")


def test_long_harmless_text_is_not_a_crisis(detector: CrisisDetector) -> None:
    assert not detector.detect("tell me about tms please. " * 2000).is_crisis


@pytest.mark.parametrize("cut", [3, 7, 11])
def test_crisis_phrase_across_a_scan_window_edge(detector: CrisisDetector, cut: int) -> None:
    """Long messages are scanned in windows; a phrase split by a window edge must still be seen."""
    phrase = "i want to die"  # neither part of it is crisis language on its own
    padding = ("ok " * MAX_CHARS)[: MAX_CHARS - cut - 1] + " "
    text = padding + phrase
    assert text[:MAX_CHARS].endswith(phrase[:cut]) and not text[:MAX_CHARS].endswith(phrase)
    _assert_crisis(detector.detect(text), f"<phrase cut after {cut} chars>")


# ------------------------------------------------------------------ issue 11: structure, context, check-in


@pytest.mark.parametrize(
    "text",
    [
        # a relative's or friend's past death by suicide
        "my uncle died by suicide when I was little, does that go under family history?",
        "we lost my cousin to suicide two years ago and I want help with my own depression",
        "my grandfather killed himself before I was born",
        # a clearly past, dated history
        "I had a suicide attempt in 2009, I've been stable for years",
        "I had suicidal thoughts at 17, none since",
        # a clinician's referral with a safety plan
        "Referring a patient with passive SI, denies intent, safety plan in place. Do you take Medicare?",
        # Spanish idioms with morir/matar
        "me muero de hambre, ¿puedo comer antes?",
        "estoy muerta de sueño hoy",
        "el calor me está matando",
        "mi hermana me va a matar si llego tarde",
        # Spanish denials, dated history and questions about the subject
        "En la consulta me preguntaron si pienso en matarme y les dije que no",
        "Intenté matarme a los 20 y llevo años estable. ¿Eso me excluye del TMS?",
        "¿Es cierto que los antidepresivos pueden aumentar las ideas suicidas?",
    ],
)
def test_losses_past_history_referrals_and_spanish_idioms_are_not_crises(detector: CrisisDetector, text: str) -> None:
    assert not detector.detect(text).is_crisis, detector.detect(text)


@pytest.mark.parametrize(
    "text",
    [
        "my brother killed himself last year and now I want to die too",
        "I attempted in 2015 and I'm thinking about suicide again now",
        "me quiero morir",
        "ya no aguanto los pensamientos de matarme",  # the "no" is another verb's
        "intenté matarme anoche",  # a past tense, but last night
    ],
)
def test_a_present_crisis_beside_a_loss_or_history_still_counts(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


@pytest.mark.parametrize(
    "text",
    [
        # a topic word, nobody's disclosure: a label warning, a book
        "What does the suicide warning on the Effexor box actually mean for someone my age?",
        "Why do some antidepressant labels mention suicidal thinking for people under 25?",
        "My book club picked a novel where the mother attempts suicide. Heavy. Anyway can I move my Tuesday slot?",
        # a past the writer says is over
        "When things were at their worst, six years ago, I had thoughts of ending things. Got treatment and I'm past that. "
        "Is the consult free?",
        "During my first year of nursing school I was in a bad place and thought about ending things, but I got help and "
        "have been okay since. Is TMS covered by my plan?",
        "Thoughts of suicide were a big part of my 20s. Therapy helped and that passed, I'm 44 now. Would I still qualify?",
    ],
)
def test_a_topic_word_or_a_resolved_past_that_reads_as_ordinary_is_not_a_crisis(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    assert not detection.is_crisis, detection
    # the evidence is kept for review, with why it was discounted (read as ordinary, or framed as past)
    assert detection.matches and all(m.discounted_by in ("ordinary", "historical") for m in detection.matches)


@pytest.mark.parametrize(
    "text",
    [
        "suicidal thoughts",  # too short to read as anything but a disclosure
        "I have suicidal thoughts every night and the Effexor warning scares me",  # personal
        "I tried to end my life back in 1998 and I have not since, but last night I thought about it again",
        "got help years ago but I'm planning to kill myself this weekend",
        "I thought about ending things in nursing school, got help and have been okay since. I am still thinking about it.",
    ],
)
def test_a_disclosure_or_anything_recent_beside_a_topic_word_or_history_still_counts(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


@pytest.mark.parametrize("text", [
    "What does the suicide warning on the Effexor box actually mean for someone my age?",
    "Thoughts of suicide were a big part of my 20s. Therapy helped and that passed, I'm 44 now. Would I still qualify?",
])
def test_a_topic_word_or_history_after_distress_earlier_in_the_session_still_counts(detector: CrisisDetector, text: str) -> None:
    assert not detector.detect(text).is_crisis
    assert detector.detect(text, ConversationContext(recent=("i feel hopeless and so tired of everything",))).is_crisis
    assert detector.detect(text, ConversationContext(item9_positive=True)).is_crisis


def test_the_uncertain_tier_asks_directly_with_a_lower_priority(detector: CrisisDetector) -> None:
    check_in = detector.lexicon.check_in_threshold
    threshold = detector._classifier.threshold  # type: ignore[union-attr]
    assert check_in < threshold
    detection = Detection(True, "check_in", "self", "en", detector.lexicon.categories["check_in"])
    assert detection.reply == "check_in_en"
    assert detector.lexicon.categories["check_in"] > detector.lexicon.categories["passive"]
    assert detector.lexicon.categories["check_in_answer"] == 1


@pytest.mark.parametrize(("text", "category"), [
    ("If it doesn't work I have a plan and I intend to use it.", "imminent"),  # the condition's "not" is its own
    ("friend of mine who goes to your clinic just posted a goodbye on instagram and isnt answering", "third_party"),
    ("I've been in your lot for 40 minutes trying to decide whether to come inside or drive to the bridge.", "imminent"),
    ("if someone took 40 of the 100mg sertraline how long before it's too late? asking because I did at 9", "imminent"),
    ("Drank a little bleach, not enough to die, just to feel it burn going down.", "imminent"),
    ("What's your refund policy if I'm not alive to finish the sessions?", "passive"),
    ("I'm on the interstate shoulder waiting for the next semi.", "imminent"),
    ("when the pain flares I hold a hot iron against my leg", "self_harm"),
    ("my coping skill lately is the lighter", "self_harm"),
    ("what's the easiest way to kill yourself. asking for real", "ideation"),
    ("some nights I drive too fast and kind of hope I lose control", "passive"),
    ("dad said at dinner 'you won't have to worry about me much longer' and went to bed", "third_party"),
    ("me tomé como 20 clonazepam hace rato", "imminent"),
    ("iwtd iwtd", "ideation"),
])
def test_round_ten_phrasings_conditions_the_clinics_things_and_owned_questions_are_crises(
        detector: CrisisDetector, text: str, category: str) -> None:
    detection = detector.detect(text)
    assert detection.is_crisis and detection.category == category, detection


@pytest.mark.parametrize(("text", "audience"), [
    ("Our 12 year old wrote 'I want to die' all over his notebook.", "other"),
    ("she said 'I want to kill myself' and locked the door", "other"),
    ("I wrote 'I want to die' in my journal last night", "self"),
    ("After I sell the house and the money's in the kids' accounts, I'm going to take all of my pills.", "self"),
])
def test_quoted_words_belong_to_whoever_wrote_or_said_them(detector: CrisisDetector, text: str, audience: str) -> None:
    detection = detector.detect(text)
    assert detection.is_crisis and detection.audience == audience


@pytest.mark.parametrize("text", ["im so done 🔫😵", "i bite my wrist real hard when i panic, theres marks all over now",
                                  "one of my residents is sitting on the roof ledge of our building"])
def test_after_round_tens_held_out_set(detector: CrisisDetector, text: str) -> None:
    assert detector.detect(text).is_crisis


@pytest.mark.parametrize("text", [
    # a farewell note's exculpation and a "not" of jest are no denial
    "Giving my PlayStation and my cat to my best friend tomorrow. Just wanted to say thanks to the clinic, it's not your fault.",
    "just want you to know none of this was your fault. the treatment, the staff, none of it. i'm just tired. bye",
    "kys is what my brain keeps sayin lmaooo except its not funny",
])
def test_a_negative_that_says_the_opposite_of_a_denial(detector: CrisisDetector, text: str) -> None:
    assert detector.detect(text).is_crisis


@pytest.mark.parametrize(("clause", "denies"), [
    ("I'm not suicidal", True), ("no, I don't want to die", True), ("I won't hurt myself", True),
    ("I'm not sticking around for it", False), ("I won't be here by spring", False), ("I don't want to wake up", False),
    ("SI back, not ok", False), ("it wasn't your fault", False), ("none of this was anyone's fault", False),
])
def test_a_crisis_said_in_the_negative_is_no_denial(clause: str, denies: bool) -> None:
    """A denial makes the backstop's bar higher and rules out the check-in; these negatives say the opposite."""
    assert bool(_DENIAL.search(clause.lower())) is denies


@pytest.mark.parametrize("text", ["can we do it tomorrow instead?", "Should she do it now or wait until TMS is finished?"])
def test_a_question_of_timing_is_ordinary(detector: CrisisDetector, text: str) -> None:
    assert not detector.detect(text).is_crisis
    assert detector.detect("I'll do it tomorrow").is_crisis


def test_consoling_staff_gets_at_most_the_check_in_question(detector: CrisisDetector) -> None:
    """ "I know you tried" is also how a farewell thanks the clinic ("Tell my mom the TMS people did everything
    they could"): since round twenty's lower check-in bar it may be asked about, never escalated as a crisis."""
    detection = detector.detect("It's not your fault the insurance denied it, I know you tried")
    assert not detection.is_crisis or detection.category == CHECK_IN


@pytest.mark.parametrize("text", ["but also", "Ω≈ç√ but also 漢字 y español", "y pero"])
def test_joiners_and_unreadable_words_alone_are_not_read_by_the_backstop(detector: CrisisDetector, text: str) -> None:
    """The backstop scored "but also" 0.99: with nothing it can read it must not guess."""
    assert not detector.detect(text).is_crisis
    assert detector.detect("🔫😵").is_crisis
    # earlier turns give a single word its weight: a sign-off after hopelessness is still read
    distressed = ConversationContext(recent=("i feel so hopeless, nothing matters anymore",))
    assert detector.detect("bye.", distressed).is_crisis


@pytest.mark.parametrize("text", ["Do I need someone to come with me and take me home after?", "so done with this paperwork lol"])
def test_a_ride_home_and_a_done_with_paperwork_are_ordinary(detector: CrisisDetector, text: str) -> None:
    assert not detector.detect(text).is_crisis


def test_a_resolved_history_of_ideation_is_not_ideation_back(detector: CrisisDetector) -> None:
    assert not detector.detect("I was hospitalized for suicidal ideation back in 2009. Nothing since. Do I need to put "
                               "that on the form?").is_crisis


def test_a_quoted_screening_question_is_not_a_disclosure(detector: CrisisDetector) -> None:
    assert not detector.detect("Does the PHQ-9 question about 'thoughts that you would be better off dead' affect "
                               "eligibility?").is_crisis


def test_a_denial_after_a_condition_stays_a_denial(detector: CrisisDetector) -> None:
    assert not detector.detect("If it doesn't work, I'm not going to kill myself, just sad").is_crisis


#: Questions the answers layer answers in which only the backstop's statistics read a crisis.
_ANSWERED_QUESTIONS = ("do you take Aetna? asking in case there's still a point by spring",
                       "if I decide its not for me after a week can I just quit")


@pytest.mark.parametrize("text", _ANSWERED_QUESTIONS)
def test_a_question_the_bot_answers_gets_the_direct_question_beside_the_answer(detector: CrisisDetector, text: str) -> None:
    alone = detector.detect(text)
    assert alone.is_crisis and not alone.with_answer and all(m.text.startswith("classifier") for m in alone.matches)
    answered = detector.detect(text, answered=True)
    assert answered.is_crisis and answered.category == "check_in" and answered.reply == "check_in_with_answer_en"
    assert answered.priority == detector.lexicon.categories["check_in"]


@pytest.mark.parametrize("text", _ANSWERED_QUESTIONS)
def test_after_distress_a_question_the_bot_answers_is_still_a_crisis(detector: CrisisDetector, text: str) -> None:
    distressed = ConversationContext(recent=("i feel hopeless and so tired of everything",))
    detection = detector.detect(text, distressed, answered=True)
    assert detection.is_crisis and detection.category != "check_in" and not detection.with_answer


def test_crisis_words_in_a_question_the_bot_answers_are_still_a_crisis(detector: CrisisDetector) -> None:
    detection = detector.detect("does insurance cover it? i want to kill myself", answered=True)
    assert detection.is_crisis and detection.category == "ideation" and detection.reply == "self_en"


@pytest.mark.parametrize(
    "answer",
    ["yes", "maybe", "i don't know", "not really sure", "what are your hours", "no, i'm not ok", "i'm not sure",
     "no estoy bien", "no sé", "no... sometimes"],
)
def test_a_yes_or_unclear_answer_to_the_check_in_escalates_at_top_priority(detector: CrisisDetector, answer: str) -> None:
    detection = detector.detect(answer, ConversationContext(awaiting_check_in=True))
    assert detection.is_crisis and detection.category == "check_in_answer" and detection.priority == 1
    assert detection.reply == "self_en"


@pytest.mark.parametrize(
    "answer",
    ["no", "nope, I'm ok", "No I am not", "no, I'm safe, just tired", "no i'm ok, just tired", "no, estoy bien",
     "no, estoy bien, solo cansada", "para nada"],
)
def test_a_clear_no_to_the_check_in_does_not_escalate(detector: CrisisDetector, answer: str) -> None:
    assert not detector.detect(answer, ConversationContext(awaiting_check_in=True)).is_crisis


def test_a_no_that_still_names_a_crisis_escalates(detector: CrisisDetector) -> None:
    assert detector.detect("no, i just want to die", ConversationContext(awaiting_check_in=True)).is_crisis


def test_a_farewell_after_distress_is_a_crisis(detector: CrisisDetector) -> None:
    distressed = ConversationContext(recent=("i feel hopeless and so tired of everything",))
    calm = ConversationContext(recent=("what does tms cost",))
    assert detector.detect("thanks for everything, bye", distressed).is_crisis
    assert not detector.detect("thanks for everything, bye", calm).is_crisis
    assert not detector.detect("thanks for everything, bye").is_crisis
    assert not detector.detect("what are your hours?", distressed).is_crisis


def test_a_positive_phq9_item9_or_an_earlier_escalation_lowers_the_bar(detector: CrisisDetector) -> None:
    text = "i am so tired of all of this"  # uncertain alone (the classifier: about 0.7)
    assert not detector.detect(text).is_crisis
    for context in (ConversationContext(item9_positive=True), ConversationContext(escalated=True)):
        detection = detector.detect(text, context)
        assert detection.is_crisis and detection.reply == "check_in_en"


def test_context_is_read_from_tracker_events() -> None:
    crisis = {"intent": {"name": "crisis"}, "entities": [{"entity": "crisis_category", "value": "check_in"}]}
    events: list[dict[str, Any]] = [
        {"event": "user", "text": "earlier session", "parse_data": {"intent": {"name": "crisis"}, "entities": []}},
        {"event": "session_started"},
        {"event": "user", "text": "what does tms cost", "parse_data": {"intent": {"name": "faq"}}},
        {"event": "user", "text": "something uncertain", "parse_data": crisis},
    ]
    context = from_events(events, item9=2.0)
    assert context.recent == ("what does tms cost", "something uncertain")
    assert context.awaiting_check_in and not context.escalated and context.item9_positive
    assert not from_events(events, item9=0).item9_positive


def test_a_crisis_clause_is_not_diluted_by_a_practical_one(detector: CrisisDetector) -> None:
    clauses = detector._clauses("Can I pay in installments? honestly i don't see myself around by spring")
    assert len(clauses) == 3 and clauses[0].startswith("Can I pay")


@pytest.mark.parametrize(("text", "crisis"), [
    ("¿cuánto sale la consulta? si esto no me funciona me voy a matar", True),
    ("si el tratamiento no sirve me voy a matar", True),
    ("no, no me voy a matar", False),
    ("si, no me voy a matar, solo estoy cansada", False),
])
def test_a_spanish_condition_s_no_negates_its_own_verb(detector: CrisisDetector, text: str, crisis: bool) -> None:
    assert detector.detect(text).is_crisis is crisis


def test_a_harmless_clause_of_a_harmless_question_raises_nothing(detector: CrisisDetector) -> None:
    """Read alone, "I'd be coming every day" scores 0.95; the whole question scores low, so the clause does not count."""
    assert not detector.detect("Is there parking at your building or will I need to hunt for street parking? "
                               "I'd be coming every day").is_crisis
    # A clause of three words is too little to overrule the whole ("trying to decide" alone scored 0.97).
    assert not detector.detect("ketamine infusions vs tms - pros and cons? trying to decide").is_crisis


@pytest.mark.parametrize("text", [
    "Can I pay in installments? honestly i don't see myself around by spring",
    "do you take Aetna? asking in case there's still a point by spring, i doubt it",
])
def test_a_crisis_clause_inside_a_practical_question_is_still_heard(detector: CrisisDetector, text: str) -> None:
    assert detector.detect(text).is_crisis


@pytest.mark.parametrize("text", ["k.m.s.", "kys myself", "the 🪢 is ready", "tryna go to sleep 4ever"])
def test_more_shorthand(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


def test_numbers_with_units_are_not_leetspeak(detector: CrisisDetector) -> None:
    assert "30s" in detector.normalize("in my 30s") and "k1ll" not in detector.normalize("k1ll")


def test_persistence_secrecy_owned_questions_and_a_yes_are_disclosures(detector: CrisisDetector) -> None:
    """Round nine: each of these was read as a denial, a what-if, a topic or an idiom, and not escalated."""
    disclosures = [
        "I can't stop thinking about killing myself",
        "i havent stopped wanting to die since the divorce",
        "cant shake the thoughts of suicide lately",
        "cant do this nemore gonna ctb tonite",
        "I haven't told anyone I've been cutting my legs again",
        "Is it normal to picture your own funeral and plan your suicide at work? Because I do, every day",
        "my therapist asked me if I want to die and I said yes",
        "si me niegan el seguro otra vez, me mato",
    ]
    assert [text for text in disclosures if not detector.detect(text).is_crisis] == []


@pytest.mark.parametrize("text", [
    "No, I'm not having any thoughts about ending my life or harming myself. Just very low energy.",
    "Do I need to cut out coffee before my sessions?",
    "me mato trabajando para pagar el tratamiento, ¿tienen planes de pago?",
    "My son had a suicide attempt when he was 15, in 2018. He's 21 now and doing well in college. Is his history "
    "a problem for TMS?",
    "my doctor asked if I had thoughts of suicide and I said no",
])
def test_a_denied_list_cutting_back_an_idiom_and_a_relative_s_resolved_past_are_ordinary(
    detector: CrisisDetector, text: str
) -> None:
    assert not detector.detect(text).is_crisis, text


def test_a_question_about_heights_asked_by_someone_else_is_about_them(detector: CrisisDetector) -> None:
    detection = detector.detect("my buddy joked about it for weeks but today he asked me which bridge around here is the highest")
    assert detection.is_crisis and detection.audience == "other"


@pytest.mark.parametrize("text", [
    "gonna k m s when i get home dont @ me",
    "lowkey wanna commit toaster bath",
    "dirt nap sounds real good rn",
    "took all my suboxone strips and the gabapentin like 20 min ago",
    "Mixed my pills with whiskey maybe 30 min ago. Feel floaty.",
    "cant sleep cause I lie there planning how I'd do it. every night",
])
def test_round_twelve_shorthand_overdoses_and_a_reason_after_a_negation(detector: CrisisDetector, text: str) -> None:
    """Spaced letters, slang for electrocution and death, the pills of recovery, pills mixed with drink; a reason
    ("cause I lie there planning ...") is outside the negation before it ("can't sleep")."""
    _assert_crisis(detector.detect(text), text)


@pytest.mark.parametrize("text", [
    "Sorry, I can't talk right now.",
    "I'm driving with Do Not Disturb While Driving turned on. I'll see your message when I get where I'm going.",
    "Auto-reply: I'm out on the water with no service until Friday. For urgent matters call the co-op.",
])
def test_a_phone_s_canned_reply_is_not_read_unless_the_conversation_was_distressed(
    detector: CrisisDetector, text: str
) -> None:
    assert not detector.detect(text).is_crisis, text
    distressed = ConversationContext(recent=("i feel hopeless and so tired of everything", "i have the pills counted out"))
    # After distress the backstop reads it as any other message (a person may have typed it): a check-in at least.
    assert detector.detect(text, distressed).is_crisis, text


@pytest.mark.parametrize("text", [
    "friend said her thumb kept twitching at the first appointment while they moved the coil around, something "
    "about finding the spot. what is that",
    "how do they find the spot for tms",
    "does tms help OCD? my son has bad contamination OCD, washes his hands til they bleed",
    "was a cutter from 13 to 16. I'm 24 now. the urge hasn't come back, just wanted the history complete",
    "Fue hace años, en el 2010, que traté de hacerme daño. Hoy estoy bien, con terapia y mi fe.",
])
def test_coil_mapping_compulsive_washing_and_a_past_that_did_not_return_are_ordinary(
    detector: CrisisDetector, text: str
) -> None:
    assert not detector.detect(text).is_crisis, text


def test_a_found_spot_and_a_negated_reason_still_escalate(detector: CrisisDetector) -> None:
    for text in ("I found the spot where I'll do it", "I'm not sleeping because I want to die"):
        _assert_crisis(detector.detect(text), text)


@pytest.mark.parametrize("text", [
    "ODing on my meds 2nite prolly",
    "whats the lethal amount of tylenol, i weigh like 150",
    "i just want to be 6ft under ngl",
    "It was nice knowing you guys. please don't reschedule me",
    "out on the boat with the anchor chain tied around my ankle",
    "I won't be in Tuesday or ever, don't bill me",
    "not sure ill make it to next month tbh",
])
def test_round_sixteen_shorthand_means_and_farewells_escalate(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


@pytest.mark.parametrize("text", [
    "my mom takes 10mg lexapro and she's groggy in the mornings, should she take it earlier",
    "I take 450 of wellbutrin and feel wired, should i go down to 300",
    "just finished session 12 and my vision went dark in one eye and hasn't come back",
    "I know depression can come with suicidal stuff but that's not me. I just can't enjoy anything",
    "im Navajo living out past Shiprock, i have IHS. would that cover tms at your place",
])
def test_a_prescribed_dose_a_lost_sense_a_closed_denial_and_who_someone_is_are_not_crises(
    detector: CrisisDetector, text: str
) -> None:
    assert not detector.detect(text).is_crisis, text


def test_a_count_swallowed_and_an_open_denial_still_escalate(detector: CrisisDetector) -> None:
    for text in ("took 30 of my 10mg xanax", "i want to die but that's not me talking, it's the depression"):
        _assert_crisis(detector.detect(text), text)


def test_a_denial_inside_an_if_clause_does_not_reach_the_main_clause(detector: CrisisDetector) -> None:
    """The "not" of "if this doesn't work" is the treatment's; "I've got a plan b" is the person's own."""
    _assert_crisis(detector.detect("if this med change doesn't work i've got a plan b and it's not a nicer one"), "plan b")
    assert not detector.detect("if it doesn't work I'm not going to hurt myself, I'll just try ECT").is_crisis


def test_thanks_that_close_a_relationship_after_giving_things_away_is_a_farewell(detector: CrisisDetector) -> None:
    text = "gave my fishing gear and my truck keys to my brother. appreciate everything yall did"
    _assert_crisis(detector.detect(text), text)
    for ordinary in ("appreciate everything you did for my mom, she finished her course and is doing great",
                     "thanks for trying to fit me in, i'll take the 3pm"):
        assert not detector.detect(ordinary).is_crisis, ordinary


def test_a_denial_said_of_someone_else_does_not_deny_the_writer(detector: CrisisDetector) -> None:
    for text in ("please don't bill my husband, he shouldn't have to pay after I'm gone next week",
                 "my sister would never believe i want to die"):
        _assert_crisis(detector.detect(text), text)
    assert not detector.detect("my mom doesn't think i'm suicidal and i'm not").is_crisis


def test_words_with_double_letters_are_not_shortened_into_crisis_words(detector: CrisisDetector) -> None:
    """The stretched-letter fix read "odd" as "od" (an overdose) and "teen" as "ten"."""
    assert detector.normalize("that's odd, my teen said less") == "that is odd, my teen said less"
    assert detector.normalize("i want to dieee") == "i want to die"


@pytest.mark.parametrize("text", [
    # a life policy asked about, arrangements made, a text relayed from someone else
    "does my life insurance pay out if it's suicide? the policy is 3 years old now",
    "I read the suicide clause in my policy last night",
    "I've made my arrangements. thank you all",
    "pretty sure I'm heading to an early grave by choice",
    "might as well just fade out at this point",
    "my daughter texted me 'love you, sorry for everything' and her phone is off now",
    # digits with "'s", "no cap", SI back, a medicine after "I did it", a time set, a limit
    "2nite's the nite, sorry everyone",
    "no cap i want out",
    "SI is back and loud today",
    "ok i did it, took the whole bottle of my trazodone",
    "after my shift ends thats when im doing it",
    "how soon can I start? I don't think I can last much longer like this",
    # read set 38's forms: an exit bag, a bridge, not trusting oneself, a PHQ-9 ninth answer
    "just got an exit bag in the mail",
    "walking out onto the middle of the causeway bridge now",
    "i don't trust what i'll do this weekend",
    "i might not be around for the third week so dont book me",
    "does tms help suicidal thoughts with a plan? because mine do",
    "i answered 'more than half the days' on the last question of that form",
    "if a car hit me on the way home i wouldnt even fight it",
    # round eighteen
    # a "not" of doubt, a plea or a condition is no denial of the crisis beside it
    "can you see me sooner? I'm not sure I can hold on until next month without doing something",
    "please don't let me go home alone tonight, I'm not ok to be by myself",
    "si esto no me ayuda me voy de este mundo",
    "no se si aguanto hasta mañana, ya tengo todo listo",
    "no reason for me to stick around once the kids are grown",
    # a denial that is part of the disclosure, a funeral paid ahead, gone before treatment
    "I know it's not a cry for help, I just wanted someone to know I took the bottle",
    "the only reason I didn't go through with it was my dog",
    "I made sure my wife won't be the one who finds me",
    "already paid for my own cremation, so cancel the intake",
    "don't bother with the consult, I'll be gone before the first appointment",
    # treatment refused for good, cherished things given away, someone shut in with a means
    "I won't be at therapy thursday or ever again",
    "gave away my fishing gear and my records this week",
    "my brother locked himself in the garage with a rifle and won't answer",
    "hoping this cancer finally takes me",
    # love said as a sign-off after things handed on
    "left my good boots and my guitar with my brother. dont need the appointment. love you guys",
    # no more word from them, a date that won't matter, affairs in order, pills saved, surviving a disappointment
    "you guys will never hear from me again, thanks for trying",
    "my insurance id? it won't matter much longer",
    "I got the house in order for my kids before I go",
    "I never take them, I stash them. about 60 now",
    "I don't want to die, I just wish I could stop existing",
    "the car skidded and I jolted awake feeling disappointed",
    "kind of disappointed I woke up this morning",
    # told to the reader about the writer, a hedged denial, thoughts that hit harder
    "thanks for the parking validation, you won't be seeing me again",
    "I don't want to die per se, I just want it all to be over",
    "suicidal thoughts hitting harder this week",
    # read set 43's forms: not expecting to be alive, over the side, stitched wrists, new cuts, a failed attempt
    "put me down for january, though I don't expect to still be here by then",
    "gonna row out tonight and slip over the side",
    "they stitched up my wrist again at urgent care",
    "old scars from cutting, plus new ones from last night",
    "the pills didnt work and neither did the rope",
    "ya no voy a seguir, perdónenme",
    "if el seguro no paga ya no voy a seguir",
    "no voy a estar aquí mañana, gracias por todo",
    # set 44's forms: slang with "-ing", walking into the water, a silence explained in advance, a named day
    "been kmsing in my head all day fr",
    "some nights i think i'll just walk into the lake",
    "if i stop replying it means i went through with it",
    "reach me by text. dont bother after thursday",
    # set 45's forms: a count for one's size, trees to hit, a child's graduation as the end, found after the thaw,
    # poison with no pests, a blade to the legs, the ice-and-salt burn, no dent made, a place given away
    "how many of my 100mg trazodone would it take, I'm about 200 lbs",
    "on my commute I keep picking out poles I could hit",
    "after my son graduates next spring my job here is done",
    "they will find me eventually, I've made my peace",
    "picked up antifreeze yesterday and I don't even have a car",
    "I'm not suicidal, I just went at my arms with a razor again",
    "did the ice and salt thing again last night",
    "it wouldn't make a difference to anyone if I was gone",
    "give my appointment to somebody who still has a chance",
    # round nineteen: a denial that judges an "if" clause affirms it
    "wouldn't be the worst thing if I didn't wake up after surgery next week",
    # read sets 47 and 48: "i'd rather die" with no "than", "SI" in a text, what has "already" happened inside a
    # what-if, a gun by its bore, an antidepressant held back, a "not" that vouches ("not a joke")
    "tried 5 meds, not doing a 6th, id rather just die honestly",
    "SI pretty bad tonight ngl",
    "if a person already swallowed a bunch of extra trazodone, is tms still ok tomorrow",
    "sitting here with the 20 gauge across my lap",
    "stopped taking my cymbalta, saving them",
    "gonna disappear for good, not a joke",
    # read sets 51 and 52: a round chambered, painless ways looked up, thoughts one might act on, no more need to
    # stay once something ends, a head slammed again and again, "s/h" in a text, an age one won't see
    "sitting in the truck, round is chambered, nobody's home",
    "been googling painless methods all week",
    "I need an appointment soon, before I act on these urges",
    "once the kids are settled at college I won't have to hold on anymore",
    "banged my head against the bathroom mirror over and over until it cracked",
    "s/h again last night, worse this time",
    "i probably won't live to see 30 lol",
    # treatment ended with thanks and no reason: the check-in question at least
    "please cancel my remaining appointments. thank you for everything",
    "won't be at Tuesday's session or any after. sorry",
    # read sets 53 and 54: an attempt told by what broke, an overdose taken, pills set aside for a day, thoughts
    # getting specific, "no fue por curiosidad", a form's label is not a question put to the reader
    "no ER visits. I tried in march but the belt snapped",
    "i took an overdose of my seroquel about an hour ago",
    "I have my trazodone set aside for Sunday night",
    "more than half the days. and the thoughts are getting really specific",
    "le pregunté a mi doctor cuánto sería demasiado. no fue por curiosidad",
    "where did you find us: reddit, while searching lethal doses",
    # untouched sets 55 and 56, read after their measurement: shorthand for not wanting to live, Spanish "ya no vale
    # la pena seguir", overstaying, done trying for good
    "honestly idwtl anymore",
    "ya no vale la pena seguir con esta vida",
    "the kids are grown, I've overstayed honestly",
    "I'm ready to stop trying altogether, for good",
    # read set 57: gas left on unlit, a what-if owned at once
    "oven on, no pilot, kitchen door taped. just wanted someone to know",
    "what happens if someone took a bunch of their klonopin at once? i just did",
])
def test_rounds_seventeen_to_nineteen_forms_escalate(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


@pytest.mark.parametrize("text", [
    # whether someone takes their medicine, travel arrangements, an idiom
    "my dad won't take his pills since he started TMS, can you talk to him",
    "she forgot to take her meds before the session, is that a problem",
    "I made my arrangements for a ride on Tuesday",
    "I could just die, I sent my invoice to the wrong office",
    # a past ideation, a finished course, a lease
    "I had suicidal ideation back in 2015, none since, does it go on the intake form",
    "I did it! finished all 36 sessions today",
    "how do I get out of my lease early",
    # a reported question, an accident, a teenage past
    "my daughter keeps asking if im going to hurt myself. im not, I just cry a lot",
    "i almost killed myself tripping on the curb outside your office lol",
    "I cut myself as a teen, nothing since college. does that go in my chart",
    # round eighteen
    # a real denial stays one; a condition's "not" does not make an ordinary question a crisis
    "I'm not going to hurt myself, I just need to talk to someone about the side effects",
    "if the treatment doesn't work can I get a refund",
    "I don't know if my insurance covers it",
    "no se si mi seguro lo cubre",
    # someone else's funeral, an ordinary gift, a missed session
    "we made the arrangements at the funeral home for my dad yesterday",
    "I gave my old guitar to my nephew for his birthday",
    "I won't be at session tomorrow, my car is in the shop",
    "thanks for squeezing me in on friday, love yall",
    "is the PHQ-9 item about being better off dead the one my doctor looks at first?",
    "I'm writing a research paper on suicide prevention for nursing school, can I cite your site?",
    "the city finally put suicide barriers on the bridge, good news",
    # a resolved history, a kitchen burn, an ordinary "if i don't"
    "I used to cut but I've been clean for 4 years, does that matter for TMS?",
    "if I don't answer, it means I'm driving, just leave a voicemail",
    "we bought rat poison for the barn, is it safe to be around during TMS?",
    "how many sessions would it take for someone my size",
    "my job here is done, the intake forms are all signed lol",
    # a denial before an "if" that still denies
    "I would never hurt myself, even if the treatment fails",
    "it wouldn't be the worst thing if I had to reschedule to friday",
    # "rather die than" an ordinary thing, Spanish "si", a what-if with "already" about a dose, a past told "back when"
    "I'd rather die than sit through another commercial break",
    "si, real bad traffic on 64 today, running late",
    "if I already took my wellbutrin this morning is that ok before the session",
    "back when I was drinking I overdosed once, sober 8 years now, does that matter for TMS",
    # an accident to the head, a session one needn't stay for, snow one won't see, a promise not to act
    "I banged my head on the cabinet door this morning, can I still have my session",
    "do I have to stay for the whole session or can I leave after the pulses?",
    "we won't see 10 inches of snow this year",
    "I'll never act on these thoughts, I just want them quieter",
    # ... an ordinary reason makes it a cancellation
    "cancel my remaining sessions please, we're moving to Tucson. thanks for everything",
    "can you stop calling my cell about the survey? thanks",
    "Finished all my sessions today!! thank you so much everyone",
    "got my answer, no need to call me back, thanks",
    "the rope snapped on the tire swing this weekend, we're all fine lol",
    "no vale la pena seguir pagando el seguro si no cubre TMS",
    "I've been cutting back on caffeine before sessions",
    "our stove is on but there's no flame, who do I call about the gas",
])
def test_rounds_seventeen_to_nineteen_ordinary_messages_are_not_crises(detector: CrisisDetector, text: str) -> None:
    assert not detector.detect(text).is_crisis, text


# ------------------------------------------------------------------ round twenty: scope of a "not", an ordinary floor


@pytest.mark.parametrize("text", [
    # a welcome is not a denial
    "tbh i wouldn't mind going to sleep and never waking up",
    "i dont mind if the next seizure is the one that takes me",
    # a "not" inside brackets, a refusal of help, a doubt of lasting, "don't forget"
    "My brother (he doesn't have a car) says he's going to end it tonight, he's at the motel on 9",
    "took everything in my cabinet with a bottle of wine. not calling anyone so don't ask",
    "dont think ill make it to my next appointment. sorry",
    "no creo que aguante hasta el lunes, ya no puedo",
    "wrote down every step so i dont forget anything when the day comes",
    # someone else's "not", the writer's own act; a "never" inside an "if"
    "timing it for when my roommate is away so he's not the one who finds me",
    "honestly i'd be okay if i just never got off that boat",
    # texting's "n" ends a "not": "dnt wanna b here n got the pills lined up"
    "dnt wanna b here nemore n got the pills lined up",
    # round twenty's phrases: weights for water, pills taken with drink, medicine kept for a plan, lethality asked
    "standing at the lake with stones in my jacket pockets. cold. sorry",
    "mixed a handful of the klonopin with the vodka, everything's slow now",
    "can i get my refill early? i need enough for the plan",
    "which of my meds would be lethal together? asking for me",
    "every night on the interstate i think about pulling in front of a semi",
    "nobody left to talk to, just needed to say goodbye to somebody",
    "I'll finish my last letters tonight after the session",
])
def test_round_twenty_crises_escalate(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


@pytest.mark.parametrize("text", [
    "i think my son took a bunch of pills, he's slurring and won't sit up, what do i do",
    "my wife cut her wrists in the bathroom, i've got a towel on it",
    "mi hermano tomó muchas de sus pastillas y no despierta",
    "mi abuela me llamó para despedirse y ahora no contesta",
])
def test_round_twenty_someone_else_at_risk(detector: CrisisDetector, text: str) -> None:
    detection = detector.detect(text)
    _assert_crisis(detection, text)
    assert detection.audience == "other", text


@pytest.mark.parametrize("text", [
    # a lexicon phrase in a message the backstop all but rules out
    "our book club read a novel where the mother drowns herself, it started a good talk about postpartum",
    "my counselor says I'm low risk for suicide and I agree with her. just want the depression lifted",
    "a teacher asked me whether kids who read about suicide in class are more likely to try it",
    # a refusal of help is not asked about when nothing else is there; "wouldn't mind" a break
    "I wouldn't mind a coffee before my session, is there a machine",
    "ok ill b there at 3",
    "mi hija me va a matar de un susto, siempre llega tarde",
])
def test_round_twenty_ordinary_messages_are_not_crises(detector: CrisisDetector, text: str) -> None:
    assert not detector.detect(text).is_crisis, text


@pytest.mark.parametrize("text", [
    # a plea is not a denial; yall is "you all"; a doubt of lasting; pills with a bottle of liquor
    "pls dont let me do it tonight",
    "it was nice knowing y'all",
    "been nice knowing yall, tell dr k thanks for trying",
    "honestly dont know if i can hold on till the insurance decides",
    "took my klonopin with half a bottle of vodka, feel really floaty",
    "i wont be around in a few weeks so dont bother with the refill",
    # a hose in a parked truck, a death meant to pass as an accident, calmer if gone, not safe from oneself
    "sitting in the truck behind the feed store with the hose",
    "i want my wife to think it was an accident",
    "everything would be so much calmer if i was gone",
    "safe at home? no. not from myself",
])
def test_round_twenty_one_crises_escalate(detector: CrisisDetector, text: str) -> None:
    _assert_crisis(detector.detect(text), text)


def test_a_not_that_names_no_risk_leaves_the_check_in_question(detector: CrisisDetector) -> None:
    """Any "not" used to silence an uncertain backstop signal; only a denial of risk does now."""
    detection = detector.detect("I don't see why I should bother getting up anymore, nothing ever changes")
    assert detection.is_crisis and detection.category == CHECK_IN
    assert not detector.detect("I don't want to hurt myself, I just want to sleep better, does TMS help with that").is_crisis


def test_someone_else_wanting_to_jump_is_their_risk(detector: CrisisDetector) -> None:
    detection = detector.detect("my brother keeps saying he wants to jump, what do i do")
    _assert_crisis(detection, "he wants to jump")
    assert detection.audience == "other"
    assert not detector.detect("she wants to jump on the trampoline when we get home lol").is_crisis


@pytest.mark.parametrize("text", [
    "killing myself would never cross my mind, I just need the fatigue gone",
    "i havent thought about suicide in years, does that old history matter for tms?",
    "my family thinks im suicidal. im not.",
    "we'll be gone for the weekend, can i move friday to monday",
    "what time does the hockey game start tonight, trying to plan my drive",
])
def test_round_twenty_one_ordinary_messages_are_not_crises(detector: CrisisDetector, text: str) -> None:
    assert not detector.detect(text).is_crisis, text


def test_the_ordinary_floor_keeps_a_message_that_names_something_ongoing(detector: CrisisDetector) -> None:
    """The floor rules out plain topic talk, not a phrase beside "still" or "tonight" the backstop scores low."""
    assert detector.detect("Can TMS help with self harm? I still cut most weekends, most recent was Saturday night.").is_crisis
