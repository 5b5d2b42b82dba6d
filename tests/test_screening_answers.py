"""parse_answer on natural and SMS-short replies, plus why/stop/restart/skip."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.screening.answers import (  # noqa: E402
    MAX_INPUT_CHARS,
    Parsed,
    is_restart,
    is_skip,
    is_stop,
    is_why_question,
    normalize,
    parse_answer,
)
from bot.screening.questionnaire import NOT_SURE, SKIPPED, Questionnaire, load_questionnaire  # noqa: E402

QN: Questionnaire = load_questionnaire(enforce_review=False)


def parse(slot: str, text: str) -> Parsed:
    return parse_answer(QN.by_slot[slot], text)


def ok(slot: str, text: str) -> object:
    p = parse(slot, text)
    assert p.ok and not p.skipped, f"{slot}: {text!r} -> {p}"
    return p.value


def not_ok(slot: str, text: str) -> None:
    p = parse(slot, text)
    assert not p.ok and p.value is None and not p.skipped, f"{slot}: {text!r} -> {p}"


# ----------------------------------------------------------------- age


@pytest.mark.parametrize(
    "text, age",
    [
        ("42", 42),
        ("I'm 42", 42),
        ("im 42 yrs old", 42),
        ("forty two", 42),
        ("Forty-two", 42),
        ("42 years", 42),
        ("42yo", 42),
        ("  42  ", 42),
        ("I am 15", 15),
        ("seventeen", 17),
        ("5", 5),
        ("110", 110),
        ("a hundred and five", 105),
        ("I turned 30 last week", 30),
        ("🎂 42", 42),
    ],
)
def test_age_ok(text: str, age: int) -> None:
    assert ok("age", text) == age


@pytest.mark.parametrize("text", ["4", "111", "0", "200", "1985", "old enough", "", "   ", "yes", "-", "🙂"])
def test_age_not_ok(text: str) -> None:
    not_ok("age", text)


def test_age_is_required_so_skip_is_not_ok() -> None:
    not_ok("age", "skip")
    not_ok("age", "prefer not to say")


# -------------------------------------------------------------- yes/no


@pytest.mark.parametrize(
    "text",
    [
        "y",
        "Y",
        "yes",
        "YES!",
        "yeah",
        "yep",
        "yup",
        "sure",
        "i do",
        "I do.",
        "correct",
        "yes I do",
        "Yesss",
        "👍",
        "✅",
        "1",
        "option 1",
        "Yes, I have one",
    ],
)
def test_yes(text: str) -> None:
    assert ok("implanted_device", text) is True


@pytest.mark.parametrize(
    "text",
    [
        "n",
        "no",
        "No.",
        "nope",
        "nah",
        "never",
        "i don't",
        "I dont",
        "i do not",
        "nooo",
        "👎",
        "2",
        "no I don't",
        "none",
        "nunca",
    ],
)
def test_no(text: str) -> None:
    assert ok("implanted_device", text) is False


@pytest.mark.parametrize(
    "text", ["not sure", "I'm not sure", "idk", "dunno", "maybe", "no idea", "3", "Not sure"]
)
def test_not_sure_when_question_offers_it(text: str) -> None:
    assert ok("seizure_threshold_meds", text) == NOT_SURE
    assert ok("depression_diagnosis", text) == NOT_SURE


def test_not_sure_is_not_ok_when_question_does_not_offer_it() -> None:
    not_ok("psychotherapy_tried", "not sure")
    not_ok("psychotherapy_tried", "3")  # only 2 buttons


@pytest.mark.parametrize("text", ["0", "4", "42", "", "blue", "🙂", "ok", "skip", "pass"])
def test_yes_no_junk_is_asked_again(text: str) -> None:
    not_ok("implanted_device", text)


@pytest.mark.parametrize(
    "slot, text",
    [
        ("implanted_device", "yes no"),
        ("implanted_device", "yeah nah"),
        ("implanted_device", "yes, but I'm not sure"),
        ("implanted_device", "not that i know of"),
        ("implanted_device", "Not that I'm aware of"),
        ("implanted_device", "I have never had one"),
        ("seizure_history", "I think so"),
        ("seizure_history", "not since I was a kid"),
        ("seizure_history", "probably not"),
        ("pregnancy", "not that I know of"),
        ("metal_in_head", "no sé"),
        ("seizure_threshold_meds", "no, only ibuprofen"),
    ],
)
def test_hedged_mixed_or_qualified_safety_replies_are_not_sure(slot: str, text: str) -> None:
    """Finding 1: a negation word somewhere in the reply no longer makes it a "No"."""
    assert ok(slot, text) == NOT_SURE


@pytest.mark.parametrize(
    "slot, text",
    [
        ("metal_in_head", "no metal but I have a cochlear implant"),
        ("seizure_threshold_meds", "no just wellbutrin"),
        ("metal_in_head", "I have a stent in my heart"),
        ("metal_in_head", "there is a clip on the right side of my jaw"),
        ("bipolar_history", "my mom is bipolar but not me"),
    ],
)
def test_replies_naming_a_device_condition_or_medicine_are_never_no(slot: str, text: str) -> None:
    assert ok(slot, text) in (True, NOT_SURE)


@pytest.mark.parametrize("text", ["I do", "i have", "I have one", "I had", "sí", "only one time"])
def test_short_auxiliary_replies_are_yes(text: str) -> None:
    assert ok("seizure_history", text) is True


def test_not_sure_does_not_count_as_sure() -> None:
    assert ok("seizure_history", "not sure") == NOT_SURE


def test_pregnancy_not_applicable_counts_as_no() -> None:
    for text in ("Not applicable", "n/a", "N/A", "NA", "doesn't apply", "4", "I'm a man lol"):
        assert ok("pregnancy", text) is False, text
    assert ok("pregnancy", "I am") is True
    assert ok("pregnancy", "could be") == NOT_SURE


# --------------------------------------------------------------- count


@pytest.mark.parametrize(
    "text, n",
    [
        ("0", 0),
        ("none", 0),
        ("None", 0),
        ("never tried any", 0),
        ("no", 0),
        ("zero", 0),
        ("1", 1),
        ("one", 1),
        ("just one", 1),
        ("only one so far", 1),
        ("2", 2),
        ("a couple", 2),
        ("two", 2),
        ("twice", 2),
        ("I've tried 2 meds", 2),
        ("3", 3),
        ("three", 3),
        ("several", 3),
        ("a few", 3),
        ("many", 3),
        ("lots", 3),
        ("like 5", 3),
        ("a few times", 3),
        ("4", 3),
        ("10", 3),
        ("3 or more", 3),
        ("3+", 3),
        ("more than two", 3),
        ("at least 3", 3),
        ("none of them worked, I tried two", 2),
        ("not one", 0),
        ("not a single one", 0),
    ],
)
def test_count(text: str, n: int) -> None:
    assert ok("antidepressants_tried", text) == n


@pytest.mark.parametrize("text", ["i don't know how many", "not sure", "idk", "", "some stuff", "skip"])
def test_count_not_ok(text: str) -> None:
    not_ok("antidepressants_tried", text)


# ---------------------------------------------------------------- phq9


@pytest.mark.parametrize(
    "text, v",
    [
        ("0", 0),
        ("1", 1),
        ("2", 2),
        ("3", 3),
        ("not at all", 0),
        ("Not at all", 0),
        ("no", 0),
        ("never", 0),
        ("several days", 1),
        ("some days", 1),
        ("sometimes", 1),
        ("more than half the days", 2),
        ("most days", 2),
        ("More than half", 2),
        ("often", 2),
        ("nearly every day", 3),
        ("every day", 3),
        ("everyday", 3),
        ("all the time", 3),
        ("Nearly every day", 3),
        ("always", 3),
    ],
)
def test_phq9(text: str, v: int) -> None:
    assert ok("phq9_1", text) == v
    assert ok("phq9_9", text) == v


@pytest.mark.parametrize(
    "text",
    ["4", "5", "-1", "3 days", "not every day", "not sure", "sometimes every day", "skip", "", "🙂", "yes"],
)
def test_phq9_not_ok(text: str) -> None:
    not_ok("phq9_5", text)


# -------------------------------------------------------------- choice


@pytest.mark.parametrize(
    "text, v",
    [
        ("medicare", "medicare"),
        ("Medicare", "medicare"),
        ("MEDICARE!", "medicare"),
        ("I have Medicaid", "medicaid"),
        ("medicar", "medicare"),
        ("tricar", "tricare_va"),
        ("va", "tricare_va"),
        ("VA", "tricare_va"),
        ("private", "commercial"),
        ("comm", "commercial"),
        ("through my job", "commercial"),
        ("self pay", "self_pay"),
        ("Self-pay", "self_pay"),
        ("no insurance", "self_pay"),
        ("not sure", "not_sure"),
        ("i dont know", "not_sure"),
        ("1", "commercial"),
        ("2", "medicare"),
        ("6", "not_sure"),
        ("Medicare Advantage", "medicare"),
    ],
)
def test_insurance(text: str, v: str) -> None:
    assert ok("insurance_type", text) == v


@pytest.mark.parametrize("text", ["medi", "medicare and medicaid", "7", "0", "blah", "🙂"])
def test_insurance_not_ok(text: str) -> None:
    not_ok("insurance_type", text)


@pytest.mark.parametrize(
    "text", ["skip", "Skip", "pass", "prefer not to say", "I'd rather not say", "skip this one"]
)
def test_optional_insurance_can_be_skipped(text: str) -> None:
    p = parse("insurance_type", text)
    assert p == Parsed(None, True, True)
    assert p.slot_value == SKIPPED


@pytest.mark.parametrize(
    "text, v",
    [
        ("call", "call"),
        ("Phone call", "call"),
        ("call me", "call"),
        ("text", "text"),
        ("text me", "text"),
        ("SMS", "text"),
        ("email", "email"),
        ("E-mail", "email"),
        ("emial", "email"),
        ("1", "call"),
        ("3", "email"),
    ],
)
def test_contact_method(text: str, v: str) -> None:
    assert ok("contact_method", text) == v


@pytest.mark.parametrize("text", ["call or text", "4", "carrier pigeon", "skip"])
def test_contact_method_not_ok(text: str) -> None:
    not_ok("contact_method", text)


# ------------------------------------------------- text / phone / email


def test_text_name() -> None:
    assert ok("contact_name", "  Jane   Doe ") == "Jane Doe"
    assert ok("contact_name", "José O'Brien") == "José O'Brien"
    assert ok("contact_name", "x" * 100) == "x" * 100
    not_ok("contact_name", "x" * 101)
    not_ok("contact_name", "")
    not_ok("contact_name", "   \n\t ")
    not_ok("contact_name", "skip")  # required


@pytest.mark.parametrize(
    "text, v",
    [
        ("(555) 123-4567", "+15551234567"),
        ("555.123.4567", "+15551234567"),
        ("+1 555 123 4567", "+15551234567"),
        ("1-555-123-4567", "+15551234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("call me at 555-123-4567 after 5pm", "+15551234567"),
        ("same", "same"),
        ("this number", "same"),
    ],
)
def test_phone(text: str, v: str) -> None:
    assert ok("contact_phone", text) == v


@pytest.mark.parametrize("text", ["555-1234", "1234567890123456", "0000000000", "my phone", "", "☎️"])
def test_phone_not_ok(text: str) -> None:
    not_ok("contact_phone", text)


@pytest.mark.parametrize(
    "text, v",
    [
        ("jane@example.com", "jane@example.com"),
        ("Jane.Doe+tms@Example.COM", "jane.doe+tms@example.com"),
        ("my email is jo@mail.co.uk.", "jo@mail.co.uk"),
    ],
)
def test_email(text: str, v: str) -> None:
    assert ok("contact_email", text) == v


@pytest.mark.parametrize(
    "text",
    ["jane@", "@example.com", "jane@example", "jane at example dot com", "a..b@x.com", "", "jane@@x.com"],
)
def test_email_not_ok(text: str) -> None:
    not_ok("contact_email", text)


# ------------------------------------------------------------ edge cases


@pytest.mark.parametrize("slot", [q.slot for q in QN.questions])
def test_empty_huge_and_emoji_input_never_crash(slot: str) -> None:
    for text in ("", "   ", "\n", "🙂🙂🙂", "\u200b", "y" * (MAX_INPUT_CHARS + 1), "yes " * 2000, "\x00"):
        p = parse_answer(QN.by_slot[slot], text)
        assert isinstance(p, Parsed)
        if text.strip() == "" or len(text) > MAX_INPUT_CHARS:
            assert not p.ok


def test_non_string_input_is_not_ok() -> None:
    assert not parse_answer(QN.by_slot["age"], None).ok  # type: ignore[arg-type]


def test_normalize() -> None:
    assert normalize("  I’m NOT sure!!! ") == "im not sure"
    assert normalize("Yesss 👍") == "yes yes"
    assert normalize("don't") == "dont"


# ---------------------------------------------- why / stop / restart / skip


@pytest.mark.parametrize(
    "text",
    [
        "why?",
        "Why",
        "why do you ask",
        "Why do you ask?",
        "why do you need that",
        "what's this for",
        "what is this for?",
        "why does that matter",
        "how come?",
        "why do I need to answer this",
    ],
)
def test_is_why_question(text: str) -> None:
    assert is_why_question(text)


@pytest.mark.parametrize(
    "text", ["why not", "why do I feel so bad", "yes", "", "I want to know more about TMS"]
)
def test_is_not_why_question(text: str) -> None:
    assert not is_why_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "stop",
        "STOP",
        "Stop.",
        "cancel",
        "quit",
        "i want to stop",
        "I'd like to stop",
        "end this",
        "please stop",
        "can we stop please",
        "I don't want to continue",
        "stop asking me questions",
        "exit",
        "unsubscribe",
    ],
)
def test_is_stop(text: str) -> None:
    assert is_stop(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't stop crying",
        "I want to stop feeling like this",
        "stop the meds?",
        "no",
        "when does it end",
        "",
        "the pain won't stop",
        "stop " * 50,
    ],
)
def test_is_not_stop(text: str) -> None:
    assert not is_stop(text)


@pytest.mark.parametrize(
    "text",
    ["start over", "Restart", "restart please", "can we start again", "let's start from the beginning"],
)
def test_is_restart(text: str) -> None:
    assert is_restart(text)


@pytest.mark.parametrize("text", ["I had to restart my meds", "start", "", "over"])
def test_is_not_restart(text: str) -> None:
    assert not is_restart(text)


def test_is_skip() -> None:
    assert is_skip("skip") and is_skip("Pass") and is_skip("prefer not to say")
    assert not is_skip("passed out once") and not is_skip("")
