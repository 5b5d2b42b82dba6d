"""JSON API for other clinic systems (bearer tokens) and the console's own polling.

PHI (phone numbers, names, e-mail, message text, answers, notes) is masked or left out unless the
caller asks for `?reveal=1`; every call except the PHI-free counters is audited.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any, Callable

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bot import masking
from bot.db import RASA_EVENTS, session_scope
from bot.escalation.categories import label_for
from bot.escalation.models import Escalation
from bot.screening.records import FOLLOW_UP_STATUSES as PRESCREEN_STATUSES
from bot.screening.records import Prescreen
from bot.staff import audit, cases, present, replies
from bot.staff.web import (
    SECURITY_HEADERS,
    Handler,
    access,
    client_ip,
    console,
    get_or_404,
    parse_id,
    principal,
    read_transcript,
)

MAX_LIMIT = 500
STREAM_SECONDS = 300


def _iso(moment: Any) -> str | None:
    return moment.isoformat() + "Z" if moment is not None else None


def _reveal(request: web.Request) -> bool:
    return request.query.get("reveal", "") in ("1", "true", "yes")


def _limit(request: web.Request) -> int:
    limit = parse_id(request.query.get("limit"))
    return 100 if limit is None else min(max(limit, 1), MAX_LIMIT)


def escalation_json(e: Escalation, reveal: bool, held: bool) -> dict[str, Any]:
    return {
        "id": e.id,
        "conversation_id": present.conversation_label(e.channel, e.conversation_id, reveal),
        "channel": e.channel,
        "category": e.category,
        "category_label": label_for(e.category),
        "priority": e.priority,
        "status": e.status,
        "assignee": e.assignee,
        "handoff_active": held,
        "created_at": _iso(e.created_at),
        "updated_at": _iso(e.updated_at),
        "trigger_text": e.trigger_text if reveal else None,
    }


def prescreen_json(p: Prescreen, reveal: bool) -> dict[str, Any]:
    return {
        "id": p.id,
        "conversation_id": present.conversation_label(p.channel, p.conversation_id, reveal),
        "channel": p.channel,
        "outcome": p.outcome,
        "reasons": p.reasons,
        "urgent": bool(p.urgent),
        "phq9_total": p.phq9_total,
        "phq9_band": p.phq9_band,
        "status": p.status,
        "started_at": _iso(p.started_at),
        "completed_at": _iso(p.completed_at),
        "contact_method": p.contact_method,
        "contact_name": p.contact_name if reveal else present.initials(p.contact_name),
        "contact_phone": p.contact_phone if reveal else present.mask_phone(p.contact_phone),
        "contact_email": p.contact_email if reveal else masking.mask_email(p.contact_email),
        "answers": p.answers if reveal else None,
    }


@access("api")
async def list_escalations(request: web.Request) -> web.StreamResponse:
    """?status=open|new|acknowledged|resolved|all (default all), ?limit=, ?reveal=1."""
    reveal = _reveal(request)
    with session_scope(console(request).engine) as session:
        rows = cases.queue(session, request.query.get("status"), _limit(request))
        held = cases.held_conversations(session)
        body = [escalation_json(e, reveal, e.conversation_id in held) for e in rows]
        audit.record(session, principal(request).name, "api_list_escalations", ip=client_ip(request),
                     reveal=reveal, count=len(body))
    return web.json_response({"escalations": body})


@access("api")
async def get_escalation(request: web.Request) -> web.StreamResponse:
    """One escalation; with ?reveal=1 also its transcript and notes."""
    reveal = _reveal(request)
    with session_scope(console(request).engine) as session:
        e: Escalation = get_or_404(session, Escalation, request)
        body = escalation_json(e, reveal, cases.active_handoff(session, e.conversation_id) is not None)
        body["prescreen_ids"] = [p.id for p in cases.prescreens_for(session, e.conversation_id)]
        if reveal:
            body["notes"] = [{"author": n.author, "text": n.text, "created_at": _iso(n.created_at)}
                             for n in cases.notes(session, "escalation", e.id)]
        audit.record(session, principal(request).name, "api_view_escalation", "escalation", e.id,
                     ip=client_ip(request), reveal=reveal)
    if reveal:
        turns = read_transcript(request, e.conversation_id)
        body["transcript"] = None if turns is None else [
            {"kind": t.kind, "text": t.text, "timestamp": t.timestamp, "message_id": t.message_id,
             "staff": t.staff, "trigger": t.message_id == e.message_id}
            for t in turns
        ]
    return web.json_response(body)


@access("api")
async def list_prescreens(request: web.Request) -> web.StreamResponse:
    """?outcome=<code>|incomplete, ?status=to_call|contacted|booked|closed, ?limit=, ?reveal=1."""
    reveal = _reveal(request)
    outcome, status = request.query.get("outcome"), request.query.get("status")
    with session_scope(console(request).engine) as session:
        rows = cases.prescreen_list(session, outcome if outcome in present.OUTCOME_LABELS else None,
                                    status if status in PRESCREEN_STATUSES else None, _limit(request))
        body = [prescreen_json(p, reveal) for p in rows]
        audit.record(session, principal(request).name, "api_list_prescreens", ip=client_ip(request),
                     reveal=reveal, count=len(body))
    return web.json_response({"prescreens": body})


@access("poll")
async def queue_count(request: web.Request) -> web.StreamResponse:
    """Polled by open console pages every 5 s: counts only, so it is not audited."""
    with session_scope(console(request).engine) as session:
        return web.json_response({"new": cases.count_new(session), "latest_id": cases.latest_escalation_id(session)})


def _turn_count(request: web.Request, conversation_id: str) -> int | None:
    """How many messages the conversation holds (None when the tracker store cannot be read)."""
    query = select(func.count()).where(RASA_EVENTS.c.sender_id == conversation_id,
                                       RASA_EVENTS.c.type_name.in_(("user", "bot")))
    try:
        with console(request).tracker_engine.connect() as connection:
            return int(connection.execute(query).scalar_one())
    except SQLAlchemyError:
        return None


@access("poll")
async def turn_count(request: web.Request) -> web.StreamResponse:
    """Lets an open escalation page without server-sent events say "new messages" without re-reading
    (and re-auditing) the transcript."""
    with session_scope(console(request).engine) as session:
        conversation_id = get_or_404(session, Escalation, request).conversation_id
    return web.json_response({"turns": await asyncio.to_thread(_turn_count, request, conversation_id)})


def _queue_state(engine: Any) -> dict[str, int]:
    with session_scope(engine) as session:
        return {"new": cases.count_new(session), "latest_id": cases.latest_escalation_id(session),
                "urgent_new": cases.count_new(session, max_priority=2)}


async def _stream(request: web.Request, state: Callable[[], dict[str, Any]]) -> web.StreamResponse:
    """Server-sent events: `state()` (never PHI) whenever it changes, checked every second; the stream ends
    after a few minutes and the browser reconnects (so a signed-out or disabled account stops getting them)."""
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store",
                                           "X-Accel-Buffering": "no", **SECURITY_HEADERS})
    await response.prepare(request)
    last: dict[str, Any] | None = None
    quiet = 0
    try:
        for _ in range(STREAM_SECONDS):
            now = await asyncio.to_thread(state)
            if now != last:
                await response.write(f"data: {json.dumps(now)}\n\n".encode())
                last, quiet = now, 0
            elif (quiet := quiet + 1) >= 15:
                await response.write(b": still here\n\n")  # keeps proxies from closing an idle stream
                quiet = 0
            await asyncio.sleep(1)
    except ConnectionResetError:
        pass  # the page was closed or reloaded: the normal end of a stream, not an error to log
    return response


@access("poll")
async def queue_events(request: web.Request) -> web.StreamResponse:
    """The queue's counts for every open console page (the badge, the title, the crisis alerts)."""
    engine = console(request).engine
    return await _stream(request, lambda: _queue_state(engine))


