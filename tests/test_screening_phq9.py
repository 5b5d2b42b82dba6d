"""PHQ-9 scoring: band edges (Kroenke et al. 2001) and input validation."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.screening.phq9 import BANDS, PHQ9_SLOTS, Phq9Result, band_for, coerce_item, item9_positive, score  # noqa: E402


def items_totalling(total: int) -> list:
    """Nine valid items (0..3) that add up to ``total``."""
    assert 0 <= total <= 27
    items = []
    remaining = total
    for _ in range(9):
        v = min(3, remaining)
        items.append(v)
        remaining -= v
    return items


@pytest.mark.parametrize(
    "total, band",
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_band_edges(total: int, band: str) -> None:
    assert score(items_totalling(total)) == Phq9Result(total=total, band=band)


def test_every_total_has_exactly_one_band() -> None:
    for total in range(28):
        assert sum(1 for lo, hi, _ in BANDS if lo <= total <= hi) == 1
        assert score(items_totalling(total)).total == total


def test_order_of_items_does_not_matter() -> None:
    assert score([3, 0, 0, 0, 0, 0, 0, 0, 2]) == score([0, 0, 0, 0, 2, 0, 0, 0, 3])


def test_rasa_style_floats_and_digit_strings_are_accepted() -> None:
    assert score([1.0] * 9) == Phq9Result(9, "mild")
    assert score(["2"] * 9).total == 18


@pytest.mark.parametrize("items", [[], [1] * 8, [1] * 10, [0] * 27])
def test_wrong_number_of_items(items: list) -> None:
    with pytest.raises(ValueError, match="exactly 9"):
        score(items)


@pytest.mark.parametrize(
    "bad",
    [4, -1, 1.5, True, False, None, "x", "3.0", [1], 99],
)
def test_invalid_item_values(bad: object) -> None:
    with pytest.raises(ValueError):
        score([0] * 8 + [bad])


@pytest.mark.parametrize("not_a_sequence", ["000000000", b"000000000", 9, None, {1, 2}])
def test_items_must_be_a_sequence(not_a_sequence: object) -> None:
    with pytest.raises(ValueError):
        score(not_a_sequence)  # type: ignore[arg-type]


def test_band_for_out_of_range() -> None:
    with pytest.raises(ValueError):
        band_for(28)
    with pytest.raises(ValueError):
        band_for(-1)


@pytest.mark.parametrize(
    "value, expected",
    [(0, False), (1, True), (2, True), (3, True), (0.0, False), (2.0, True), ("1", True), (None, False)],
)
def test_item9_positive(value: object, expected: bool) -> None:
    assert item9_positive(value) is expected


@pytest.mark.parametrize("bad", [4, -1, "yes", True, 0.5])
def test_item9_positive_rejects_unusable_values_instead_of_saying_no(bad: object) -> None:
    with pytest.raises(ValueError):
        item9_positive(bad)


def test_coerce_item_and_slots() -> None:
    assert coerce_item(3) == 3
    assert PHQ9_SLOTS == tuple(f"phq9_{i}" for i in range(1, 10))
