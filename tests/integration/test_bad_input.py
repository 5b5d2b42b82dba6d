"""Bad input never produces a 5xx or a crash, and the next message is answered normally."""
from __future__ import annotations

import uuid

import pytest
import requests

from tests.integration.conftest import Bot

MESSAGES = ["", "   ", "x" * 100_000, "😀🙏🔥", "\x00\x01\x02\x1b[31m", "Ω≈ç√ but also 漢字 y español", "<script>alert(1)</script>"]


@pytest.mark.parametrize("message", MESSAGES, ids=["empty", "blank", "100KB", "emoji", "control", "mixed", "html"])
def test_odd_messages_get_an_answer_and_the_next_one_works(bot: Bot, message: str) -> None:
    person = f"odd-{uuid.uuid4().hex[:8]}"
    response = requests.post(bot.rest_url, json={"sender": person, "message": message}, timeout=60)
    assert response.status_code < 500
    assert "FDA" in bot.texts(person, "is tms fda approved")[0]


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe\x00binary", b'{"sender": 5}', b"[]"])
def test_malformed_requests_are_rejected_without_a_server_error(bot: Bot, body: bytes) -> None:
    response = requests.post(bot.rest_url, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code < 500
    assert "FDA" in bot.texts(f"odd-{uuid.uuid4().hex[:8]}", "is tms fda approved")[0]
