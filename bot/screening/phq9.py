"""PHQ-9 scoring (Kroenke, Spitzer & Williams 2001, J Gen Intern Med 16:606-613).

Nine items, each 0 (not at all) .. 3 (nearly every day); total 0..27.
Severity bands: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately
severe, 20-27 severe. A score describes symptom burden for staff review; it is
not a diagnosis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, Tuple

__all__ = [
    "BANDS",
    "ITEM9_SLOT",
    "PHQ9_SLOTS",
    "Phq9Result",
    "band_for",
    "coerce_item",
    "item9_positive",
    "score",
]

PHQ9_SLOTS: Tuple[str, ...] = tuple(f"phq9_{i}" for i in range(1, 10))
#: "Thoughts that you would be better off dead or of hurting yourself".
ITEM9_SLOT = "phq9_9"

#: (lowest total, highest total, band) per Kroenke 2001.
BANDS: Tuple[Tuple[int, int, str], ...] = (
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately_severe"),
    (20, 27, "severe"),
)


@dataclass(frozen=True)
class Phq9Result:
    total: int
    band: str


def coerce_item(value: object) -> int:
    """Return one item answer as an int 0..3 or raise ``ValueError``.

    Accepts ints and integral floats (Rasa keeps numeric slots as floats) and
    digit strings; rejects booleans, fractions and anything out of range.
    """
    if isinstance(value, bool):
        raise ValueError(f"PHQ-9 item must be 0..3, got boolean {value!r}")
    if isinstance(value, int):
        n = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"PHQ-9 item must be a whole number 0..3, got {value!r}")
        n = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        n = int(value.strip())
    else:
        raise ValueError(f"PHQ-9 item must be 0..3, got {value!r}")
    if not 0 <= n <= 3:
        raise ValueError(f"PHQ-9 item must be 0..3, got {n}")
    return n


def band_for(total: int) -> str:
    for low, high, band in BANDS:
        if low <= total <= high:
            return band
    raise ValueError(f"PHQ-9 total must be 0..27, got {total!r}")


def score(items: Sequence[object]) -> Phq9Result:
    """Total and severity band for exactly nine item answers (each 0..3)."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise ValueError("PHQ-9 items must be a sequence of 9 numbers")
    if len(items) != 9:
        raise ValueError(f"PHQ-9 needs exactly 9 items, got {len(items)}")
    values = [coerce_item(v) for v in items]
    total = sum(values)
    return Phq9Result(total=total, band=band_for(total))


def item9_positive(value: object) -> bool:
    """True if PHQ-9 item 9 (thoughts of death or self-harm) is above 0.

    ``None`` (not answered yet) is False. Any other unusable value raises
    ``ValueError`` rather than being silently read as "no".
    """
    if value is None:
        return False
    return coerce_item(value) > 0
