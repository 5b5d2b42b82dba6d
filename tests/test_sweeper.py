"""The sweeper: crisis turns in Rasa's tracker store that have no escalation get one, exactly once."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.escalation.models import Escalation
from bot.escalation.record import EscalationRequest, record_escalation
from bot.escalation.sweeper import LOOKBACK_SECONDS, sweep
from bot.escalation.transcripts import user_turns_with_intent

NOW = time.time()


class Tracker:
    """A Rasa SQL tracker store (`events` table) in a temporary SQLite file."""

    def __init__(self, path: Path) -> None:
        self.engine: Engine = create_engine(f"sqlite:///{path}", future=True)
        with self.engine.begin() as connection:
            connection.execute(text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255), "
                "timestamp REAL, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
            ))

    def _insert(self, sender_id: str, type_name: str, timestamp: float, data: dict[str, Any],
                intent_name: str | None = None, action_name: str | None = None) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                     "VALUES (:s, :t, :ts, :i, :a, :d)"),
                {"s": sender_id, "t": type_name, "ts": timestamp, "i": intent_name, "a": action_name,
                 "d": json.dumps(data)},
            )

    def user(self, sender_id: str, text_: str, intent: str, *, message_id: str | None = "auto",
             category: str | None = None, timestamp: float | None = None, channel: str = "rest") -> float:
        timestamp = NOW - 60 if timestamp is None else timestamp
        entities = [{"entity": "crisis_category", "value": category, "extractor": "CrisisIntentClassifier"}] if category else []
        data: dict[str, Any] = {
            "event": "user", "timestamp": timestamp, "text": text_,
            "parse_data": {"intent": {"name": intent, "confidence": 1.0}, "entities": entities, "text": text_},
            "input_channel": channel,
        }
        if message_id is not None:
            data["message_id"] = f"{sender_id}-{timestamp}" if message_id == "auto" else message_id
        self._insert(sender_id, "user", timestamp, data, intent_name=intent)
        return timestamp

    def bot(self, sender_id: str, text_: str, timestamp: float | None = None) -> None:
        timestamp = NOW - 59 if timestamp is None else timestamp
        self._insert(sender_id, "bot", timestamp, {"event": "bot", "text": text_, "timestamp": timestamp})
        self._insert(sender_id, "action", timestamp, {"event": "action", "name": "utter_crisis"},
                     action_name="utter_crisis")


@pytest.fixture
def tracker(tmp_path: Path) -> Iterator[Tracker]:
    tracker = Tracker(tmp_path / "tracker.db")
    yield tracker
    tracker.engine.dispose()


def _escalations(engine: Engine) -> list[Escalation]:
    with session_scope(engine) as session:
        return list(session.execute(select(Escalation).order_by(Escalation.id)).scalars())


def test_sweep_records_one_escalation_per_crisis_turn(tracker, app_engine, env_settings) -> None:
    tracker.user("alice", "hi", "greet")
    tracker.user("alice", "i took all my pills", "crisis", message_id="abc", category="imminent", channel="twilio")
    tracker.bot("alice", "Please call or text 988 ...")
    tracker.user("bob", "my son wants to kill himself", "crisis", message_id="def", category="third_party")
    tracker.user("carol", "how much does tms cost", "faq")
    tracker.user("dave", "i want to die", "crisis", message_id="ghi", category="passive")

    assert sweep(tracker.engine, app_engine, now=NOW) == 3
    rows = {(e.conversation_id, e.message_id): e for e in _escalations(app_engine)}
    assert set(rows) == {("alice", "abc"), ("bob", "def"), ("dave", "ghi")}
    alice = rows[("alice", "abc")]
    assert (alice.category, alice.priority, alice.channel) == ("imminent", 1, "twilio")
    assert alice.recorded_by == "sweeper"
    assert alice.trigger_text == "i took all my pills"
    assert alice.message_time == pytest.approx(NOW - 60)
    assert (rows[("bob", "def")].category, rows[("bob", "def")].priority) == ("third_party", 2)
    assert (rows[("dave", "ghi")].category, rows[("dave", "ghi")].priority) == ("passive", 3)
    assert all(e.recorded_by == "sweeper" for e in rows.values())


def test_a_crisis_turn_without_a_category_defaults_to_ideation(tracker, app_engine, env_settings) -> None:
    tracker.user("erin", "i want to die", "crisis")
    assert sweep(tracker.engine, app_engine, now=NOW) == 1
    (row,) = _escalations(app_engine)
    assert (row.category, row.priority) == ("ideation", 2)


def test_non_crisis_turns_are_ignored(tracker, app_engine, env_settings) -> None:
    tracker.user("frank", "hello", "greet")
    tracker.user("frank", "what is tms", "faq/what_is_tms")
    tracker.user("frank", "i'm not suicidal", "faq", category=None)
    tracker.bot("frank", "hi there")
    assert sweep(tracker.engine, app_engine, now=NOW) == 0
    assert _escalations(app_engine) == []


def test_a_second_sweep_records_nothing_new(tracker, app_engine, env_settings) -> None:
    tracker.user("gina", "kms", "crisis", message_id="m1", category="ideation")
    tracker.user("gina", "i mean it", "crisis", message_id="m2", category="ideation")
    assert sweep(tracker.engine, app_engine, now=NOW) == 2  # one escalation, the second turn an event on it
    assert sweep(tracker.engine, app_engine, now=NOW + 30) == 0
    assert len(_escalations(app_engine)) == 1
    # a new crisis turn after the first sweep is picked up by the next one, and raises the priority
    tracker.user("gina", "i have a plan", "crisis", message_id="m3", category="imminent", timestamp=NOW)
    assert sweep(tracker.engine, app_engine, now=NOW + 60) == 1
    [escalation] = _escalations(app_engine)
    assert (escalation.category, escalation.priority) == ("imminent", 1)


def test_turns_without_message_id_are_still_swept_once(tracker, app_engine, env_settings) -> None:
    timestamp = tracker.user("hank", "i want to die", "crisis", message_id=None, category="ideation")
    assert sweep(tracker.engine, app_engine, now=NOW) == 1
    assert sweep(tracker.engine, app_engine, now=NOW) == 0
    (row,) = _escalations(app_engine)
    assert row.message_id == f"hank@{timestamp}"


@pytest.mark.parametrize("action_message_time", [NOW - 60, None], ids=["with-time", "without-time"])
def test_an_escalation_the_action_recorded_is_not_duplicated(tracker, app_engine, env_settings,
                                                             action_message_time) -> None:
    tracker.user("ivy", "i want to kill myself", "crisis", message_id="abc", category="ideation")
    with session_scope(app_engine) as session:
        record_escalation(session, EscalationRequest(
            conversation_id="ivy", message_id="abc", channel="rest", category="ideation",
            trigger_text="i want to kill myself", message_time=action_message_time, recorded_by="action",
        ))
    assert sweep(tracker.engine, app_engine, now=NOW) == 0
    (row,) = _escalations(app_engine)
    assert row.recorded_by == "action"


def test_turns_older_than_the_lookback_are_left(tracker, app_engine, env_settings) -> None:
    tracker.user("jack", "i want to die", "crisis", category="ideation", timestamp=NOW - LOOKBACK_SECONDS - 60)
    tracker.user("kate", "i want to die", "crisis", category="ideation", timestamp=NOW - LOOKBACK_SECONDS + 60)
    assert sweep(tracker.engine, app_engine, now=NOW) == 1
    assert [e.conversation_id for e in _escalations(app_engine)] == ["kate"]


def test_user_turns_are_read_like_rasa_wrote_them(tracker) -> None:
    tracker.user("lena", "quiero morir", "crisis", message_id="x1", category="ideation", channel="twilio")
    tracker.user("lena", "hola", "greet")
    (turn,) = user_turns_with_intent(tracker.engine, "crisis", since=0)
    assert (turn.conversation_id, turn.message_id, turn.text, turn.channel, turn.intent) == (
        "lena", "x1", "quiero morir", "twilio", "crisis")
    assert turn.entities == {"crisis_category": "ideation"}
