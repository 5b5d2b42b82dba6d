"""Crisis language anywhere gets 988 at once, an escalation, and one staff notification."""
from __future__ import annotations

import uuid

from tests.integration.conftest import Bot, wait_for


def sender() -> str:
    return f"crisis-{uuid.uuid4().hex[:8]}"


def test_crisis_message_gets_hotlines_and_one_escalation_and_notification(bot: Bot) -> None:
    person = sender()
    bot.texts(person, "what does tms cost")
    texts = bot.texts(person, "honestly i dont see the point anymore, i want to end my life tonight")
    assert "988" in texts[0] and "911" in texts[0] and "741741" in texts[0]
    [escalation] = wait_for(lambda: bot.escalations(person), timeout=5)
    assert escalation.category == "imminent" and escalation.priority == 1
    assert escalation.channel == "rest" and "end my life" in escalation.trigger_text
    notes = wait_for(lambda: [n for n in bot.webhook.received if n["escalation_id"] == escalation.id], timeout=10)
    assert len(notes) == 1
    assert "end my life" not in str(notes[0])  # message text never leaves in a notification
    assert "end my life" not in bot.logs()  # nor reaches the logs


def test_typos_and_slang_are_caught(bot: Bot) -> None:
    for message in ("i just wanna kms", "been thinking about sewerslide again", "i want to kil myself"):
        texts = bot.texts(sender(), message)
        assert "988" in texts[0], message


def test_hard_negatives_get_normal_answers(bot: Bot) -> None:
    for message in ("this commute is killing me, how long is each session", "I'm not suicidal, just tired of meds not working"):
        texts = bot.texts(sender(), message)
        assert not any("988" in t and "Lifeline" in t for t in texts), (message, texts)


def test_someone_worried_about_another_person_gets_the_helper_reply(bot: Bot) -> None:
    [text, *_] = bot.texts(sender(), "my son keeps saying he wants to kill himself")
    assert "988" in text and "for them" in text


def test_spanish_crisis_gets_the_spanish_reply(bot: Bot) -> None:
    [text, *_] = bot.texts(sender(), "ya no quiero vivir")
    assert "988" in text and "marca 2" in text


def test_the_bot_keeps_answering_after_a_crisis_message(bot: Bot) -> None:
    person = sender()
    bot.texts(person, "i want to die")
    [text] = bot.texts(person, "is tms fda approved")
    assert "FDA" in text
