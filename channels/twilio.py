"""Rasa's Twilio SMS channel made safe for patients: signed webhooks only, opt-outs in any reasonable words,
crisis first, retry de-duplication, numbered choices for buttons and GSM-7 messages sent whole.

Keeps the name "twilio", so the webhook stays /webhooks/twilio/webhook and the domain's
`channel: twilio` response variants apply. Phone numbers (the Rasa sender id) never reach the logs:
`bot.sms.phone_ref` stands in for them.
"""
from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
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
from bot.conversation_ids import clean_message, is_sms_id
from bot.db import engine_for
from bot.escalation.categories import SMS_OPTED_OUT
from bot.escalation.record import EscalationRequest
from bot.escalation.service import escalate
from bot.safety.detector import default_detector
from bot.sms import consent, gsm7

logger = logging.getLogger(__name__)
# The client logs every request at INFO (URLs with query parameters, which can hold phone numbers).
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

T = TypeVar("T")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_WEBHOOK_BYTES = 64 * 1024  # a real webhook is a few KB (1,600 characters, percent-encoded, plus fields)
_READABLE = re.compile(r"\w", re.UNICODE)


def _engine() -> Engine:
    return engine_for(settings().database_url)


def _db(what: str, default: T, call: Callable[..., T], *args: Any) -> T:
    """Runs a bookkeeping query; if the database is down the message still flows (with `default`)."""
    try:
        return call(_engine(), *args)
    except SQLAlchemyError:
        logger.exception("SMS bookkeeping failed (%s); carrying on without it", what)
        return default


def webhook_url(configured: str) -> str:
    """The URL Twilio signed: TWILIO_WEBHOOK_URL only. Rebuilding it from X-Forwarded-* headers let the
    sender choose it (issue 10, finding 8), so the channel refuses to start without it."""
    if not configured:
        raise ValueError(
            "TWILIO_WEBHOOK_URL must be set when the Twilio channel is on (TWILIO_AUTH_TOKEN is set): the exact "
            "public URL configured in Twilio, e.g. https://bot.example-clinic.com/webhooks/twilio/webhook"
        )
    return configured


def form_params(body: bytes) -> dict[str, str]:
    """The posted form with blank values kept: Twilio signs fields like `FromZip=` too (Sanic drops them)."""
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


async def read_body(request: Request, limit: int = MAX_WEBHOOK_BYTES) -> bytes | None:
    """The streamed body, or None as soon as it (or its declared length) passes `limit`: never read whole."""
    declared = request.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = b""
    assert request.stream is not None  # the webhook route streams (stream=True)
    while True:
        chunk = await request.stream.read()
        if chunk is None:
            return body
        body += chunk
        if len(body) > limit:
            return None


def is_crisis(text: str, rest: str) -> bool:
    """Crisis language in a message that also asks to stop (or start) texts. Crisis words the lexicon
    knows always count; the statistical backstop, which fires on "stop texting me" alone, is asked only
    about the rest of the message ("stop texting me, i'm done with everything": "me i am done with ...")."""
    detector = default_detector()
    detection = detector.detect(text)
    if not detection.is_crisis:
        return False
    if any(m.discounted_by is None and not m.text.startswith("classifier") for m in detection.matches):
        return True
    return len(rest.split()) >= 2 and detector.detect(rest).is_crisis


class VerifiedTwilioOutput(TwilioOutput):
    """Sends through Twilio's REST API, never to an opted-out number, in GSM-7, each text as one message
    (Twilio concatenates it; phones show one message, never parts out of order) unless the clinic chose
    SMS_LONG_TEXTS=separate.

    In a webhook turn (`joining`) the texts one action sends go out together as ONE message: a read-back
    or re-ask with the question after it, the outcome with the next steps. They are held only until the
    action's messages are all in (the next pause of the event loop), so a crisis reply, its own action,
    still leaves at once and first."""

    def __init__(self, account_sid: str, auth_token: str, twilio_number: str, api_base_url: str = "") -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.api_base_url = api_base_url.rstrip("/")
        self.joining = False
        self._held: list[tuple[str, str]] = []
        self._sending = asyncio.Lock()
        self._flushes: set[asyncio.Task[None]] = set()

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

    def _message(self, recipient_id: str, text: str) -> dict[str, Any]:
        return {"to": recipient_id, "from_": self.twilio_number, "body": gsm7.normalise(text)}

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        """Every dialogue SMS passes here (bot content, clinic settings, staff replies): made GSM-7."""
        if message_data.get("body"):
            message_data = {**message_data, "body": gsm7.normalise(message_data["body"])}
        # Fails open: the person texted us, and a crisis reply must not wait for the database.
        if _db("opt-out check", False, sms.is_opted_out, message_data["to"]):
            logger.info("not sending to %s: opted out", sms.phone_ref(message_data["to"]))
            return None
        return await self._create(message_data)

    async def _send_segments(self, recipient_id: str, text: str) -> None:
        if not self.joining:
            await self._send_whole(recipient_id, text.strip())
            return
        self._held.append((recipient_id, text.strip()))
        if len(self._held) == 1:  # runs once the current action's messages are all held
            task = asyncio.get_running_loop().create_task(self.flush())
            self._flushes.add(task)
            task.add_done_callback(self._flushes.discard)

    async def flush(self) -> None:
        """Sends the held texts, one message per number."""
        async with self._sending:
            held, self._held = self._held, []
            for recipient in dict.fromkeys(to for to, _ in held):
                await self._send_whole(recipient, "\n".join(text for to, text in held if to == recipient))

    async def _send_whole(self, recipient_id: str, text: str) -> None:
        separate = settings().sms_long_texts == "separate"
        for message in sms.segments(text):  # one message unless a text passes Twilio's 1,600 characters
            for part in sms.numbered_parts(gsm7.normalise(message)) if separate else [message]:
                await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": part})

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

    async def send_channel_text(self, recipient_id: str, key: str, keyword: bool = False) -> None:
        """One of the channel's own texts (data/sms/texts.yml), sent whatever the opt-out says: each is a
        direct answer to the person's own message (the STOP confirmation, HELP, an opted-out crisis)."""
        if keyword and not settings().twilio_keyword_replies:
            return  # Twilio's own keyword replies are on (docs/sms.md): the person must not get two
        self._remember_choices(recipient_id, [])
        await self._create(self._message(recipient_id, sms.channel_text(key)))


