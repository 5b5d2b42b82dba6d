"""Per-category recall and false alarms of the crisis detector on the evaluation sets (`make safety-eval`).

A positive counts when the detector escalates it (the check-in tier included: it records an escalation
and shows 988); a third_party positive also needs the helper reply. Any escalation of a negative is a
false alarm.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.config import ROOT
from bot.safety.context import ConversationContext
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
        recall = f"recall {hits}/{total} = {hits / total:.1%}" if total else "no positives"
        alarms = f", false alarms {fired}/{negatives} = {fired / negatives:.1%}" if negatives else ""
        lines.append(f"{self.name}: {recall}{alarms}")
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
    for category, items in (data.get("negatives") or {}).items():  # a training batch may hold positives only
        fired = [item["text"] for item in items if detector.detect(item["text"]).is_crisis]
        result.mistakes += [f"false alarm [{category}] {text}" for text in fired]
        result.alarms[category] = (len(fired), len(items))
    return result


# Context for the timing: three earlier turns to score, as in a conversation that has gone on a while.
_BUSY = ConversationContext(recent=("i feel hopeless lately", "what does tms cost", "do you take aetna"))


def latency(detector: CrisisDetector, paths: list[Path]) -> str:
    """Per-message detector time over every message of the sets, without and with conversation context
    (issue 11 budget: p99 <= 5 ms). A printed figure, not a timed test: shared machines are noisy, so the
    thread's CPU time is printed beside the wall time (on a loaded machine only the CPU time is comparable)."""
    texts = [
        str(item["text"])
        for path in paths
        for side in yaml.safe_load(path.read_text(encoding="utf-8")).values()
        for items in side.values()
        for item in items
    ]
    lines = []
    for label, context in (("no context", None), ("3 earlier turns", _BUSY)):
        wall, cpu = [], []
        for text in texts:
            start, start_cpu = time.perf_counter(), time.thread_time()
            detector.detect(text, context)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
        for kind, times in (("cpu", sorted(cpu)), ("wall", sorted(wall))):
            p50, p99 = times[len(times) // 2], times[min(int(len(times) * 0.99), len(times) - 1)]
            lines.append(f"latency {kind} ({label}, {len(times)} messages): p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {times[-1]:.2f} ms")
    return "\n".join(lines)


def main(names: list[str]) -> None:
    paths = [EVAL_DIR / n for n in names] if names else sorted(EVAL_DIR.glob("safety_eval*.yml"))
    detector = default_detector()
    for path in paths:
        result = evaluate(detector, path)
        print(result.report())
        print("\n".join(f"  {m}" for m in result.mistakes))
    print(latency(detector, paths))


if __name__ == "__main__":
    main(sys.argv[1:])
