"""bot.answers: the fit check, replies to offers, personal-advice declines and the decision between them."""
from __future__ import annotations

import pytest

from bot.answers import advice
from bot.answers.decide import ADVICE, CLARIFY, DENY, FALLBACK, FAQ, NO_CONTENT, OUT_OF_SCOPE, URGENT, decide
from bot.answers.fit import FitIndex, Thresholds, content_words, default_index, judge
from bot.answers.no_content import load_topics, topic_without_content
from bot.answers.offers import NONE_OF_THESE, Button, payload_intent, read_reply

ENTRIES = {
    "cost": ["How much does TMS cost?", "how much does tms cost", "what is the price of a course", "is it expensive"],
    "parking_free": ["What should I wear?", "what should i wear to my session", "can i wear earrings or makeup"],
    "side_effects": ["Side effects", "what are the side effects", "will i get headaches", "does it cause scalp pain"],
    "is_it_painful": ["Does it hurt?", "does tms hurt", "is it painful", "will i feel scalp pain"],
}
TITLES = {"cost": "How much does TMS cost?", "side_effects": "Side effects", "is_it_painful": "Does it hurt?"}
PRESCREEN = [Button("Take the 5-minute pre-screen", "/start_prescreen")]


@pytest.fixture(scope="module")
def index() -> FitIndex:
    return FitIndex.build(ENTRIES, ["is there a pizza place near me", "what is the weather"])


def test_accents_do_not_split_words_and_other_scripts_carry_none() -> None:
    assert content_words("¿Hay una edad máxima?") == content_words("hay una edad maxima")
    assert "convu" in content_words("convulsões")
    assert content_words("治疗安全吗") == []


def test_content_words_drop_filler_and_stem() -> None:
    assert content_words("Will I get HEADACHES after my sessions? does it hurt") == ["heada", "hurt"]


def test_a_question_sharing_the_entry_words_fits(index: FitIndex) -> None:
    assert index.fit("how expensive is the price", "cost") == 1.0


def test_a_question_about_something_no_entry_covers_does_not_fit(index: FitIndex) -> None:
    assert index.fit("is there parking at the clinic", "cost") == 0.0
    assert index.missing("is there parking at the clinic", "cost") == ["park"]
    assert index.fit("is it pricey", "cost") == 1.0  # "pricey" and "price" share their first letters


def test_judge_answers_a_fitting_entry_and_refuses_an_unrelated_one(index: FitIndex) -> None:
    assert judge(index, "what is the price", [("cost", 0.5)]).action == "answer"
    verdict = judge(index, "is there wheelchair parking", [("cost", 0.5)])
    assert (verdict.action, verdict.entry) == ("none", "cost")


def test_a_nearly_sure_selector_needs_less_fit_for_a_chatty_question() -> None:
    index = FitIndex.build({"side_effects": ["What are the side effects?", "do people get headaches after tms"],
                            "cost": ["How much does it cost?"]})
    chatty = "do people get headaches after?? I already get headaches from this phoenix heat lol, dont need more"
    assert 0.2 <= index.fit(chatty, "side_effects") < 0.35
    assert judge(index, chatty, [("side_effects", 0.95)]).action == "answer"
    assert judge(index, chatty, [("side_effects", 0.5)]).action != "answer"


def test_judge_asks_which_one_when_two_entries_fit_equally(index: FitIndex) -> None:
    verdict = judge(index, "scalp pain", [("side_effects", 0.25), ("is_it_painful", 0.2)], Thresholds())
    assert verdict.action == "clarify"
    assert set(verdict.options) == {"side_effects", "is_it_painful"}


@pytest.mark.parametrize("text", ["yes please", "Sure", "ok", "yeah let's do it", "1", "sounds good", "go ahead"])
def test_a_yes_in_words_accepts_a_single_offer(text: str) -> None:
    reply = read_reply(text, PRESCREEN)
    assert reply is not None and reply.kind == "accept" and reply.button == PRESCREEN[0]


@pytest.mark.parametrize("text", ["no thanks", "nope", "not now", "maybe later", "No thank you"])
def test_a_no_in_words_declines(text: str) -> None:
    reply = read_reply(text, PRESCREEN)
    assert reply is not None and reply.kind == "decline"


