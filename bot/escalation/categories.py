"""Escalation categories in one place: each one's queue priority, the label staff see, and the default.

The crisis categories and their labels come from the reviewed lexicon (data/safety/lexicon.yml), so the
detector, the queue and the console never disagree; the two categories that are not crisis language are
declared here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bot.safety.lexicon import load_lexicon

#: A crisis turn that carries no category (an older tracker, a detector without one) counts as this.
DEFAULT_CATEGORY = "ideation"
#: Unknown categories sit with ideation: urgent, never the top of the queue by accident.
DEFAULT_PRIORITY = 2


@dataclass(frozen=True)
class Category:
    name: str
    priority: int  # lower is more urgent: imminent risk is 1, a request to talk to a person is 4
    label: str


#: Not crisis-lexicon categories.
PHQ9_ITEM9 = Category("phq9_item9", 2, "Pre-screen: thoughts of self-harm (PHQ-9 item 9)")
STAFF_REQUEST = Category("staff_request", 4, "Asked to talk to a person")
#: A crisis message from a number that opted out of texts: staff must phone (channels/twilio.py).
SMS_OPTED_OUT = Category("sms_opted_out", 1, "SMS opted out: call")
#: Categories that tell staff how they must reach the person: joining an open escalation, they label it even
#: at the same priority (the channel's flag and the dialogue's crisis record can land in either order).
HOW_TO_REACH = frozenset({SMS_OPTED_OUT.name})
#: The categories the lexicon does not declare: escalations no crisis turn in the tracker store stands for.
_NOT_IN_LEXICON = (PHQ9_ITEM9, STAFF_REQUEST, SMS_OPTED_OUT)
#: The sweeper cannot recover these, so a failed record is spooled in every profile (bot/escalation/service.py).
NOT_CRISIS_LANGUAGE = frozenset(c.name for c in _NOT_IN_LEXICON)


@lru_cache(maxsize=1)
def categories() -> dict[str, Category]:
    lexicon = load_lexicon(enforce_review=False)  # an overdue review fails CI, never a live escalation
    found = {name: Category(name, priority, lexicon.labels[name]) for name, priority in lexicon.categories.items()}
    return {**found, **{c.name: c for c in _NOT_IN_LEXICON}}


def category(name: str) -> Category:
    """The named category; an unknown one (a newer detector) gets the default priority and a readable label."""
    return categories().get(name) or Category(name, DEFAULT_PRIORITY, name.replace("_", " ").capitalize())


def priority_for(name: str) -> int:
    return category(name).priority


def label_for(name: str) -> str:
    return category(name).label
