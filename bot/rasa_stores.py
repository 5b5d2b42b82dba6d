"""Rasa's SQL tracker store and Redis lock store as the production profile needs them (endpoints.production.yml).

Rasa creates its engine with pool settings only. We rebuild it with the same URL and pool settings plus
`pool_pre_ping` (connections that died with a PostgreSQL restart are replaced before use, so the first
turn after a restart is not lost to the FailSafeTrackerStore's in-memory fallback) and `hide_parameters`
(Rasa logs tracker-store errors verbatim; without this they would include message text and sender ids).
"""
from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Text

import sqlalchemy as sa
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME
from rasa.core.lock_store import RedisLockStore as RasaRedisLockStore
from rasa.core.tracker_store import SQLTrackerStore as RasaSQLTrackerStore
from rasa.core.tracker_store import create_engine_kwargs
from rasa.utils.endpoints import EndpointConfig


class SQLTrackerStore(RasaSQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine: sa.engine.Engine = sa.create_engine(url, pool_pre_ping=True, hide_parameters=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)


class RecoveringTicketLock:
    """Rasa's ticket lock, with one fix (mixed into a Rasa lock store).

    Rasa's ticket lock never serves a waiting ticket that expired while it waited: when a replica dies
    holding a conversation's ticket, the next turn's ticket (issued a moment later, with the same
    lifetime) usually expires with it, the queue is then empty but "now serving" never equals the
    waiter's number, and that conversation hangs until the HTTP request times out. Here a waiter whose
    ticket has gone takes a fresh one (behind any live tickets), so the conversation goes on within
    TICKET_LOCK_LIFETIME seconds of a replica's death.
    """

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        held = [self.issue_ticket(conversation_id, lock_lifetime)]  # type: ignore[attr-defined]
        try:
            yield await self._wait_for_turn(conversation_id, held, lock_lifetime, wait_time_in_seconds)
        finally:
            self.cleanup(conversation_id, held[0])  # type: ignore[attr-defined]

    async def _wait_for_turn(
        self, conversation_id: Text, held: list[int], lock_lifetime: float, wait_time_in_seconds: float
    ) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)  # type: ignore[attr-defined]
            if lock is not None and not lock.is_locked(held[0]):
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)  # type: ignore[attr-defined]  # drops expired tickets
            lock = self.get_lock(conversation_id)  # type: ignore[attr-defined]
            if lock is None or all(ticket.number != held[0] for ticket in lock.tickets):
                held[0] = self.issue_ticket(conversation_id, lock_lifetime)  # type: ignore[attr-defined]


class RedisLockStore(RecoveringTicketLock, RasaRedisLockStore):
    """Rasa's RedisLockStore (endpoints.production.yml) with the recovering ticket lock."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)