def test_a_number_or_ordinal_picks_that_button() -> None:
    buttons = [Button("Side effects", "Side effects"), Button("Does it hurt?", "Does it hurt?"), Button(NONE_OF_THESE, NONE_OF_THESE)]
    assert read_reply("2", buttons).button == buttons[1]  # type: ignore[union-attr]
    assert read_reply("the first one", buttons).button == buttons[0]  # type: ignore[union-attr]
    assert read_reply("4", buttons) is None
    assert read_reply("yes", buttons) is None  # which one? a plain yes cannot tell
    assert read_reply("how much does a course cost in total", PRESCREEN) is None
    assert read_reply("yes", []) is None


def test_payload_intent() -> None:
    assert payload_intent("/start_prescreen") == "start_prescreen"
    assert payload_intent('/inform{"x": 1}') == "inform"
    assert payload_intent("What is TMS?") is None


@pytest.mark.parametrize("text", [
    "is 50mg of sertraline too much for me",
    "my mri report says there is a small spot, what does that mean for me",
    "should i stop my lithium before the course",
    "my dad has parkinsons, should he do tms",
    "can you prescribe me something to sleep",
    "my tooth has hurt for days, do i need to see a dentist",
    "my scalp is sore, what ointment should i use on it",
    "do i have bipolar or just depression",
    "my phq-9 came out at 21, is that severe",
    "can i drink wine while on wellbutrin",
    "¿debo dejar mi medicamento antes de la tms?",
    "can i take 2 advil for the headache after my session",
    "my arm went numb after the session, is this from the tms",
    "a friend gave me some of her klonopin for before sessions, how many can i take?",
    "What antidepressant should my 15 year old daughter be taking?",
    "do i actually have depression or is it just burnout?",
    "Should my mom do TMS or ECT? She's 79 and we just need someone to tell us which one",
    "¿Me pueden recetar algo para dormir? mi médico no me da cita",
    "pode me receitar um remédio para ansiedade?",
    "my ears are ringing since yesterday's session. did the machine damage my hearing?",
    "my brother thinks people are following him and hasn't slept in days, what is wrong with him",
    "i keep getting dizzy when i stand up, do i need to go see a doctor or is it nothing",
    "should i call my doctor about this rash",
    "Should I drop the Spravato to once a week?",
    "¿Puedo tomarme mi Xanax una hora antes de la sesión?",
    "¿Qué antidepresivo me recomiendan tomar junto con el TMS?",
    "is my 15 year old depressed or is he just being a teenager?",
    "my father takes blood pressure medicine, can he reduce it before TMS starts?",
    "BP was 165/100 at the pharmacy machine this morning, is that dangerous?",
    # round sixteen: a clinician's medicine question, two clinicians who disagree, a score, a person's diagnosis
    "Would you recommend I titrate her aripiprazole up before TMS or leave it?",
    "my psychiatrist thinks its bipolar and my therapist thinks its anxiety. which one is it?",
    "my MADRS went from 30 to 18, does that count as a response for me",
    "my husband snores and stops breathing at night. does he have sleep apnea?",
    "هل نزيد الجرعة؟ زوجي ما زال مكتئبًا",
    # round seventeen: the bot in their place, a medicine for someone like him, a script or an Rx, which condition
    # they have, a skipped medicine, a dose of theirs, a taper plan, a patient's score, a worry about a symptom
    "honestly what would you do if you were me, stay on the pills or try something else",
    "which antidepressant works best for someone like my dad, he's 70",
    "I need a new script for my trazodone, can someone there write it",
    "can I get an rx for hydroxyzine while I'm in for my session",
    "my therapist says anxiety, my GP says depression. which one do I actually have",
    "I forgot my seroquel for 3 days, do I restart at the full dose",
    "wife is on 20 of lexapro and wants off it, what's a good taper schedule",
    "Patient scored 26 on the PHQ-9 at intake. Would you change her protocol?",
    "there's a bump on my scalp where the coil sits, is it something to worry about",
    "Saqué 21 en el cuestionario, ¿es grave?",
    "我爸爸是不是老年痴呆？他老是忘事",
    "kailangan ko na ba magpatingin sa doktor? masakit ulo ko pagkatapos",
])
def test_personal_advice_is_recognised(text: str) -> None:
    assert advice.is_personal_advice(text)


