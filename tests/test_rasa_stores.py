"""The lock store fix: a conversation whose lock holder died goes on once the lock's lifetime is over."""
from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.lock_store import InMemoryLockStore

from bot.rasa_stores import RecoveringTicketLock


class RecoveringInMemoryLockStore(RecoveringTicketLock, InMemoryLockStore):
    pass


async def _turn_after_dead_holder(store: InMemoryLockStore, lifetime: float) -> float:
    store.issue_ticket("c", lifetime)  # a replica that died mid-turn: its ticket is never cleaned up
    started = time.monotonic()
    async with store.lock("c", lock_lifetime=lifetime, wait_time_in_seconds=0.05):
        pass
    return time.monotonic() - started


def test_a_waiter_goes_on_after_the_dead_holders_lifetime() -> None:
    waited = asyncio.run(_turn_after_dead_holder(RecoveringInMemoryLockStore(), 0.4))
    assert 0.3 < waited < 2.0


def test_rasas_own_lock_store_hangs_in_that_case() -> None:
    """Why the fix exists: the same situation never ends with Rasa's ticket lock."""
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(_turn_after_dead_holder(InMemoryLockStore(), 0.4), timeout=2.0))


def test_turns_still_take_turns() -> None:
    async def run() -> list[str]:
        store, order = RecoveringInMemoryLockStore(), []

        async def turn(name: str, delay: float) -> None:
            await asyncio.sleep(delay)
            async with store.lock("c", lock_lifetime=5, wait_time_in_seconds=0.01):
                order.append(f"{name}+")
                await asyncio.sleep(0.1)
                order.append(f"{name}-")

        await asyncio.gather(turn("a", 0), turn("b", 0.02), turn("c", 0.04))
        return order

    assert asyncio.run(run()) == ["a+", "a-", "b+", "b-", "c+", "c-"]
