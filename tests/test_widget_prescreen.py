"""What the widget shows with each pre-screen question (bot/web/prescreen.py through bot/build.py): progress,
Skip only where the questionnaire allows it, the PHQ-9 lead-in, a fitting placeholder; kept in the history."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from bot import build
from bot.db import engine_for, make_engine, session_scope
from bot.screening.questionnaire import Questionnaire, load_questionnaire
from bot.staff import replies
from bot.web.prescreen import LEAD_IN, question_data
from tests.staff_support import Tracker


@functools.cache
def _questionnaire() -> Questionnaire:
    return load_questionnaire()


@functools.cache
def _responses() -> dict[str, Any]:
    """The generated pre-screen domain's responses, built and parsed once (it is large)."""
    responses: dict[str, Any] = yaml.safe_load(build.prescreen_domain(_questionnaire()).split("\n", 1)[1])["responses"]
    return responses


def _widget(slot: str) -> dict[str, Any]:
    responses = _responses()
    [socketio] = [v for v in responses[f"utter_ask_prescreen_{slot}"] if v.get("channel") == "socketio"]
    web = next(v for v in responses[f"utter_ask_prescreen_{slot}"] if "channel" not in v)
    assert (socketio["text"], socketio.get("buttons")) == (web["text"], web.get("buttons"))  # same question
    assert "custom" not in web  # REST and SMS never get the widget's data
    data: dict[str, Any] = socketio["custom"]["data"]["prescreen"]
    return data


def test_each_question_is_numbered_out_of_what_a_person_answers() -> None:
    questions = _questionnaire().questions
    shown = [_widget(q.slot) for q in questions]
    assert {s["total"] for s in shown} == {len(questions) - 1}  # phone or e-mail, never both: 35
    assert [s["number"] for s in shown[:5]] == [1, 2, 3, 4, 5]
    assert _widget("contact_phone")["number"] == _widget("contact_email")["number"]
    assert shown[-1]["number"] == shown[-1]["total"]


def test_skip_only_on_optional_questions_and_never_on_a_safety_question() -> None:
    questionnaire = _questionnaire()
    skippable = [q.slot for q in questionnaire.questions if _widget(q.slot).get("skip")]
    assert skippable == [q.slot for q in questionnaire.questions if q.optional] == ["insurance_type"]
    assert not any(questionnaire.by_slot[slot].section == "safety" for slot in skippable)
    assert _widget("insurance_type")["skip"] == "skip"  # the word the pre-screen reads as skipping


def test_every_phq9_item_carries_the_lead_in_that_starts_its_text() -> None:
    for q in _questionnaire().questions:
        lead = _widget(q.slot).get("lead")
        if q.kind == "phq9":
            assert lead and lead.startswith(LEAD_IN) and q.prompt.startswith(lead), q.slot
        else:
            assert lead is None, q.slot


def test_the_placeholder_fits_the_question() -> None:
    assert _widget("age")["placeholder"] == "Your age, for example 42"
    assert _widget("medication_list")["placeholder"].startswith("Type the medicine names")
    assert _widget("contact_phone")["placeholder"] == "Your phone number"
    assert _widget("contact_email")["placeholder"] == "Your email address"
    assert all(data["placeholder"] != "Type your question" for data in question_data(_questionnaire()).values())


def test_the_history_keeps_a_question_s_data_so_a_reload_shows_it_again(tmp_path: Path) -> None:
    tracker = Tracker(tmp_path / "tracker.db")
    visitor = "c" * 32
    data = _widget("age")
    tracker.user(visitor, "yes", "m1", channel="socketio")
    tracker.bot(visitor, "How old are you?", data={"custom": {"data": {"prescreen": data}}})
    tracker.bot(visitor, "Thanks.", data={"custom": "not a mapping"})
    with session_scope(engine_for(f"sqlite:///{tmp_path}/app.db")) as session:
        shown = replies.history(make_engine(f"sqlite:///{tracker.path}"), session, visitor)
    assert [(s.text, s.prescreen) for s in shown[1:]] == [("How old are you?", data), ("Thanks.", None)]
    assert shown[1].json()["prescreen"]["number"] == 1
