"""Rasa NLU adapter for bot.ngrams.Ranker: the intent and the FAQ entry of every message, in place of DIET and
the ResponseSelector. It writes their output (`intent`, `intent_ranking`, `response_selector` -> `faq`), so the
fallback classifier, Rasa's retrieval action (`utter_faq`), the answer-fit component and the actions read it
unchanged.

Trained by `rasa train` on the NLU examples (the retrieval intent's examples also rank its entries) and kept in
the model archive.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answers.glossary import gloss
from bot.ngrams import Ranker

logger = logging.getLogger(__name__)
INTENTS_FILE = "intents.pkl"
ENTRIES_FILE = "entries.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class NgramClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # C=10 for the entries: C=10 and 30 ranked the real-question sets alike (C=3 a point lower). The intents
        # took the same value without a sweep of their own.
        return {"retrieval_intent": "faq", "intent_C": 10.0, "entry_C": 10.0}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "NgramClassifier":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "NgramClassifier":
        rankers: Dict[str, Optional[Ranker]] = {}
        try:
            with model_storage.read_from(resource) as directory:
                for name in (INTENTS_FILE, ENTRIES_FILE):
                    rankers[name] = Ranker.load(directory / name) if (directory / name).exists() else None
        except ValueError as error:  # an untrained resource: no NLU data was given
            logger.warning("no trained n-gram classifier in the model (%s)", error)
        return cls(config, model_storage, resource, rankers.get(INTENTS_FILE), rankers.get(ENTRIES_FILE))

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 intents: Optional[Ranker] = None, entries: Optional[Ranker] = None) -> None:
        self._config = config
        self._retrieval_intent = str(config["retrieval_intent"])
        self._storage = model_storage
        self._resource = resource
        self._intents = intents
        self._entries = entries

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        with self._storage.write_to(self._resource) as directory:
            if len({m.get(INTENT) for m in examples}) >= 2:
                self._intents = Ranker.fit([m.get(TEXT) for m in examples], [str(m.get(INTENT)) for m in examples],
                                           float(self._config["intent_C"]))
                self._intents.save(directory / INTENTS_FILE)
            entries = [(m.get(TEXT), str(m.get(INTENT_RESPONSE_KEY)).split("/", 1)[1]) for m in examples
                       if m.get(INTENT) == self._retrieval_intent and "/" in str(m.get(INTENT_RESPONSE_KEY) or "")]
            if len({e for _, e in entries}) >= 2:
                self._entries = Ranker.fit([t for t, _ in entries], [e for _, e in entries],
                                           float(self._config["entry_C"]))
                self._entries.save(directory / ENTRIES_FILE)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = gloss(message.get(TEXT) or "")  # other languages' question words, in English (bot.answers.glossary)
            if self._intents is not None:
                ranking = [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: p} for name, p in self._intents.rank(text)]
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            if self._entries is not None:
                self._select_entry(message, text)
        return messages

    def _select_entry(self, message: Message, text: str) -> None:
        assert self._entries is not None
        ranking = [(f"{self._retrieval_intent}/{entry}", p) for entry, p in self._entries.rank(text)]
        best, confidence = ranking[0]
        properties = dict(message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
        properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [self._retrieval_intent]
        properties[self._retrieval_intent] = {
            RESPONSE_SELECTOR_PREDICTION_KEY: {
                RESPONSE_SELECTOR_RESPONSES_KEY: [],  # the retrieval action reads them from the domain
                PREDICTED_CONFIDENCE_KEY: confidence,
                INTENT_RESPONSE_KEY: best,
                RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{best}",
            },
            RESPONSE_SELECTOR_RANKING_KEY: [{PREDICTED_CONFIDENCE_KEY: p, INTENT_RESPONSE_KEY: key}
                                            for key, p in ranking],
        }
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)
