"""The pre-screen by text (bot/sms/prescreen.py, rendered by bot/build.py): progress on every question,
the verbatim PHQ-9 item with its stem, numbered choices that parse back, and the count left on resume."""
from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from bot import build
from bot.screening.dialogue import take_turn
from bot.screening.questionnaire import Questionnaire, load_questionnaire
from bot.sms.prescreen import positions, remaining, sms_prompts


@functools.cache
def _questionnaire() -> Questionnaire:  # loaded and rendered once per session: the file does not change while tests run
    return load_questionnaire()


@functools.cache
def _responses() -> dict[str, Any]:
    return yaml.safe_load(build.prescreen_domain(_questionnaire()).split("\n", 1)[1])["responses"]


def _sms(slot: str) -> str:
    return next(v for v in _responses()[f"utter_ask_prescreen_{slot}"] if v.get("channel") == "twilio")["text"]


def test_every_question_shows_its_number_out_of_the_questions_a_person_answers() -> None:
    questionnaire = _questionnaire()
    prompts = sms_prompts(questionnaire)
    total = len(questionnaire.questions) - 1  # phone or email, never both
    assert max(positions(questionnaire).values()) == total
    seen = [int(m.group(1)) for q in questionnaire.questions if (m := re.match(rf"Q(\d+)/{total} ", prompts[q.slot]))]
    assert len(seen) == len(questionnaire.questions) and seen == sorted(seen) and seen[0] == 1 and seen[-1] == total
    assert prompts["contact_phone"][:6] == prompts["contact_email"][:6]


def test_phq9_items_carry_the_stem_and_the_verbatim_item() -> None:
    for q in _questionnaire().questions:
        if q.kind == "phq9":
            assert " ".join(q.prompt.split()) in _sms(q.slot), q.slot
            assert "Over the last 2 weeks, how often have you been bothered by" in _sms(q.slot)


def test_a_count_is_typed_as_itself() -> None:
    assert _sms("antidepressants_tried").endswith("Reply a number (0 if none).")
    assert _turn("antidepressants_tried", "1").answers["antidepressants_tried"] == 1


def test_the_consent_by_text_is_short_and_says_what_matters() -> None:
    [sms] = [v for v in _responses()["utter_prescreen_consent"] if v.get("channel") == "twilio"]
    for words in ("not a diagnosis", "365 days", "delete my answers", "stop screening", "988"):
        assert words in sms["text"], words
    assert [b["payload"] for b in sms["buttons"]] == ["/affirm", "/deny"]  # "1" or YES starts it


def test_remaining_counts_what_the_person_will_still_be_asked() -> None:
    questionnaire = _questionnaire()
    assert remaining(questionnaire, {}) == 35
    five = {q.slot: v for q, v in zip(questionnaire.questions[:5], (42, True, 3, True, False), strict=True)}
    assert remaining(questionnaire, five) == 30


# Issue 17 findings 4 and 5: one numbering by text (1..n everywhere, the PHQ-9 score mapped back), SMS re-asks.
PHONE = "+15550001234"


def _turn(slot: str, text: str, phone: str | None = PHONE):
    return take_turn(_questionnaire(), {"contact_method": "call"}, slot, text, None, phone)


def test_every_list_by_text_counts_from_one_and_parses_back() -> None:
    for q in _questionnaire().questions:
        if q.buttons and q.kind != "count":
            numbers = [n for n, _ in q.sms_options()]
            assert numbers == [str(i) for i in range(1, len(q.buttons) + 1)], q.slot
            for number, button in q.sms_options():
                assert f"{number} {button.title}" in _sms(q.slot), q.slot
                turn = _turn(q.slot, number)
                assert turn.understood and turn.answers[q.slot] == button.value, (q.slot, number)


def test_a_phq9_digit_by_text_is_the_answers_position_on_the_web_its_score() -> None:
    assert _turn("phq9_1", "1").answers["phq9_1"] == 0  # "1 Not at all" by text
    assert _turn("phq9_1", "4").answers["phq9_1"] == 3
    assert _turn("phq9_1", "1", phone=None).answers["phq9_1"] == 1  # the web form's own 0-3
    assert _turn("phq9_9", "2").item9_positive and not _turn("phq9_9", "1").item9_positive


def test_sms_re_asks_name_the_numbers_to_reply() -> None:
    assert _turn("seizure_history", "5").messages == ["Sorry, I didn't catch that. Reply 1, 2 or 3."]
    assert _turn("phq9_2", "0").messages == ["Sorry, I didn't catch that. Reply 1, 2, 3 or 4."]
    assert "tap a button" not in " ".join(_turn("phq9_2", "0").messages)
    assert "tap a button" in " ".join(_turn("phq9_2", "7", phone=None).messages)  # the web keeps its hint


def test_this_number_is_read_back_masked() -> None:
    turn = _turn("contact_phone", "this number")
    assert turn.answers["contact_phone"] == "+15550001234"
    assert turn.messages == ["Got it: this number, ending in 1234."]
