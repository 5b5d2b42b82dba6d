"""What a website visitor sees over the REST channel: honest greeting, vetted answers, honest declines."""
from __future__ import annotations

import uuid

from bot.config import Settings
from bot.content.store import load_content
from tests.integration.conftest import Bot


def sender() -> str:
    return f"visitor-{uuid.uuid4().hex[:8]}"


def vetted(entry_id: str, config: Settings) -> str:
    return load_content().get(entry_id).answer.format(**config.clinic_slots)


def test_greeting_says_it_is_automated_and_gives_988(bot: Bot) -> None:
    [reply] = bot.say(sender(), "hello")
    assert "automated" in reply["text"] and "not a clinician" in reply["text"]
    assert "988" in reply["text"]
    assert {b["title"] for b in reply["buttons"]} >= {"What is TMS?", "Talk to staff"}


def test_are_you_a_bot_is_answered_truthfully(bot: Bot) -> None:
    [text] = bot.texts(sender(), "am i talking to a real person?")
    assert "bot" in text and "not a person" in text


def test_painful_question_gets_the_vetted_entry_with_clinic_details(bot: Bot) -> None:
    assert bot.texts(sender(), "does tms hurt") == [vetted("is_it_painful", bot.config)]
    [cost] = bot.texts(sender(), "how much does a course of tms cost without insurance")
    assert cost == vetted("cost", bot.config)
    assert bot.config.clinic_phone in cost and "{" not in cost


def test_medical_advice_is_declined_with_a_way_to_reach_staff(bot: Bot) -> None:
    [text] = bot.texts(sender(), "should i stop taking my lexapro before starting")
    assert "can't give personal medical advice" in text
    assert bot.config.clinic_phone in text


def test_off_topic_and_gibberish_are_declined_not_guessed(bot: Bot) -> None:
    for message in ("who won the world cup in 2018", "qwpoeiruty zxmcnv"):
        [text] = bot.texts(sender(), message)
        assert bot.config.clinic_phone in text
        assert not any(text == entry.answer.format(**bot.config.clinic_slots) for entry in load_content().entries)


def test_asking_for_a_person_records_a_staff_request(bot: Bot) -> None:
    visitor = sender()
    [text] = bot.texts(visitor, "can i talk to a real person please")
    assert bot.config.clinic_phone in text
    [escalation] = bot.escalations(visitor)
    assert escalation.category == "staff_request" and escalation.priority == 4


def test_an_urgent_symptom_gets_911_first_not_a_question_about_suicide(bot: Bot) -> None:
    """The backstop is unsure about this message (a check-in); the urgent reply already routes to 911."""
    visitor = sender()
    texts = bot.texts(visitor, "Heart racing at 160 and I feel like I'm going to pass out. just left your office")
    assert "911" in texts[0] and not any("ending your life" in text for text in texts)
