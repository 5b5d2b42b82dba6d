"""A statistical backstop for crisis paraphrases the lexicon does not cover.

People in distress find endless ways to say it; a rule set written by a few people misses some. This
classifier (character and word n-grams, logistic regression) is trained on reviewed examples
(data/safety/classifier_*.yml), never on the evaluation sets in tests/. Fitting takes about 40 s of CPU, so the
fitted model is kept in models/ under a hash of everything it was fitted from: the next process (the action
server, a replica, the tests) loads it in a second, and any change to the data refits it.
It only adds detections: the lexicon's verdicts, including its negation and topic rules, stand.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
import os
import pickle
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterator, Sequence

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from bot.config import DATA_DIR, MODELS_DIR
from bot.ngrams import Linear, features
from bot.review import load_reviewed, load_yaml

logger = logging.getLogger(__name__)
POSITIVES_PATH = DATA_DIR / "safety" / "classifier_positives.yml"
NEGATIVES_PATH = DATA_DIR / "safety" / "classifier_negatives.yml"
# One file per independent writer, positives and negatives together, so each batch keeps its attribution.
WRITER_PATHS = tuple(sorted((DATA_DIR / "safety").glob("classifier_writer_*.yml")))
_SCORES_KEPT = 4096  # normalised texts whose scores are remembered
CATEGORIES = ("imminent", "ideation", "self_harm", "passive", "third_party")
# Spanish function words: a message with several of them gets the Spanish reply.
_SPANISH = frozenset(
    "que quiero quiere estoy esta estar mi mis me se ya vida morir matar matarme puedo tengo tiene para por con sin "
    "todo nadie muy es el la los las y pero porque hoy noche dice dijo".split()
)


@dataclass(frozen=True)
class Verdict:
    probability: float
    category: str
    audience: str
    language: str


def _reviewed(path: Path, today: dt.date, enforce_review: bool) -> dict:
    return load_reviewed(path, today=today, enforce_review=enforce_review)


def _groups(raw: dict) -> dict[str, list[str]]:
    return {group: [str(text) for text in texts] for group, texts in raw.items()}


def _examples(path: Path, today: dt.date, enforce_review: bool) -> dict[str, list[str]]:
    return _groups(_reviewed(path, today, enforce_review)["examples"])


def training_examples(
    positives: Path = POSITIVES_PATH,
    negatives: Path = NEGATIVES_PATH,
    writers: Sequence[Path] = WRITER_PATHS,
    today: dt.date | None = None,
    enforce_review: bool = True,
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Positives and negatives by group, from the two original files and every writer's file."""
    today = today or dt.date.today()
    pos = _examples(positives, today, enforce_review)
    neg = _examples(negatives, today, enforce_review)
    for path in writers:
        raw = _reviewed(path, today, enforce_review)
        for into, side in ((pos, "positives"), (neg, "negatives")):
            for group, texts in _groups(raw[side]).items():
                into.setdefault(group, []).extend(texts)
    return pos, neg


def ordinary_messages() -> list[list[str]]:
    """What the bot hears every day (FAQ questions, greetings, declines): the classifier learns that
    these are not crises. Read from the NLU files the model is trained on (the FAQ questions come from
    data/nlu/faq.yml, which `python -m bot.build` renders from the content entries), FAQ questions first."""
    faq: list[list[str]] = []
    nlu: list[list[str]] = []
    for path in sorted((DATA_DIR / "nlu").glob("*.yml")):
        for block in (load_yaml(path) or {}).get("nlu") or []:
            if "intent" in block:
                examples = [line[2:].strip() for line in str(block["examples"]).splitlines() if line.startswith("- ")]
                (faq if str(block["intent"]).startswith("faq/") else nlu).append(examples)
    return faq + nlu


