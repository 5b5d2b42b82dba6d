"""The pre-screen by text (bot/sms/prescreen.py, rendered by bot/build.py): progress on every question,
the safety questions as one checklist with a read-back and a way to change it, the verbatim PHQ-9 items
with the stem, numbered choices that parse back, and the count left on resume."""
from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from bot import build
from bot.screening.dialogue import record, take_turn
from bot.screening.questionnaire import NOT_SURE, Questionnaire, load_questionnaire
from bot.sms import gsm7
from bot.sms.prescreen import checklist_of, checklists, positions, remaining, sms_positions, sms_prompts


@functools.cache
def _questionnaire() -> Questionnaire:  # loaded and rendered once per session: the file does not change while tests run
    return load_questionnaire()


@functools.cache
def _responses() -> dict[str, Any]:
    return yaml.safe_load(build.prescreen_domain(_questionnaire()).split("\n", 1)[1])["responses"]


def _sms(slot: str) -> str:
    return next(v for v in _responses()[f"utter_ask_prescreen_{slot}"] if v.get("channel") == "twilio")["text"]


def test_every_text_shows_its_number_out_of_the_texts_a_person_answers() -> None:
    questionnaire = _questionnaire()
    prompts = sms_prompts(questionnaire)
    assert max(positions(questionnaire).values()) == len(questionnaire.questions) - 1  # the web: phone or email
    groups = checklists(questionnaire)
    # a checklist is one text; the name and the phone number (or e-mail) one more
    total = len(questionnaire.questions) - 1 - sum(len(c.questions) - 1 for c in groups) - 1
    assert total == 18 and max(sms_positions(questionnaire).values()) == total
    seen = [int(m.group(1)) for q in questionnaire.questions if (m := re.match(rf"Q(\d+)/{total} ", prompts[q.slot]))]
    assert len(seen) == len(questionnaire.questions) and seen[0] == 1 and seen[-1] == total
    members = {slot for c in groups for slot in c.slots()[1:]} | {"contact_phone", "contact_email"}  # asked with another
    asked = [n for q, n in zip(questionnaire.questions, seen, strict=True) if q.slot not in members]
    assert asked == sorted(asked) and sorted(set(seen)) == list(range(1, total + 1))  # in order, none skipped
    assert prompts["contact_name"].split()[0] == prompts["contact_phone"].split()[0] == prompts["contact_email"].split()[0]
    assert [{prompts[slot][:5] for slot in c.slots()} for c in groups] == [{"Q2/18"}, {"Q4/18"}]


def test_phq9_items_carry_the_stem_and_the_verbatim_item() -> None:
    for q in _questionnaire().questions:
        if q.kind == "phq9":
            stem, item = (" ".join(part.split()) for part in q.prompt.split("\n", 1))
            assert item in _sms(q.slot) and "Over the last 2 weeks" in _sms(q.slot), q.slot
            assert re.search(r"[.?!] Reply 1", _sms(q.slot)), q.slot  # the item ends before the answers start
    assert _sms("phq9_1").startswith("Q9/18 Over the last 2 weeks, how often have you been bothered by (1 of 9): ")
    assert "1 Not at all, 2 Several days, 3 More than half the days, 4 Nearly every day." in _sms("phq9_1")
    assert len(_sms("phq9_2")) < len(_sms("phq9_1"))  # shorter after the first


# The yes/no safety questions by text: one numbered checklist, read back, with a way to change it.
SAFETY = {"age": 42, "depression_diagnosis": True, "antidepressants_tried": 3, "psychotherapy_tried": True}


def _safety():
    return checklist_of(_questionnaire(), "metal_in_head")


def test_the_yes_no_safety_questions_are_one_numbered_checklist_in_four_segments() -> None:
    questionnaire = _questionnaire()
    group = _safety()
    expected = [q.slot for q in questionnaire.questions if q.section == "safety" and q.kind == "yes_no"]
    assert list(group.slots()) == expected and len(expected) == 16
    text = _sms(group.head)
    for number, label in enumerate(group.labels, start=1):
        assert f"\n{number} {label}\n" in text
    assert "e.g. 2 5, or 0 for none" in text and gsm7.segment_count(gsm7.normalise(text)) <= 4


