"""NLU quality on paraphrases never trained on (tests/data/faq_heldout.yml), through the running model."""
from __future__ import annotations

from pathlib import Path

import yaml

from tests.integration.conftest import Bot

HELDOUT = yaml.safe_load((Path(__file__).parents[1] / "data" / "faq_heldout.yml").read_text(encoding="utf-8"))
DECLINING_INTENTS = {"medical_advice", "out_of_scope", "nlu_fallback"}


def answered_entry(parse: dict) -> str | None:
    if parse["intent"]["name"] == "human_handoff":
        # "can I speak with a staff member": the clinic's contact and a staff request (issue 12), which is
        # more than the contact entry gives.
        return "contact_clinic"
    if parse["intent"]["name"] != "faq":
        return None
    key = parse["response_selector"]["faq"]["response"]["intent_response_key"]
    return key.split("/", 1)[1]


def test_heldout_questions_reach_the_right_entry(bot: Bot) -> None:
    misses = [(item["text"], item["expected"], answered_entry(bot.parse(item["text"]))) for item in HELDOUT["faq"]]
    misses = [m for m in misses if m[1] != m[2]]
    accuracy = 1 - len(misses) / len(HELDOUT["faq"])
    print(f"held-out top-1 entry accuracy: {accuracy:.1%} ({len(HELDOUT['faq'])} questions); misses: {misses}")
    assert accuracy >= 0.90, misses


def test_heldout_medical_advice_and_off_topic_are_declined(bot: Bot) -> None:
    wrong = [(i["text"], bot.parse(i["text"])["intent"]["name"]) for i in HELDOUT["decline"]]
    wrong = [w for w in wrong if w[1] not in DECLINING_INTENTS]
    rate = 1 - len(wrong) / len(HELDOUT["decline"])
    print(f"held-out decline rate: {rate:.1%} ({len(HELDOUT['decline'])} messages); answered instead: {wrong}")
    assert rate >= 0.85, wrong
