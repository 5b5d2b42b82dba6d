"""Character and word n-gram features with a fast linear scorer: the text model every classifier shares.

The crisis backstop (bot.safety.classifier), the intent classifier and the FAQ entry ranking (`Ranker`) read
messages the same way; scoring one short text through sklearn's pipeline costs about ten times what a sparse
dot product does, so fitted models are scored with `Linear` (tests check it agrees with sklearn).
"""
from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

_MISSING_APOSTROPHE = re.compile(r"\b(can|don|won|isn|aren|doesn|didn|shouldn|couldn|wouldn|wasn|weren|haven|hasn)t\b|"
                                 r"\b(i)(m|ve)\b|\b(what|that|it|there|who|where|how)s\b", re.I)


def apostrophes(text: str) -> str:
    """Texted questions drop apostrophes ("who cant get tms", "whats the cost"): spelt as the training examples
    mostly are, they rank alike ("who cant" had ranked as "who can")."""
    return _MISSING_APOSTROPHE.sub(lambda m: f"{m[1]}'t" if m[1] else f"{m[2]}'{m[3]}" if m[2] else f"{m[4]}'s", text)


def features() -> FeatureUnion:
    """Character n-grams within words (typos, slang, Spanish inflections) and word uni- and bigrams."""
    return FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")),
    ])


class Linear:
    """Decision values of a fitted linear model over fitted `features()`, for a few texts at a time.

    Character n-grams stay within words, so each word's feature indices are computed once and kept: a
    message's clauses, the same words in the next message and the next turn cost a dictionary lookup each.
    The texts' n-grams are then counted, weighted and summed together in a handful of array operations.
    """

    _WORDS_KEPT = 50_000  # distinct words remembered per model (a few MB), then forgotten all at once

    def __init__(self, fitted_features: FeatureUnion, model: LogisticRegression) -> None:
        self._parts = []
        offset = 0
        for _, vectorizer in fitted_features.transformer_list:
            by_word = vectorizer.analyzer == "char_wb"
            preprocess = vectorizer.build_preprocessor() if by_word else None
            self._parts.append((vectorizer.build_analyzer(), preprocess, vectorizer.vocabulary_, offset))
            offset += len(vectorizer.vocabulary_)
        self._width = offset
        self._idf = np.concatenate([vectorizer.idf_ for _, vectorizer in fitted_features.transformer_list])
        # Which part (vectorizer) each feature belongs to: each part's weights are normalised on their own.
        self._part_of = np.repeat(np.arange(len(self._parts)), [len(v.vocabulary_) for _, v in fitted_features.transformer_list])
        self._word_indices: dict[str, list[int]] = {}
        self._coef = np.ascontiguousarray(model.coef_.T)  # features x classes: one row gathered per n-gram
        self._intercept = model.intercept_
        self.classes = list(model.classes_)

    def _indices(self, text: str) -> list[int]:
        """Feature indices of every n-gram of `text` in the vocabularies, repeats included."""
        found: list[int] = []
        for analyzer, preprocess, vocabulary, offset in self._parts:
            if preprocess is None:
                found += [i + offset for gram in analyzer(text) if (i := vocabulary.get(gram)) is not None]
                continue
            for word in preprocess(text).split():
                indices = self._word_indices.get(word)
                if indices is None:
                    if len(self._word_indices) >= self._WORDS_KEPT:
                        self._word_indices.clear()
                    indices = [i + offset for gram in analyzer(word) if (i := vocabulary.get(gram)) is not None]
                    self._word_indices[word] = indices
                found += indices
        return found

    def decision(self, text: str) -> np.ndarray:
        return self.decisions([text])[0]

    def decisions(self, texts: Sequence[str]) -> np.ndarray:
        """One row of decision values per text (TF-IDF with sublinear counts, each part L2-normalised, as
        sklearn computes it): a message and its clauses are scored together."""
        found = [self._indices(text) for text in texts]
        rows = np.repeat(np.arange(len(texts)), [len(f) for f in found])
        keys, counts = np.unique(rows * self._width + np.array([i for f in found for i in f], dtype=np.int64),
                                 return_counts=True)
        rows, features = np.divmod(keys, self._width)
        weights = (1 + np.log(counts)) * self._idf[features]
        groups = rows * len(self._parts) + self._part_of[features]
        norms = np.sqrt(np.bincount(groups, weights=weights * weights, minlength=len(texts) * len(self._parts)))
        weights /= norms[groups]
        contributions = self._coef[features] * weights[:, None]
        totals = np.stack([np.bincount(rows, weights=column, minlength=len(texts)) for column in contributions.T], axis=1)
        return totals + self._intercept


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
        texts = [apostrophes(text) for text in texts]
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
        decision = self._linear.decision(apostrophes(text))
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
