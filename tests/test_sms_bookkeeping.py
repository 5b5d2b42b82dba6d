"""SMS bookkeeping (bot.sms): keywords, opt-outs that outlive the process, de-duplication, choices, segments."""
from __future__ import annotations

import pytest

from bot import sms
from bot.db import make_engine


@pytest.mark.parametrize("body,word", [
    ("STOP", "STOP"), (" stop. ", "STOP"), ("Unsubscribe", "UNSUBSCRIBE"), ("cancel!", "CANCEL"),
    ("help", "HELP"), ("Info", "INFO"), ("unstop", "UNSTOP"), ("yes", "YES"),
    ("stop the pre-screen", None), ("please stop", None), ("1", None), ("", None),
])
def test_keyword_is_the_whole_message(body: str, word: str | None) -> None:
    assert sms.keyword(body) == word


def test_opt_out_is_stored_and_survives_a_new_engine(app_engine, app_db_url) -> None:
    phone = "+15550001111"
    assert not sms.is_opted_out(app_engine, phone)
    sms.set_opted_out(app_engine, phone, True)
    restarted = make_engine(app_db_url)  # another process after a restart: same database, fresh engine
    assert sms.is_opted_out(restarted, phone)
    sms.set_opted_out(restarted, phone, False)
    assert not sms.is_opted_out(app_engine, phone)
    assert not sms.is_opted_out(app_engine, "+15550002222")


def test_a_message_sid_is_processed_once(app_engine) -> None:
    assert sms.first_delivery(app_engine, "SM1")
    assert not sms.first_delivery(app_engine, "SM1")
    assert sms.first_delivery(app_engine, "SM2")


def test_offered_choices_map_a_number_once(app_engine) -> None:
    phone = "+15550003333"
    sms.offer_choices(app_engine, phone, ["/affirm", "/deny"])
    assert sms.take_choice(app_engine, phone, " 2 ") == "/deny"
    assert sms.take_choice(app_engine, phone, "2") is None  # used up
    sms.offer_choices(app_engine, phone, ["/affirm", "/deny"])
    assert sms.take_choice(app_engine, phone, "3") is None  # out of range: the text goes to the bot as typed
    sms.offer_choices(app_engine, phone, ["/affirm"])
    sms.offer_choices(app_engine, phone, [])  # a later message without buttons
    assert sms.take_choice(app_engine, phone, "1") is None


def test_numbered_choices_text() -> None:
    assert sms.numbered_choices([("1", "Yes"), ("2", "No")]) == "Reply 1 for Yes, 2 for No."


def test_segments_split_at_sentences_within_the_limit() -> None:
    sentence = "This sentence is exactly fifty characters long ok. "
    text = sentence * 13
    parts = sms.segments(text)
    assert all(len(p) <= sms.SEGMENT_CHARS for p in parts) and len(parts) == 3
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == text.strip()


def test_segments_keep_short_text_whole_and_cut_long_sentences_at_spaces() -> None:
    assert sms.segments("Short.\n\nAnother paragraph.") == ["Short.\n\nAnother paragraph."]
    words = " ".join(["word"] * 200)
    parts = sms.segments(words)
    assert all(len(p) <= sms.SEGMENT_CHARS for p in parts) and " ".join(parts) == words
    assert sms.segments("x" * 700) == ["x" * 320, "x" * 320, "x" * 60]


def test_phone_ref_hides_the_number_and_is_stable() -> None:
    ref = sms.phone_ref("+15550004444")
    assert ref.startswith("sms:") and "5550004444" not in ref
    assert ref == sms.phone_ref("+15550004444") != sms.phone_ref("+15550004445")
    assert sms.phone_ref(None) == "sms:-"


def test_keyword_replies_name_the_clinic_and_988(make_settings) -> None:
    config = make_settings()
    for template in (sms.STOP_REPLY, sms.START_REPLY, sms.HELP_REPLY):
        reply = sms.keyword_reply(template, config)
        assert reply.startswith(config.clinic_name) and len(reply) <= sms.SEGMENT_CHARS
    help_reply = sms.keyword_reply(sms.HELP_REPLY, config)
    assert "988" in help_reply and config.clinic_phone in help_reply and config.clinic_email in help_reply
