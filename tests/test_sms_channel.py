"""The Twilio channel's pieces without a server: signed URL, form parsing, rendering and suppression."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from twilio.request_validator import RequestValidator

import bot.config
from bot import sms
from bot.db import engine_for
from channels.twilio import VerifiedTwilioInput, VerifiedTwilioOutput, form_params, webhook_url


def _request(headers: dict[str, str] | None = None, body: bytes = b"") -> Any:
    return SimpleNamespace(headers=headers or {}, scheme="http", host="10.0.0.5:5005",
                           path="/webhooks/twilio/webhook", query_string="", body=body)


def test_webhook_url_prefers_the_configured_url_then_the_proxy_headers() -> None:
    assert webhook_url(_request()) == "http://10.0.0.5:5005/webhooks/twilio/webhook"
    proxied = _request({"X-Forwarded-Proto": "https, http", "X-Forwarded-Host": "bot.clinic.example"})
    assert webhook_url(proxied) == "https://bot.clinic.example/webhooks/twilio/webhook"
    assert webhook_url(proxied, "https://sms.clinic.example/webhooks/twilio/webhook").startswith("https://sms.")


def test_form_keeps_blank_fields_so_real_twilio_signatures_validate() -> None:
    body = b"Body=Hi+there%21&From=%2B15550001111&FromZip=&To=%2B15550100000"
    params = form_params(_request(body=body))
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
    asyncio.run(out.send_keyword_reply(phone, "Help text"))  # suppressed like any other message
    assert len(out.sent) == 1
    asyncio.run(out.send_keyword_reply(phone, "You're unsubscribed.", even_if_opted_out=True))
    assert out.sent[-1]["body"] == "You're unsubscribed."


def test_keywords_record_consent_and_reply_once_or_not_at_all(env_settings, monkeypatch) -> None:
    engine = engine_for(env_settings.database_url)
    channel, out, phone = VerifiedTwilioInput("AC1", "token", "+15550100000"), Capturing(), "+15550006666"

    def handle(body: str) -> bool:
        return asyncio.run(channel.handle_keyword(sms.keyword(body) or "", phone, out))

    assert not handle("yes")  # not opted out: "yes" is an answer for the bot
    assert handle("STOP") and sms.is_opted_out(engine, phone) and "unsubscribed" in out.sent[-1]["body"]
    assert handle("help") and len(out.sent) == 1  # nothing else while opted out
    assert handle("yes") and not sms.is_opted_out(engine, phone) and "subscribed again" in out.sent[-1]["body"]
    assert handle("info") and "988" in out.sent[-1]["body"]

    monkeypatch.setenv("TWILIO_KEYWORD_REPLIES", "false")  # Twilio's own keyword replies are on
    bot.config.settings.cache_clear()
    sent = len(out.sent)
    assert handle("quit") and sms.is_opted_out(engine, phone)
    assert handle("start") and not sms.is_opted_out(engine, phone)
    assert len(out.sent) == sent
    bot.config.settings.cache_clear()
