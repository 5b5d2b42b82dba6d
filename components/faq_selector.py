"""Rasa NLU adapter for bot.answers.select: ranks the FAQ entries for every message, in place of the
ResponseSelector, and writes the ResponseSelector's output (`response_selector` -> `faq`), so Rasa's retrieval
actions (`utter_faq`), the answer-fit component and the actions read it unchanged.

Trained by `rasa train` on the retrieval intent's examples (data/nlu/faq.yml) and kept in the model archive.
"""
from __future__ import annotations

import logging
import pickle
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
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answers.select import REGULARISATION_C, EntrySelector

logger = logging.getLogger(__name__)
MODEL_FILE = "entry_selector.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqSelector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "C": REGULARISATION_C}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqSelector":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FaqSelector":
        try:
            with model_storage.read_from(resource) as directory:
                with (directory / MODEL_FILE).open("rb") as stream:
                    selector = pickle.load(stream)  # written by train() below, inside this model's archive
        except (ValueError, OSError) as error:  # an untrained resource: no FAQ data was given
            logger.warning("no trained FAQ entry selector in the model (%s)", error)
            selector = None
        return cls(config, model_storage, resource, selector)

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 selector: Optional[EntrySelector] = None) -> None:
        self._intent = str(config["retrieval_intent"])
        self._c = float(config["C"])
        self._storage = model_storage
        self._resource = resource
        self._selector = selector

    def train(self, training_data: TrainingData) -> Resource:
        examples = [(m.get(TEXT), str(m.get(INTENT_RESPONSE_KEY)).split("/", 1)[1])
                    for m in training_data.intent_examples
                    if m.get(INTENT) == self._intent and "/" in str(m.get(INTENT_RESPONSE_KEY) or "")]
        if not examples:
            return self._resource
        self._selector = EntrySelector.fit([t for t, _ in examples], [e for _, e in examples], self._c)
        with self._storage.write_to(self._resource) as directory:
            with (directory / MODEL_FILE).open("wb") as stream:
                pickle.dump(self._selector, stream, protocol=pickle.HIGHEST_PROTOCOL)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._selector is None:
            return messages
        for message in messages:
            ranking = [(f"{self._intent}/{entry}", p) for entry, p in self._selector.rank(message.get(TEXT) or "")]
            best, confidence = ranking[0]
            properties = dict(message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
            properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [self._intent]
            properties[self._intent] = {
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
        return messages
