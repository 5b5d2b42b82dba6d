"""Which reviewed entry is a question about? A linear model over character and word n-grams.

It replaces Rasa's ResponseSelector for the FAQ: on the real-question sets it ranked the right entry first more
often (tests/data/README.md, "The entry selector"), and it fits in about 35 s where the ResponseSelector
took five minutes. Its probabilities feed the same fit check (bot.answers.fit) as the selector's confidences did.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from bot.ngrams import Linear, features

#: Regularisation: C=10 and C=30 ranked the real-question sets alike (C=3 a point lower); 10 fits twice as fast.
REGULARISATION_C = 10.0
TOP = 10  # entries kept in a ranking: the fit check and "Did you mean" read the first three


@dataclass
class EntrySelector:
    """Fitted features and model; `rank` gives (entry id, probability) best first."""

    features: FeatureUnion
    model: LogisticRegression

    @classmethod
    def fit(cls, texts: Sequence[str], entries: Sequence[str], c: float = REGULARISATION_C) -> EntrySelector:
        if len(set(entries)) < 2:
            raise ValueError("an entry selector needs training questions for at least two entries")
        fitted = features().fit(texts)
        model = LogisticRegression(C=c, max_iter=2000).fit(fitted.transform(texts), list(entries))
        return cls(fitted, model)

    def __post_init__(self) -> None:
        self._linear = Linear(self.features, self.model)

    def __getstate__(self) -> dict[str, object]:
        return {"features": self.features, "model": self.model}  # the scorer is rebuilt on load

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def rank(self, text: str, top: int = TOP) -> list[tuple[str, float]]:
        decision = self._linear.decision(text)
        probabilities = np.exp(decision - decision.max())
        probabilities /= probabilities.sum()
        order = np.argsort(-probabilities, kind="stable")[:top]
        return [(str(self._linear.classes[i]), float(probabilities[i])) for i in order]
