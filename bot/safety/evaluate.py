"""Per-category recall and false alarms of the crisis detector on the evaluation sets (`make safety-eval`).

A positive counts when the detector escalates it (the check-in tier included: it records an escalation
and shows 988); a third_party positive also needs the helper reply. Any escalation of a negative is a
false alarm.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.config import ROOT
from bot.safety.detector import CrisisDetector, default_detector

EVAL_DIR = ROOT / "tests" / "data"


@dataclass
class Result:
    name: str
    recall: dict[str, tuple[int, int]] = field(default_factory=dict)
    alarms: dict[str, tuple[int, int]] = field(default_factory=dict)
    mistakes: list[str] = field(default_factory=list)

    @property
    def recall_rate(self) -> float:
        return sum(h for h, _ in self.recall.values()) / max(sum(t for _, t in self.recall.values()), 1)

    @property
    def false_alarm_rate(self) -> float:
        return sum(f for f, _ in self.alarms.values()) / max(sum(t for _, t in self.alarms.values()), 1)

    def report(self) -> str:
        lines = [f"{self.name} recall {c:16s} {h}/{t} = {h / t:.1%}" for c, (h, t) in self.recall.items()]
        lines += [f"{self.name} false alarms {c:16s} {f}/{t} = {f / t:.1%}" for c, (f, t) in self.alarms.items()]
        hits, total = sum(h for h, _ in self.recall.values()), sum(t for _, t in self.recall.values())
        fired, negatives = sum(f for f, _ in self.alarms.values()), sum(t for _, t in self.alarms.values())
        lines.append(f"{self.name}: recall {hits}/{total} = {hits / total:.1%}, false alarms {fired}/{negatives} = {fired / negatives:.1%}")
        return "\n".join(lines)


def evaluate(detector: CrisisDetector, path: Path) -> Result:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = Result(path.name)
    for category, items in data["positives"].items():
        hits = 0
        for item in items:
            detection = detector.detect(item["text"])
            ok = detection.is_crisis and (category != "third_party" or detection.audience == "other")
            hits += ok
            if not ok:
                result.mistakes.append(f"missed [{category}] {item['text']}")
        result.recall[category] = (hits, len(items))
    for category, items in data["negatives"].items():
        fired = [item["text"] for item in items if detector.detect(item["text"]).is_crisis]
        result.mistakes += [f"false alarm [{category}] {text}" for text in fired]
        result.alarms[category] = (len(fired), len(items))
    return result


def main(names: list[str]) -> None:
    paths = [EVAL_DIR / n for n in names] if names else sorted(EVAL_DIR.glob("safety_eval*.yml"))
    detector = default_detector()
    for path in paths:
        result = evaluate(detector, path)
        print(result.report())
        print("\n".join(f"  {m}" for m in result.mistakes))


if __name__ == "__main__":
    main(sys.argv[1:])