@pytest.mark.parametrize("text", [
    "can i keep taking my antidepressants during tms",
    "are there medications that people on tms should avoid in general",
    "what are the side effects of tms",
    "how much does tms cost",
    "do i have to stop my antidepressant for tms",
    "can i drink coffee while on tms",
    "how many sessions can i take in a week",
    "¿ustedes recetan medicamentos o solo hacen la tms?",
    "can the machine damage your hearing?",
    "what is wrong with the brain in depression",
    "do i need to see a doctor to get a referral for tms",
    "do i have to see my psychiatrist first",
    "should i increase the number of sessions per week",
    "is it ok for me to start tms while on lexapro",
    "is high blood pressure a problem for tms, is that dangerous",
    "can a 15 year old get tms",
    "is coffee ok before a session or should i skip it",
    "we travel for the holidays, is it ok to skip a few days of treatment",
    "does she have to be referred by a psychiatrist",
])
def test_general_questions_are_not_personal_advice(text: str) -> None:
    assert not advice.is_personal_advice(text)


def test_spanish_emergency_questions_and_symptom_check_questions() -> None:
    assert advice.is_urgent("tengo mareos desde ayer después de la sesión, debo ir a urgencias?")
    assert advice.is_urgent("mi mama se desmayo y esta temblando toda, que hago")
    assert advice.is_personal_advice("my hand keeps twitching since yesterday's session, do i need to get that checked out")
    assert advice.is_personal_advice("My client has had two TMS courses and is on Spravato. What would you recommend she do")


@pytest.mark.parametrize("text", [
    "heart racing at 150 and it won't slow down, just finished session 3",
    "feel like im going to pass out, sweating, room spinning",
    "my son collapsed in PE this morning after his session",
    "fell in the shower and hit my head, now I feel foggy",
    "cant stop vomiting since yesterday's session",
    "my right hand is weak since the session, can't hold my cup",
    "Dolor de cabeza horrible, el peor de mi vida, con el cuello rígido",
    "sitting in the chair and my leg started twitching and won't stop",
    "my lips look kind of blue and im short of breath in the parking lot",
    "BP cuff says 200/115 and my head is pounding",
    "me duele mucho el pecho y me falta el aire",
    # round seventeen: a fall with confusion, fever with confusion, seizures one after another, other languages
    "grandpa fell getting out of the car and now he's confused and mumbling",
    "she has a fever of 103 and doesn't know where she is",
    "he had seizures one after the other this afternoon",
    "tôi bị đau ngực sau khi điều trị",
    "بابا عنده تشنج الحين",
    "my head is pounding since the session, worst pain i've ever had",
    "mi mamá se cayó y se golpeó la cabeza esta mañana",
])
def test_signs_of_an_emergency_now_are_urgent(text: str) -> None:
    assert advice.is_urgent_now(text)


@pytest.mark.parametrize("text", [
    "can tms make you pass out", "does tms make your heart race", "can tms cause double vision in general",
    "is tms for people like my husband, nothing has worked for him", "is it covered for people like me on medicaid",
    "is the headache the worst part of tms", "this is the worst i've ever felt, will tms help",
    "does the coil hit your head", "what are the chances of fainting during tms",
])
def test_questions_about_a_risk_are_not_urgent(text: str) -> None:
    assert not advice.is_urgent(text)


def test_portuguese_stroke_signs_and_chest_pain_are_urgent() -> None:
    assert advice.is_urgent_now("Minha mãe de repente não consegue falar direito e a boca ficou torta. Isso é normal??")
    assert advice.is_urgent_now("estou com dor no peito depois da sessão")
    assert not advice.is_urgent("quantas sessões são necessárias?")


