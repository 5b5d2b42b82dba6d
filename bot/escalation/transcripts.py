"""Read-only access to conversations in Rasa's SQL tracker store (the `events` table Rasa writes)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.db import RASA_EVENTS as _events


@dataclass(frozen=True)
class UserTurn:
    conversation_id: str
    message_id: str
    text: str | None
    timestamp: float
    channel: str
    intent: str | None
    entities: dict[str, str]


def _user_turn(sender_id: str, timestamp: float, raw: str) -> UserTurn:
    data: dict[str, Any] = json.loads(raw or "{}")
    parse = data.get("parse_data") or {}
    entities = {e.get("entity"): e.get("value") for e in parse.get("entities") or [] if e.get("entity")}
    return UserTurn(
        conversation_id=sender_id,
        message_id=str(data.get("message_id") or f"{sender_id}@{timestamp}"),
        text=data.get("text"),
        timestamp=timestamp,
        channel=str(data.get("input_channel") or "unknown"),
        intent=(parse.get("intent") or {}).get("name"),
        entities=entities,
    )


def user_turns_with_intent(engine: Engine, intent: str, since: float) -> Iterator[UserTurn]:
    query = (
        select(_events.c.sender_id, _events.c.timestamp, _events.c.data)
        .where(_events.c.type_name == "user", _events.c.intent_name == intent, _events.c.timestamp >= since)
        .order_by(_events.c.id)
    )
    with engine.connect() as connection:
        for sender_id, timestamp, raw in connection.execute(query):
            yield _user_turn(sender_id, timestamp, raw)


@dataclass(frozen=True)
class TranscriptTurn:
    """One message in a transcript: the person's (`user`) or ours (`bot`, sent by the bot or by staff)."""

    kind: str  # "user" or "bot"
    text: str | None
    timestamp: float
    message_id: str | None = None  # user turns: matches Escalation.message_id
    staff: str | None = None  # bot turns a staff member sent through the console
    buttons: tuple[str, ...] = ()


def _bot_turn(timestamp: float, raw: str) -> TranscriptTurn:
    data: dict[str, Any] = json.loads(raw or "{}")
    metadata = data.get("metadata") or {}
    buttons = ((data.get("data") or {}).get("buttons")) or []
    return TranscriptTurn(
        kind="bot",
        text=data.get("text"),
        timestamp=timestamp,
        staff=str(metadata.get("staff")) if metadata.get("sent_by") == "staff" else None,
        buttons=tuple(str(b.get("title")) for b in buttons if isinstance(b, dict) and b.get("title")),
    )


def conversation_events(engine: Engine, conversation_id: str) -> list[TranscriptTurn]:
    """User and bot turns of one conversation (every session), in the order Rasa stored them."""
    query = (
        select(_events.c.type_name, _events.c.timestamp, _events.c.data)
        .where(_events.c.sender_id == conversation_id, _events.c.type_name.in_(("user", "bot")))
        .order_by(_events.c.id)
    )
    turns = []
    with engine.connect() as connection:
        for type_name, timestamp, raw in connection.execute(query):
            if type_name == "user":
                user = _user_turn(conversation_id, timestamp, raw)
                turns.append(TranscriptTurn(kind="user", text=user.text, timestamp=timestamp, message_id=user.message_id))
            else:
                turns.append(_bot_turn(timestamp, raw))
    return turns
