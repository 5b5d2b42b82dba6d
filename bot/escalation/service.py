"""The one way an adapter escalates a turn: record it now, else spool it, else leave it to the sweeper.

If our database is down the worker's sweeper recovers crisis turns from the tracker store later; in the
production profile, where the tracker store is on the same PostgreSQL and down with it, the request also
goes to the local spool (bot/escalation/spool.py), replayed once the database answers.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from sqlalchemy.exc import SQLAlchemyError

from bot.config import settings
from bot.db import session_scope
from bot.escalation import spool
from bot.escalation.categories import NOT_CRISIS_LANGUAGE
from bot.escalation.record import EscalationRequest, record_escalation

logger = logging.getLogger(__name__)

RECORDED = "recorded"
ATTACHED = "attached"  # joined the conversation's open escalation; staff alerted again
SPOOLED = "spooled"
LEFT_TO_SWEEPER = "left_to_sweeper"


@dataclass(frozen=True)
class Escalated:
    status: str
    escalation_id: int | None = None

    @property
    def repeat(self) -> bool:
        """Staff already have this conversation: the person had the whole crisis text with the first
        escalation, so a short reminder of the hotline is the better reply now."""
        return self.status == ATTACHED


def request_for_turn(
    conversation_id: str,
    latest_message: Mapping[str, Any] | None,
    events: Sequence[Mapping[str, Any]],
    channel: str | None,
    category: str,
    recorded_by: str = "action",
) -> EscalationRequest:
    """The request for the conversation's latest user turn, from what Rasa hands an action."""
    message = latest_message or {}
    user_events = [e for e in events if e.get("event") == "user"]
    latest = user_events[-1] if user_events else {}
    message_id = message.get("message_id") or latest.get("message_id") or f"{conversation_id}@{latest.get('timestamp')}"
    return EscalationRequest(
        conversation_id=conversation_id,
        message_id=str(message_id),
        channel=channel or "unknown",
        category=category,
        trigger_text=message.get("text"),
        message_time=latest.get("timestamp"),
        recorded_by=recorded_by,
    )


def escalate(request: EscalationRequest) -> Escalated:
    try:
        with session_scope() as session:
            recorded = record_escalation(session, request)
            return Escalated(ATTACHED if recorded.attached else RECORDED, recorded.escalation.id)
    except SQLAlchemyError as error:
        # SQLite: the tracker store is another file, and the sweeper recovers a crisis turn from it; it reads
        # only crisis turns, so a staff request, a PHQ-9 item 9 answer or an opted-out text is spooled like in
        # production (an opted-out crisis never reaches the dialogue: nothing else would ever record it).
        if not settings().production and request.category not in NOT_CRISIS_LANGUAGE:
            logger.error("could not record escalation now (%s); the sweeper will retry", type(error).__name__)
            return Escalated(LEFT_TO_SWEEPER)
        logger.error("could not record escalation now (%s); spooled for retry", type(error).__name__)
        try:
            spool.put(request)
            spool.replay_in_background()
        except OSError as spool_error:
            logger.error("could not spool the escalation (%s); the sweeper will retry", type(spool_error).__name__)
            return Escalated(LEFT_TO_SWEEPER)
        return Escalated(SPOOLED)


def replay_left_over_spool() -> None:
    """Escalations left by an action server that stopped before the database came back."""
    if spool.pending():
        spool.replay_in_background()
