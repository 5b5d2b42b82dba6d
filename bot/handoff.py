"""Staff take over a conversation, reply on the person's own channel, and hand it back.

Everything goes through Rasa's HTTP API (`--enable-api`), so it works for every channel Rasa can
push to (socket.io widget, Twilio SMS). While `handoff_active` is set the bot stays quiet on every
intent except crisis (data/handoff_rules.yml), so crisis resources still go out.
"""
from __future__ import annotations

import time
from typing import Any

import requests

from bot.build import HANDOFF_SLOT


class HandoffError(RuntimeError):
    """Rasa refused or could not be reached; the caller shows this to staff."""


def _post_events(
    rasa_url: str, token: str, conversation_id: str, events: list[dict[str, Any]], push: bool = False, timeout: float = 10
) -> None:
    params = {"token": token}
    if push:
        params.update({"output_channel": "latest", "execute_side_effects": "true"})
    # Rasa (Sanic) does not percent-decode path parameters, so the "+" of an SMS sender id stays as is.
    url = f"{rasa_url.rstrip('/')}/conversations/{requests.utils.quote(conversation_id, safe='+')}/tracker/events"
    try:
        response = requests.post(url, json=events, params=params, timeout=timeout)
    except requests.RequestException as error:
        raise HandoffError(f"Rasa is not reachable: {type(error).__name__}") from error
    if response.status_code >= 400:
        raise HandoffError(f"Rasa answered {response.status_code}")


def take_over(rasa_url: str, token: str, conversation_id: str) -> None:
    """The bot stops answering on its own; an open pre-screen form is closed (it can be resumed)."""
    now = time.time()
    _post_events(rasa_url, token, conversation_id, [
        {"event": "slot", "name": HANDOFF_SLOT, "value": True, "timestamp": now},
        {"event": "active_loop", "name": None, "timestamp": now},
    ])


def hand_back(rasa_url: str, token: str, conversation_id: str) -> None:
    _post_events(rasa_url, token, conversation_id, [{"event": "slot", "name": HANDOFF_SLOT, "value": False, "timestamp": time.time()}])


def send_staff_reply(rasa_url: str, token: str, conversation_id: str, text: str, staff_name: str) -> None:
    """Pushes the reply to the person's latest channel and records it in the transcript."""
    event = {"event": "bot", "text": text, "timestamp": time.time(), "metadata": {"sent_by": "staff", "staff": staff_name}}
    _post_events(rasa_url, token, conversation_id, [event], push=True)
