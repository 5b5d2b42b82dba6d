"""Staff take over a conversation, reply on the person's own channel, and hand it back.

Everything goes through Rasa's HTTP API (`--enable-api`), so it works for every channel Rasa can
push to (socket.io widget, Twilio SMS). While `handoff_active` is set the bot stays quiet on every
intent except crisis (data/handoff_rules.yml), so crisis resources still go out.

A reply goes out on the channel of the person's latest message as stored in the tracker, named
explicitly, never Rasa's `output_channel=latest` (which picks whatever channel Rasa finds at push
time); a conversation without a message from the person has no channel and gets no push.
"""
from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import requests

#: Set while staff hold the conversation: the bot then stays quiet except on crisis (data/handoff_rules.yml).
HANDOFF_SLOT = "handoff_active"
#: Set once staff have been alerted to a crisis in this conversation: a further crisis message while staff
#: hold it gets the short reminder (utter_crisis_reminder) instead of the whole crisis text again.
CRISIS_ALERTED_SLOT = "crisis_alerted"


class HandoffError(RuntimeError):
    """Rasa refused or could not be reached; the caller shows this to staff."""


def _tracker_url(rasa_url: str, conversation_id: str) -> str:
    # Rasa (Sanic) does not percent-decode path parameters, so the "+" of an SMS sender id stays as is.
    return f"{rasa_url.rstrip('/')}/conversations/{quote(conversation_id, safe='+')}/tracker"


def _call(method: str, url: str, timeout: float, **kwargs: Any) -> requests.Response:
    try:
        response = requests.request(method, url, timeout=timeout, **kwargs)
    except requests.RequestException as error:
        raise HandoffError(f"Rasa is not reachable: {type(error).__name__}") from error
    if response.status_code >= 400:
        raise HandoffError(f"Rasa answered {response.status_code}")
    return response


def _post_events(
    rasa_url: str, token: str, conversation_id: str, events: list[dict[str, Any]], channel: str | None = None,
    timeout: float = 10,
) -> None:
    params = {"token": token}
    if channel:
        params.update({"output_channel": channel, "execute_side_effects": "true"})
    _call("POST", _tracker_url(rasa_url, conversation_id) + "/events", timeout, json=events, params=params)


def conversation_channel(rasa_url: str, token: str, conversation_id: str, timeout: float = 10) -> str:
    """The input channel of the person's latest message in the stored tracker."""
    tracker = _call("GET", _tracker_url(rasa_url, conversation_id), timeout,
                    params={"token": token, "include_events": "ALL"}).json()
    channel = next((e.get("input_channel") for e in reversed(tracker.get("events") or []) if e.get("event") == "user"), None)
    if not channel:
        raise HandoffError("the person has not written on any channel yet")
    return str(channel)


def take_over(rasa_url: str, token: str, conversation_id: str) -> None:
    """The bot stops answering on its own; an open pre-screen form is closed (it can be resumed)."""
    now = time.time()
    _post_events(rasa_url, token, conversation_id, [
        {"event": "slot", "name": HANDOFF_SLOT, "value": True, "timestamp": now},
        {"event": "active_loop", "name": None, "timestamp": now},
    ])


def hand_back(rasa_url: str, token: str, conversation_id: str) -> None:
    _post_events(rasa_url, token, conversation_id, [{"event": "slot", "name": HANDOFF_SLOT, "value": False, "timestamp": time.time()}])


def send_staff_reply(rasa_url: str, token: str, conversation_id: str, text: str, staff_name: str) -> str:
    """Pushes the reply on the conversation's own channel and records it (with that channel) in the
    transcript; returns the channel."""
    channel = conversation_channel(rasa_url, token, conversation_id)
    event = {"event": "bot", "text": text, "timestamp": time.time(),
             "metadata": {"sent_by": "staff", "staff": staff_name, "channel": channel}}
    _post_events(rasa_url, token, conversation_id, [event], channel=channel)
    return channel
