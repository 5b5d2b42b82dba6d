"""Property-based fuzzing of the REST webhook (Hypothesis) against the running bot.

Random unicode, control characters, huge texts, nested and oddly typed JSON, and bytes that are not
JSON at all: never a 5xx, never a stack trace in a response, and the bot still answers afterwards.
"""
from __future__ import annotations

import json
import uuid
from typing import Any

import requests
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from tests.integration.conftest import Bot

FUZZ = settings(max_examples=60, deadline=None, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
TRACE_MARKERS = ("Traceback", 'File "/', "Exception:", "sqlalchemy", "psycopg2")

control_text = st.text(alphabet=st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Zl", "Zp", "So", "Lo", "Mn")), max_size=200)
any_text = st.one_of(st.text(max_size=300), control_text, st.integers(0, 60_000).map(lambda n: "ā" * n))
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), any_text)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                  st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                           max_leaves=12)
bodies = st.one_of(
    st.fixed_dictionaries({"sender": any_text, "message": json_values}),
    st.fixed_dictionaries({"sender": json_values, "message": any_text, "metadata": json_values}),
    st.fixed_dictionaries({"sender": st.just("fuzz"), "message": any_text}, optional={"metadata": json_values}),
    json_values,
)


def post(bot: Bot, data: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(bot.rest_url, data=data, headers={"Content-Type": content_type}, timeout=120)


def assert_handled(response: requests.Response) -> None:
    event(f"HTTP {response.status_code}")  # shown by --hypothesis-show-statistics
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert not any(marker in response.text for marker in TRACE_MARKERS), response.text[:300]


@FUZZ
@given(body=bodies)
@example(body={"sender": "fuzz", "message": "x" * 300_000})  # over the channel's cut-off
@example(body={"sender": "\x00", "message": "\x00\x01\x02\u202e\ufeff"})
@example(body={"sender": ["a"], "message": {"text": "hi"}})
@example(body={"sender": "fuzz", "message": "hi", "metadata": [1, 2]})
def test_json_bodies_never_fail_the_server(bot: Bot, body: Any) -> None:
    assert_handled(post(bot, json.dumps(body).encode("utf-8")))


@FUZZ
@given(raw=st.one_of(st.binary(max_size=2000), st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass"))),
       content_type=st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", ""]))
@example(raw=b'{"sender": "a", "message": "hi"', content_type="application/json")
@example(raw=b"\xff\xfe\x00", content_type="application/json")
@example(raw=b'[' * 5000 + b']' * 5000, content_type="application/json")
def test_raw_bytes_never_fail_the_server(bot: Bot, raw: bytes, content_type: str) -> None:
    assert_handled(post(bot, raw, content_type))


def test_the_bot_still_answers_after_fuzzing(bot: Bot) -> None:
    replies = bot.texts(f"after-fuzz-{uuid.uuid4().hex[:8]}", "does tms hurt")
    assert replies and "TMS" in replies[0]
    assert "988" in bot.texts(f"after-fuzz-{uuid.uuid4().hex[:8]}", "i want to kill myself")[0]
