"""What staff do to escalations and pre-screens: queue order, status, assignment, notes, handoff records."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.escalation.models import OPEN_STATUSES, Escalation, Handoff
from bot.escalation.models import STATUSES as ESCALATION_STATUSES
from bot.screening.records import FOLLOW_UP_STATUSES as PRESCREEN_STATUSES
from bot.screening.records import Prescreen
from bot.staff.models import Note

MAX_NOTE_CHARS = 5000
INCOMPLETE = "incomplete"  # pre-screen filter value: not finished, so no outcome yet


class CaseError(ValueError):
    """A rejected change; the caller shows a fixed message for it."""


def queue(session: Session, status: str | None = None, limit: int = 200) -> list[Escalation]:
    """Open items before resolved ones, then most urgent (priority 1 = imminent) first, then newest."""
    query = select(Escalation).order_by(
        case((Escalation.status == "resolved", 1), else_=0), Escalation.priority, Escalation.created_at.desc(), Escalation.id.desc()
    ).limit(limit)
    if status == "open":
        query = query.where(Escalation.status.in_(OPEN_STATUSES))
    elif status in ESCALATION_STATUSES:
        query = query.where(Escalation.status == status)
    return list(session.execute(query).scalars())


def count_new(session: Session, max_priority: int | None = None) -> int:
    """New escalations; with `max_priority=2` only the P1/P2 ones (crises) that raise an alert."""
    query = select(func.count(Escalation.id)).where(Escalation.status == "new")
    if max_priority is not None:
        query = query.where(Escalation.priority <= max_priority)
    return int(session.execute(query).scalar_one())


def latest_escalation_id(session: Session) -> int:
    return int(session.execute(select(func.max(Escalation.id))).scalar_one() or 0)


def set_escalation_status(escalation: Escalation, status: str) -> str:
    """Returns the previous status."""
    if status not in ESCALATION_STATUSES:
        raise CaseError("unknown status")
    previous, escalation.status = escalation.status, status
    return previous


def set_prescreen_status(prescreen: Prescreen, status: str) -> str:
    if status not in PRESCREEN_STATUSES:
        raise CaseError("unknown status")
    previous, prescreen.status = prescreen.status, status
    return previous


def add_note(session: Session, target_type: str, target_id: int, author: str, text: str) -> Note:
    text = text.strip()
    if not text or len(text) > MAX_NOTE_CHARS:
        raise CaseError("empty or too long")
    note = Note(target_type=target_type, target_id=target_id, author=author, text=text)
    session.add(note)
    session.flush()
    return note


def notes(session: Session, target_type: str, target_id: int) -> list[Note]:
    return list(session.execute(
        select(Note).where(Note.target_type == target_type, Note.target_id == target_id).order_by(Note.created_at, Note.id)
    ).scalars())


def active_handoff(session: Session, conversation_id: str) -> Handoff | None:
    return session.execute(
        select(Handoff).where(Handoff.conversation_id == conversation_id, Handoff.handed_back_at.is_(None))
        .order_by(Handoff.id.desc()).limit(1)
    ).scalar_one_or_none()


def held_conversations(session: Session) -> set[str]:
    """Conversations staff hold right now."""
    return set(session.execute(select(Handoff.conversation_id).where(Handoff.handed_back_at.is_(None))).scalars())


def record_take_over(session: Session, escalation: Escalation, username: str) -> Handoff:
    """Taking over acknowledges a new escalation and assigns it to the taker if nobody has it."""
    handoff = Handoff(conversation_id=escalation.conversation_id, escalation_id=escalation.id, taken_by=username)
    session.add(handoff)
    if escalation.status == "new":
        escalation.status = "acknowledged"
    escalation.assignee = escalation.assignee or username
    session.flush()
    return handoff


def record_hand_back(handoff: Handoff, username: str) -> None:
    handoff.handed_back_by = username
    handoff.handed_back_at = utcnow()


def prescreens_for(session: Session, conversation_id: str) -> list[Prescreen]:
    return list(session.execute(
        select(Prescreen).where(Prescreen.conversation_id == conversation_id).order_by(Prescreen.started_at.desc())
    ).scalars())


def escalations_for(session: Session, conversation_id: str) -> list[Escalation]:
    return list(session.execute(
        select(Escalation).where(Escalation.conversation_id == conversation_id).order_by(Escalation.created_at.desc())
    ).scalars())


def prescreen_list(session: Session, outcome: str | None = None, status: str | None = None, limit: int = 200) -> list[Prescreen]:
    """Urgent first, then newest; filters are exact matches on the stored codes."""
    query = select(Prescreen).order_by(Prescreen.urgent.desc(), Prescreen.started_at.desc()).limit(limit)
    if outcome == INCOMPLETE:
        query = query.where(Prescreen.outcome.is_(None))
    elif outcome:
        query = query.where(Prescreen.outcome == outcome)
    if status:
        query = query.where(Prescreen.status == status)
    return list(session.execute(query).scalars())


def handoffs_for(session: Session, conversation_id: str) -> list[Handoff]:
    """Every period staff held this conversation, oldest first (the widget's joined/left notices)."""
    return list(session.execute(
        select(Handoff).where(Handoff.conversation_id == conversation_id).order_by(Handoff.taken_at, Handoff.id)
    ).scalars())


@dataclass(frozen=True)
class QueueFilter:
    """The queue page's query: status, priority (1-4), channel, free-text search, page number."""

    status: str = "open"
    priority: int | None = None
    channel: str | None = None
    search: str = ""
    page: int = 1


PAGE_SIZE = 50


def queue_page(session: Session, wanted: QueueFilter, size: int = PAGE_SIZE) -> tuple[list[Escalation], int]:
    """One page of the queue in queue order, and how many rows match in all (the page says "N of M").
    The search matches the category, assignee, conversation id, trigger text and pre-screen contact name."""
    query = select(Escalation)
    if wanted.status == "open":
        query = query.where(Escalation.status.in_(OPEN_STATUSES))
    elif wanted.status in ESCALATION_STATUSES:
        query = query.where(Escalation.status == wanted.status)
    if wanted.priority is not None:
        query = query.where(Escalation.priority == wanted.priority)
    if wanted.channel:
        query = query.where(Escalation.channel == wanted.channel)
    if wanted.search.strip():
        like = "%" + wanted.search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        named = select(Prescreen.conversation_id).where(Prescreen.contact_name.ilike(like, escape="\\"))
        query = query.where(or_(Escalation.category.ilike(like, escape="\\"), Escalation.assignee.ilike(like, escape="\\"),
                                Escalation.conversation_id.ilike(like, escape="\\"),
                                Escalation.trigger_text.ilike(like, escape="\\"), Escalation.conversation_id.in_(named)))
    total = int(session.execute(select(func.count()).select_from(query.subquery())).scalar_one())
    ordered = query.order_by(case((Escalation.status == "resolved", 1), else_=0), Escalation.priority,
                             Escalation.created_at.desc(), Escalation.id.desc())
    rows = session.execute(ordered.offset((max(wanted.page, 1) - 1) * size).limit(size)).scalars()
    return list(rows), total


def names_for(session: Session, conversation_ids: set[str]) -> dict[str, str]:
    """The name a person gave in a pre-screen, per conversation (the latest one)."""
    if not conversation_ids:
        return {}
    rows = session.execute(select(Prescreen.conversation_id, Prescreen.contact_name)
                           .where(Prescreen.conversation_id.in_(conversation_ids), Prescreen.contact_name.is_not(None))
                           .order_by(Prescreen.started_at))
    return {conversation_id: name for conversation_id, name in rows if name}


def channels(session: Session) -> list[str]:
    return sorted(c for c in session.execute(select(Escalation.channel).distinct()).scalars() if c)
