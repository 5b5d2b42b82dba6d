"""The blind SMS opt-out set (tests/data/sms_optout.yml) against the channel's consent decision, crisis
check included: `python -m tests.test_sms_optout` prints the table recorded in tests/data/README.md."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from bot.sms.consent import Decision, decide, load_rules
from channels.twilio import is_crisis

pytestmark = pytest.mark.detector  # the SMS channel reads every message with the crisis detector

BLIND = Path(__file__).parent / "data" / "sms_optout.yml"
OUTCOMES = ("opts out", "asks to confirm", "nothing", "opts in")
# Category -> (outcome that is right, at least this many of the set). First contact: 10/88, 0/35, 75/75, 3/28.
EXPECTED = {"opt_out": ("opts out", 86), "opt_out_unclear": ("asks to confirm", 33),
            "not_opt_out": ("nothing", 75), "opt_in": ("opts in", 26)}


def outcome(decision: Decision) -> str:
    if decision.opted_out is not None:
        return "opts out" if decision.opted_out else "opts in"
    return "asks to confirm" if decision.reply == "hint" else "nothing"


@lru_cache(maxsize=1)
def results() -> dict[str, tuple[Counter[str], int, list[str]]]:
    """Per category: outcome counts, how many were read as a crisis first, and the misses."""
    table = {}
    for category, texts in yaml.safe_load(BLIND.read_text(encoding="utf-8")).items():
        counts: Counter[str] = Counter()
        crises, misses = 0, []
        for text in texts:
            decision = decide(text, category == "opt_in", is_crisis)  # opt-ins are texted while opted out
            counts[outcome(decision)] += 1
            crises += decision.crisis
            if outcome(decision) != EXPECTED[category][0]:
                misses.append(text)
        table[category] = (counts, crises, misses)
    return table


@pytest.mark.parametrize("category", list(EXPECTED))
def test_blind_opt_out_set(category: str) -> None:
    counts, _, misses = results()[category]
    right, minimum = EXPECTED[category]
    assert counts[right] >= minimum, misses
    if category != "opt_out":
        assert counts["opts out"] == 0, misses  # never a false opt-out


def test_the_rules_file_is_reviewed() -> None:
    load_rules()  # raises when the review is overdue or reviewed_by/sources are missing


def main() -> None:
    print(f"{'category':16} {'items':>5} " + " ".join(f"{o:>15}" for o in OUTCOMES) + f" {'crisis first':>13}")
    for category, (counts, crises, _) in results().items():
        total = sum(counts.values())
        print(f"{category:16} {total:>5} " + " ".join(f"{counts[o]:>15}" for o in OUTCOMES) + f" {crises:>13}")


if __name__ == "__main__":
    main()
