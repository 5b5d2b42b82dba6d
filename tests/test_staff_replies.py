"""Durable staff replies (bot/staff/replies.py) and the crisis actions the widget shows (bot/web/crisis.py)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from bot.db import engine_for, make_engine, session_scope
from bot.staff import replies
from bot.web.crisis import crisis_actions, hotlines, reply_language
from tests.staff_support import Tracker

WIDGET_ID = "a" * 32


def _db(tmp_path: Path) -> tuple[Tracker, Engine, Engine]:
    tracker = Tracker(tmp_path / "tracker.db")
    return tracker, make_engine(f"sqlite:///{tracker.path}"), engine_for(f"sqlite:///{tmp_path}/app.db")


def test_a_widget_reply_waits_queued_until_the_widget_fetches_it_then_is_seen_when_open(tmp_path: Path) -> None:
    tracker, tracker_engine, engine = _db(tmp_path)
    tracker.user(WIDGET_ID, "i need help", "m1", channel="socketio")
    with session_scope(engine) as session:
        reply_id = replies.record(session, WIDGET_ID, 1, "kim", "We will call you now.", "socketio")
        assert replies.settle(session, reply_id, pushed=False) == "queued"  # nobody there: kept for their return
    with session_scope(engine) as session:
        shown = replies.history(tracker_engine, session, WIDGET_ID)
        assert [(s.sender, s.text, s.staff) for s in shown] == [
            ("user", "i need help", None), ("staff", "We will call you now.", "kim")]
        replies.acknowledge(session, WIDGET_ID, seen=False)
        assert [r.state for r in replies.for_conversation(session, WIDGET_ID)] == ["delivered"]
        replies.acknowledge(session, WIDGET_ID, seen=True)
        [reply] = replies.for_conversation(session, WIDGET_ID)
        assert reply.state == "seen" and reply.delivered_at and reply.seen_at


def test_an_sms_reply_is_delivered_or_failed_by_the_push_and_a_pushed_reply_shows_once(tmp_path: Path) -> None:
    tracker, tracker_engine, engine = _db(tmp_path)
    with session_scope(engine) as session:
        sent = replies.record(session, "+15550001111", 1, "kim", "Calling you.", "twilio")
        refused = replies.record(session, "+15550001111", 1, "kim", "Second try.", "twilio")
        assert (replies.settle(session, sent, True), replies.settle(session, refused, False)) == ("delivered", "failed")
    tracker.user(WIDGET_ID, "hello", "m1", channel="socketio")
    tracker.bot(WIDGET_ID, "Hi! Pick one.", data={"buttons": [{"title": "Could TMS work for me?", "payload": "/start_prescreen"}]})
    tracker.user(WIDGET_ID, "/start_prescreen", "m2", channel="socketio")
    tracker.user(WIDGET_ID, "/greet", "m3", channel="socketio")
    with session_scope(engine) as session:
        replies.record(session, WIDGET_ID, 2, "kim", "Hello from the clinic.", "socketio")
    tracker.bot(WIDGET_ID, "Hello from the clinic.", metadata={"sent_by": "staff", "staff": "kim"})
    with session_scope(engine) as session:
        shown = [(s.sender, s.text) for s in replies.history(tracker_engine, session, WIDGET_ID)]
    # A button shows as its title, an unshown payload not at all, and the pushed reply once.
    assert shown == [("user", "hello"), ("bot", "Hi! Pick one."), ("user", "Could TMS work for me?"),
                     ("staff", "Hello from the clinic.")]


def test_crisis_actions_come_from_the_hotline_file_in_english_and_spanish() -> None:
    numbers = hotlines().numbers
    actions = crisis_actions(numbers)
    lifeline, emergency = numbers["lifeline_number"], numbers["emergency_number"]
    assert [a["href"] for a in actions["en"]] == [f"tel:{lifeline}", f"sms:{lifeline}",
                                                   f"https://{numbers['lifeline_chat']}", f"tel:{emergency}"]
    assert actions["es"][0]["label"] == f"Llamar al {lifeline}"
    changed = crisis_actions({**numbers, "lifeline_number": "1-800-273-8255"})
    assert changed["en"][0] == {"label": "Call 1-800-273-8255", "href": "tel:18002738255"}
    assert reply_language(hotlines().replies["self_es"]) == "es"
    assert reply_language(hotlines().replies["other_en"]) == "en"
    assert reply_language("Call or text 988 any time.") is None  # only the reviewed crisis replies