def test_urgent_symptoms_are_recognised() -> None:
    assert advice.is_urgent("i have chest pain since this morning, do i need to go to the er")
    assert advice.is_urgent("my husband just had a seizure after his session, what do i do")
    assert not advice.is_urgent("how long does a session take")
    assert not advice.is_urgent("i had a seizure as a child, can i still have tms")
    # the risk of a seizure is a question about the treatment; one happening is not
    assert not advice.is_urgent("what are the odds of having a seizure during a session?")
    assert not advice.is_urgent("how likely is having a fit with the deep coil")
    assert advice.is_urgent("i think my wife is having a seizure in the car, what do we do")
    assert advice.is_urgent_now("my face has been twitching nonstop for 20 min since treatment ended, is this an emergency??")


@pytest.mark.parametrize(("text", "entry", "topic"), [
    ("Do you offer payment plans or financing?", "cost", "payment_plans_and_financing"),
    ("is there parking, and is it free", "cost", "parking_and_directions"),
    ("are you open the day after christmas", "contact_clinic", "opening_times_and_holidays"),
    ("whats your fee if i cancel late", "missed_sessions", "cancellation_policy"),
    ("does tms help with adhd", "conditions_treated", "other_conditions"),
    ("i take adderall for adhd, can i keep taking it during tms", "with_medication", None),
    ("how much does a course cost", "cost", None),
    ("can tms help ocd", "conditions_treated", None),
])
def test_clinic_topics_without_content_are_named(text: str, entry: str, topic: str | None) -> None:
    assert topic_without_content(text, entry) == topic


def test_the_topic_list_is_reviewed_and_names_no_entry_that_exists() -> None:
    topics = load_topics(enforce_review=True)
    assert topics and not {t.id for t in topics} & set(default_index().vocab)
    assert all(t.instead_of <= set(default_index().vocab) for t in topics)


def test_a_topic_without_content_gets_the_honest_reply_even_when_the_model_is_sure(index: FitIndex) -> None:
    outcome = decide("do you offer financing for the cost", FAQ, [("cost", 0.95)], [], index, TITLES)
    assert outcome is not None and outcome.intent == FALLBACK


def test_an_off_topic_message_is_not_rescued_by_an_entry_without_clinic_words() -> None:
    index = FitIndex.build({"missed": ["Missed sessions", "what if bad weather tomorrow means i miss my session"]})
    assert decide("what's the weather tomorrow", OUT_OF_SCOPE, [("missed", 0.7)], [], index, {}) is None
    rescued = decide("bad weather tomorrow, can i miss my session", OUT_OF_SCOPE, [("missed", 0.7)], [], index, {})
    assert rescued is not None and (rescued.intent, rescued.entry) == (FAQ, "missed")


def test_a_pronoun_or_a_weekday_does_not_make_an_off_topic_message_a_clinic_question() -> None:
    """The model read these as off topic; "you" and "this weekend" alone must not turn them into the honest
    "no reviewed information" reply (which promises the clinic has the answer)."""
    index = FitIndex.build({"cost": ["How much does it cost?", "what is the price"]})
    for text in ("How do you make Hmong sausage?", "Is it going to rain this weekend?"):
        assert decide(text, OUT_OF_SCOPE, [("cost", 0.2)], [], index, {}) is None, text
        outcome = decide(text, FALLBACK, [("cost", 0.2)], [], index, {}, original_intent=OUT_OF_SCOPE)
        assert outcome is not None and outcome.intent == OUT_OF_SCOPE, text
    for text in ("Do you have intake forms in Spanish?", "¿Tienen intérprete en español?", "do you take Medicaid"):
        outcome = decide(text, OUT_OF_SCOPE, [("cost", 0.2)], [], index, {})
        assert outcome is not None and outcome.intent == FALLBACK, text
    fallback = decide("do you have anything before 7am", FALLBACK, [("cost", 0.2)], [], index, {}, original_intent=FAQ)
    assert fallback is None  # an unsure clinic question: the honest reply


