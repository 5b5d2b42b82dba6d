"""Staff replies a website visitor has not picked up (bot/staff/fallback.py): by SMS to a number the pre-screen
gave for texts, by e-mail (a real local SMTP server) when it chose e-mail and SMTP is set, else "no fallback"."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any, Callable

import pytest
from sqlalchemy.engine import Engine

from bot import sms
from bot.config import Settings
from bot.db import engine_for, session_scope, utcnow
from bot.screening.records import Prescreen
from bot.sms import gsm7
from bot.staff import fallback, replies
from tests.support.smtp_sink import SmtpSink

WIDGET_ID = "b" * 32
PHONE = "+15552017788"
TEXT = "Hi Sam, this is Kim from the clinic. Can we call you tomorrow at 10?"


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return engine_for(f"sqlite:///{tmp_path}/app.db")


@pytest.fixture
def config(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(twilio_auth_token="token", staff_reply_fallback_seconds=900, clinic_name="Example TMS Clinic")


def _setup(engine: Engine, method: str | None, contact: dict[str, str] | None = None, minutes_ago: float = 20) -> int:
    """A pre-screen with `method` (None: no pre-screen) and a widget reply written `minutes_ago`; returns its id."""
    now = utcnow()
    with session_scope(engine) as session:
        if method is not None:
            session.add(Prescreen(conversation_id=WIDGET_ID, channel="socketio", answers={}, contact_method=method,
                                  started_at=now - dt.timedelta(hours=1), **(contact or {})))
        reply_id = replies.record(session, WIDGET_ID, 1, "Kim", TEXT, "socketio")
        replies.settle(session, reply_id, pushed=False)
        session.get(replies.StaffReply, reply_id).created_at = now - dt.timedelta(minutes=minutes_ago)
    return reply_id


def _state(engine: Engine, reply_id: int) -> str:
    with session_scope(engine) as session:
        return str(session.get(replies.StaffReply, reply_id).state)


class Recorder:
    def __init__(self, fail: int = 0) -> None:
        self.sent: list[tuple[str, str, str, str]] = []
        self.fail = fail

    def __call__(self, kind: str) -> fallback.Sender:
        def send(config: Settings, address: str, staff: str, text: str) -> None:
            if self.fail:
                self.fail -= 1
                raise ConnectionRefusedError("down")
            self.sent.append((kind, address, staff, text))
        return send

    def senders(self) -> dict[str, fallback.Sender]:
        return {"sent_sms": self("sms"), "sent_email": self("email")}


def test_a_reply_waiting_past_the_set_time_goes_by_sms_to_the_number_given_for_texts(engine: Engine, config: Settings) -> None:
    old = _setup(engine, "text", {"contact_phone": PHONE})
    with session_scope(engine) as session:
        recent = replies.record(session, WIDGET_ID, 1, "Kim", "A second note.", "socketio")  # 0 minutes: not yet
    recorder = Recorder()
    assert fallback.run(engine, config, senders=recorder.senders()) == 1
    assert recorder.sent == [("sms", PHONE, "Kim", TEXT)]
    assert (_state(engine, old), _state(engine, recent)) == ("sent_sms", "queued")
    assert replies.STATE_LABELS["sent_sms"].startswith("Sent by SMS")
    assert fallback.run(engine, config, senders=recorder.senders()) == 0 and len(recorder.sent) == 1  # sent once
    with session_scope(engine) as session:  # the widget still shows it on return; the console keeps "sent by SMS"
        replies.acknowledge(session, WIDGET_ID, seen=True)
    assert _state(engine, old) == "sent_sms"


def test_the_sms_says_who_wrote_it_and_how_to_answer_in_gsm7(config: Settings) -> None:
    text = fallback.message("sms", config, "Kim", TEXT)
    assert text.startswith("Example TMS Clinic: Kim from the clinic team") and TEXT in text
    assert config.clinic_phone in text and "Reply STOP to opt out" in text
    assert gsm7.is_gsm7(gsm7.normalise(text))


def test_a_reply_goes_by_e_mail_through_a_real_smtp_server_when_the_pre_screen_chose_e_mail(
        engine: Engine, make_settings: Callable[..., Settings]) -> None:
    sink = SmtpSink()
    sink.start()
    try:
        config = make_settings(smtp_host="127.0.0.1", smtp_port=sink.port, smtp_from="clinic@example.test",
                               staff_reply_fallback_seconds=900)
        reply_id = _setup(engine, "email", {"contact_email": "sam@example.test"})
        assert fallback.run(engine, config) == 1
    finally:
        sink.stop()
    [mail] = sink.received
    assert mail["To"] == "sam@example.test" and mail["From"] == "clinic@example.test"
    assert config.clinic_name in str(mail["Subject"])
    body = str(mail.get_content())
    assert TEXT in body and "Kim from the" in body and "988" in body
    assert _state(engine, reply_id) == "sent_email"


@pytest.mark.parametrize("method,contact,settings", [
    ("call", {"contact_phone": PHONE}, {}),  # a number for calls is no consent to texts
    ("email", {"contact_email": "sam@example.test"}, {"smtp_host": ""}),  # SMTP not set up (the default)
    ("text", {"contact_phone": PHONE}, {"twilio_auth_token": ""}),  # no SMS channel
    (None, {}, {}),  # no pre-screen at all
])
def test_without_a_way_to_reach_the_person_the_console_says_no_fallback_and_the_widget_still_delivers(
        engine: Engine, config: Settings, method: str | None, contact: dict[str, str], settings: dict[str, Any]) -> None:
    reply_id = _setup(engine, method, contact)
    recorder = Recorder()
    assert fallback.run(engine, dataclasses.replace(config, **settings), senders=recorder.senders()) == 0
    assert recorder.sent == [] and _state(engine, reply_id) == "no_fallback"
    assert replies.STATE_LABELS["no_fallback"].startswith("Not delivered, no fallback")
    with session_scope(engine) as session:
        replies.acknowledge(session, WIDGET_ID, seen=False)  # the person comes back
    assert _state(engine, reply_id) == "delivered"


def test_never_to_a_number_that_opted_out(engine: Engine, config: Settings) -> None:
    reply_id = _setup(engine, "text", {"contact_phone": PHONE})
    sms.set_opted_out(engine, PHONE, True)
    recorder = Recorder()
    fallback.run(engine, config, senders=recorder.senders())
    assert recorder.sent == [] and _state(engine, reply_id) == "no_fallback"


def test_a_failed_send_waits_for_the_next_run_and_a_picked_up_reply_is_left_alone(engine: Engine, config: Settings) -> None:
    reply_id = _setup(engine, "text", {"contact_phone": PHONE})
    recorder = Recorder(fail=1)
    assert fallback.run(engine, config, senders=recorder.senders()) == 0
    assert _state(engine, reply_id) == "queued"
    assert fallback.run(engine, config, senders=recorder.senders()) == 1 and _state(engine, reply_id) == "sent_sms"

    picked_up = _setup(engine, "text", {"contact_phone": PHONE})
    with session_scope(engine) as session:
        replies.acknowledge(session, WIDGET_ID, seen=False)
    assert fallback.run(engine, config, senders=recorder.senders()) == 0 and _state(engine, picked_up) == "delivered"


def test_zero_turns_the_fallback_off_and_old_replies_are_left_for_the_widget(engine: Engine, config: Settings) -> None:
    reply_id = _setup(engine, "text", {"contact_phone": PHONE})
    recorder = Recorder()
    assert fallback.run(engine, dataclasses.replace(config, staff_reply_fallback_seconds=0), senders=recorder.senders()) == 0
    weeks_old = _setup(engine, "text", {"contact_phone": PHONE}, minutes_ago=60 * 24 * 10)
    assert fallback.run(engine, config, senders=recorder.senders()) == 1
    assert (_state(engine, reply_id), _state(engine, weeks_old)) == ("sent_sms", "queued")
