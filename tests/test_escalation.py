"""Escalations: one per triggering message, the right priority, a notification per transport, no PHI sent."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot import escalation as escalation_module
from bot.db import Escalation, OutboxMessage, session_scope
from bot.escalation import EscalationRequest, notification_payload, priority_for, record_escalation, transports

TRIGGER = "I took all my pills and my name is Jane Doe 555-010-0199"


def _request(**overrides) -> EscalationRequest:
    fields = dict(
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
        first, created = record_escalation(session, _request(), config)
        assert created
    with session_scope(app_engine) as session:  # a retry or the sweeper, later, in another session
        second, created_again = record_escalation(session, _request(category="ideation", recorded_by="sweeper"), config)
    assert not created_again
    assert second.id == first.id
    assert second.category == "imminent" and second.recorded_by == "action"  # the first record is kept as is
    assert _count(app_engine, Escalation) == 1
    assert _count(app_engine, OutboxMessage) == 1  # and so is its single notification


def test_same_message_id_in_another_conversation_is_another_escalation(app_engine, make_settings) -> None:
    config = make_settings()
    with session_scope(app_engine) as session:
        a, created_a = record_escalation(session, _request(conversation_id="conv-a"), config)
        b, created_b = record_escalation(session, _request(conversation_id="conv-b"), config)
        c, created_c = record_escalation(session, _request(conversation_id="conv-a", message_id="msg-2"), config)
    assert created_a and created_b and created_c
    assert len({a.id, b.id, c.id}) == 3


def test_a_concurrent_insert_is_returned_not_duplicated(app_engine, make_settings, monkeypatch) -> None:
    """Another process records the message between our look-up and our insert: its record is returned."""
    config = make_settings(escalation_webhook_url="http://x")
    with session_scope(app_engine) as session:
        original, _ = record_escalation(session, _request(), config)
    real_find = escalation_module._find
    calls = []

    def find_misses_once(session, conversation_id, message_id):
        calls.append(1)
        return None if len(calls) == 1 else real_find(session, conversation_id, message_id)

    monkeypatch.setattr(escalation_module, "_find", find_misses_once)
    with session_scope(app_engine) as session:
        found, created = record_escalation(session, _request(), config)
        assert not created and found.id == original.id
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
            record_escalation(session, _request(message_id=f"m{i}", category=category), config)
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
        escalation, _ = record_escalation(session, _request(), config)
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
        escalation, _ = record_escalation(session, _request(), config)
        payload = notification_payload(escalation)
    with session_scope(app_engine) as session:
        stored = [row.payload for row in session.execute(select(OutboxMessage)).scalars()]
    for sent in [payload, *stored]:
        text = json.dumps(sent)
        for secret in (TRIGGER, "pills", "Jane", "555-010-0199", "conv-1", "msg-1"):
            assert secret not in text
        assert set(sent) == {"escalation_id", "priority", "category", "channel", "created_at", "summary"}
        assert "priority 1" in sent["summary"] and sent["created_at"].endswith("Z")


def test_trigger_text_is_kept_for_staff(app_engine, make_settings) -> None:
    """The message text stays in our database (staff console) even though it is never sent out."""
    with session_scope(app_engine) as session:
        record_escalation(session, _request(channel=""), make_settings())
    with session_scope(app_engine) as session:
        row = session.execute(select(Escalation)).scalar_one()
    assert row.trigger_text == TRIGGER
    assert row.channel == "unknown" and row.status == "new" and row.message_time == 1_700_000_000.0
