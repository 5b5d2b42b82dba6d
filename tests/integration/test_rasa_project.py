"""Rasa's own checks: training data and domain validate, and the e2e test stories pass on the trained model."""
from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from bot.run import BIN, MODEL, ROOT
from bot.training import TRAINING_DATA
from tests.integration.conftest import Bot

E2E = ROOT / "tests" / "e2e"


def rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "rasa"), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_rasa_data_validate() -> None:
    result = rasa("data", "validate", "--domain", "domain", "--data", *TRAINING_DATA)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_e2e_test_stories_pass(tmp_path: Path) -> None:
    result = rasa("test", "core", "--model", str(MODEL), "--stories", str(E2E), "--out", str(tmp_path),
                  "--fail-on-prediction-errors")
    failed = tmp_path / "failed_test_stories.yml"
    assert result.returncode == 0, failed.read_text() if failed.exists() else result.stderr[-3000:]


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
