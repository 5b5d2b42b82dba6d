"""Rasa's Twilio SMS channel made safe for patients: signed webhooks only, carrier keywords, opt-outs,
retry de-duplication, numbered choices for buttons and SMS-sized messages.

Keeps the name "twilio", so the webhook stays /webhooks/twilio/webhook and the domain's
`channel: twilio` response variants apply. Phone numbers (the Rasa sender id) never reach the logs:
`bot.sms.phone_ref` stands in for them.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from requests import RequestException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from twilio.base.exceptions import TwilioException
from twilio.request_validator import RequestValidator

from bot import sms
from bot.config import settings
from bot.db import engine_for

logger = logging.getLogger(__name__)
# The client logs every request at INFO (URLs with query parameters, which can hold phone numbers).
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

T = TypeVar("T")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _engine() -> Engine:
    return engine_for(settings().database_url)


def _db(what: str, default: T, call: Callable[..., T], *args: Any) -> T:
    """Runs a bookkeeping query; if the database is down the message still flows (with `default`)."""
    try:
        return call(_engine(), *args)
    except SQLAlchemyError:
        logger.exception("SMS bookkeeping failed (%s); carrying on without it", what)
        return default


def _first(header: str | None) -> str:
    return (header or "").split(",")[0].strip()


def webhook_url(request: Request, configured: str = "") -> str:
    """The URL Twilio signed: TWILIO_WEBHOOK_URL, else this request's URL as the proxy in front saw it."""
    if configured:
        return configured
    scheme = _first(request.headers.get("X-Forwarded-Proto")) or request.scheme
    host = _first(request.headers.get("X-Forwarded-Host")) or request.host
    return urlunsplit((scheme, host, request.path, request.query_string, ""))


def form_params(request: Request) -> dict[str, str]:
    """The posted form with blank values kept: Twilio signs fields like `FromZip=` too (Sanic drops them)."""
    return dict(parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True))


class VerifiedTwilioOutput(TwilioOutput):
    """Sends through Twilio's REST API, never to an opted-out number, in segments of <= 320 characters."""

    def __init__(self, account_sid: str, auth_token: str, twilio_number: str, api_base_url: str = "") -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.api_base_url = api_base_url.rstrip("/")

    def get_hostname(self, uri: str) -> str:
        """Points the client at TWILIO_API_BASE_URL (a local fake in tests) instead of api.twilio.com."""
        uri = super().get_hostname(uri)
        if not self.api_base_url:
            return uri
        base, parts = urlsplit(self.api_base_url), urlsplit(uri)
        return urlunsplit((base.scheme, base.netloc, base.path + parts.path, parts.query, ""))

    async def _create(self, message_data: dict[str, Any]) -> Any:
        """One REST call off the event loop; failures are logged (without the number), not raised."""
        try:
            return await asyncio.to_thread(self.messages.create, **message_data)
        except (TwilioException, RequestException) as error:
            logger.error("Twilio send to %s failed: %s", sms.phone_ref(message_data.get("to")), type(error).__name__)
            return None

    def _remember_choices(self, phone: str, payloads: list[str]) -> None:
        _db("offered choices", None, sms.offer_choices, phone, payloads)

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        # Fails open: the person texted us, and a crisis reply must not wait for the database.
        if _db("opt-out check", False, sms.is_opted_out, message_data["to"]):
            logger.info("not sending to %s: opted out by SMS keyword", sms.phone_ref(message_data["to"]))
            return None
        return await self._create(message_data)

    async def _send_segments(self, recipient_id: str, text: str) -> None:
        for segment in sms.segments(text):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": segment})

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self._remember_choices(recipient_id, [])  # a digit now answers this message, not older buttons
        await self._send_segments(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        """Buttons without an SMS variant become "Reply 1 for ..., 2 for ..."; VerifiedTwilioInput maps them back."""
        self._remember_choices(recipient_id, [str(b.get("payload", b.get("title", ""))) for b in buttons])
        choices = sms.numbered_choices((str(n), str(b.get("title", ""))) for n, b in enumerate(buttons, start=1))
        await self._send_segments(recipient_id, f"{text.strip()} {choices}")

    async def send_keyword_reply(self, recipient_id: str, text: str, even_if_opted_out: bool = False) -> None:
        """One message, unsplit; only the STOP confirmation goes to a number that has just opted out."""
        if not settings().twilio_keyword_replies:
            return  # Twilio's own keyword replies are on (docs/sms.md): the person must not get two
        self._remember_choices(recipient_id, [])
        message = {"to": recipient_id, "from_": self.twilio_number, "body": text}
        await (self._create(message) if even_if_opted_out else self._send_message(message))


class VerifiedTwilioInput(TwilioInput):
    """Rasa's Twilio input behind a signature check, with carrier keywords handled before the dialogue."""

    def get_output_channel(self) -> VerifiedTwilioOutput:
        config = settings()
        return VerifiedTwilioOutput(
            self.account_sid or "", self.auth_token or "", self.twilio_number or "", config.twilio_api_base_url
        )

    def signed(self, request: Request, params: dict[str, str]) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        if not self.auth_token or not signature:
            return False
        url = webhook_url(request, settings().twilio_webhook_url)
        return bool(RequestValidator(self.auth_token).validate(url, params, signature))

    async def handle_keyword(self, word: str, phone: str, out: VerifiedTwilioOutput) -> bool:
        """True when `word` was a carrier keyword and has been answered; the dialogue never sees it."""
        engine = _engine()
        if word in sms.OPT_OUT_KEYWORDS:
            sms.set_opted_out(engine, phone, True)  # recorded before the confirmation, which may fail
            logger.info("%s opted out by SMS keyword", sms.phone_ref(phone))
            await out.send_keyword_reply(phone, sms.keyword_reply(sms.STOP_REPLY), even_if_opted_out=True)
        elif word in sms.HELP_KEYWORDS:
            await out.send_keyword_reply(phone, sms.keyword_reply(sms.HELP_REPLY))  # not while opted out
        elif word in sms.OPT_IN_KEYWORDS and sms.is_opted_out(engine, phone):
            # Only while opted out: otherwise "yes" answers the bot (e.g. the pre-screen consent).
            sms.set_opted_out(engine, phone, False)
            logger.info("%s opted back in by SMS keyword", sms.phone_ref(phone))
            await out.send_keyword_reply(phone, sms.keyword_reply(sms.START_REPLY))
        else:
            return False
        return True

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = Blueprint("twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            params = form_params(request)
            if not self.signed(request, params):
                logger.warning("rejected a Twilio webhook call without a valid signature")
                return response.text("invalid signature", status=403)
            twiml = response.text(EMPTY_TWIML, content_type="text/xml")
            phone, body, sid = params.get("From", ""), params.get("Body", ""), params.get("MessageSid", "")
            if not phone:
                return twiml
            if sid and not _db("de-duplication", True, sms.first_delivery, sid):
                logger.info("ignored a repeated delivery of a message from %s", sms.phone_ref(phone))
                return twiml
            out = self.get_output_channel()
            word = sms.keyword(body)
            if word and await self.handle_keyword(word, phone, out):
                return twiml
            text = _db("choices", None, sms.take_choice, phone, body) or body.replace("¡", "@")  # carriers garble "@"
            try:
                await on_new_message(
                    UserMessage(text, out, phone, input_channel=self.name(), metadata=self.get_metadata(request))
                )
            except Exception:  # Twilio cannot act on a 500; the error is ours to log
                logger.exception("handling an SMS from %s failed", sms.phone_ref(phone))
            return twiml

        return twilio_webhook
