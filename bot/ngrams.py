"""Character and word n-gram features with a fast linear scorer: the text model both classifiers share.

The crisis backstop (bot.safety.classifier) and the FAQ entry selector (bot.answers.select) read messages the
same way; scoring one short text through sklearn's pipeline costs about ten times what a sparse dot product
does, so fitted models are scored with `Linear` (tests check it agrees with sklearn).
"""
from __future__ import annotations

from collections import Counter

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
