"""Rasa SDK actions: thin adapters over the bot package."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot import spool
from bot.config import settings
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
    """Records the escalation. If the database is down the worker's sweeper recovers crisis turns from the
    tracker store later; in the production profile, where the tracker store is on the same PostgreSQL and
    down with it, the request also goes to the local spool (bot/spool.py), replayed once the database answers."""
    request = escalation_request(tracker, category)
    try:
        with session_scope() as session:
            record_escalation(session, request)
    except SQLAlchemyError as error:
        if not settings().production:  # SQLite: the tracker store is another file, the sweeper recovers the turn
            logger.error("could not record escalation now (%s); the sweeper will retry", type(error).__name__)
            return
        logger.error("could not record escalation now (%s); spooled for retry", type(error).__name__)
        try:
            spool.put(request)
            spool.replay_in_background()
        except OSError as spool_error:
            logger.error("could not spool the escalation (%s); the sweeper will retry", type(spool_error).__name__)


if spool.pending():  # escalations left by an action server that stopped before the database came back
    spool.replay_in_background()


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
