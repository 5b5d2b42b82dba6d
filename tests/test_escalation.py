"""Escalations: one per triggering message, the right priority, a notification per transport, no PHI sent."""
from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.db import session_scope
from bot.escalation import record as escalation_module
from bot.escalation import service
from bot.escalation.categories import priority_for
from bot.escalation.models import Escalation, EscalationEvent, Handoff, OutboxMessage
from bot.escalation.outbox import drain
from bot.escalation.record import EscalationRequest, notification_payload, record_escalation, transports

TRIGGER = "I took all my pills and my name is Jane Doe 555-010-0199"


def _request(**overrides: Any) -> EscalationRequest:
    fields: dict[str, Any] = dict(
        conversation_id="conv-1", message_id="msg-1", channel="rest", category="imminent",
        trigger_text=TRIGGER, message_time=1_700_000_000.0, recorded_by="action",
    )
    fields.update(overrides)
    return EscalationRequest(**fields)


def _count(engine, model) -> int:
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_record_is_idempotent_per_message(app_engine, make_settings) -> None:
    config = make_settings(escalation_webhook_url="http://x")
    with session_scope(app_engine) as session:
        first = record_escalation(session, _request(), config).escalation
    with session_scope(app_engine) as session:  # a retry or the sweeper, later, in another session
        again = record_escalation(session, _request(category="ideation", recorded_by="sweeper"), config)
    second = again.escalation
    assert not again.created
    assert second.id == first.id
    assert second.category == "imminent" and second.recorded_by == "action"  # the first record is kept as is
    assert _count(app_engine, Escalation) == 1
    assert _count(app_engine, OutboxMessage) == 1  # and so is its single notification


def test_same_message_id_in_another_conversation_is_another_escalation(app_engine, make_settings) -> None:
    config = make_settings()
    with session_scope(app_engine) as session:
        a = record_escalation(session, _request(conversation_id="conv-a"), config)
        b = record_escalation(session, _request(conversation_id="conv-b"), config)
    assert a.created and b.created and not a.attached and not b.attached
    assert a.escalation.id != b.escalation.id


def test_a_concurrent_insert_is_returned_not_duplicated(app_engine, make_settings, monkeypatch) -> None:
    """Another process records the message between our look-up and our insert: its record is returned."""
    config = make_settings(escalation_webhook_url="http://x")
    with session_scope(app_engine) as session:
        original = record_escalation(session, _request(), config).escalation
        original.status = "resolved"  # nothing open: the message would otherwise join it, not insert
    real_find = escalation_module._find
    calls = []

    def find_misses_once(session, conversation_id, message_id):
        calls.append(1)
        return None if len(calls) == 1 else real_find(session, conversation_id, message_id)

    monkeypatch.setattr(escalation_module, "_find", find_misses_once)
    with session_scope(app_engine) as session:
        found = record_escalation(session, _request(), config)
        assert not found.created and found.escalation.id == original.id
    assert len(calls) == 2, "the insert must have hit the unique constraint and looked again"
    assert _count(app_engine, Escalation) == 1
    assert _count(app_engine, OutboxMessage) == 1


@pytest.mark.parametrize(
    "category, priority",
    [("imminent", 1), ("phq9_item9", 2), ("ideation", 2), ("self_harm", 2), ("third_party", 2), ("passive", 3),
     ("staff_request", 4), ("something_new", 2)],
)
def test_priority(category: str, priority: int) -> None:
    assert priority_for(category) == priority


def test_recorded_escalation_carries_its_priority(app_engine, make_settings) -> None:
    config = make_settings()
    with session_scope(app_engine) as session:
        for i, category in enumerate(("imminent", "staff_request", "phq9_item9")):
            record_escalation(session, _request(conversation_id=f"c{i}", message_id=f"m{i}", category=category), config)
    with session_scope(app_engine) as session:
        rows = {e.category: e.priority for e in session.execute(select(Escalation)).scalars()}
    assert rows == {"imminent": 1, "staff_request": 4, "phq9_item9": 2}


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({}, []),
        ({"escalation_webhook_url": "http://x"}, ["webhook"]),
        ({"smtp_host": "smtp.test", "staff_alert_email": "staff@clinic.test"}, ["email"]),
        ({"smtp_host": "smtp.test"}, []),  # no one to send the e-mail to
        ({"staff_alert_email": "staff@clinic.test"}, []),  # no relay to send it through
        ({"escalation_webhook_url": "http://x", "smtp_host": "smtp.test", "staff_alert_email": "s@c.test"},
         ["webhook", "email"]),
    ],
    ids=["none", "webhook", "email", "smtp-without-recipient", "recipient-without-smtp", "both"],
)
def test_one_outbox_row_per_enabled_transport(app_engine, make_settings, overrides, expected) -> None:
    config = make_settings(**overrides)
    assert transports(config) == expected
    with session_scope(app_engine) as session:
        escalation = record_escalation(session, _request(), config).escalation
    with session_scope(app_engine) as session:
        rows = session.execute(select(OutboxMessage)).scalars().all()
    assert sorted(row.transport for row in rows) == sorted(expected)
    for row in rows:
        assert row.escalation_id == escalation.id
        assert row.sent_at is None and row.attempts == 0
        assert row.payload["escalation_id"] == escalation.id and row.payload["priority"] == 1


