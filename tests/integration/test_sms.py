"""SMS over the Twilio channel against a local fake Twilio: signed webhooks in, REST messages out."""
from __future__ import annotations

import random
import uuid

import pytest
import requests

from bot.content.store import load_content
from bot.handoff import send_staff_reply
from bot.sms import SEGMENT_CHARS
from tests.integration.conftest import Bot, wait_for
from tests.integration.fake_twilio import NUMBER, sign, signed_post
from tests.integration.test_prescreen import SMS_ANSWERS

pytestmark = pytest.mark.stack


def new_phone() -> str:
    return f"+1555{random.randrange(10**7):07d}"


def webhook(bot: Bot) -> str:
    return f"http://127.0.0.1:{bot.config.rasa_port}/webhooks/twilio/webhook"


def form(phone: str, body: str, sid: str | None = None) -> dict[str, str]:
    # Real Twilio posts carry blank fields too; they are part of the signature.
    return {"MessageSid": sid or f"SM{uuid.uuid4().hex}", "AccountSid": "AC" + "0" * 31 + "1", "From": phone,
            "To": NUMBER, "Body": body, "NumMedia": "0", "FromZip": "", "FromCity": ""}


def text(bot: Bot, phone: str, body: str, sid: str | None = None) -> list[str]:
    """Texts the bot and returns what it sent back (the webhook answers after the replies went out)."""
    before = len(bot.twilio.to(phone))
    response = signed_post(webhook(bot), form(phone, body, sid))
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/xml") and "<Response>" in response.text
    replies = bot.twilio.to(phone)[before:]
    assert all(len(r) <= SEGMENT_CHARS for r in replies), replies
    return replies


def vetted_sms(entry_id: str, bot: Bot) -> str:
    return load_content().get(entry_id).sms.format(**bot.config.clinic_slots)


def said(bot: Bot, phone: str, who: str = "user") -> list[str]:
    """What the tracker recorded from the user (or the bot) in this SMS conversation."""
    url = f"http://127.0.0.1:{bot.config.rasa_port}/conversations/{phone}/tracker"  # Rasa takes the "+" as is
    events = requests.get(url, params={"token": bot.api_token}, timeout=30).json().get("events") or []
    return [e.get("text") for e in events if e.get("event") == who]


def test_full_prescreen_by_sms_with_numbered_choices_and_short_answers(bot: Bot) -> None:
    phone = new_phone()
    greeting = " ".join(text(bot, phone, "hi"))
    assert "Reply 1 for What is TMS?, 2 for Could TMS work for me?, 3 for Talk to staff." in greeting
    consent = " ".join(text(bot, phone, "2"))  # the greeting's second button, mapped back to its payload
    assert "not a diagnosis" in consent and "Reply YES to start or NO." in consent
    assert "How old are you" in text(bot, phone, "YES")[-1]  # not opted out, so YES goes to the dialogue
    replies: list[str] = []
    for _, answer in SMS_ANSWERS:  # PHQ-9 digits are the form's own numbers: never remapped
        replies = text(bot, phone, answer)
        assert replies and not any("didn't catch that" in r for r in replies), (answer, replies)
    assert "not a diagnosis" in " ".join(replies)
    [row] = wait_for(lambda: bot.prescreens(phone), timeout=10)
    assert row.channel == "twilio" and row.completed_at is not None
    assert row.phq9_total == 16 and row.outcome == "likely_candidate"
    assert row.answers["antidepressants_tried"] == 3 and row.contact_method == "call"


def test_numbered_choice_maps_once_then_digits_are_plain_text(bot: Bot) -> None:
    phone = new_phone()
    text(bot, phone, "hello")
    [answer] = text(bot, phone, "1")  # the greeting's first button: "What is TMS?"
    assert "TMS" in answer and "Reply 1" not in answer
    assert said(bot, phone)[-1] == "What is TMS?"
    text(bot, phone, "1")
    assert said(bot, phone)[-1] == "1"


def test_stop_silences_bot_and_staff_until_start(bot: Bot) -> None:
    phone = new_phone()
    text(bot, phone, "what is tms")
    [confirmation] = text(bot, phone, "Stop")
    assert "unsubscribed" in confirmation and "START" in confirmation
    assert "Stop" not in said(bot, phone)  # the dialogue never saw the keyword
    assert text(bot, phone, "does tms hurt") == []  # still handled (crisis escalation works), never answered
    assert said(bot, phone)[-1] == "does tms hurt"
    send_staff_reply(f"http://127.0.0.1:{bot.config.rasa_port}", bot.api_token, phone, "Hi, this is Dana from the clinic.", "Dana")
    assert said(bot, phone, "bot")[-1] == "Hi, this is Dana from the clinic."
    assert bot.twilio.to(phone)[-1] == confirmation  # staff pushes are held back too
    [welcome_back] = text(bot, phone, "START")
    assert "subscribed again" in welcome_back
    assert text(bot, phone, "does tms hurt") == [vetted_sms("is_it_painful", bot)]
    assert "unsubscribed" in text(bot, phone, "quit")[0]
    assert "subscribed again" in text(bot, phone, "Yes")[0]  # YES opts in only while opted out


def test_help_gives_clinic_contact_and_988_without_reaching_the_dialogue(bot: Bot) -> None:
    phone = new_phone()
    [reply] = text(bot, phone, "HELP")
    config = bot.config
    assert config.clinic_name in reply and config.clinic_phone in reply and "988" in reply
    assert said(bot, phone) == []


def test_crisis_message_gets_988(bot: Bot) -> None:
    phone = new_phone()
    replies = text(bot, phone, "i want to kill myself")
    assert "988" in " ".join(replies)
    [escalation] = wait_for(lambda: bot.escalations(phone), timeout=10)
    assert escalation.channel == "twilio"


def test_forged_or_unsigned_webhooks_are_refused_and_never_reach_the_dialogue(bot: Bot) -> None:
    phone = new_phone()
    forged = signed_post(webhook(bot), form(phone, "what is tms"), token="not-the-auth-token")
    unsigned = requests.post(webhook(bot), data=form(phone, "what is tms"), timeout=30)
    genuine = form(phone, "what is tms")
    tampered = requests.post(
        webhook(bot), data={**genuine, "Body": "STOP"},
        headers={"X-Twilio-Signature": sign(webhook(bot), genuine)}, timeout=30,
    )
    assert (forged.status_code, unsigned.status_code, tampered.status_code) == (403, 403, 403)
    assert bot.twilio.to(phone) == [] and said(bot, phone) == []


def test_signature_over_the_public_url_behind_a_proxy(bot: Bot) -> None:
    phone = new_phone()
    public = "https://clinic.example/webhooks/twilio/webhook"
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "clinic.example"}
    response = signed_post(webhook(bot), form(phone, "what is tms"), signed_url=public, headers=proxied)
    assert response.status_code == 200 and bot.twilio.to(phone)
    wrong_host = signed_post(webhook(bot), form(phone, "what is tms"), signed_url=public)
    assert wrong_host.status_code == 403


def test_a_retried_delivery_is_processed_once(bot: Bot) -> None:
    phone = new_phone()
    sid = f"SM{uuid.uuid4().hex}"
    first = text(bot, phone, "is tms covered by insurance", sid=sid)
    assert first
    assert text(bot, phone, "is tms covered by insurance", sid=sid) == []
    assert said(bot, phone) == ["is tms covered by insurance"]