@access("poll")
async def prescreen_events(request: web.Request) -> web.StreamResponse:
    """For an open pre-screens list: counts only (started, finished, per follow-up status); when they change
    the page fetches the list again (an audited view)."""
    engine = console(request).engine

    def state() -> dict[str, int]:
        with session_scope(engine) as session:
            return cases.prescreen_counts(session)

    return await _stream(request, state)


@access("poll")
async def conversation_events(request: web.Request) -> web.StreamResponse:
    """For an open conversation page: how many messages there are and each staff reply's state (ids and
    codes only); when they change the page fetches the transcript again (an audited view)."""
    engine = console(request).engine
    with session_scope(engine) as session:
        conversation_id = get_or_404(session, Escalation, request).conversation_id

    def state() -> dict[str, Any]:
        with session_scope(engine) as session:
            shown = ",".join(f"{r.id}:{r.state}" for r in replies.for_conversation(session, conversation_id))
        return {"turns": _turn_count(request, conversation_id), "replies": shown}

    return await _stream(request, state)


def _prescreen_state(p: Prescreen) -> dict[str, Any]:
    """What changes on a pre-screen page as the person answers and staff follow up: codes and counts only."""
    return {"answers": len(p.answers or {}), "outcome": p.outcome, "urgent": bool(p.urgent), "status": p.status,
            "completed": p.completed_at is not None, "contact": bool(p.contact_name or p.contact_phone or p.contact_email)}


@access("poll")
async def prescreen_page_events(request: web.Request) -> web.StreamResponse:
    """For an open pre-screen page: when an answer arrives, it finishes or its status changes, the page fetches
    itself again (an audited view)."""
    engine = console(request).engine
    with session_scope(engine) as session:
        prescreen_id = get_or_404(session, Prescreen, request).id

    def state() -> dict[str, Any]:
        with session_scope(engine) as session:
            row = session.get(Prescreen, prescreen_id)
            return {"deleted": True} if row is None else _prescreen_state(row)

    return await _stream(request, state)


ROUTES: dict[str, Handler] = {
    "GET /staff/api/escalations": list_escalations,
    "GET /staff/api/escalations/{id}": get_escalation,
    "GET /staff/api/prescreens": list_prescreens,
    "GET /staff/api/queue-count": queue_count,
    "GET /staff/api/queue-events": queue_events,
    "GET /staff/api/escalations/{id}/turn-count": turn_count,
    "GET /staff/api/escalations/{id}/events": conversation_events,
    "GET /staff/api/prescreen-events": prescreen_events,
    "GET /staff/api/prescreens/{id}/events": prescreen_page_events,
}
