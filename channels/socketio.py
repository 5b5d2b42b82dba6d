"""Rasa's socket.io channel (the website widget) with sessions nobody else can join.

Rasa's own channel lets a client name any session id and joins it to that room, so a client could
pick an SMS person's phone number, continue their pre-screen and receive staff replies meant for them.
Here a session id must be 32 random hex digits (the widget makes one with crypto.getRandomValues;
anything else gets a fresh id from the server), and each socket may only speak in the session it
joined. Messages are cleaned and capped like every other channel's, and kept to the message limits
(bot/rate_limit.py): over a limit the socket gets a short reply instead of an answer.
"""
from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.conversation_ids import clean_message, is_widget_id
from bot.rate_limit import message_limits


class SecureSocketIOInput(SocketIOInput):
    """Keeps the name "socketio", so `channel: socketio` response variants and staff replies still apply."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        joined: dict[str, str] = {}  # socket id -> the one session it may speak in

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if is_widget_id(requested) else uuid.uuid4().hex
            previous = joined.get(sid)
            if previous and previous != session_id:
                sio.leave_room(sid, previous, namespace=self.namespace)
            joined[sid] = session_id
            sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            joined.pop(sid, None)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            session_id = joined.get(sid)
            if not isinstance(data, dict) or session_id is None or data.get("session_id") != session_id:
                return  # not this socket's session: dropped, never processed under someone else's id
            message = data.get("message", "")
            if not isinstance(message, str):
                return
            text = clean_message(message)
            limits = message_limits()
            environ = sio.get_environ(sid, namespace=self.namespace) or {}
            peer = getattr(environ.get("sanic.request"), "ip", None)  # engine.io's REMOTE_ADDR is a placeholder
            verdict = limits.check(limits.address_of(peer, environ.get("HTTP_X_FORWARDED_FOR")), session_id, text)
            if verdict.reply is not None:
                await sio.emit(self.bot_message_evt, {"text": verdict.reply}, room=sid, namespace=self.namespace)
                return
            metadata = data.get(self.metadata_key)
            await on_new_message(
                UserMessage(
                    text, SocketIOOutput(sio, self.bot_message_evt), session_id,
                    input_channel=self.name(), metadata=metadata if isinstance(metadata, dict) else None,
                )
            )

        return blueprint