def test_the_sentence_that_asks_decides_whether_an_off_topic_message_is_a_clinic_question() -> None:
    """Clinic words that only set the scene do not make the question a clinic one; a question pointing back
    at the scene ("Who can fix that?") still asks about it."""
    index = FitIndex.build({"cost": ["How much does it cost?", "what is the price"]})
    for text in ("I've got my appointment with y'all Thursday. Is it supposed to rain in Tampa that day?",
                 "after my tms session tomorrow im going fishing out of Rockport. whats the redfish limit now?"):
        assert decide(text, OUT_OF_SCOPE, [("cost", 0.2)], [], index, {}) is None, text
    outcome = decide("I can't log into the patient portal, my code expired. Who can fix that?", OUT_OF_SCOPE,
                     [("cost", 0.2)], [], index, {})
    assert outcome is not None and outcome.intent == FALLBACK


def test_off_topic_words_beside_the_question_do_not_make_a_clinic_question_off_topic() -> None:
    """The sentence that asks decides: homework to do while waiting is the scene, not the question."""
    index = FitIndex.build({"cost": ["How much does it cost?", "what is the price"]})
    outcome = decide("is there wifi in the waiting area? gotta do homework while I wait on my mom", FAQ,
                     [("cost", 0.2)], [], index, {})
    assert outcome is not None and outcome.intent == FALLBACK
    for text in ("while I wait for my session can you help with my homework?",
                 "MRI machines use magnets too right? for my physics homework, how do you calculate the field in a coil"):
        outcome = decide(text, FAQ, [("cost", 0.2)], [], index, {})
        assert outcome is not None and outcome.intent == OUT_OF_SCOPE, text
    outcome = decide("Can I bring my service dog? He's trained for my PTSD", OUT_OF_SCOPE, [("cost", 0.2)], [], index, {})
    assert outcome is not None and outcome.intent == FALLBACK  # a visit's logistics: the honest "no information"


@pytest.mark.parametrize("text", ["who won the Alabama game saturday", "can you write my psych 101 paper on ECT",
                                  "summarize chapter 4 for my english class",
                                  "what's the capital of Australia, settling a bet in the waiting room",
                                  "I get so bored sitting in the TMS chair. can you recommend a good history podcast?",
                                  "my landlord wants me out before my last session, can you help with the legal side"])
def test_sports_results_and_school_work_are_off_topic_beside_clinic_words(text: str, index: FitIndex) -> None:
    outcome = decide(text, FAQ, [("cost", 0.3)], [], index, TITLES)
    assert outcome is not None and outcome.intent == OUT_OF_SCOPE


@pytest.mark.parametrize("text", ["is it supposed to rain in Dayton tomorrow", "help me study for my citizenship interview",
                                  "my boss never paid me overtime, what can I do", "plan a 3 day trip to Orlando for us",
                                  "Sidee loo kariyaa suqaar?", "¿qué tiempo va a hacer mañana en Caguas?"])
def test_forecasts_wages_trips_and_recipes_are_off_topic(text: str, index: FitIndex) -> None:
    outcome = decide(text, FAQ, [("cost", 0.3)], [], index, TITLES)
    assert outcome is not None and outcome.intent == OUT_OF_SCOPE


def test_a_message_without_words_is_no_question_for_an_entry() -> None:
    index = FitIndex.build({"accelerated": ["Accelerated TMS", "10 sessions a day for 5 days"]})
    for text in ("5", "12/3", "?!"):
        outcome = decide(text, FAQ, [("accelerated", 0.6)], [], index, {})
        assert outcome is not None and outcome.intent == FALLBACK, text
    answered = decide("5 days of sessions?", FAQ, [("accelerated", 0.6)], [], index, {})
    assert answered is not None and (answered.intent, answered.entry) == (FAQ, "accelerated")


def test_an_unsure_pick_for_a_question_without_clinic_words_must_fit_closely() -> None:
    index = FitIndex.build({"missed": ["Missed sessions", "what if bad weather tomorrow means i miss my session"],
                            "cost": ["How much does it cost?", "what is the price"]})
    unsure = [("missed", 0.15), ("cost", 0.1)]
    outcome = decide("will it be cold in Phoenix tomorrow", FAQ, unsure, [], index, {})
    assert outcome is not None and outcome.intent == OUT_OF_SCOPE
    sure = decide("will it be cold in Phoenix tomorrow", FAQ, [("missed", 0.9)], [], index, {})
    assert sure is not None and (sure.intent, sure.entry) == (FAQ, "missed")  # a sure pick needs a modest fit only
    kept = decide("bad weather tomorrow, can i miss my session", FAQ, unsure, [], index, {})
    assert kept is not None and (kept.intent, kept.entry) == (FAQ, "missed")  # a clinic word: the fit rule as before
    # a bare weather question is off topic even when the model is sure of the entry whose examples mention weather
    bare = decide("weather this weekend?", FAQ, [("missed", 0.9)], [], index, {})
    assert bare is not None and bare.intent == OUT_OF_SCOPE