def _checklist(text: str, answers: dict[str, object] | None = None, notes: dict[str, object] | None = None):
    return take_turn(_questionnaire(), answers or SAFETY, "metal_in_head", text, notes, PHONE)


def test_a_checklist_reply_answers_every_safety_question_with_the_web_values() -> None:
    turn = _checklist("2 5? and 16")
    assert turn.understood
    group = _safety()
    assert {slot: turn.answers[slot] for slot in group.slots()} == {
        slot: True if n in (2, 16) else NOT_SURE if n == 5 else False for n, slot in enumerate(group.slots(), start=1)}
    assert turn.messages == ["Got it: yes to 2 implant, 16 seizure-risk medicine; not sure: 5 fainting; no to the rest. "
                             "Reply 0 to change."]
    stored = record(turn.answers, turn.notes)
    assert stored["implanted_device"] is True and stored["implanted_device (their words)"] == "2 5? and 16 (checklist item 2)"
    assert getattr(_questionnaire().next_question(turn.answers), 'slot', None) == "medication_list"
    for none in ("0", "none", "No."):
        turn = _checklist(none)
        assert all(turn.answers[slot] is False for slot in group.slots())
        assert turn.messages == ["Got it: none of these. Reply 0 to change."]


def test_a_checklist_reply_that_is_not_numbers_is_asked_again() -> None:
    for text in ("yes", "17", "i have a pacemaker", "1-3"):
        turn = _checklist(text)
        assert not turn.understood and turn.answers == SAFETY, text
        assert turn.messages == ["Sorry, I didn't catch that. Reply numbers, e.g. 2 5, or 0 for none. Unsure? Add ?, e.g. 7?"]
    assert "magnetic" in _checklist("why do you ask?").messages[0]


def test_zero_after_a_read_back_asks_the_checklist_again_and_only_then() -> None:
    answered = _checklist("2")
    change = take_turn(_questionnaire(), answered.answers, "medication_list", "0", answered.notes, PHONE)
    assert change.messages == ["OK, let's do that one again."]
    assert getattr(_questionnaire().next_question(change.answers), 'slot', None) == "metal_in_head"
    stored = record(change.answers, change.notes)
    assert stored["implanted_device"] is None and "implanted_device (their words)" not in stored
    listed = take_turn(_questionnaire(), answered.answers, "medication_list", "sertraline", answered.notes, PHONE)
    later = take_turn(_questionnaire(), listed.answers, "insurance_type", "0", listed.notes, PHONE)
    assert later.answers["implanted_device"] is True and not later.understood  # the offer held for one reply only


def test_a_safety_question_asked_on_its_own_is_read_back_too() -> None:
    answers = {**_checklist("0").answers, "implanted_device": None}
    assert _sms("implanted_device").startswith("Q4/18 Any implanted device")
    turn = take_turn(_questionnaire(), answers, "implanted_device", "1", {}, PHONE)
    assert turn.answers["implanted_device"] is True and turn.messages == ["Got it: Yes to implant. Reply 0 to change."]
    again = take_turn(_questionnaire(), turn.answers, "medication_list", "0", turn.notes, PHONE)
    assert again.answers["implanted_device"] is None and again.answers["metal_in_head"] is False


def test_diagnosis_and_talk_therapy_are_one_text_read_back_without_a_change_offer() -> None:
    assert _sms("depression_diagnosis").startswith("Q2/18 Which are true?\n1 A doctor or therapist diagnosed my depression\n")
    assert gsm7.segment_count(gsm7.normalise(_sms("depression_diagnosis"))) == 1
    turn = take_turn(_questionnaire(), {"age": 42}, "depression_diagnosis", "1? 2", None, PHONE)
    assert (turn.answers["depression_diagnosis"], turn.answers["psychotherapy_tried"]) == (NOT_SURE, True)
    assert turn.messages == ["Got it: yes to 2 talk therapy; not sure: 1 diagnosis."]
    assert getattr(_questionnaire().next_question(turn.answers), 'slot', None) == "antidepressants_tried"
    count = take_turn(_questionnaire(), turn.answers, "antidepressants_tried", "0", turn.notes, PHONE)
    assert count.answers["antidepressants_tried"] == 0  # 0 is the count here, not "change"
    refused = take_turn(_questionnaire(), {"age": 42}, "depression_diagnosis", "2?", None, PHONE)
    assert not refused.understood  # talk therapy has no "Not sure" answer on the web either


