"""K-fold cross-validation of the whole detector on its own training data (`python -m bot.safety.crossval`).

The evaluation sets say how the detector does on one writer's phrasings after tuning; cross-validation says
how the classifier generalises to messages it was not trained on, per training group, with the lexicon,
clause scoring and thresholds exactly as they run. Each fold trains the classifier without its messages.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

import yaml

from bot.safety.classifier import CrisisClassifier, training_examples
from bot.safety.detector import CrisisDetector

FOLDS = 5


def _write(path: Path, groups: dict[str, list[str]]) -> Path:
    today = dt.date.today()
    raw = {"reviewed_by": "cross-validation fold", "reviewed_on": today, "review_due": today + dt.timedelta(days=1),
           "examples": groups}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def crossvalidate(folds: int = FOLDS, seed: int = 0) -> dict[tuple[str, str], tuple[int, int]]:
    """(side, group) -> (escalated, total) over all folds."""
    positives, negatives = training_examples(enforce_review=False)
    items = [("positives", g, t) for g, texts in positives.items() for t in texts]
    items += [("negatives", g, t) for g, texts in negatives.items() for t in texts]
    random.Random(seed).shuffle(items)
    detector = CrisisDetector()
    counts: dict[tuple[str, str], tuple[int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(folds):
            train = [item for i, item in enumerate(items) if i % folds != fold]
            test = [item for i, item in enumerate(items) if i % folds == fold]
            groups: dict[str, dict[str, list[str]]] = {"positives": {}, "negatives": {}}
            for side, group, text in train:
                groups[side].setdefault(group, []).append(text)
            detector._classifier = CrisisClassifier(
                detector.normalize, detector.lexicon.classifier_threshold, enforce_review=False, writers=(), cache_dir=None,
                positives=_write(Path(tmp) / "p.yml", groups["positives"]),
                negatives=_write(Path(tmp) / "n.yml", groups["negatives"]),
            )
            for side, group, text in test:
                hit, total = counts.get((side, group), (0, 0))
                counts[(side, group)] = (hit + detector.detect(text).is_crisis, total + 1)
    return counts


def report(counts: dict[tuple[str, str], tuple[int, int]]) -> str:
    lines = []
    for side, label in (("positives", "recall"), ("negatives", "false alarms")):
        rows = sorted((g, c) for (s, g), c in counts.items() if s == side)
        lines += [f"cv {label} {g:18s} {h}/{t} = {h / t:.1%}" for g, (h, t) in rows]
        hits, total = sum(h for _, (h, _) in rows), sum(t for _, (_, t) in rows)
        lines.append(f"cv {label} all {hits}/{total} = {hits / total:.1%}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(crossvalidate(int(sys.argv[1]) if len(sys.argv) > 1 else FOLDS)))
