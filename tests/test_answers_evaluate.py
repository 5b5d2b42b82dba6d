"""The real-question evaluator: replies classified against rendered responses, and the scoring rules."""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.answers.evaluate import Question, Verdict, classify, entry_ids, response_patterns, score


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "faq.yml").write_text(yaml.safe_dump({"responses": {
        "utter_faq/cost": [{"text": "A course costs money. Call {clinic_phone}."}],
        "utter_faq/what_is_tms": [{"text": "TMS is a treatment."}, {"channel": "twilio", "text": "TMS: short."}],
    }}))
    (tmp_path / "domain" / "base.yml").write_text(yaml.safe_dump({"responses": {
        "utter_medical_advice": [{"text": "I can't give advice. Ask your prescriber or call {clinic_phone}."}],
        "utter_out_of_scope": [{"text": "That's outside what I can help with."}],
        "utter_cannot_answer": [{"text": "I don't have reviewed information about that."}],
        "utter_staff_contact": [{"text": "I've asked our staff to get back to you."}],
    }}))
    return tmp_path


def test_replies_are_classified_by_the_response_they_render(tmp_path: Path) -> None:
    patterns = response_patterns(_tree(tmp_path))
    assert classify([{"text": "A course costs money. Call (555) 010-0199."}], patterns) == Verdict("entry", "cost")
    assert classify([{"text": "TMS: short."}], patterns) == Verdict("entry", "what_is_tms")
    advice = classify([{"text": "I can't give advice. Ask your prescriber or call (555) 010-0199."}], patterns)
    assert advice.kind == "decline" and advice.routed
    assert not classify([{"text": "That's outside what I can help with."}], patterns).routed
    assert classify([{"text": "I don't have reviewed information about that."}], patterns).kind == "no_info"
    assert classify([{"text": "something new"}], patterns).kind == "other"
    assert entry_ids(tmp_path) == {"cost", "what_is_tms"}


def test_scoring(tmp_path: Path) -> None:
    questions = [Question("a", "cost"), Question("b", "cost"), Question("c", "pregnancy"), Question("d", "no_content"),
                 Question("e", "decline"), Question("f", "decline"), Question("g", "contact_clinic")]
    verdicts = [Verdict("entry", "cost"), Verdict("entry", "what_is_tms"), Verdict("no_info", "utter_cannot_answer"),
                Verdict("entry", "cost"), Verdict("decline", "utter_medical_advice", routed=True),
                Verdict("decline", "utter_out_of_scope", routed=False), Verdict("other", "utter_staff_contact")]
    figures = score(questions, verdicts, {"cost", "contact_clinic"})
    assert (figures.right, figures.legitimate, figures.wrong_entry) == (3, 5, 2)
    assert (figures.declined, figures.advice) == (1, 2)


def test_a_crisis_reply_counts_as_a_decline_only_for_a_message_marked_as_a_crisis() -> None:
    questions = [Question("a", "decline", crisis=True), Question("b", "decline"), Question("c", "cost", crisis=True)]
    verdicts = [Verdict("other", "utter_crisis"), Verdict("other", "utter_crisis"), Verdict("other", "utter_crisis")]
    figures = score(questions, verdicts, {"cost"})
    assert (figures.declined, figures.advice, figures.crisis_declines) == (1, 2, 1)
    assert figures.right == 0
    assert "1 of them crisis replies" in figures.summary()
