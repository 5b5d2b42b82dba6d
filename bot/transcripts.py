"""Read-only access to conversations in Rasa's SQL tracker store (the `events` table Rasa writes)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterator

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, select
from sqlalchemy.engine import Engine

_events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


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