def test_a_logistics_question_the_model_took_for_the_prescreen_gets_the_honest_reply(index: FitIndex) -> None:
    asked = decide("where do i check in for my first appointment", "start_prescreen", [], [], index, TITLES)
    assert asked is not None and asked.intent == FALLBACK
    assert decide("i want to start the pre-screen", "start_prescreen", [], [], index, TITLES) is None


def test_a_clinic_matter_without_content_gets_the_honest_reply_unless_an_entry_clearly_answers_it(index: FitIndex) -> None:
    honest = decide("can my husband sit in the room with me", NO_CONTENT, [("cost", 0.4)], [], index, TITLES)
    assert honest is not None and honest.intent == FALLBACK
    answered = decide("how much does tms cost", NO_CONTENT, [("cost", 0.95)], [], index, TITLES)
    assert answered is not None and (answered.intent, answered.entry) == (FAQ, "cost")
    # below the fallback threshold the model's own best guess still counts: a clinic matter, never "off topic"
    unsure = decide("do you send appointment reminders by text", FALLBACK, [("cost", 0.2)], [], index, TITLES, NO_CONTENT)
    assert unsure is None


def test_someone_in_the_room_and_hsa_cards_get_the_honest_reply_not_the_nearest_entry(index: FitIndex) -> None:
    """Round sixteen: every real-question set asks both; the session and cost entries answer neither."""
    room = decide("can my wife sit in the room with me during treatment", FAQ, [("session_experience", 0.9)], [], index, TITLES)
    assert room is not None and room.intent == FALLBACK and "companions_in_the_room" in room.reason
    card = decide("can I pay with my HSA card and get an itemized receipt", FAQ, [("cost", 0.9)], [], index, TITLES)
    assert card is not None and card.intent == FALLBACK and "hsa_fsa_payment" in card.reason
    # the cost entry still answers what a course costs, HSA or not
    cost = decide("my HSA has 6k in it, would that cover the cost of a course", FAQ, [("cost", 0.9)], [], index, TITLES)
    assert cost is None or (cost.intent, cost.entry) == (FAQ, "cost")


def test_a_personal_question_about_a_topic_without_content_stays_declined(index: FitIndex) -> None:
    outcome = decide("my doctor says depression but i think its adhd, which is it", ADVICE,
                     [("conditions_treated", 0.3)], [], index, TITLES)
    assert outcome is None  # the model's decline stands; no "no reviewed information" reply


def test_a_general_question_taken_for_advice_is_answered_only_when_the_entry_is_sure_and_fits(index: FitIndex) -> None:
    answered = decide("will i get headaches or scalp pain", ADVICE, [("side_effects", 0.95)], [], index, TITLES)
    assert answered is not None and (answered.intent, answered.entry) == (FAQ, "side_effects")
    assert decide("will i get headaches or scalp pain", ADVICE, [("side_effects", 0.5)], [], index, TITLES) is None
    assert decide("is 50mg of sertraline too much for me", ADVICE, [("cost", 0.95)], [], index, TITLES) is None


