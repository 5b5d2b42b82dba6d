"""Rasa adapters for the pre-screen: consent, the form's turn handling, and the stored outcome."""
from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from typing import Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot.answers.decide import has_words
from bot.db import session_scope, utcnow
from bot.escalation import service
from bot.escalation.categories import PHQ9_ITEM9
from bot.safety.hotlines import load_hotlines, reply_key
from bot.screening.dialogue import COMPLETED, CONSENT_PENDING, DELETED, IN_PROGRESS, PAUSED, STOPPED, record, take_turn
from bot.screening.outcome import ITEM9_FLAG, Outcome, Rules, evaluate, load_rules
from bot.screening.questionnaire import Questionnaire, load_questionnaire
from bot.screening.records import complete, delete_for, save_progress
from bot.screening.slots import (
    PRESCREEN_NOTES_SLOT,
    PRESCREEN_SLOT_PREFIX,
    PRESCREEN_STARTED_SLOT,
    PRESCREEN_STATUS_SLOT,
)
from bot.sms.prescreen import remaining

logger = logging.getLogger(__name__)
# Off-script questions answered in the middle of the form before the question is asked again.
SIDE_INTENTS = {"medical_advice": "utter_medical_advice", "out_of_scope": "utter_out_of_scope", "bot_challenge": "utter_iamabot"}


@lru_cache(maxsize=1)
def outcome_rules() -> Rules:
    return load_rules(enforce_review=False)


@lru_cache(maxsize=1)
def crisis_reply() -> str:
    """The item-9 reply: the same reviewed text as the static crisis response."""
    return load_hotlines(enforce_review=False).replies[reply_key("self", "en")]


@lru_cache(maxsize=1)
def questionnaire() -> Questionnaire:
    return load_questionnaire(enforce_review=False)  # an overdue review fails CI, not a live pre-screen


def answers_from(tracker: Tracker) -> Dict[str, object]:
    return {q.slot: tracker.get_slot(PRESCREEN_SLOT_PREFIX + q.slot) for q in questionnaire().questions}


def notes_from(tracker: Tracker) -> Dict[str, object]:
    return dict(tracker.get_slot(PRESCREEN_NOTES_SLOT) or {})


def sms_number(tracker: Tracker) -> Optional[str]:
    """Over SMS the conversation id is the sender's number (for a "same as this number" reply)."""
    return tracker.sender_id if tracker.get_latest_input_channel() == "twilio" else None


def started_at(tracker: Tracker) -> dt.datetime:
    value = tracker.get_slot(PRESCREEN_STARTED_SLOT)
    return dt.datetime.fromisoformat(value) if value else utcnow()


def store(
    tracker: Tracker,
    answers: Dict[str, object],
    *,
    started: Optional[dt.datetime] = None,
    consent_at: Optional[dt.datetime] = None,
    outcome: Optional[Outcome] = None,
) -> None:
    """Saves progress (and the outcome at the end); a database outage must not break the conversation:
    the answers stay in the slots and are saved on the next turn."""
    try:
        with session_scope() as session:
            channel = tracker.get_latest_input_channel() or "unknown"
            row = save_progress(session, tracker.sender_id, started or started_at(tracker), channel, answers, consent_at)
            if outcome is not None:
                complete(session, row, outcome)
    except SQLAlchemyError as error:
        logger.error("could not store the pre-screen now (%s)", type(error).__name__)


def next_slot(answers: Dict[str, object]) -> Optional[str]:
    question = questionnaire().next_question(answers)
    return PRESCREEN_SLOT_PREFIX + question.slot if question else None


class ActionPrescreenStart(Action):
    """Asks for consent, or resumes an unfinished pre-screen where it stopped."""

    def name(self) -> Text:
        return "action_prescreen_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        status = tracker.get_slot(PRESCREEN_STATUS_SLOT)
        if status == COMPLETED:
            dispatcher.utter_message(response="utter_prescreen_already_done")
            return [SlotSet(PRESCREEN_STATUS_SLOT, COMPLETED)]
        if status in (IN_PROGRESS, PAUSED, STOPPED) and tracker.get_slot(PRESCREEN_STARTED_SLOT):
            left = remaining(questionnaire(), answers_from(tracker), sms=bool(sms_number(tracker)))
            dispatcher.utter_message(response="utter_prescreen_resume", remaining=left)
            return [SlotSet(PRESCREEN_STATUS_SLOT, IN_PROGRESS)]
        dispatcher.utter_message(response="utter_prescreen_consent")
        return [SlotSet(PRESCREEN_STATUS_SLOT, CONSENT_PENDING)]


class ActionPrescreenConsent(Action):
    def name(self) -> Text:
        return "action_prescreen_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        now = utcnow().replace(microsecond=0)
        events: List[EventType] = [SlotSet(PRESCREEN_STATUS_SLOT, IN_PROGRESS), SlotSet(PRESCREEN_STARTED_SLOT, now.isoformat())]
        events += [SlotSet(PRESCREEN_SLOT_PREFIX + q.slot, None) for q in questionnaire().questions]
        notes = {k: v for k, v in notes_from(tracker).items() if k == ITEM9_FLAG}  # a positive item 9 is never dropped
        events.append(SlotSet(PRESCREEN_NOTES_SLOT, notes))
        store(tracker, record({}, notes), started=now, consent_at=now)
        return events


class ActionPrescreenDecline(Action):
    def name(self) -> Text:
        return "action_prescreen_decline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(response="utter_prescreen_declined")
        return [SlotSet(PRESCREEN_STATUS_SLOT, None)]


