"""What staff do to escalations and pre-screens: queue order, status, assignment, notes, handoff records."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.escalation.models import OPEN_STATUSES, Escalation, Handoff
from bot.escalation.models import STATUSES as ESCALATION_STATUSES
from bot.screening.records import FOLLOW_UP_STATUSES as PRESCREEN_STATUSES
from bot.screening.records import Prescreen
from bot.staff import present
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


def _prescreen_filter(query: Any, outcome: str | None, status: str | None) -> Any:
    if outcome == INCOMPLETE:
        query = query.where(Prescreen.outcome.is_(None))
    elif outcome:
        query = query.where(Prescreen.outcome == outcome)
    return query.where(Prescreen.status == status) if status else query


def prescreen_list(session: Session, outcome: str | None = None, status: str | None = None, limit: int = 200,
                   offset: int = 0) -> list[Prescreen]:
    """Urgent first, then newest; filters are exact matches on the stored codes."""
    query = _prescreen_filter(select(Prescreen), outcome, status).order_by(
        Prescreen.urgent.desc(), Prescreen.started_at.desc(), Prescreen.id.desc()).limit(limit).offset(offset)
    return list(session.execute(query).scalars())


def prescreen_total(session: Session, outcome: str | None = None, status: str | None = None) -> int:
    """How many pre-screens match (the list says "N of M")."""
    return int(session.execute(_prescreen_filter(select(func.count(Prescreen.id)), outcome, status)).scalar_one())


def prescreen_counts(session: Session) -> dict[str, int]:
    """Counts only (no PHI) that change when a pre-screen starts, finishes, is followed up or deleted: the
    pre-screens list's event stream."""
    completed = func.count(Prescreen.completed_at)
    total, latest, done = session.execute(select(func.count(Prescreen.id), func.max(Prescreen.id), completed)).one()
    by_status = dict(session.execute(select(Prescreen.status, func.count(Prescreen.id)).group_by(Prescreen.status)).all())
    return {"total": int(total), "latest_id": int(latest or 0), "completed": int(done),
            **{f"status_{code}": int(by_status.get(code, 0)) for code in PRESCREEN_STATUSES}}


CRISIS_PRIORITY = 2  # P1/P2: the escalations that raise the console's crisis alerts


@dataclass(frozen=True)
class ConversationLink:
    """Where a pre-screen's conversation is shown (its latest escalation page) and whether it had a crisis."""

    escalation_id: int
    crisis: bool


def conversation_links(session: Session, conversation_ids: set[str]) -> dict[str, ConversationLink]:
    """Per conversation: its newest escalation (the conversation page) and whether any was P1/P2."""
    if not conversation_ids:
        return {}
    rows = session.execute(select(Escalation.conversation_id, func.max(Escalation.id), func.min(Escalation.priority))
                           .where(Escalation.conversation_id.in_(conversation_ids))
                           .group_by(Escalation.conversation_id))
    return {cid: ConversationLink(int(newest), int(top) <= CRISIS_PRIORITY) for cid, newest, top in rows}


def handoffs_for(session: Session, conversation_id: str) -> list[Handoff]:
    """Every period staff held this conversation, oldest first (the widget's joined/left notices)."""
    return list(session.execute(
        select(Handoff).where(Handoff.conversation_id == conversation_id).order_by(Handoff.taken_at, Handoff.id)
    ).scalars())


UNASSIGNED = "-"  # the assignee filter's value for "nobody has it" (no username is "-")


@dataclass(frozen=True)
class QueueFilter:
    """The queue page's query: status, priority (1-4), channel, assignee (a username or UNASSIGNED),
    opened from/to (the clinic's local dates, both days included), free-text search, page number."""

    status: str = "open"
    priority: int | None = None
    channel: str | None = None
    assignee: str | None = None
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None
    search: str = ""
    page: int = 1


PAGE_SIZE = 50


def _like(text: str) -> str:
    return "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def queue_page(session: Session, wanted: QueueFilter, size: int = PAGE_SIZE,
               zone: str = "UTC") -> tuple[list[Escalation], int]:
    """One page of the queue in queue order, and how many rows match in all (the page says "N of M").
    The search matches the category, assignee, conversation id, trigger text and pre-screen contact name;
    the dates are days in the clinic's time zone `zone`."""
    query = select(Escalation)
    if wanted.status == "open":
        query = query.where(Escalation.status.in_(OPEN_STATUSES))
    elif wanted.status in ESCALATION_STATUSES:
        query = query.where(Escalation.status == wanted.status)
    if wanted.priority is not None:
        query = query.where(Escalation.priority == wanted.priority)
    if wanted.channel:
        query = query.where(Escalation.channel == wanted.channel)
    if wanted.assignee == UNASSIGNED:
        query = query.where(or_(Escalation.assignee.is_(None), Escalation.assignee == ""))
    elif wanted.assignee:
        query = query.where(Escalation.assignee == wanted.assignee)
    if wanted.opened_from is not None:
        query = query.where(Escalation.created_at >= present.day_start_utc(wanted.opened_from, zone))
    if wanted.opened_to is not None:
        query = query.where(Escalation.created_at < present.day_start_utc(wanted.opened_to + dt.timedelta(days=1), zone))
    if wanted.search.strip():
        like = _like(wanted.search)
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


def assignees(session: Session) -> list[str]:
    """Everyone who has been assigned an escalation (the queue's assignee filter)."""
    return sorted(a for a in session.execute(select(Escalation.assignee).distinct()).scalars() if a)


def channels(session: Session) -> list[str]:
    return sorted(c for c in session.execute(select(Escalation.channel).distinct()).scalars() if c)
