"""Rasa NLU adapter for bot.safety: marks crisis messages so rules answer them before anything else.

Runs last in the pipeline, on every message of every channel. On detection the intent becomes
`crisis` with full confidence, and the category and matching reply go out as entities (slots fill
from them without the action server). Rasa passes the conversation's tracker (the default recipe wires
a `tracker` argument of `process`), so earlier turns of the session inform the verdict (bot.safety.context).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.answers.decide import ADVICE, DENY, FALLBACK, FAQ, OUT_OF_SCOPE, URGENT
from bot.safety.context import CHECK_IN, ConversationContext, from_events
from bot.safety.detector import CrisisDetector, default_detector
from bot.safety.hotlines import OVERRIDDEN_INTENT_KEY, REPLY_SLOT
from bot.screening.slots import ITEM9_ANSWER_SLOT

logger = logging.getLogger(__name__)
CRISIS_INTENT = "crisis"
#: Intents that would answer a clear "no" to the check-in question as if it were a question of its own.
_NOT_AN_ANSWER = frozenset({ADVICE, URGENT, OUT_OF_SCOPE, FALLBACK})
#: Intents whose reply answers the question asked: a content entry, or the medical-advice decline.
_ANSWERED = frozenset({FAQ, ADVICE})
MAX_CONTEXT_TURNS = 20  # user turns of the session read for context (earlier escalation, check-in pending)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisIntentClassifier(GraphComponent):
    """The pipeline's face of bot.safety.detector.CrisisDetector (named apart from it: one name, one class)."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisIntentClassifier":
        return cls(default_detector())

    def __init__(self, detector: CrisisDetector) -> None:
        self._detector = detector

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message], tracker: Optional[DialogueStateTracker] = None) -> List[Message]:
        context = self._context(tracker)
        in_form = tracker is not None and bool(tracker.active_loop_name)  # a form answer asks no question
        asking_item9 = tracker is not None and in_form and tracker.get_slot(REQUESTED_SLOT) == ITEM9_ANSWER_SLOT
        for message in messages:
            self._mark(message, context, in_form, asking_item9)
        return messages

    @staticmethod
    def _context(tracker: Optional[DialogueStateTracker]) -> ConversationContext:
        if tracker is None:
            return ConversationContext()
        # The current session's latest user turns, newest first while collecting (long conversations stay cheap).
        events: list[dict[str, Any]] = []
        for event in reversed(tracker.events):
            if event.type_name == "session_started" or len(events) >= MAX_CONTEXT_TURNS:
                break
            if event.type_name == "user":
                events.append(event.as_dict())
        return from_events(reversed(events), tracker.get_slot(ITEM9_ANSWER_SLOT) if ITEM9_ANSWER_SLOT in tracker.slots else None)

    def _mark(self, message: Message, context: ConversationContext, in_form: bool = False, asking_item9: bool = False) -> None:
        text: Optional[str] = message.get(TEXT)
        intent_name = (message.get(INTENT) or {}).get("name")
        answered = not in_form and intent_name in _ANSWERED
        detection = self._detector.detect(text, context, answered)
        if detection.category == CHECK_IN and intent_name == URGENT:
            # An uncertain signal beside an urgent symptom ("heart racing at 160, I feel like I'm going to pass
            # out"): the urgent reply already puts 911 first; asking about suicide there would only confuse.
            return
        if detection.category == CHECK_IN and asking_item9:
            # The answer to PHQ-9 item 9 ("no but I think about it"): that question already asks about thoughts of
            # self-harm, and the form turns any answer above "not at all" into 988 and a priority-2 escalation;
            # the check-in would pause the form, lose the answer and record only a low-priority escalation.
            return
        if not detection.is_crisis:
            if context.awaiting_check_in and intent_name in _NOT_AN_ANSWER:
                # The detector read a clear "no" to its direct question ("no i'm ok, just tired"): that is the
                # answer, not a request for medical advice the decline would answer (with 911 in it).
                message.set(INTENT, {"name": DENY, "confidence": 1.0}, add_to_output=True)
            return
        # Only the category goes to the log: message text is PHI.
        logger.info("crisis language detected: category=%s reply=%s", detection.category, detection.reply)
        previous = message.get(INTENT) or {}
        message.set(INTENT, {"name": CRISIS_INTENT, "confidence": 1.0}, add_to_output=True)
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != CRISIS_INTENT]
        message.set(INTENT_RANKING_KEY, [{"name": CRISIS_INTENT, "confidence": 1.0}, *ranking], add_to_output=True)
        end = len(text or "")
        entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") not in ("crisis_category", REPLY_SLOT)]
        for name, value in (("crisis_category", detection.category), (REPLY_SLOT, detection.reply)):
            entities.append(
                {"entity": name, "value": value, "start": 0, "end": end, "confidence_entity": 1.0, "extractor": "CrisisIntentClassifier"}
            )
        message.set(ENTITIES, entities, add_to_output=True)
        message.set(OVERRIDDEN_INTENT_KEY, previous.get("name"), add_to_output=True)
