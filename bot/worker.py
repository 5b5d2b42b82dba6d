"""Background worker: recovers missed escalations from the tracker store and sends staff notifications.

Runs as its own process (`python -m bot.worker`), so neither job depends on the action server, and
it survives a database outage by retrying on the next tick.
"""
from __future__ import annotations

import argparse
import logging
import signal
import time
from types import FrameType

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings, settings
from bot.db import engine_for, make_engine
from bot.outbox import drain, senders_for
from bot.sweeper import sweep

logger = logging.getLogger("bot.worker")


class Worker:
    def __init__(self, config: Settings) -> None:
        self.config = config
        self.tracker_engine = make_engine(f"sqlite:///{config.tracker_db}")
        self.senders = senders_for(config)
        self._stopping = False
        self._next_sweep = 0.0

    def stop(self, *_: int | FrameType | None) -> None:
        self._stopping = True

    def tick(self, now: float) -> None:
        try:
            app_engine = engine_for(self.config.database_url)
            if now >= self._next_sweep:
                sweep(self.tracker_engine, app_engine, now)
                self._next_sweep = now + self.config.sweep_interval_seconds
            drain(app_engine, self.senders)
        except SQLAlchemyError as error:
            # The database may be restarting or the tracker store not created yet: try next tick.
            logger.warning("worker tick skipped: %s", type(error).__name__)

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
