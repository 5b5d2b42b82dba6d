"""SMS bookkeeping (bot.sms): keywords, opt-outs that outlive the process, de-duplication, choices, segments."""
from __future__ import annotations

from bot import sms
from bot.db import make_engine


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


def test_without_a_message_sid_the_same_text_from_the_same_number_is_a_retry(app_engine, monkeypatch) -> None:
    assert sms.first_delivery(app_engine, "", "+15550001111", "hello")
    assert not sms.first_delivery(app_engine, "", "+15550001111", "hello")
    assert sms.first_delivery(app_engine, "", "+15550001111", "hello again")
    assert sms.first_delivery(app_engine, "", "+15550002222", "hello")
    later = sms.utcnow() + sms.REPEAT_WINDOW
    monkeypatch.setattr(sms, "utcnow", lambda: later)
    assert sms.first_delivery(app_engine, "", "+15550001111", "hello")  # typed again later: a new message


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


def test_only_texts_over_twilios_limit_are_split_at_sentences() -> None:
    sentence = "This sentence is exactly fifty characters long ok. "
    assert sms.segments(sentence * 30) == [(sentence * 30).strip()]  # 1,500 characters: one message
    parts = sms.segments(sentence * 40)
    assert all(len(p) <= sms.MAX_BODY for p in parts) and len(parts) == 2
    assert all(p.endswith(".") for p in parts) and " ".join(parts) == (sentence * 40).strip()


def test_segments_keep_short_text_whole_and_cut_long_sentences_at_spaces() -> None:
    assert sms.segments("Short.\n\nAnother paragraph.") == ["Short.\n\nAnother paragraph."]
    assert sms.segments("x" * 3500) == ["x" * 1600, "x" * 1600, "x" * 300]


def test_phone_ref_hides_the_number_and_is_stable() -> None:
    ref = sms.phone_ref("+15550004444")
    assert ref.startswith("sms:") and "5550004444" not in ref
    assert ref == sms.phone_ref("+15550004444") != sms.phone_ref("+15550004445")
    assert sms.phone_ref(None) == "sms:-"


def test_channel_texts_name_the_clinic_and_988(make_settings) -> None:
    config = make_settings()
    for key in ("stop", "start", "help", "opted_out_crisis", "unreadable"):
        assert sms.channel_text(key, config).startswith(config.clinic_name)
    help_reply = sms.channel_text("help", config)
    assert "988" in help_reply and config.clinic_phone in help_reply and config.clinic_email in help_reply
    assert "988" in sms.channel_text("stop", config) and "911" in sms.channel_text("opted_out_crisis", config)


def test_ordinal_and_number_words_name_a_choice() -> None:
    named = {t: sms.choice_number(t) for t in ("the second one", "two", "Option 3", "#2", "first", "segunda", "1")}
    assert named == {"the second one": "2", "two": "2", "Option 3": "3", "#2": "2", "first": "1", "segunda": "2", "1": "1"}
    assert [sms.choice_number(t) for t in ("no", "none", "I have two", "42", "someone")] == [None] * 5
