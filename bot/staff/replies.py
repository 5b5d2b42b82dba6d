"""Staff replies that are never lost: stored before they are pushed, with a delivery state.

A reply pushed to the website widget reaches only a tab that is open at that moment, so a widget
reply stays "queued" until the visitor's widget fetches its history (on load, or after a live
message): then it is "delivered", and "seen" once the chat panel is open. An SMS reply is
"delivered" when the SMS channel accepted it, "failed" when it did not (the console says so).
The widget's history is the tracker's turns plus these replies, so a reply whose push failed still
reaches the visitor on their return. A widget reply still waiting after STAFF_REPLY_FALLBACK_SECONDS is
sent by SMS or e-mail when the pre-screen gave a way (bot/staff/fallback.py), or marked as having none.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import quote

import requests
from sqlalchemy import Column, DateTime, Integer, String, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.db import RASA_EVENTS, Base, utcnow

logger = logging.getLogger("bot.staff")
WIDGET_CHANNEL = "socketio"  # delivered only when the visitor's widget picks the reply up
STATES = ("queued", "delivered", "seen", "failed", "sent_sms", "sent_email", "no_fallback")
#: Still waiting for the visitor's widget (a reply with no fallback is delivered on their return all the same).
WAITING = ("queued", "no_fallback")
STATE_LABELS = {
    "queued": "Waiting: delivered when the person opens the chat again",
    "delivered": "Delivered",
    "seen": "Seen",
    "failed": "Not sent: the channel refused it",
    "sent_sms": "Sent by SMS: the person had not opened the chat again",
    "sent_email": "Sent by e-mail: the person had not opened the chat again",
    "no_fallback": "Not delivered, no fallback (no phone with text consent or e-mail in a pre-screen): "
                   "delivered when the person opens the chat again",
}
HISTORY_LIMIT = 200  # turns a widget shows on load; older ones stay in the console


class StaffReply(Base):
    """One message a staff member wrote to a person from the console."""

    __tablename__ = "staff_replies"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    escalation_id = Column(Integer, nullable=True)
    staff = Column(String(255), nullable=False)
    text = Column(Text, nullable=False)  # PHI: shown to the person and to staff, never logged
    channel = Column(String(64), nullable=False)
    state = Column(String(16), nullable=False, default="queued")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    delivered_at = Column(DateTime, nullable=True)
    seen_at = Column(DateTime, nullable=True)


def record(session: Session, conversation_id: str, escalation_id: int | None, staff: str, text: str, channel: str) -> int:
    """Stores the reply as queued before anything is pushed; returns its id."""
    reply = StaffReply(conversation_id=conversation_id, escalation_id=escalation_id, staff=staff, text=text,
                       channel=channel or "unknown", state="queued")
    session.add(reply)
    session.flush()
    return int(reply.id)


def settle(session: Session, reply_id: int, pushed: bool) -> str:
    """After the push: widget replies wait for the widget either way; other channels are delivered or failed."""
    reply = session.get(StaffReply, reply_id)
    if reply is None:
        return "failed"
    if reply.channel != WIDGET_CHANNEL:
        reply.state = "delivered" if pushed else "failed"
        reply.delivered_at = utcnow() if pushed else None
    return str(reply.state)


def for_conversation(session: Session, conversation_id: str) -> list[StaffReply]:
    return list(session.execute(
        select(StaffReply).where(StaffReply.conversation_id == conversation_id).order_by(StaffReply.id)
    ).scalars())


def acknowledge(session: Session, conversation_id: str, seen: bool) -> None:
    """The widget has them: waiting replies become delivered, and seen when the chat panel is open."""
    now = utcnow()
    for reply in for_conversation(session, conversation_id):
        if reply.state in WAITING:
            reply.state, reply.delivered_at = "delivered", now
        if seen and reply.state == "delivered":
            reply.state, reply.seen_at = "seen", now


@dataclass(frozen=True)
class Shown:
    """One message of the widget's history: from the person ("user"), the bot or a staff member."""

    sender: str  # "user", "bot", "staff" or "notice" (staff joined or left)
    text: str
    at: float  # Unix seconds
    staff: str | None = None
    choices: tuple[dict[str, str], ...] = ()
    prescreen: dict[str, Any] | None = None  # a pre-screen question's number, Skip, placeholder (bot/web/prescreen.py)

    def json(self) -> dict[str, Any]:
        body = asdict(self)
        body["choices"] = list(self.choices)
        return body


def epoch(moment: dt.datetime) -> float:
    return moment.replace(tzinfo=dt.timezone.utc).timestamp()


