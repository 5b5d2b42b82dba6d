"""Rasa's REST channel with strict request checks: a malformed body gets a 400, never a 500."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.exceptions import SanicException
from sanic.request import Request

from bot.conversation_ids import clean_message, is_rest_id



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


def _body(request: Request) -> Dict[Text, Any]:
    body = request.json
    if not isinstance(body, dict):
        raise BadRequest('expected a JSON object like {"sender": "...", "message": "..."}')
    return body


class StrictRestInput(RestInput):
    """Same URL and replies as Rasa's `rest` channel (/webhooks/rest/webhook)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = _body(req).get("sender")
        if not is_rest_id(sender):
            raise BadRequest("'sender' must be 1-128 ASCII letters, digits or _.:@- (not a phone number or widget session)")
        return str(sender)

    def _extract_message(self, req: Request) -> Optional[Text]:
        message = _body(req).get("message")
        if message is None:
            return ""
        if not isinstance(message, (str, int, float)):
            raise BadRequest("'message' must be a string")
        return clean_message(str(message))

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = _body(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None
