"""Crisis language anywhere gets 988 at once, an escalation, and one staff notification."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.db import engine_for, session_scope
from bot.escalation.models import EscalationEvent
from bot.handoff import hand_back, take_over
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


def test_uncertain_signal_after_distress_gets_the_direct_question_and_a_yes_escalates_at_top_priority(bot: Bot) -> None:
    """The component reads the conversation from the tracker: the second low mood turn gets the check-in
    question (with 988) and a lower-priority escalation; answering yes escalates at priority 1."""
    person = sender()
    first = bot.texts(person, "i am so tired of all of this")
    assert not any("988" in t for t in first)
    [question, *_] = bot.texts(person, "i am so tired of all of this")
    assert "ending your life?" in question and "988" in question
    [check_in] = wait_for(lambda: bot.escalations(person), timeout=5)
    assert check_in.category == "check_in" and check_in.priority == 4
    [reply, *_] = bot.texts(person, "yes")
    assert "988" in reply and "911" in reply
    escalations = wait_for(lambda: [e for e in bot.escalations(person) if e.priority == 1], timeout=5)
    assert escalations[0].category == "check_in_answer"


def test_a_question_with_an_uncertain_signal_gets_the_direct_question_and_still_its_answer(bot: Bot) -> None:
    """Only the backstop's statistics read a crisis in this question about session length: the person is asked
    directly (988 in the same message, a lower-priority escalation), and the question is answered too."""
    person = sender()
    question, *rest = bot.texts(person, "how long does a tms session take? not sure I have much time left in me")
    assert "ending your life?" in question and "988" in question
    assert any("A standard session takes" in text for text in rest), rest
    [check_in] = wait_for(lambda: bot.escalations(person), timeout=5)
    assert check_in.category == "check_in" and check_in.priority == 4
    [reply, *_] = bot.texts(person, "yes")
    assert "988" in reply and "911" in reply
    wait_for(lambda: [e for e in bot.escalations(person) if e.priority == 1], timeout=5)


@pytest.mark.parametrize("answer", ["no, I'm safe", "no i'm ok, just tired", "no, estoy bien"])
def test_a_clear_no_to_the_direct_question_does_not_escalate_again(bot: Bot, answer: str) -> None:
    person = sender()
    bot.texts(person, "i am so tired of all of this")
    bot.texts(person, "i am so tired of all of this")
    wait_for(lambda: bot.escalations(person), timeout=5)
    texts = bot.texts(person, answer)
    assert texts and not any("911" in t for t in texts), texts  # a calm reply, not the crisis text again
    assert len(bot.escalations(person)) == 1


def test_a_no_that_says_the_person_is_not_ok_escalates_at_top_priority(bot: Bot) -> None:
    person = sender()
    bot.texts(person, "i am so tired of all of this")
    bot.texts(person, "i am so tired of all of this")
    wait_for(lambda: bot.escalations(person), timeout=5)
    [reply, *_] = bot.texts(person, "no estoy bien")
    assert "988" in reply
    wait_for(lambda: [e for e in bot.escalations(person) if e.priority == 1], timeout=5)


def test_a_farewell_after_distress_is_a_crisis(bot: Bot) -> None:
    person = sender()
    bot.texts(person, "i am so tired of all of this")
    [text, *_] = bot.texts(person, "thanks for everything, bye")
    assert "988" in text
    [escalation] = wait_for(lambda: bot.escalations(person), timeout=5)
    assert escalation.priority <= 2


def test_a_further_crisis_while_staff_hold_the_conversation_gets_a_short_reminder_and_realerts(bot: Bot) -> None:
    """Issue 11: staff already have this person; the whole crisis text again reads like a machine. The
    reminder still gives 988 and 911 (tappable in the widget), and the open escalation is re-alerted."""
    person, rasa = sender(), f"http://127.0.0.1:{bot.config.rasa_port}"
    first = bot.texts(person, "i want to kill myself")[0]
    [escalation] = wait_for(lambda: bot.escalations(person), timeout=5)
    take_over(rasa, bot.api_token, person)

    [reminder] = bot.texts(person, "i still want to die, nothing has changed")
    assert "988" in reminder and "911" in reminder and len(reminder) < len(first) / 2, reminder
    assert "alerted" in reminder

    def realerted() -> list[EscalationEvent]:
        with session_scope(engine_for(bot.config.database_url)) as session:
            return list(session.execute(select(EscalationEvent).where(EscalationEvent.escalation_id == escalation.id)).scalars())
    assert wait_for(realerted, timeout=10), "the repeat crisis must join the open escalation as a new event"
    assert [e.id for e in bot.escalations(person)] == [escalation.id]  # no second queue entry

    [spanish] = bot.texts(person, "ya no quiero vivir")
    assert "988" in spanish and "911" in spanish and "marca 2" in spanish and len(spanish) < len(first) / 2

    hand_back(rasa, bot.api_token, person)  # the bot holds it again: a crisis gets the whole reply
    assert bot.texts(person, "i want to kill myself")[0] == first
