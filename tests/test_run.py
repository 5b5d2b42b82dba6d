"""What `make run` tells a newcomer once everything answers."""
from __future__ import annotations

import dataclasses

from bot.config import ROOT, load_settings
from bot.run import summary


def test_the_start_up_summary_names_every_url_the_logs_and_how_to_stop() -> None:
    config = dataclasses.replace(load_settings(), web_port=8181, rasa_port=5999)
    text = summary(config, ROOT / "var" / "log")
    assert "http://localhost:8181/" in text and "http://localhost:8181/staff" in text
    assert "http://localhost:5999" in text
    assert "var/log/" in text and "Ctrl-C" in text
    assert str(ROOT) not in text  # paths shown relative to the checkout
