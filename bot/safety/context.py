"""What earlier turns of a conversation say about the next message's risk.

The crisis detector reads one message; people in distress spread it over several ("everything is pointless"
... "anyway, thanks for everything, bye"). The Rasa component builds this from the tracker's recent events.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

RECENT_TURNS = 3  # earlier user messages that can lower the bar for the next one
CHECK_IN = "check_in"  # category of the uncertain tier: a direct question, a lower-priority escalation
CHECK_IN_ANSWER = "check_in_answer"  # a yes or unclear answer to that question: top priority


@dataclass(frozen=True)
class ConversationContext:
    recent: tuple[str, ...] = ()  # earlier user messages of this session, oldest first
    item9_positive: bool = False  # PHQ-9 item 9 ("better off dead or hurting yourself") answered above 0
    escalated: bool = False  # a crisis escalation earlier in this session
    awaiting_check_in: bool = False  # the bot's last question was the check-in question

    @property
    def raises_risk(self) -> bool:
        return self.item9_positive or self.escalated


def from_events(events: Iterable[Mapping[str, Any]], item9: Any = None) -> ConversationContext:
    """Builds the context from tracker events (as dicts) of the current session; `item9` is the phq9_9 slot."""
    recent: list[str] = []
    escalated = awaiting = False
    for event in events:
        kind = event.get("event")
        if kind == "session_started":
            recent, escalated, awaiting = [], False, False
        elif kind == "user":
            parse = event.get("parse_data") or {}
            categories = {e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "crisis_category"}
            is_crisis = (parse.get("intent") or {}).get("name") == "crisis"
            escalated = escalated or (is_crisis and CHECK_IN not in categories)
            awaiting = is_crisis and CHECK_IN in categories
            if event.get("text"):
                recent.append(str(event["text"]))
    try:
        item9_positive = item9 is not None and int(float(item9)) > 0
    except (TypeError, ValueError):
        item9_positive = False
    return ConversationContext(tuple(recent[-RECENT_TURNS:]), item9_positive, escalated, awaiting)