def test_notification_payload_never_carries_message_text_or_contact(app_engine, make_settings) -> None:
    config = make_settings(escalation_webhook_url="http://x", smtp_host="smtp.test", staff_alert_email="s@c.test")
    with session_scope(app_engine) as session:
        escalation = record_escalation(session, _request(), config).escalation
        payload = notification_payload(escalation)
    with session_scope(app_engine) as session:
        stored = [row.payload for row in session.execute(select(OutboxMessage)).scalars()]
    for sent in [payload, *stored]:
        text = json.dumps(sent)
        for secret in (TRIGGER, "pills", "Jane", "555-010-0199", "conv-1", "msg-1"):
            assert secret not in text
        assert set(sent) == {"escalation_id", "priority", "category", "channel", "created_at", "repeat", "summary"}
        assert "priority 1" in sent["summary"] and sent["created_at"].endswith("Z")


def test_trigger_text_is_kept_for_staff(app_engine, make_settings) -> None:
    """The message text stays in our database (staff console) even though it is never sent out."""
    with session_scope(app_engine) as session:
        record_escalation(session, _request(channel=""), make_settings())
    with session_scope(app_engine) as session:
        row = session.execute(select(Escalation)).scalar_one()
    assert row.trigger_text == TRIGGER
    assert row.channel == "unknown" and row.status == "new" and row.message_time == 1_700_000_000.0


def _outbox(engine) -> list[OutboxMessage]:
    with session_scope(engine) as session:
        return list(session.execute(select(OutboxMessage)).scalars())


def test_a_repeated_crisis_joins_the_open_escalation_and_alerts_staff_again(app_engine, make_settings) -> None:
    config = make_settings(escalation_webhook_url="http://x", escalation_realert_seconds=0)
    with session_scope(app_engine) as session:
        first = record_escalation(session, _request(category="passive"), config)
    drain(app_engine, {"webhook": lambda payload: None})
    with session_scope(app_engine) as session:
        again = record_escalation(session, _request(message_id="msg-2", category="imminent", trigger_text="now"), config)
    assert again.created and again.attached and again.escalation.id == first.escalation.id
    with session_scope(app_engine) as session:
        [row] = session.execute(select(Escalation)).scalars().all()
        [event] = session.execute(select(EscalationEvent)).scalars().all()
    assert (row.priority, row.category) == (1, "imminent")  # the more urgent turn decides the queue order
    assert event.trigger_text == "now" and event.realerted == 1
    [note] = _outbox(app_engine)
    assert note.sent_at is None and note.payload["repeat"] is True and "already alerted" in note.payload["summary"]


def test_an_sms_opted_out_flag_labels_the_escalation_whichever_record_lands_first(app_engine, make_settings) -> None:
    """The dialogue's imminent-risk record may land before the channel's "opted out: call" flag (a busy
    database spools one); staff must still see that they have to phone."""
    config = make_settings()
    with session_scope(app_engine) as session:
        record_escalation(session, _request(category="imminent"), config)
    with session_scope(app_engine) as session:
        record_escalation(session, _request(message_id="msg-2", category="sms_opted_out"), config)
        record_escalation(session, _request(message_id="msg-3", category="imminent"), config)  # a later turn
    with session_scope(app_engine) as session:
        [row] = session.execute(select(Escalation)).scalars().all()
    assert (row.priority, row.category) == (1, "sms_opted_out")


def test_repeats_within_the_interval_are_kept_without_another_alert(app_engine, make_settings) -> None:
    config = make_settings(escalation_webhook_url="http://x", escalation_realert_seconds=3600)
    with session_scope(app_engine) as session:
        record_escalation(session, _request(), config)
    drain(app_engine, {"webhook": lambda payload: None})
    with session_scope(app_engine) as session:
        record_escalation(session, _request(message_id="msg-2"), config)  # same priority, seconds later
    [note] = _outbox(app_engine)
    assert note.sent_at is not None and note.payload["repeat"] is False
    with session_scope(app_engine) as session:
        assert session.execute(select(EscalationEvent.realerted)).scalars().all() == [0]


