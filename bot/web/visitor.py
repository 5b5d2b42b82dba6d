"""The widget's conversation history: what it shows on load, with staff replies that arrived while away.

Only website-widget sessions (32 random hex digits, known to the visitor's browser alone) can be read,
so nobody can fetch an SMS or REST conversation by guessing its id. Reading it tells us the widget has
the staff replies (delivered), and staff joining or leaving shows as a notice; `seen=1` says the chat panel is open (seen).
A crisis reply carries its language, so the widget shows the tappable call/text/chat buttons under it. Any origin may ask (the
widget is embedded on the clinic's own site); no cookie is involved.
"""
from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

from aiohttp import web
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.conversation_ids import is_widget_id
from bot.db import engine_for, make_engine, session_scope
from bot.staff import cases, replies
from bot.web.crisis import reply_language

HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


@lru_cache(maxsize=4)
def _tracker(url: str) -> Engine:
    return make_engine(url)


def _notices(session: Session, conversation_id: str) -> list[replies.Shown]:
    """"Sam from the clinic joined" when staff took over, "... left" when they handed back."""
    shown = []
    for held in cases.handoffs_for(session, conversation_id):
        shown.append(replies.Shown("notice", f"{held.taken_by} from the clinic joined the chat.", replies.epoch(held.taken_at),
                                   staff=str(held.taken_by)))
        if held.handed_back_at is not None:
            shown.append(replies.Shown("notice", f"{held.taken_by} left the chat. The automated assistant answers again.",
                                       replies.epoch(held.handed_back_at), staff=str(held.taken_by)))
    return shown


def _read(config: Settings, conversation_id: str, seen: bool) -> dict[str, Any]:
    with session_scope(engine_for(config.database_url)) as session:
        shown = replies.history(_tracker(config.tracker_store_url), session, conversation_id)
        shown = sorted(shown + _notices(session, conversation_id), key=lambda s: s.at)[-replies.HISTORY_LIMIT:]
        replies.acknowledge(session, conversation_id, seen)
        held = cases.active_handoff(session, conversation_id)
        staff = str(held.taken_by) if held is not None else None
    messages = [{**s.json(), "crisis": reply_language(s.text) if s.sender == "bot" else None} for s in shown]
    return {"messages": messages, "staff": staff}


def setup_visitor(app: web.Application, config: Settings) -> None:
    async def conversation(request: web.Request) -> web.Response:
        session_id = request.query.get("session")
        if not is_widget_id(session_id):
            return web.json_response({"error": "unknown session"}, status=404, headers=HEADERS)
        try:
            body = await asyncio.to_thread(_read, config, str(session_id), request.query.get("seen") == "1")
        except SQLAlchemyError:
            return web.json_response({"error": "unavailable"}, status=503, headers=HEADERS)
        return web.json_response(body, headers=HEADERS)

    app.router.add_get("/chat/history", conversation)
