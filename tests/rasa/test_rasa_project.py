"""Rasa's own checks, with the trained model but no servers: training data and domain validate, and the e2e
test stories pass. `make test` runs them beside the model-free tests once the model is trained; the e2e
stories first: loading the model fits the crisis classifier, which the model-free tier's detector tests, run
last, then find in models/."""
from __future__ import annotations

import subprocess
from pathlib import Path

from bot.run import BIN, MODEL, ROOT
from bot.training import TRAINING_DATA

E2E = ROOT / "tests" / "e2e"


def rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "rasa"), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_e2e_test_stories_pass(tmp_path: Path) -> None:
    result = rasa("test", "core", "--model", str(MODEL), "--stories", str(E2E), "--out", str(tmp_path),
                  "--fail-on-prediction-errors")
    failed = tmp_path / "failed_test_stories.yml"
    assert result.returncode == 0, failed.read_text() if failed.exists() else result.stderr[-3000:]


def test_rasa_data_validate() -> None:
    result = rasa("data", "validate", "--domain", "domain", "--data", *TRAINING_DATA)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