class VerifiedTwilioInput(TwilioInput):
    """Rasa's Twilio input behind a signature check, with consent (opt-outs, HELP, opted-out crises) handled
    around the dialogue."""

    def get_output_channel(self) -> VerifiedTwilioOutput:
        config = settings()
        return VerifiedTwilioOutput(
            self.account_sid or "", self.auth_token or "", self.twilio_number or "", config.twilio_api_base_url
        )

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> VerifiedTwilioInput:
        """Refuses to start with an auth token but no TWILIO_WEBHOOK_URL, or with clinic settings no GSM-7 SMS can
        carry (clear start-up errors)."""
        channel = super().from_credentials(credentials)
        if channel.auth_token:
            webhook_url(settings().twilio_webhook_url)
            unsendable = gsm7.unsendable_settings(settings().clinic_slots)
            if unsendable:
                raise ValueError(
                    "These clinic settings have characters no SMS can carry in GSM-7 (curly quotes and dashes are "
                    f"converted; emoji and non-Latin letters are not): {', '.join(sorted(unsendable))}. "
                    "Use plain letters in .env."
                )
        return channel

    def signed(self, request: Request, params: dict[str, str]) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        if not self.auth_token or not signature:
            return False
        url = webhook_url(settings().twilio_webhook_url)
        return bool(RequestValidator(self.auth_token).validate(url, params, signature))

    async def handle(self, phone: str, body: str, message_id: str, out: VerifiedTwilioOutput) -> None:
        """Opt-outs, opt-ins, HELP and opted-out crises around the dialogue (bot.sms.consent decides)."""
        opted_out = _db("opt-out check", False, sms.is_opted_out, phone)
        decision = consent.decide(body, opted_out, is_crisis)
        if decision.flag_call:
            escalate(EscalationRequest(
                conversation_id=phone, message_id=message_id, channel=self.name(), category=SMS_OPTED_OUT.name,
                trigger_text=body, message_time=time.time(), recorded_by="sms",
            ))
            logger.info("%s sent a crisis message while opting out or opted out: staff to call", sms.phone_ref(phone))
            if opted_out and decision.opted_out is None and settings().sms_opted_out_crisis == "reply":
                await out.send_channel_text(phone, "opted_out_crisis")
        if decision.opted_out is False:
            _db("opt-in", None, sms.set_opted_out, phone, False)
            logger.info("%s opted back in", sms.phone_ref(phone))
        if decision.to_dialogue:
            await self.dialogue(phone, body, message_id, out)
        if decision.opted_out is True:  # after the dialogue: a crisis reply first, then the opt-out
            _db("opt-out", None, sms.set_opted_out, phone, True)
            logger.info("%s opted out", sms.phone_ref(phone))
        if decision.reply:  # Twilio answers its own keywords itself when TWILIO_KEYWORD_REPLIES=false
            await out.send_channel_text(phone, decision.reply, keyword=consent.twilio_keyword(body))

    async def dialogue(self, phone: str, text: str, message_id: str, out: VerifiedTwilioOutput) -> None:
        number = sms.choice_number(text)  # "the second one", "two": the choice's digit
        text = _db("choices", None, sms.take_choice, phone, number or text) or number or text.replace("¡", "@")  # carriers garble "@"
        try:
            await self.on_new_message(
                UserMessage(text, out, phone, input_channel=self.name(), message_id=message_id)
            )
        except Exception:  # Twilio cannot act on a 500; the error is ours to log
            logger.exception("handling an SMS from %s failed", sms.phone_ref(phone))
        finally:
            await out.flush()  # before the webhook answers: nothing of this turn is left behind

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = Blueprint("twilio_webhook", __name__)
        self.on_new_message = on_new_message

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"], stream=True)
        async def message(request: Request) -> HTTPResponse:
            raw = await read_body(request)
            if raw is None:
                logger.warning("refused a Twilio webhook body over %d bytes", MAX_WEBHOOK_BYTES)
                return response.text("request body too large", status=413)
            params = form_params(raw)
            if not self.signed(request, params):
                logger.warning("rejected a Twilio webhook call without a valid signature")
                return response.text("invalid signature", status=403)
            twiml = response.text(EMPTY_TWIML, content_type="text/xml")
            phone, sid = params.get("From", ""), params.get("MessageSid", "")
            body = clean_message(params.get("Body", ""))
            if not is_sms_id(phone):  # SMS conversations are E.164 numbers: their own id namespace (issue 10)
                logger.warning("ignored a Twilio webhook without an E.164 sender")
                return twiml
            if not _db("de-duplication", True, sms.first_delivery, sid, phone, body):
                logger.info("ignored a repeated delivery of a message from %s", sms.phone_ref(phone))
                return twiml
            out = self.get_output_channel()
            out.joining = True  # this turn's texts: one message per action
            message_id = sid or uuid.uuid4().hex
            if not _READABLE.search(body) and not _db("opt-out check", False, sms.is_opted_out, phone):
                await out.send_channel_text(phone, "unreadable")  # empty, a picture, emoji only
                return twiml
            await self.handle(phone, body, message_id, out)
            return twiml

        return twilio_webhook
