"""Rasa's REST channel with strict request checks: a malformed body gets a 400, never a 500."""
from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.conversation_ids import clean_message, is_rest_id
from bot.rate_limit import message_limits


class _WithholdMessageText(logging.Filter):
    """Rasa's REST channel logs the person's message when a turn times out or fails (its
    `rest.message.received.*` events): message text is PHI, so only the event name is kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if "rest.message.received" in message:
            event = re.search(r"rest\.message\.received\.\w+", message)
            record.msg = f"{event.group(0) if event else 'rest.message.received'} (message text withheld)"
            record.args = ()
        return True


logging.getLogger("rasa.core.channels.rest").addFilter(_WithholdMessageText())


class BadRequest(SanicException):
    status_code = 400
    quiet = True


def _body(request: Request) -> dict[str, Any]:
    body = request.json
    if not isinstance(body, dict):
        raise BadRequest('expected a JSON object like {"sender": "...", "message": "..."}')
    return body


class StrictRestInput(RestInput):
    """Same URL and replies as Rasa's `rest` channel (/webhooks/rest/webhook)."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str | None:
        sender = _body(req).get("sender")
        if not is_rest_id(sender):
            raise BadRequest("'sender' must be 1-128 ASCII letters, digits or _.:@- (not a phone number or widget session)")
        return str(sender)

    def _extract_message(self, req: Request) -> str | None:
        message = _body(req).get("message")
        if message is None:
            return ""
        if not isinstance(message, (str, int, float)):
            raise BadRequest("'message' must be a string")
        return clean_message(str(message))

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Rasa's routes, with the message limits checked before a message reaches Rasa (bot/rate_limit.py)."""
        blueprint = super().blueprint(on_new_message)

        @blueprint.on_request
        async def limit(request: Request) -> HTTPResponse | None:
            if request.method != "POST" or not request.path.endswith("/webhook"):
                return None
            sender = await self._extract_sender(request)  # a malformed request still gets its 400
            limits = message_limits()
            address = limits.address_of(request.ip, request.headers.get("X-Forwarded-For"))
            verdict = limits.check(address, str(sender), self._extract_message(request) or "")
            if verdict.reply is None:
                return None
            answer = [{"recipient_id": sender, "text": verdict.reply}]
            if verdict.crisis:  # crisis resources are an answer, never an error a client might hide
                return response.json(answer)
            return response.json(answer, status=429, headers={"Retry-After": str(verdict.retry_after)})

        return blueprint
