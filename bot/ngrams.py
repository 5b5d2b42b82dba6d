"""Character and word n-gram features with a fast linear scorer: the text model every classifier shares.

The crisis backstop (bot.safety.classifier), the intent classifier and the FAQ entry ranking (`Ranker`) read
messages the same way; scoring one short text through sklearn's pipeline costs about ten times what a sparse
dot product does, so fitted models are scored with `Linear` (tests check it agrees with sklearn).
"""
from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion


def features() -> FeatureUnion:
    """Character n-grams within words (typos, slang, Spanish inflections) and word uni- and bigrams."""
    return FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")),
    ])


class Linear:
    """Decision values of a fitted linear model over fitted `features()`, one text at a time."""

    def __init__(self, fitted_features: FeatureUnion, model: LogisticRegression) -> None:
        self._parts = []
        offset = 0
        for _, vectorizer in fitted_features.transformer_list:
            self._parts.append((vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_, offset))
            offset += len(vectorizer.vocabulary_)
        self._coef = model.coef_
        self._intercept = model.intercept_
        self.classes = list(model.classes_)

    def decision(self, text: str) -> np.ndarray:
        total = self._intercept.astype(float).copy()
        for analyzer, vocabulary, idf, offset in self._parts:
            counts = Counter(i for gram in analyzer(text) if (i := vocabulary.get(gram)) is not None)
            if not counts:
                continue
            index = np.fromiter(counts.keys(), dtype=int, count=len(counts))
            values = (1 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[index]
            total += self._coef[:, offset + index] @ (values / np.linalg.norm(values))
        return total


@dataclass
class Ranker:
    """A multinomial logistic regression over `features()`: the labels of a text with probabilities, best first.

    It reads intents and FAQ entries (components/ngram_classifier.py) in place of Rasa's DIET classifier and
    ResponseSelector: on the real-question sets it ranked entries better (tests/data/README.md, "The entry
    selector" and "Intents without DIET"), and both fit in about a minute where DIET and the ResponseSelector
    took nine.
    """

    features: FeatureUnion
    model: LogisticRegression

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], c: float) -> Ranker:
        if len(set(labels)) < 2:
            raise ValueError("a ranker needs examples of at least two labels")
        fitted = features().fit(texts)
        model = LogisticRegression(C=c, max_iter=2000).fit(fitted.transform(texts), list(labels))
        return cls(fitted, model)

    def __post_init__(self) -> None:
        self._linear = Linear(self.features, self.model)

    def __getstate__(self) -> dict[str, object]:
        return {"features": self.features, "model": self.model}  # the scorer is rebuilt on load

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def rank(self, text: str, top: int = 10) -> list[tuple[str, float]]:
        """`top` labels: the fit check and "Did you mean" read the first three entries."""
        decision = self._linear.decision(text)
        if len(decision) == 1:  # two labels: sklearn keeps one decision value, for the second label
            decision = np.array([0.0, decision[0]])
        probabilities = np.exp(decision - decision.max())
        probabilities /= probabilities.sum()
        order = np.argsort(-probabilities, kind="stable")[:top]
        return [(str(self._linear.classes[i]), float(probabilities[i])) for i in order]

    def save(self, path: Path) -> None:
        with path.open("wb") as stream:
            pickle.dump(self, stream, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def load(path: Path) -> Ranker:
        with path.open("rb") as stream:
            ranker = pickle.load(stream)  # only ever a file save() wrote inside our own model archive
        if not isinstance(ranker, Ranker):  # not ValueError: that is Rasa's "no such resource", a model without NLU
            raise TypeError(f"{path} does not hold a ranker")
        return ranker
