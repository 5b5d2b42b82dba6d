"""The pre-screen over REST: SMS-style answers, web buttons, corrections, why, stop, resume, safety."""
from __future__ import annotations

import uuid

from tests.integration.conftest import Bot, wait_for

# SMS-style answers, in question order, for a likely candidate who prefers a call.
SMS_ANSWERS = [
    ("age", "42"), ("depression_diagnosis", "y"), ("antidepressants_tried", "3"), ("psychotherapy_tried", "y"),
    ("metal_in_head", "n"), ("implanted_device", "n"), ("seizure_history", "n"), ("family_epilepsy", "no"),
    ("fainting", "never"), ("head_injury", "n"), ("brain_condition", "none"), ("hearing_problems", "n"),
    ("bipolar_history", "n"), ("psychosis_history", "n"), ("prior_tms", "no"), ("pregnancy", "n"),
    ("withdrawal", "n"), ("substance_use", "n"), ("sleep_deprivation", "n"), ("seizure_threshold_meds", "n"),
    ("medication_list", "sertraline 100mg"),
    ("insurance_type", "skip"), ("contact_method", "1"), ("contact_name", "Sam Rivera"), ("contact_phone", "555-201-7788"),
    ("phq9_1", "2"), ("phq9_2", "3"), ("phq9_3", "2"), ("phq9_4", "3"), ("phq9_5", "1"),
    ("phq9_6", "2"), ("phq9_7", "2"), ("phq9_8", "1"), ("phq9_9", "0"), ("phq9_difficulty", "very difficult"),
]
ITEM9 = [slot for slot, _ in SMS_ANSWERS].index("phq9_9")


def sender() -> str:
    return f"screen-{uuid.uuid4().hex[:8]}"


def start(bot: Bot, person: str) -> None:
    [consent] = bot.say(person, "could tms work for me? can you screen me")
    assert "not a diagnosis" in consent["text"] and "stop" in consent["text"]
    assert "stored" in consent["text"] and "staff" in consent["text"]
    [first] = bot.say(person, "yes")
    assert "How old are you" in first["text"] and "custom" not in first  # the widget's extras go to the widget only


def test_complete_prescreen_with_sms_style_answers_is_stored_as_answered(bot: Bot) -> None:
    person = sender()
    start(bot, person)
    replies: list[str] = []
    for _, answer in SMS_ANSWERS:
        replies = bot.texts(person, answer)
        assert not any("didn't catch that" in r for r in replies), (answer, replies)
    assert any("not a diagnosis" in r for r in replies)
    # Next steps last: what happens now, how (a call, as chosen) and when, from the clinic's settings.
    assert replies[-1].startswith("What happens next") and "will call you" in replies[-1]
    assert bot.config.clinic_response_time in replies[-1] and bot.config.clinic_hours in replies[-1]
    [row] = bot.prescreens(person)
    assert row.completed_at is not None and row.consent_at is not None
    assert row.answers["age"] == 42 and row.answers["antidepressants_tried"] == 3
    assert row.answers["metal_in_head"] is False and row.answers["insurance_type"] == "skipped"
    assert row.phq9_total == 16 and row.phq9_band == "moderately_severe"
    assert row.outcome == "likely_candidate"
    assert (row.contact_method, row.contact_name) == ("call", "Sam Rivera")
    assert row.contact_phone.endswith("5552017788")
    assert row.answers["phq9_difficulty"] == "very"
    assert bot.escalations(person) == []
    logs = bot.logs()
    assert "Sam Rivera" not in logs and "5552017788" not in logs and "555-201-7788" not in logs


def test_web_buttons_corrections_why_and_unsuitable_outcome(bot: Bot) -> None:
    person = sender()
    start(bot, person)
    bot.texts(person, "I'm 42")
    [dx] = bot.say(person, "Yes")
    assert [b["title"] for b in dx["buttons"]] == ["Yes", "No", "Not sure"] or dx["buttons"]
    payload_of = {b["title"]: b["payload"] for b in dx["buttons"]}
    bot.texts(person, payload_of.get("3 or more", "3 or more"))
    why = bot.texts(person, "why do you ask?")
    assert "therapy" in why[0].lower() or "insurer" in why[0].lower()
    bot.texts(person, "Yes")
    bot.texts(person, "Yes")  # metal in the head
    corrected = bot.texts(person, "actually I'm 45")
    assert corrected[0].startswith("Thanks, I've updated")
    wait_for(lambda: bot.prescreens(person) and bot.prescreens(person)[0].answers.get("age") == 45, timeout=5)
    assert bot.prescreens(person)[0].answers["metal_in_head"] is True


def test_stop_then_resume_the_next_session_at_the_next_question(bot: Bot) -> None:
    person = sender()
    start(bot, person)
    bot.texts(person, "33")
    bot.texts(person, "yes")
    [stopped] = bot.texts(person, "stop")
    assert "stopped" in stopped
    bot.texts(person, "/session_start")  # the next day: a new session
    replies = bot.texts(person, "continue pre-screen")
    assert "Welcome back" in replies[0] and "antidepressant" in replies[-1]


def test_crisis_in_the_middle_of_the_form_interrupts_and_can_resume(bot: Bot) -> None:
    person = sender()
    start(bot, person)
    bot.texts(person, "50")
    replies = bot.texts(person, "i cant do this anymore i want to die")
    assert "988" in replies[0] and "paused" in replies[-1]
    wait_for(lambda: bot.escalations(person), timeout=5)
    assert "TMS" in bot.texts(person, "what is tms")[0]
    resumed = bot.texts(person, "continue pre-screen")
    assert "depression" in resumed[-1]


def test_positive_item9_answer_gets_988_and_an_escalation_at_once(bot: Bot) -> None:
    person = sender()
    start(bot, person)
    for _, answer in SMS_ANSWERS[:ITEM9]:
        bot.texts(person, answer)
    replies = bot.texts(person, "no but I think about it")  # item 9: mixed, so positive
    assert "988" in replies[0]
    [escalation] = wait_for(lambda: bot.escalations(person), timeout=5)
    assert escalation.category == "phq9_item9"
    # the contact details were collected first, so the follow-up has a number
    [row] = bot.prescreens(person)
    assert row.contact_phone.endswith("5552017788") and row.answers["item9_flagged"] is True
    assert row.answers["phq9_9 (their words)"] == "no but I think about it"


def test_delete_my_answers_removes_the_stored_pre_screen(bot: Bot) -> None:
    person = sender()
    start(bot, person)
    bot.texts(person, "33")
    wait_for(lambda: bot.prescreens(person) and bot.prescreens(person)[0].answers.get("age") == 33, timeout=5)
    replies = bot.texts(person, "delete my answers")
    assert any("deleted your pre-screen answers" in r for r in replies)
    assert bot.prescreens(person) == []
    assert "pre-screen answers deleted on request" in bot.logs()
