"""Each content entry's e2e phrasing selects its own entry on the running stack (Rasa's own checks, which need
no servers, are in tests/rasa/)."""
from __future__ import annotations

import yaml

from tests.integration.conftest import Bot
from tests.rasa.test_rasa_project import E2E


def test_every_content_entry_is_reached_by_its_e2e_phrasing(bot: Bot) -> None:
    """`rasa test core` checks actions; this checks that each e2e phrasing selects its own entry."""
    stories = yaml.safe_load((E2E / "test_faq.yml").read_text(encoding="utf-8"))["stories"]
    expected = [(s["steps"][0]["user"].strip(), s["steps"][0]["intent"]) for s in stories if s["steps"][0]["intent"].startswith("faq/")]
    wrong = []
    for text, intent in expected:
        parse = bot.parse(text)
        intent_name = parse["intent"]["name"]
        got = parse["response_selector"]["faq"]["response"]["intent_response_key"] if intent_name == "faq" else intent_name
        if got != intent:
            wrong.append((text, intent, got))
    assert len(wrong) <= len(expected) // 10, wrong
