"""Finds crisis turns in the tracker store that have no escalation yet, and records them.

The crisis reply is a static response, so it goes out even when the action server or our database
is down; the escalation that failed then is recovered here, from what Rasa stored.
"""
from __future__ import annotations

import logging
import time

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.db import session_scope
from bot.escalation.categories import DEFAULT_CATEGORY
from bot.escalation.models import Escalation, EscalationEvent
from bot.escalation.record import EscalationRequest, record_escalation
from bot.escalation.transcripts import user_turns_with_intent

logger = logging.getLogger(__name__)
LOOKBACK_SECONDS = 7 * 24 * 3600


def sweep(tracker_engine: Engine, app_engine: Engine, now: float | None = None) -> int:
    """Returns how many missing escalations it recorded."""
    since = (now or time.time()) - LOOKBACK_SECONDS
    recovered = 0
    with session_scope(app_engine) as session:
        known = {
            tuple(row)
            for model in (Escalation, EscalationEvent)
            for row in session.execute(
                select(model.conversation_id, model.message_id).where(model.message_time >= since)
            ).all()
        }
        for turn in user_turns_with_intent(tracker_engine, "crisis", since):
            if (turn.conversation_id, turn.message_id) in known:
                continue
            request = EscalationRequest(
                conversation_id=turn.conversation_id,
                message_id=turn.message_id,
                channel=turn.channel,
                category=turn.entities.get("crisis_category") or DEFAULT_CATEGORY,
                trigger_text=turn.text,
                message_time=turn.timestamp,
                recorded_by="sweeper",
            )
            recovered += record_escalation(session, request).created
    if recovered:
        logger.warning("sweeper recovered %s escalation(s) the action server had not recorded", recovered)
    return recovered
