"""Background worker: recovers missed escalations from the tracker store and sends staff notifications;
sends staff replies a website visitor has not picked up by SMS or e-mail (bot/staff/fallback.py); once a day
it deletes conversation data older than RETENTION_DAYS (bot/retention.py).

Runs as its own process (`python -m bot.escalation.worker`), so neither job depends on the action server, and
it survives a database outage by retrying on the next tick.
"""
from __future__ import annotations

import argparse
import logging
import signal
import time
from types import FrameType
from typing import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings, settings
from bot.db import engine_for, make_engine
from bot.escalation import spool
from bot.escalation.outbox import drain, senders_for
from bot.escalation.sweeper import sweep
from bot.retention import purge
from bot.staff import fallback

logger = logging.getLogger("bot.escalation.worker")  # __main__ when run with -m
PURGE_INTERVAL_SECONDS = 24 * 3600


class Worker:
    def __init__(self, config: Settings) -> None:
        self.config = config
        self.tracker_engine = make_engine(config.tracker_store_url)
        self.senders = senders_for(config)
        self._stopping = False
        self._next_sweep = 0.0
        self._next_fallback = 0.0  # on the sweep's interval: a failed SMS or e-mail is not retried every tick
        self._next_purge = 0.0  # retention purge: at start, then daily

    def stop(self, *_: int | FrameType | None) -> None:
        self._stopping = True

    def tick(self, now: float) -> None:
        # Each job on its own: the tracker store not created yet (or down) must not hold notifications back.
        try:
            app_engine = engine_for(self.config.database_url)
        except SQLAlchemyError as error:
            logger.warning("worker tick skipped: %s", type(error).__name__)
            return
        if now >= self._next_sweep:
            if self._run("sweep", sweep, self.tracker_engine, app_engine, now):
                self._next_sweep = now + self.config.sweep_interval_seconds
        if spool.pending():
            self._run("spool replay", spool.replay, app_engine)
        self._run("outbox", drain, app_engine, self.senders)
        if now >= self._next_fallback:
            if self._run("staff reply fallback", fallback.run, app_engine, self.config):
                self._next_fallback = now + self.config.sweep_interval_seconds
        if now >= self._next_purge:
            if self._run("retention purge", purge, self.config):
                self._next_purge = now + PURGE_INTERVAL_SECONDS

    @staticmethod
    def _run(job: str, function: Callable[..., object], *args: object) -> bool:
        try:
            function(*args)
            return True
        except SQLAlchemyError as error:
            # The database may be restarting or the tracker store not created yet: try next tick.
            logger.warning("worker %s skipped: %s", job, type(error).__name__)
            return False

    def run_forever(self) -> None:
        while not self._stopping:
            self.tick(time.time())
            time.sleep(self.config.outbox_poll_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--once", action="store_true", help="one sweep and one drain, then exit")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    worker = Worker(settings())
    if args.once:
        worker.tick(time.time())
        return
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    worker.run_forever()


if __name__ == "__main__":
    main()
