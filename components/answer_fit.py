"""Rasa NLU adapter for bot.answers: answer only when the chosen entry fits, read replies to offers.

Runs after the fallback classifier and before the crisis detector (which can still override). It may
change the intent (to `nlu_fallback`, `faq_clarify`, `medical_advice`, `medical_urgent`, or the intent
of a button the person accepted in words) and the entry the response selector chose. The buttons of the
bot's last turn come from the conversation's tracker, which Rasa passes to `process`.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answers.decide import CLARIFY, FAQ, Outcome, decide
from bot.answers.fit import FitIndex, default_index
from bot.answers.offers import Button
from bot.answers.training import offering, titles

logger = logging.getLogger(__name__)
PRESCREEN_PAYLOAD = "/start_prescreen"
OPTION_ENTITY = "faq_option"  # the "Did you mean" entries, read by actions/answers.py
MAX_LOOKBACK = 30  # events searched for the bot's last turn


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class AnswerFit(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "AnswerFit":
        return cls(default_index(), titles(), offering(PRESCREEN_PAYLOAD))

    def __init__(self, index: FitIndex, entry_titles: Dict[str, str], eligibility_entry: Optional[str]) -> None:
        self._index = index
        self._titles = entry_titles
        self._eligibility_entry = eligibility_entry

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        if tracker is not None and tracker.active_loop_name:
            return messages  # the pre-screen form reads its own answers (bot.screening); nothing to re-decide
        for message in messages:
            self._decide(message, offered_buttons(tracker, message.get(TEXT) or ""))
        return messages

    def _decide(self, message: Message, offered: List[Button]) -> None:
        intent = (message.get(INTENT) or {}).get("name") or ""
        ranking = [r.get("name") for r in message.get(INTENT_RANKING_KEY) or []]
        original = next((name for name in ranking if name != "nlu_fallback"), None)
        selector = (message.get("response_selector") or {}).get(FAQ) or {}
        faq_ranking = [(str(r.get("intent_response_key", "")).split("/", 1)[-1], float(r.get("confidence") or 0))
                       for r in selector.get("ranking") or []]
        outcome = decide(message.get(TEXT) or "", intent, faq_ranking, offered, self._index, self._titles, original,
                         eligibility_entry=self._eligibility_entry)
        if outcome is not None and (outcome.intent != intent or outcome.entry):
            apply(message, outcome)


def apply(message: Message, outcome: Outcome) -> None:
    previous = (message.get(INTENT) or {}).get("name")
    confidence = 1.0 if outcome.intent != previous else float((message.get(INTENT) or {}).get("confidence") or 1.0)
    chosen_intent: Dict[str, Any] = {"name": outcome.intent, "confidence": confidence}
    if outcome.intent == FAQ and outcome.entry:
        chosen_intent["full_retrieval_intent_name"] = f"faq/{outcome.entry}"
    message.set(INTENT, chosen_intent, add_to_output=True)
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != outcome.intent]
    message.set(INTENT_RANKING_KEY, [{"name": outcome.intent, "confidence": confidence}, *ranking], add_to_output=True)
    if outcome.intent == FAQ and outcome.entry:
        selectors = dict(message.get("response_selector") or {})
        chosen = dict((selectors.get(FAQ) or {}).get("response") or {})
        chosen.update({"intent_response_key": f"faq/{outcome.entry}", "utter_action": f"utter_faq/{outcome.entry}",
                       "responses": []})
        selectors[FAQ] = {**(selectors.get(FAQ) or {}), "response": chosen}
        message.set("response_selector", selectors, add_to_output=True)
    if outcome.intent == CLARIFY:
        entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != OPTION_ENTITY]
        entities += [{"entity": OPTION_ENTITY, "value": entry, "start": 0, "end": 0, "extractor": "AnswerFit"}
                     for entry in outcome.options]
        message.set(ENTITIES, entities, add_to_output=True)
    message.set("answer_fit", {"from": previous, "reason": outcome.reason}, add_to_output=True)
    logger.debug("answer fit: %s -> %s (%s)", previous, outcome.intent, outcome.reason)


def offered_buttons(tracker: Optional[DialogueStateTracker], text: str) -> List[Button]:
    """The buttons of the bot's turn just before this message (the message itself may already be logged)."""
    if tracker is None:
        return []
    skipped_current = False
    for n, event in enumerate(reversed(tracker.events)):
        if n >= MAX_LOOKBACK or event.type_name == "session_started":
            break
        if event.type_name == "user":
            if not skipped_current and (event.as_dict().get("text") or "") == text:
                skipped_current = True
                continue
            break
        if event.type_name == "bot":
            raw = (event.as_dict().get("data") or {}).get("buttons") or []
            if raw:
                return [Button(str(b.get("title") or ""), str(b.get("payload") or "")) for b in raw]
    return []