def test_decide(index: FitIndex) -> None:
    cost = [("cost", 0.5)]
    assert decide("yes please", "affirm", [], PRESCREEN, index, TITLES).intent == "start_prescreen"  # type: ignore[union-attr]
    assert decide("no thanks", "deny", [], PRESCREEN, index, TITLES).intent == DENY  # type: ignore[union-attr]
    assert decide("hello", "greet", [], [], index, TITLES) is None
    assert decide("what is the price", FAQ, cost, [], index, TITLES).entry == "cost"  # type: ignore[union-attr]
    assert decide("is there parking at your office", FAQ, cost, [], index, TITLES).intent == FALLBACK  # type: ignore[union-attr]
    assert decide("how do i fix my bike", FAQ, cost, [], index, TITLES).intent == OUT_OF_SCOPE  # type: ignore[union-attr]
    # "you" puts a message in the clinic's world, so off-topic words must decline it
    assert decide("can you write me a python script", FAQ, cost, [], index, TITLES).intent == OUT_OF_SCOPE  # type: ignore[union-attr]
    assert decide("is there parking at your office", OUT_OF_SCOPE, cost, [], index, TITLES).intent == FALLBACK  # type: ignore[union-attr]
    assert decide("is 20mg of prozac too much for me", FAQ, cost, [], index, TITLES).intent == ADVICE  # type: ignore[union-attr]
    assert decide("my chest hurts, should i go to the er", ADVICE, cost, [], index, TITLES).intent == URGENT  # type: ignore[union-attr]
    assert decide("Does it hurt?", FAQ, [("side_effects", 0.6)], [], index, TITLES).entry == "is_it_painful"  # type: ignore[union-attr]
    chosen = decide("scalp pain", FAQ, [("side_effects", 0.25), ("is_it_painful", 0.2)], [], index, TITLES)
    assert chosen is not None and chosen.intent == CLARIFY
    did_you_mean = [Button(TITLES["side_effects"], TITLES["side_effects"]), Button(NONE_OF_THESE, NONE_OF_THESE)]
    assert decide("1", FAQ, [], did_you_mean, index, TITLES).entry == "side_effects"  # type: ignore[union-attr]
    assert decide("none of these", FAQ, [], did_you_mean, index, TITLES).intent == FALLBACK  # type: ignore[union-attr]


def test_the_real_index_knows_every_entry() -> None:
    index = default_index()
    assert {"what_is_tms", "candidacy", "is_safe", "start_timing"} <= set(index.vocab)
    assert index.fit("is tms safe", "is_safe") > index.fit("is tms safe", "cost")


def test_eligibility_questions_get_the_answer_that_offers_the_prescreen_and_requests_start_it(index: FitIndex) -> None:
    asked = decide("could this work for me?", "start_prescreen", [], [], index, TITLES, eligibility_entry="cost")
    assert asked is not None and (asked.intent, asked.entry) == (FAQ, "cost")
    assert decide("can you screen me", "start_prescreen", [], [], index, TITLES, eligibility_entry="cost") is None


def test_asking_for_a_person_is_a_staff_request_even_when_the_model_says_contact_details(index: FitIndex) -> None:
    asked = decide("can i talk to a real person?", FAQ, [("cost", 0.9)], [], index, TITLES)
    assert asked is not None and asked.intent == "human_handoff"
    assert decide("am i talking to a real person", "bot_challenge", [], [], index, TITLES) is None


def test_a_short_question_without_clinic_words_is_answered_when_the_entry_is_sure_and_covers_it() -> None:
    index = FitIndex.build({"start": ["How soon treatment can start", "how soon can i begin", "earliest start date"]})
    rescued = decide("earliest I could begin?", OUT_OF_SCOPE, [("start", 0.9)], [], index, {})
    assert rescued is not None and (rescued.intent, rescued.entry) == (FAQ, "start")
    assert decide("earliest I could begin?", OUT_OF_SCOPE, [("start", 0.6)], [], index, {}) is None


def test_a_symptom_happening_now_is_urgent_even_inside_a_treatment_question(index: FitIndex) -> None:
    for text in ("having chest pain right now, just finished session 14",
                 "the headache after today's session is really bad, do I need to go to the ER",
                 "tengo un dolor fuerte en el pecho ahorita"):
        outcome = decide(text, FAQ, [("side_effects", 0.9)], [], index, TITLES)
        assert outcome is not None and outcome.intent == URGENT, text
    assert not advice.is_urgent_now("do I have to go to the hospital for tms?")


def test_a_forecast_asked_about_the_clinic_is_not_off_topic(index: FitIndex) -> None:
    outcome = decide("is it going to snow tomorrow? will you be open", FAQ, [("cost", 0.3)], [], index, TITLES)
    assert outcome is None or outcome.intent != OUT_OF_SCOPE