class ValidatePrescreenForm(FormValidationAction):
    """Handles every reply inside the form through bot.screening.dialogue.take_turn."""

    def name(self) -> Text:
        return "validate_prescreen_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        answers = answers_from(tracker)
        asked = tracker.get_slot("requested_slot")
        activating = not (tracker.active_loop or {}).get("name")
        if activating or not asked or not asked.startswith(PRESCREEN_SLOT_PREFIX):
            return [SlotSet("requested_slot", next_slot(answers))]
        if (tracker.latest_message.get("intent") or {}).get("name") == "crisis":
            # Reject the turn: the form then lets the crisis rule answer and pause the pre-screen.
            return []
        slot = asked[len(PRESCREEN_SLOT_PREFIX):]
        notes = notes_from(tracker)
        text = tracker.latest_message.get("text") or ""
        turn = take_turn(questionnaire(), answers, slot, text, notes, sms_number(tracker))
        if turn.status == DELETED:
            return self._delete(dispatcher, tracker)
        if not turn.understood:
            side = self._side_response(tracker)
            if side:
                turn.messages = []
                dispatcher.utter_message(response=side)
        for message in turn.messages:
            dispatcher.utter_message(text=message)
        events: List[EventType] = [
            SlotSet(PRESCREEN_SLOT_PREFIX + s, v) for s, v in turn.answers.items() if answers.get(s) != v
        ]
        cleared = [s for s in answers if s not in turn.answers and answers[s] is not None]  # "start over"
        events += [SlotSet(PRESCREEN_SLOT_PREFIX + s, None) for s in cleared]
        if not any(isinstance(e, dict) and e.get("name") == asked for e in events):
            events.append(SlotSet(asked, turn.answers.get(slot)))  # keeps the form from rejecting the turn
        events.append(SlotSet(PRESCREEN_NOTES_SLOT, turn.notes))
        started = None
        if turn.restarted:  # a new record: the earlier one (and any item-9 answer in it) stays for staff
            started = utcnow().replace(microsecond=0)
            events.append(SlotSet(PRESCREEN_STARTED_SLOT, started.isoformat()))
        if turn.answers != answers or turn.notes != notes:
            store(tracker, record(turn.answers, turn.notes), started=started, consent_at=started)
        if turn.item9_positive:
            dispatcher.utter_message(text=crisis_reply())
            service.escalate(service.request_for_turn(tracker.sender_id, tracker.latest_message, tracker.events,
                                                      tracker.get_latest_input_channel(), PHQ9_ITEM9.name))
        if turn.status in (STOPPED, PAUSED):
            return events + [SlotSet(PRESCREEN_STATUS_SLOT, turn.status), SlotSet("requested_slot", None)]
        return events + [SlotSet(PRESCREEN_STATUS_SLOT, IN_PROGRESS), SlotSet("requested_slot", next_slot(turn.answers))]

    @staticmethod
    def _delete(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        """Removes the stored pre-screen(s) of this conversation and clears the answers; logs only a count."""
        try:
            with session_scope() as session:
                removed = delete_for(session, tracker.sender_id)
            logger.info("pre-screen answers deleted on request (%d record(s))", removed)
            dispatcher.utter_message(response="utter_prescreen_deleted")
        except SQLAlchemyError as error:
            logger.error("could not delete the pre-screen now (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_prescreen_delete_failed")
        events: List[EventType] = [SlotSet(PRESCREEN_SLOT_PREFIX + q.slot, None) for q in questionnaire().questions]
        return events + [SlotSet(PRESCREEN_NOTES_SLOT, {}), SlotSet(PRESCREEN_STARTED_SLOT, None),
                         SlotSet(PRESCREEN_STATUS_SLOT, STOPPED), SlotSet("requested_slot", None)]

    @staticmethod
    def _side_response(tracker: Tracker) -> Optional[str]:
        """A question asked instead of an answer gets its own reply before we ask again."""
        message = tracker.latest_message or {}
        if not has_words(message.get("text") or ""):
            return None  # "5" to a 1-3 choice is a mistyped answer, not a question: only the re-ask
        intent = (message.get("intent") or {}).get("name")
        if intent == "faq":
            selected = (message.get("response_selector") or {}).get("faq", {}).get("response", {})
            return selected.get("utter_action")
        if intent == "out_of_scope" and sms_number(tracker):
            return None  # by text "5" or "im a guy" is a mistyped answer: the SMS re-ask says what to reply
        return SIDE_INTENTS.get(intent or "")


class ActionPrescreenFinish(Action):
    """After the form: the outcome (stored, shown) when complete; a pause or stop message otherwise."""

    def name(self) -> Text:
        return "action_prescreen_finish"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        status = tracker.get_slot(PRESCREEN_STATUS_SLOT)
        if status == STOPPED:
            if tracker.get_slot(PRESCREEN_STARTED_SLOT):  # not after "delete my answers"
                dispatcher.utter_message(response="utter_prescreen_stopped")
            return []
        if status == PAUSED:
            dispatcher.utter_message(response="utter_prescreen_paused")
            return []
        answers = record(answers_from(tracker), notes_from(tracker))
        outcome = evaluate(answers, outcome_rules(), questionnaire())
        store(tracker, answers, outcome=outcome)
        dispatcher.utter_message(text=outcome.message)
        for reason in outcome.reasons:
            dispatcher.utter_message(text=reason)
        dispatcher.utter_message(response="utter_prescreen_next_steps")  # what happens now, and when
        return [SlotSet(PRESCREEN_STATUS_SLOT, COMPLETED)]