def test_the_web_form_still_asks_each_safety_question_on_its_own() -> None:
    turn = take_turn(_questionnaire(), SAFETY, "metal_in_head", "2", None, None)
    assert turn.answers["metal_in_head"] is False and turn.answers.get("implanted_device") is None
    assert turn.messages == []


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
    assert remaining(questionnaire, {}) == 35 and remaining(questionnaire, {}, sms=True) == 18
    five = {q.slot: v for q, v in zip(questionnaire.questions[:5], (42, True, 3, True, False), strict=True)}
    assert remaining(questionnaire, five) == 30
    assert remaining(questionnaire, _checklist("0").answers, sms=True) == 14  # Q5/18 next


# Issue 17 findings 4 and 5: one numbering by text (1..n everywhere, the PHQ-9 score mapped back), SMS re-asks.
PHONE = "+15550001234"


def _turn(slot: str, text: str, phone: str | None = PHONE):
    return take_turn(_questionnaire(), {"contact_method": "call"}, slot, text, None, phone)


def test_every_list_by_text_counts_from_one_and_parses_back() -> None:
    for q in _questionnaire().questions:
        if q.buttons and q.kind != "count" and q.slot not in {c.head for c in checklists(_questionnaire())}:
            numbers = [n for n, _ in q.sms_options()]
            assert numbers == [str(i) for i in range(1, len(q.buttons) + 1)], q.slot
            for number, button in q.sms_options():
                if q.kind != "phq9" or q.slot == "phq9_1":  # later PHQ-9 items may show the scale in short
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
    assert _turn("phq9_2", "0").messages == [
        "Sorry, I didn't catch that. Reply 1 Not at all, 2 Several days, 3 More than half the days, 4 Nearly every day."]
    assert "tap a button" not in " ".join(_turn("phq9_2", "0").messages)
    assert "tap a button" in " ".join(_turn("phq9_2", "7", phone=None).messages)  # the web keeps its hint


def test_the_name_and_the_number_or_email_come_in_one_text() -> None:
    turn = _turn("contact_name", "Sam Rivera, 555-201-7788")
    assert (turn.answers["contact_name"], turn.answers["contact_phone"]) == ("Sam Rivera", "+15552017788")
    same = _turn("contact_name", "Sam SAME")
    assert same.answers["contact_phone"] == PHONE and same.messages == ["Got it: this number, ending in 1234."]
    email = take_turn(_questionnaire(), {"contact_method": "email"}, "contact_name", "Sam sam@mail.com", None, PHONE)
    assert (email.answers["contact_name"], email.answers["contact_email"]) == ("Sam", "sam@mail.com")
    alone = _turn("contact_name", "Sam")  # no number: the phone question follows, under the same number
    assert alone.answers["contact_name"] == "Sam" and alone.answers.get("contact_phone") is None
    assert _sms("contact_phone").startswith("Q8/18 Best phone number?") and _sms("contact_name").startswith("Q8/18 ")
    web = take_turn(_questionnaire(), {"contact_method": "call"}, "contact_name", "Sam 555-201-7788", None, None)
    assert web.answers["contact_name"] == "Sam 555-201-7788" and web.answers.get("contact_phone") is None


def test_this_number_is_read_back_masked() -> None:
    turn = _turn("contact_phone", "this number")
    assert turn.answers["contact_phone"] == "+15550001234"
    assert turn.messages == ["Got it: this number, ending in 1234."]
