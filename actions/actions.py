"""Rasa SDK actions: thin adapters over the bot package."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.escalation import service
from bot.escalation.categories import DEFAULT_CATEGORY, STAFF_REQUEST
from bot.handoff import CRISIS_ALERTED_SLOT


def escalate(tracker: Tracker, category: str) -> service.Escalated:
    return service.escalate(service.request_for_turn(
        tracker.sender_id, tracker.latest_message, tracker.events, tracker.get_latest_input_channel(), category))


service.replay_left_over_spool()


class ActionEscalateCrisis(Action):
    def name(self) -> Text:
        return "action_escalate_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        escalate(tracker, tracker.get_slot("crisis_category") or DEFAULT_CATEGORY)
        return [SlotSet(CRISIS_ALERTED_SLOT, True)]


class ActionRequestStaff(Action):
    def name(self) -> Text:
        return "action_request_staff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        escalate(tracker, STAFF_REQUEST.name)
        return []
