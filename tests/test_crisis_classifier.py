"""The statistical backstop: reviewed training data, exact fast scoring, and what it adds to the lexicon."""
from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import yaml

from bot.safety import classifier as classifier_module
from bot.safety.classifier import NEGATIVES_PATH, POSITIVES_PATH, WRITER_PATHS, CrisisClassifier, training_examples
from bot.safety.detector import CrisisDetector, default_detector
from bot.safety.evaluate import EVAL_DIR


@pytest.fixture(scope="module")
def detector() -> CrisisDetector:
    return default_detector()


def test_training_data_is_reviewed_and_disjoint_from_the_evaluation_sets() -> None:
    evaluation = set()
    here = Path(__file__).parent
    for path in [*sorted((here / "data").glob("safety_eval*.yml")), *sorted((here / "heldout").glob("safety_eval*.yml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        evaluation |= {i["text"].strip().lower() for side in data.values() for items in side.values() for i in items}
    every = []
    for path in (POSITIVES_PATH, NEGATIVES_PATH, *WRITER_PATHS):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert raw["reviewed_by"] and raw["review_due"] > dt.date.today()
        groups = [raw["examples"]] if "examples" in raw else [raw["positives"], raw["negatives"]]
        texts = [t.strip().lower() for side in groups for group in side.values() for t in group]
        # a batch is a few hundred messages at least (writer BL's file keeps its 275 crisis messages only)
        assert len(texts) >= 250 and len(texts) == len(set(texts))
        assert not evaluation & set(texts), "evaluation messages must never be trained on"
        every += texts
    assert len(every) == len(set(every)), "no message is trained on twice"


def test_each_writers_batch_keeps_its_attribution_and_both_sides() -> None:
    """Every batch names its writer and holds both sides; only a batch written as hard negatives (writer N:
    medication logistics, ordinary goodbyes) or as negatives only (writers CO and CP: ordinary messages) may come
    without positives, and only one whose header says why its positives only were kept (writer BL: its negatives
    cost recall) without negatives."""
    assert WRITER_PATHS
    for path in WRITER_PATHS:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        header = path.read_text(encoding="utf-8").split("written_by")[0]
        assert raw["written_by"] and raw["reviewed_on"] <= dt.date.today()
        positives_only = "positives only are kept" in header and "cost" in header
        assert positives_only or sum(map(len, raw["negatives"].values())) >= 100
        negatives_only = ("hard negatives" in header or "Negatives only" in header) and not positives_only
        assert negatives_only or sum(map(len, raw["positives"].values())) >= 100


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# Sets measured blind from the fifth on; the earlier sets predate this check (older training examples
# are near-copies of a few of their messages).
NEAR_COPY_CHECKED = [p for p in sorted(EVAL_DIR.glob("safety_eval_*.yml")) if int(p.stem.rsplit("_", 1)[1]) >= 5]
NEAR_COPY_CHECKED += sorted((EVAL_DIR.parent / "heldout").glob("safety_eval_*.yml"))  # held-out sets too


@pytest.mark.slow  # a second of string matching per set: `make test` runs it, `make test-unit` does not
@pytest.mark.parametrize("path", NEAR_COPY_CHECKED, ids=lambda p: p.name)
def test_training_data_holds_no_close_paraphrase_of_a_blind_set(path: Path) -> None:
    """Not even a near-copy (same words, a letter or word changed) of a blind message is trained on."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    held_out = [_plain(i["text"]) for side in data.values() for items in side.values() for i in items]
    held_out = [t for t in held_out if len(t.split()) >= 4]
    training, counts = _training(), _training_counts()
    lengths = np.array([len(t) for t in training])
    close = []
    for h in held_out:
        matcher = difflib.SequenceMatcher(None, b=h)  # h's index is built once, not once per training example
        # only the training examples of about h's length: abs(len(t) - len(h)) < 0.2 * len(h)
        start, end = bisect.bisect_right(lengths, 0.8 * len(h)), bisect.bisect_left(lengths, 1.2 * len(h))
        # an upper bound of ratio() for the whole window at once (quick_ratio over a coarser alphabet: merging
        # characters never lowers the shared count), so difflib sees only the few that could reach 0.9
        shared = np.minimum(counts[start:end], _counts(h)).sum(axis=1)
        for i in np.flatnonzero(2 * shared >= 0.9 * (lengths[start:end] + len(h))):
            t = training[start + i]
            if abs(len(t) - len(h)) < 0.2 * len(h):
                matcher.set_seq1(t)
                if matcher.ratio() >= 0.9:
                    close.append((t, h))
    assert not close, close


@functools.cache
def _training() -> tuple[str, ...]:
    positives, negatives = training_examples(enforce_review=False)
    return tuple(sorted((_plain(t) for side in (positives, negatives) for group in side.values() for t in group), key=len))


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 _áéíóúñü"


def _counts(text: str) -> np.ndarray:
    """Letter counts; every other character shares the last column (str.find gives -1)."""
    counts = np.zeros(len(_ALPHABET) + 1, dtype=np.int32)
    for char in text:
        counts[_ALPHABET.find(char)] += 1
    return counts


@functools.cache
def _training_counts() -> np.ndarray:
    return np.array([_counts(t) for t in _training()])


def test_fast_scoring_matches_sklearn(detector: CrisisDetector, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scored one at a time and together (as a message and its clauses are), and again once the remembered
    scores were forgotten mid-batch; the category too."""
    classifier = detector._classifier
    assert classifier is not None
    monkeypatch.setattr(classifier_module, "_SCORES_KEPT", 2)
    texts = ["what time do you open", "i just want the pain to stop for good", "no quiero seguir aqui",
             "Cuánto  cuesta\tla terapia", "i just want the pain to stop for good"]
    cleans = [classifier.normalize(text) for text in texts]
    matrix = classifier.features.transform(cleans)
    expected = classifier.risk_model.predict_proba(matrix)[:, 1]
    categories = classifier.category_model.predict(matrix)
    for fresh in ("first new text", "second new text"):
        assert classifier.probabilities(cleans) == pytest.approx(list(expected), abs=1e-9)
        # Known texts beside a new one after more than _SCORES_KEPT were remembered: all still scored.
        assert classifier.probabilities([cleans[1], fresh])[0] == pytest.approx(expected[1], abs=1e-9)
        for text, clean, probability, category in zip(texts, cleans, expected, categories, strict=True):
            assert classifier.probability(clean) == pytest.approx(probability, abs=1e-9)
            assert classifier.categorise(text).category == category


@pytest.mark.parametrize("text", [
    "i keep thinking my kids would have a better life if i just wasnt in it anymore",
    "i am going to log off permanently tonight",
])
def test_paraphrases_the_lexicon_misses_are_caught(detector: CrisisDetector, text: str) -> None:
    result = detector.detect(text)
    assert result.is_crisis and result.reply.startswith("self")


def test_lexicon_negation_is_not_overruled(detector: CrisisDetector) -> None:
    assert not detector.detect("I'm not suicidal, I've never had thoughts of suicide").is_crisis


def test_stale_training_data_fails_to_load(tmp_path: Path, detector: CrisisDetector) -> None:
    stale = tmp_path / "pos.yml"
    raw = yaml.safe_load(POSITIVES_PATH.read_text(encoding="utf-8"))
    raw["reviewed_on"], raw["review_due"] = "2019-07-01", "2020-01-01"
    stale.write_text(yaml.safe_dump(raw))
    with pytest.raises(ValueError, match="review was due on 2020-01-01"):
        CrisisClassifier(detector.normalize, positives=stale)


@pytest.mark.slow
def test_a_fitted_classifier_is_kept_and_reused_until_its_data_changes(
    tmp_path: Path, detector: CrisisDetector, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every process used to refit for about 40 s at start-up (Rasa, the action server, each replica)."""
    few_ordinary = [group[:5] for group in classifier_module.ordinary_messages()]  # three small fits, not three full
    monkeypatch.setattr(classifier_module, "ordinary_messages", lambda: few_ordinary)
    raw = yaml.safe_load(POSITIVES_PATH.read_text(encoding="utf-8"))
    raw["examples"] = {"ideation": raw["examples"]["ideation"][:40], "passive": raw["examples"]["passive"][:40]}
    small = tmp_path / "pos.yml"
    small.write_text(yaml.safe_dump(raw))
    negatives = yaml.safe_load(NEGATIVES_PATH.read_text(encoding="utf-8"))
    negatives["examples"] = {group: texts[:20] for group, texts in negatives["examples"].items()}
    few = tmp_path / "neg.yml"
    few.write_text(yaml.safe_dump(negatives))
    cache = tmp_path / "models"

    def build(positives: Path = small) -> CrisisClassifier:
        return CrisisClassifier(detector.normalize, positives=positives, negatives=few, writers=(), cache_dir=cache)

    texts = ["i dont want to be here anymore", "what does tms cost", "quiero dormir y no despertar"]
    first = build()
    [kept] = cache.glob("crisis-classifier-*.pkl")
    again = build()
    assert [again.probability(t) for t in texts] == [first.probability(t) for t in texts]
    assert list(cache.glob("crisis-classifier-*.pkl")) == [kept]  # loaded, not refitted under a new name

    raw["examples"]["passive"] = raw["examples"]["passive"][:30]  # the data changed: a new fit, a new file
    changed = tmp_path / "changed.yml"
    changed.write_text(yaml.safe_dump(raw))
    build(changed)
    assert len(list(cache.glob("crisis-classifier-*.pkl"))) == 2

    kept.write_bytes(b"not a pickle")  # a damaged file is refitted, never trusted
    with caplog.at_level("WARNING"):
        repaired = build()
    assert "could not be read" in caplog.text
    assert [repaired.probability(t) for t in texts] == pytest.approx([first.probability(t) for t in texts])


def test_two_starts_at_once_fit_once_and_share_the_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two Rasa replicas (or the unit tests beside the e2e stories) starting together: one fits, the other waits
    for it and loads what it stored."""
    fits = []
    real_fit = classifier_module._fit_all

    def slow_fit(labelled: list[tuple[str, str]], negatives: list[str]) -> classifier_module.Fitted:
        fits.append(1)
        time.sleep(0.5)  # long enough that the second start arrives while the first is fitting
        return real_fit(labelled, negatives)

    monkeypatch.setattr(classifier_module, "_fit_all", slow_fit)
    labelled = [("i want to die tonight", "ideation"), ("i have the pills ready now", "imminent"),
                ("thinking about ending it", "ideation"), ("on the bridge right now", "imminent")]
    negatives = ["what time do you open", "does tms hurt", "is parking free", "how many sessions are there"]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: classifier_module._fitted(labelled, negatives, tmp_path), range(2)))
    assert len(fits) == 1
    assert len(list(tmp_path.glob("crisis-classifier-*.pkl"))) == 1
    assert all(result[1].coef_.shape == results[0][1].coef_.shape for result in results)
