"""Rasa SDK actions for bot.answers: thin adapters (the log of unanswered questions, "Did you mean")."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.answers import log
from bot.answers.offers import NONE_OF_THESE
from bot.answers.training import titles
from bot.config import settings
from bot.db import engine_for, session_scope

logger = logging.getLogger(__name__)
OPTION_ENTITY = "faq_option"  # set by components.answer_fit.AnswerFit
_TITLES = titles()


class ActionLogUnanswered(Action):
    """Never blocks the reply: a database error is logged (without the message text) and the turn goes on."""

    def name(self) -> Text:
        return "action_log_unanswered"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name") or ""
        selected = ((message.get("response_selector") or {}).get("faq") or {}).get("response") or {}
        nearest = str(selected.get("intent_response_key") or "").split("/", 1)[-1] or None
        try:
            with session_scope(engine_for(settings().database_url)) as session:
                log.record(session, tracker.sender_id, tracker.get_latest_input_channel(), intent,
                           str(message.get("text") or ""), nearest, selected.get("confidence"))
        except SQLAlchemyError as error:
            logger.warning("unanswered question not logged: %s", type(error).__name__)
        return []


class ActionDidYouMean(Action):
    def name(self) -> Text:
        return "action_did_you_mean"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        options = [e["value"] for e in (tracker.latest_message or {}).get("entities") or []
                   if e.get("entity") == OPTION_ENTITY and e.get("value") in _TITLES]
        if len(options) < 2:
            dispatcher.utter_message(response="utter_cannot_answer")
        else:
            buttons = [{"title": _TITLES[entry], "payload": _TITLES[entry]} for entry in options]
            buttons.append({"title": NONE_OF_THESE, "payload": NONE_OF_THESE})
            dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        await ActionLogUnanswered().run(dispatcher, tracker, domain)
        return []
