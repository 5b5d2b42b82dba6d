"""The Twilio channel's pieces without a server: signed URL, form parsing, rendering and suppression."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from twilio.request_validator import RequestValidator

import bot.config
from bot import sms
from bot.db import engine_for
from bot.sms import gsm7
from channels.twilio import (
    VerifiedTwilioInput,
    VerifiedTwilioOutput,
    form_params,
    webhook_url,
)

pytestmark = pytest.mark.detector  # the SMS channel reads every message with the crisis detector


def test_the_signed_url_is_the_configured_one_and_required() -> None:
    url = "https://sms.clinic.example/webhooks/twilio/webhook"
    assert webhook_url(url) == url
    with pytest.raises(ValueError, match="TWILIO_WEBHOOK_URL must be set"):
        webhook_url("")


def test_the_channel_refuses_to_start_with_a_token_but_no_webhook_url(monkeypatch) -> None:
    monkeypatch.setenv("TWILIO_WEBHOOK_URL", "")
    bot.config.settings.cache_clear()
    try:
        with pytest.raises(ValueError, match="TWILIO_WEBHOOK_URL"):
            VerifiedTwilioInput.from_credentials({"account_sid": "AC1", "auth_token": "token", "twilio_number": "+1"})
        assert VerifiedTwilioInput.from_credentials({"account_sid": "", "auth_token": "", "twilio_number": ""})
    finally:
        bot.config.settings.cache_clear()


def test_the_channel_refuses_clinic_settings_no_gsm7_sms_can_carry(monkeypatch) -> None:
    """A curly apostrophe is converted (still GSM-7); an emoji in the clinic name would make every text UCS-2."""
    monkeypatch.setenv("TWILIO_WEBHOOK_URL", "https://sms.clinic.example/webhooks/twilio/webhook")
    credentials = {"account_sid": "AC1", "auth_token": "token", "twilio_number": "+1"}
    bot.config.settings.cache_clear()
    try:
        monkeypatch.setenv("CLINIC_NAME", "St. Mary\u2019s TMS \u2014 Mood Center")
        assert VerifiedTwilioInput.from_credentials(credentials)
        bot.config.settings.cache_clear()
        monkeypatch.setenv("CLINIC_NAME", "Sunrise TMS \U0001f305")
        monkeypatch.setenv("CLINIC_HOURS", "\u6708-\u91d1 9-17")
        with pytest.raises(ValueError, match="clinic_hours, clinic_name"):
            VerifiedTwilioInput.from_credentials(credentials)
    finally:
        bot.config.settings.cache_clear()


def test_form_keeps_blank_fields_so_real_twilio_signatures_validate() -> None:
    params = form_params(b"Body=Hi+there%21&From=%2B15550001111&FromZip=&To=%2B15550100000")
    assert params == {"Body": "Hi there!", "From": "+15550001111", "FromZip": "", "To": "+15550100000"}
    url = "https://bot.clinic.example/webhooks/twilio/webhook"
    signature = RequestValidator("token").compute_signature(url, params)
    assert RequestValidator("token").validate(url, params, signature)
    without_blank = {k: v for k, v in params.items() if v}
    assert not RequestValidator("token").validate(url, without_blank, signature)


def test_api_base_url_override_keeps_the_path() -> None:
    out = VerifiedTwilioOutput("AC1", "token", "+15550100000", "http://127.0.0.1:9999/")
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"
    assert out.get_hostname(url) == "http://127.0.0.1:9999/2010-04-01/Accounts/AC1/Messages.json"
    assert VerifiedTwilioOutput("AC1", "token", "+1").get_hostname(url) == url


class Capturing(VerifiedTwilioOutput):
    def __init__(self) -> None:
        super().__init__("AC1", "token", "+15550100000")
        self.sent: list[dict[str, Any]] = []

    async def _create(self, message_data: dict[str, Any]) -> Any:
        self.sent.append(message_data)
        return message_data


def test_buttons_become_numbered_choices_and_opted_out_numbers_get_nothing(env_settings) -> None:
    engine = engine_for(env_settings.database_url)
    out, phone = Capturing(), "+15550005555"
    buttons = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    asyncio.run(out.send_response(phone, {"text": "Shall we start?", "buttons": buttons}))
    assert [m["body"] for m in out.sent] == ["Shall we start? Reply 1 for Yes, 2 for No."]
    assert out.sent[0]["from_"] == "+15550100000" and out.sent[0]["to"] == phone
    assert sms.take_choice(engine, phone, "1") == "/affirm"

    sms.set_opted_out(engine, phone, True)
    asyncio.run(out.send_response(phone, {"text": "A staff reply."}))
    asyncio.run(out.send_response(phone, {"text": "Buttons", "buttons": buttons}))
    asyncio.run(out.send_image_url(phone, "https://example.test/x.png"))
    assert len(out.sent) == 1
    asyncio.run(out.send_channel_text(phone, "help"))  # a direct answer: sent even while opted out
    assert out.sent[-1]["body"] == sms.channel_text("help")


def test_outgoing_text_is_gsm7_and_sent_whole(env_settings) -> None:
    out, phone = Capturing(), "+15550007777"
    long = "It\u2019s a \u201cshort\u201d answer \u2014 really\u2026 " * 20  # ~800 characters, 6 segments
    asyncio.run(out.send_response(phone, {"text": long}))
    [sent] = out.sent
    assert gsm7.is_gsm7(sent["body"]) and sent["body"].startswith('It\'s a "short" answer - really...')


def test_consent_changes_reply_once_and_twilio_keywords_are_left_to_twilio(env_settings, monkeypatch) -> None:
    engine = engine_for(env_settings.database_url)
    channel, out, phone = VerifiedTwilioInput("AC1", "token", "+15550100000"), Capturing(), "+15550006666"
    heard: list[str] = []

    async def dialogue(_phone: str, text: str, _id: str, _out: Any) -> None:
        heard.append(text)

    monkeypatch.setattr(channel, "dialogue", dialogue)

    def handle(body: str) -> None:
        asyncio.run(channel.handle(phone, body, "SM" + body, out))

    handle("yes")  # not opted out: "yes" is an answer for the bot
    assert heard == ["yes"] and out.sent == []
    handle("stop texting me please")
    assert sms.is_opted_out(engine, phone) and out.sent[-1]["body"] == sms.channel_text("stop")
    handle("STOP")
    handle("help")
    assert len(out.sent) == 2 and out.sent[-1]["body"] == sms.channel_text("help")  # HELP, never a second STOP
    handle("yes")
    assert not sms.is_opted_out(engine, phone) and out.sent[-1]["body"] == sms.channel_text("start")

    monkeypatch.setenv("TWILIO_KEYWORD_REPLIES", "false")  # Twilio's own keyword replies are on
    bot.config.settings.cache_clear()
    try:
        sent = len(out.sent)
        handle("quit")
        assert sms.is_opted_out(engine, phone) and len(out.sent) == sent
        handle("start")
        handle("please remove me from your list")  # Twilio does not read plain words: we confirm
        assert sms.is_opted_out(engine, phone) and [m["body"] for m in out.sent[sent:]] == [sms.channel_text("stop")]
    finally:
        bot.config.settings.cache_clear()
    assert heard == ["yes"]


# Issue 17: one text per action in a webhook turn, long texts whole unless the clinic chose separate parts.
def test_a_webhook_turn_sends_each_actions_texts_as_one_message(env_settings) -> None:
    out, phone = Capturing(), "+15550008888"
    out.joining = True

    async def turn() -> None:
        await out.send_response(phone, {"text": "I want to check in with you. Call or text 988."})  # its own action
        await asyncio.sleep(0)  # Rasa runs the next action: the loop pauses, the crisis reply leaves first
        assert [m["body"] for m in out.sent] == ["I want to check in with you. Call or text 988."]
        await out.send_response(phone, {"text": "Got it: none of these. Reply 0 to change."})
        await out.send_response(phone, {"text": "Q6/20 List the medicines you take now."})
        await out.flush()

    asyncio.run(turn())
    assert [m["body"] for m in out.sent][1:] == ["Got it: none of these. Reply 0 to change.\nQ6/20 List the medicines you take now."]


def test_long_texts_go_whole_unless_the_clinic_chose_separate_parts(env_settings, monkeypatch) -> None:
    long = "Thanks for your patience. " * 14  # 364 characters: 3 segments
    out = Capturing()
    asyncio.run(out.send_response("+15550009999", {"text": long}))
    assert [m["body"] for m in out.sent] == [long.strip()]
    monkeypatch.setenv("SMS_LONG_TEXTS", "separate")
    bot.config.settings.cache_clear()
    try:
        out = Capturing()
        asyncio.run(out.send_response("+15550009999", {"text": long}))
    finally:
        bot.config.settings.cache_clear()
    bodies = [m["body"] for m in out.sent]
    assert len(bodies) == 3 and [b[-5:] for b in bodies] == ["(1/3)", "(2/3)", "(3/3)"]
    assert all(gsm7.segment_count(b) == 1 for b in bodies) and " ".join(b[:-6] for b in bodies) == long.strip()