class CrisisClassifier:
    def __init__(
        self,
        normalize: Callable[[str], str],
        threshold: float = 0.5,
        positives: Path = POSITIVES_PATH,
        negatives: Path = NEGATIVES_PATH,
        today: dt.date | None = None,
        enforce_review: bool = True,
        writers: Sequence[Path] = WRITER_PATHS,
        cache_dir: Path | None = MODELS_DIR,
    ) -> None:
        self.normalize = normalize
        self.threshold = threshold
        pos, negative_groups = training_examples(positives, negatives, writers, today, enforce_review)
        everyday = [*negative_groups.values(), *ordinary_messages()]
        neg = [normalize(text) for texts in everyday for text in texts]
        labelled = [(normalize(text), group) for group, texts in pos.items() for text in texts]
        self.features, self.risk_model, self.category_model = _fitted(labelled, neg, cache_dir)
        # Risk and category read the same features: one linear map with both models' weights scores both.
        both = SimpleNamespace(
            coef_=np.vstack([self.risk_model.coef_, self.category_model.coef_]),
            intercept_=np.concatenate([self.risk_model.intercept_, self.category_model.intercept_]),
            classes_=["crisis", *self.category_model.classes_],
        )
        self._scorer = Linear(self.features, both)  # what Linear reads of a model
        self._categories = [str(c) for c in self.category_model.classes_]
        self._scored: dict[str, tuple[float, str]] = {}

    def probability(self, clean: str) -> float:
        return self.probabilities([clean])[0]

    def probabilities(self, cleans: Sequence[str]) -> list[float]:
        """Crisis probabilities of normalised texts, scored together (a message and its clauses)."""
        return [probability for probability, _ in self._scores(cleans)]

    def _scores(self, cleans: Sequence[str]) -> list[tuple[float, str]]:
        """Probability and likeliest category of each normalised text. Remembered: the clause that decided is
        categorised next, and earlier turns are read again with every new message of a conversation."""
        if len(self._scored) > _SCORES_KEPT:
            self._scored.clear()
        # Read into a local dict: another thread may clear the shared one meanwhile.
        known = {clean: score for clean in cleans if (score := self._scored.get(clean)) is not None}
        missing = [clean for clean in dict.fromkeys(cleans) if clean not in known]
        if missing:
            decisions = self._scorer.decisions(missing)
            probabilities = 1 / (1 + np.exp(-decisions[:, 0]))
            for clean, probability, row in zip(missing, probabilities, decisions[:, 1:], strict=True):
                known[clean] = self._scored[clean] = (float(probability), self._categories[int(np.argmax(row))])
        return [known[clean] for clean in cleans]

    def share(self, clean: str, category: str) -> float:
        """The category model's share for one category (softmax over categories) of a normalised text: a message
        can read as imminent first and still be largely someone else's risk."""
        decisions = self._scorer.decisions([clean])[0, 1:]
        weights = np.exp(decisions - decisions.max())
        return float(weights[self._categories.index(category)] / weights.sum())

    def __call__(self, text: str) -> Verdict:
        verdict = self.categorise(text)
        return verdict if verdict.probability >= self.threshold else Verdict(verdict.probability, "", "self", "en")

    def categorise(self, text: str) -> Verdict:
        """Probability, most likely category, audience and language, whatever the probability."""
        clean = self.normalize(text)
        probability, category = self._scores([clean])[0]
        language = "es" if len(set(clean.split()) & _SPANISH) >= 2 else "en"
        return Verdict(probability, category, "other" if category == "third_party" else "self", language)

    def is_crisis(self, verdict: Verdict) -> bool:
        return verdict.probability >= self.threshold


# Regularisation: with writers D, H and I's data (about 6,000 examples) C=30 with the lexicon's thresholds
# recalled as much as C=100 over evaluation sets 2-10 at fewer false alarms (C=100 grew overconfident on
# everyday words of the new third-party and farewell examples: "can I bring my baby" scored 0.99); C=3
# and C=10 recalled less at every threshold tried (0.80-0.95).
REGULARISATION_C = 30


def _fit(matrix: object, labels: Sequence[object]) -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=2000).fit(matrix, list(labels))


Fitted = tuple[FeatureUnion, LogisticRegression, LogisticRegression]
#: Fitted models kept in models/ (the newest): switching between branches does not refit every time.
KEEP_FITTED = 3


def _fitted(labelled: list[tuple[str, str]], negatives: list[str], cache_dir: Path | None) -> Fitted:
    """The fitted features and models for exactly these examples: from the cache when it holds them, else fitted
    (and stored, when there is a cache). A file that cannot be read is refitted, never trusted half-way."""
    digest = hashlib.sha256(f"{sklearn.__version__}|{REGULARISATION_C}|{CATEGORIES}|{features()}".encode())
    for text, group in labelled:
        digest.update(f"{group}\t{text}\n".encode())
    for text in negatives:
        digest.update(f"-\t{text}\n".encode())
    path = cache_dir / f"crisis-classifier-{digest.hexdigest()[:24]}.pkl" if cache_dir else None
    if path is None:
        return _fit_all(labelled, negatives)
    with _one_fitter(path.parent):
        if path.is_file():
            try:
                with path.open("rb") as stream:
                    fitted: Fitted = pickle.load(stream)  # our own artefact, written below; keyed by its inputs
                return fitted
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
                logger.warning("refitting the crisis classifier: %s could not be read (%s)", path.name, error)
        fitted = _fit_all(labelled, negatives)
        _store(path, fitted)
        return fitted


def _fit_all(labelled: list[tuple[str, str]], negatives: list[str]) -> Fitted:
    fitted_features = features().fit([t for t, _ in labelled] + negatives)
    risk_model = _fit(fitted_features.transform([t for t, _ in labelled] + negatives),
                      [1] * len(labelled) + [0] * len(negatives))
    categorised = [(t, g) for t, g in labelled if g in CATEGORIES]
    category_model = _fit(fitted_features.transform([t for t, _ in categorised]), [g for _, g in categorised])
    return fitted_features, risk_model, category_model


@contextmanager
def _one_fitter(directory: Path) -> Iterator[None]:
    """One process fits at a time: another that starts meanwhile (a second Rasa replica, the unit tests beside
    the e2e stories in `make test`) waits, then loads what the first stored instead of fitting it again."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = (directory / ".crisis-classifier.lock").open("a")
    except OSError:  # a read-only checkout: every process fits for itself
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _store(path: Path, fitted: Fitted) -> None:
    """Written whole or not at all (a temporary file renamed), so two processes starting together are safe."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".crisis-classifier-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(fitted, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for stale in sorted(path.parent.glob("crisis-classifier-*.pkl"), key=lambda p: p.stat().st_mtime)[:-KEEP_FITTED]:
            stale.unlink(missing_ok=True)
    except OSError as error:  # a read-only checkout still works: it fits at every start
        logger.warning("could not keep the fitted crisis classifier in %s (%s)", path.parent, error)
