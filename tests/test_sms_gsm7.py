"""GSM-7 by construction (bot.sms.gsm7): faithful replacements and segment counts as carriers bill them."""
from __future__ import annotations

import pytest

from bot.sms import gsm7


def test_typographic_characters_become_their_gsm7_equivalents() -> None:
    text = "It\u2019s \u201cfine\u201d \u2014 really\u2026 caf\u00e9, \u00e1rbol, se\u00f1or, \u00bfs\u00ed?\u00a0ok"
    assert gsm7.normalise(text) == "It's \"fine\" - really... caf\u00e9, arbol, se\u00f1or, \u00bfsi? ok"
    assert gsm7.is_gsm7(gsm7.normalise(text))


def test_characters_without_an_equivalent_stay_and_make_the_text_ucs2() -> None:
    assert gsm7.normalise("ok \U0001F600") == "ok \U0001F600" and not gsm7.is_gsm7("ok \U0001F600")


@pytest.mark.parametrize("text,segments", [
    ("", 0), ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3), ("a" * 459, 3),
    ("[" * 80, 1), ("[" * 81, 2), ("\u20ac" + "a" * 159, 2),  # extension characters take two septets
    ("\u00e1" * 70, 1), ("\u00e1" * 71, 2), ("\u00e1" * 134, 2), ("\u00e1" * 135, 3),  # UCS-2: 70, then 67 a part
    ("\U0001F600" * 35, 1), ("\U0001F600" * 36, 2),  # an emoji is two UCS-2 units
])
def test_segment_counts_follow_the_carrier_rules(text: str, segments: int) -> None:
    assert gsm7.segment_count(text) == segments