def test_a_resolved_escalation_does_not_take_the_next_crisis(app_engine, make_settings) -> None:
    config = make_settings()
    with session_scope(app_engine) as session:
        record_escalation(session, _request(), config).escalation.status = "resolved"
    with session_scope(app_engine) as session:
        later = record_escalation(session, _request(message_id="msg-2"), config)
    assert later.created and not later.attached
    assert _count(app_engine, Escalation) == 2


def test_while_staff_hold_the_conversation_a_crisis_joins_their_escalation(app_engine, make_settings) -> None:
    config = make_settings()
    with session_scope(app_engine) as session:
        held = record_escalation(session, _request(), config).escalation
        held.status = "resolved"  # resolved in the queue, but staff still hold the conversation
        session.add(Handoff(conversation_id="conv-1", escalation_id=held.id, taken_by="dr.lee"))
    with session_scope(app_engine) as session:
        later = record_escalation(session, _request(message_id="msg-2"), config)
        assert later.attached and later.escalation.id == held.id and later.escalation.status == "new"


def test_one_conversation_cannot_flood_the_queue(app_engine, make_settings) -> None:
    config = make_settings(escalations_per_conversation_per_day=2)
    for n in range(5):
        with session_scope(app_engine) as session:
            record_escalation(session, _request(message_id=f"m{n}"), config).escalation.status = "resolved"
    assert _count(app_engine, Escalation) == 2  # the rest re-opened the latest: kept, never dropped
    assert _count(app_engine, EscalationEvent) == 3


def test_a_re_alert_during_a_send_is_not_lost(app_engine, make_settings) -> None:
    """The worker is sending the first notification when a repeat re-arms the row: the newer one still goes."""
    config = make_settings(escalation_webhook_url="http://x", escalation_realert_seconds=0)
    with session_scope(app_engine) as session:
        record_escalation(session, _request(), config)
    sent: list = []

    def send_while_a_repeat_arrives(payload) -> None:
        sent.append(payload["repeat"])
        if len(sent) == 1:
            with session_scope(app_engine) as session:
                record_escalation(session, _request(message_id="msg-2"), config)

    drain(app_engine, {"webhook": send_while_a_repeat_arrives})
    drain(app_engine, {"webhook": send_while_a_repeat_arrives})
    assert sent == [False, True]


def test_the_service_tells_the_action_when_staff_already_have_the_conversation(app_engine, env_settings) -> None:
    request = service.request_for_turn("conv-9", {"text": "i want to die", "message_id": "a"}, [], "rest", "ideation")
    assert not service.escalate(request).repeat
    again = service.request_for_turn("conv-9", {"text": "i mean it", "message_id": "b"}, [], "rest", "ideation")
    result = service.escalate(again)
    assert result.repeat and result.status == service.ATTACHED


@pytest.mark.parametrize("category", ["staff_request", "sms_opted_out", "phq9_item9"])
def test_with_the_database_down_what_no_crisis_turn_stands_for_is_spooled_and_a_crisis_left_to_the_sweeper(
    monkeypatch, tmp_path, category: str
) -> None:
    """SQLite profile: the sweeper recovers only crisis turns from the tracker store, so a "talk to a person"
    request, an opted-out number's crisis text (it never reaches the dialogue) or a PHQ-9 item 9 answer that could
    not be recorded must not be dropped (found as flaky browser and SMS tests under load)."""
    from contextlib import contextmanager

    from sqlalchemy.exc import OperationalError

    from bot.escalation import spool

    @contextmanager
    def database_down(*args: Any, **kwargs: Any):
        raise OperationalError("INSERT", {}, Exception("database is locked"))
        yield

    monkeypatch.setattr(service, "session_scope", database_down)
    monkeypatch.setattr(spool, "spool_dir", lambda: tmp_path)
    monkeypatch.setattr(spool, "replay_in_background", lambda *a, **k: None)
    assert not service.settings().production
    assert service.escalate(_request(category=category)).status == service.SPOOLED
    assert len(list(tmp_path.glob("*.json"))) == 1
    assert service.escalate(_request(message_id="msg-9", category="imminent")).status == service.LEFT_TO_SWEEPER
    assert len(list(tmp_path.glob("*.json"))) == 1
