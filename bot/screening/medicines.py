"""Medicine names in free text (data/screening/medicines.yml): seizure-threshold flags and antidepressant counts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Tuple

from bot.review import load_reviewed

DEFAULT_MEDICINES_PATH: Path = Path(__file__).resolve().parents[2] / "data" / "screening" / "medicines.yml"


@dataclass(frozen=True)
class Medicines:
    #: normalised name (generic or brand) -> lowercase generic name, for each list
    seizure_threshold: Mapping[str, str]
    antidepressants: Mapping[str, str]


def _names(raw: object, where: str) -> Dict[str, str]:
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError(f"medicines.yml: {where} must map generic names to lists of other names")
    names: Dict[str, str] = {}
    for generic, others in raw.items():
        if not isinstance(others, list):
            raise ValueError(f"medicines.yml: {where}.{generic} must be a list")
        for name in [generic, *others]:
            names[" ".join(str(name).casefold().split())] = str(generic).casefold()
    return names


@lru_cache(maxsize=1)
def load_medicines(path: Path = DEFAULT_MEDICINES_PATH) -> Medicines:
    data = load_reviewed(path, enforce_review=False)  # read while answering: an overdue review fails CI only
    return Medicines(_names(data.get("seizure_threshold"), "seizure_threshold"),
                     _names(data.get("antidepressants"), "antidepressants"))


def _found(norm: str, names: Mapping[str, str]) -> List[Tuple[int, str]]:
    hits: List[Tuple[int, str]] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(r"(?<!\S)" + re.escape(name) + r"(?!\S)", norm):
            hits.append((m.start(), names[name]))
        norm = re.sub(r"(?<!\S)" + re.escape(name) + r"(?!\S)", lambda m: "#" * len(m.group(0)), norm)
    return sorted(hits)


def seizure_threshold_flags(norm: str) -> Tuple[str, ...]:
    """Generic names of seizure-threshold medicines named in a normalised reply, in order, once each."""
    return tuple(dict.fromkeys(g for _, g in _found(norm, load_medicines().seizure_threshold)))


def antidepressants_named(norm: str) -> Tuple[str, ...]:
    """Distinct antidepressants named in a normalised reply ("zoloft, then paxil, then zoloft" -> 2 names)."""
    return tuple(dict.fromkeys(g for _, g in _found(norm, load_medicines().antidepressants)))