def _tracker_turns(tracker: Engine, conversation_id: str) -> list[Shown]:
    """The person's and the bot's turns; a button payload ("/intent") shows as the button's title and an
    unshown payload (the widget's greeting trigger) is left out, as the widget showed them."""
    query = (select(RASA_EVENTS.c.type_name, RASA_EVENTS.c.timestamp, RASA_EVENTS.c.data)
             .where(RASA_EVENTS.c.sender_id == conversation_id, RASA_EVENTS.c.type_name.in_(("user", "bot")))
             .order_by(RASA_EVENTS.c.id))
    shown: list[Shown] = []
    titles: dict[str, str] = {}  # payload -> title of the latest bot message's buttons
    with tracker.connect() as connection:
        for type_name, timestamp, raw in connection.execute(query):
            data: dict[str, Any] = json.loads(raw or "{}")
            text = str(data.get("text") or "")
            if type_name == "user":
                if text.startswith("/"):
                    text = titles.get(text, "")
                if text:
                    shown.append(Shown("user", text, float(timestamp)))
                continue
            metadata = data.get("metadata") or {}
            if metadata.get("sent_by") == "staff":
                shown.append(Shown("staff", text, float(timestamp), staff=str(metadata.get("staff") or "")))
                continue
            buttons = [b for b in ((data.get("data") or {}).get("buttons") or [])
                       if isinstance(b, dict) and isinstance(b.get("title"), str) and isinstance(b.get("payload"), str)]
            if buttons:
                titles = {b["payload"]: b["title"] for b in buttons}
            custom = (data.get("data") or {}).get("custom")  # {"data": {"prescreen": ...}}: a pre-screen question
            payload = custom.get("data") if isinstance(custom, dict) else None
            prescreen = payload.get("prescreen") if isinstance(payload, dict) else None
            if text or buttons:
                shown.append(Shown("bot", text, float(timestamp),
                                   choices=tuple({"title": b["title"], "payload": b["payload"]} for b in buttons),
                                   prescreen=prescreen if isinstance(prescreen, dict) else None))
    return shown


def shown_user_text(tracker: Engine, conversation_id: str) -> dict[str, str]:
    """What the person saw for each button payload they sent ("/affirm" -> "Yes"), for transcripts."""
    titles: dict[str, str] = {}
    for turn in _tracker_turns(tracker, conversation_id):
        titles.update({c["payload"]: c["title"] for c in turn.choices})
    return titles


def history(tracker: Engine, session: Session, conversation_id: str) -> list[Shown]:
    """What the widget shows on load: the tracker's turns with every stored staff reply in its place
    (also one whose push failed); staff turns of the tracker count once."""
    turns = _tracker_turns(tracker, conversation_id)
    stored = [r for r in for_conversation(session, conversation_id) if r.state != "failed"]
    unmatched = {(r.staff, r.text) for r in stored}
    merged = []
    for turn in turns:
        if turn.sender == "staff" and (turn.staff, turn.text) in unmatched:
            continue  # the stored copy below stands for it
        merged.append(turn)
    merged += [Shown("staff", str(r.text), epoch(r.created_at), staff=str(r.staff)) for r in stored]
    merged.sort(key=lambda s: s.at)
    return merged[-HISTORY_LIMIT:]


def greet_again(rasa_url: str, token: str, conversation_id: str) -> bool:
    """After a hand-back the bot says hello in the widget, so the visitor knows who answers now (and that
    it answers again); best effort: a failure is logged, the hand-back stands."""
    # Runs the greeting response itself (no made-up "greet" message from the person enters the transcript),
    # then listens, as after any turn of its own: without that the next message would find no rule.
    url = f"{rasa_url.rstrip('/')}/conversations/{quote(conversation_id, safe='')}"
    listen = [{"event": "action", "name": "action_listen", "timestamp": time.time()}]
    calls: tuple[tuple[str, Any, dict[str, str]], ...] = (
        (f"{url}/execute", {"name": "utter_greet"}, {"output_channel": WIDGET_CHANNEL}),
        (f"{url}/tracker/events", listen, {}),
    )
    for target, body, params in calls:
        try:
            response = requests.post(target, json=body, timeout=10, params={"token": token, **params})
        except requests.RequestException as error:
            logger.warning("greeting after hand-back failed: %s", type(error).__name__)
            return False
        if response.status_code >= 400:
            logger.warning("greeting after hand-back failed: Rasa answered %s", response.status_code)
            return False
    return True
