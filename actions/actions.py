"""Rasa SDK actions: thin adapters over the bot package."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.db import session_scope
from bot.escalation import EscalationRequest, record_escalation

logger = logging.getLogger(__name__)


def escalation_request(tracker: Tracker, category: str, recorded_by: str = "action") -> EscalationRequest:
    message = tracker.latest_message or {}
    user_events = [e for e in tracker.events if e.get("event") == "user"]
    latest = user_events[-1] if user_events else {}
    return EscalationRequest(
        conversation_id=tracker.sender_id,
        message_id=str(message.get("message_id") or latest.get("message_id") or f"{tracker.sender_id}@{latest.get('timestamp')}"),
        channel=tracker.get_latest_input_channel() or "unknown",
        category=category,
        trigger_text=message.get("text"),
        message_time=latest.get("timestamp"),
        recorded_by=recorded_by,
    )


def escalate(tracker: Tracker, category: str) -> None:
    """Records the escalation; if the database is down the worker's sweeper recovers crisis turns later."""
    try:
        with session_scope() as session:
            record_escalation(session, escalation_request(tracker, category))
    except SQLAlchemyError as error:
        logger.error("could not record escalation now (%s); the sweeper will retry", type(error).__name__)


class ActionEscalateCrisis(Action):
    def name(self) -> Text:
        return "action_escalate_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        escalate(tracker, tracker.get_slot("crisis_category") or "ideation")
        return []


class ActionRequestStaff(Action):
    def name(self) -> Text:
        return "action_request_staff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        escalate(tracker, "staff_request")
        return []
