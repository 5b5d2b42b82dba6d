"""Rasa SDK actions: thin adapters over the bot package."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.decide import ADVICE, FAQ
from bot.escalation import service
from bot.escalation.categories import DEFAULT_CATEGORY, STAFF_REQUEST
from bot.handoff import CRISIS_ALERTED_SLOT
from bot.safety.hotlines import CHECK_IN_WITH_ANSWER, OVERRIDDEN_INTENT_KEY, REPLY_SLOT


def escalate(tracker: Tracker, category: str) -> service.Escalated:
    return service.escalate(service.request_for_turn(
        tracker.sender_id, tracker.latest_message, tracker.events, tracker.get_latest_input_channel(), category))


service.replay_left_over_spool()


class ActionEscalateCrisis(Action):
    def name(self) -> Text:
        return "action_escalate_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        escalate(tracker, tracker.get_slot("crisis_category") or DEFAULT_CATEGORY)
        answer = answer_beside_check_in(tracker)
        if answer:
            dispatcher.utter_message(response=answer)
        return [SlotSet(CRISIS_ALERTED_SLOT, True)]


def answer_beside_check_in(tracker: Tracker) -> str | None:
    """The reply to the question a check-in went out beside (bot.safety.detector: `answered`): the content
    entry the answers layer chose, or the medical-advice decline. Sent after the escalation is recorded."""
    if not str(tracker.get_slot(REPLY_SLOT) or "").startswith(CHECK_IN_WITH_ANSWER):
        return None
    message = tracker.latest_message or {}
    replaced = message.get(OVERRIDDEN_INTENT_KEY)
    if replaced == ADVICE:
        return "utter_medical_advice"
    if replaced != FAQ:
        return None
    selected = ((message.get("response_selector") or {}).get(FAQ) or {}).get("response") or {}
    return str(selected.get("utter_action") or "") or None


class ActionRequestStaff(Action):
    def name(self) -> Text:
        return "action_request_staff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        escalate(tracker, STAFF_REQUEST.name)
        return []
