"""Rasa's SQL tracker store with the engine options a production database needs (endpoints.production.yml).

Rasa creates its engine with pool settings only. We rebuild it with the same URL and pool settings plus
`pool_pre_ping` (connections that died with a PostgreSQL restart are replaced before use, so the first
turn after a restart is not lost to the FailSafeTrackerStore's in-memory fallback) and `hide_parameters`
(Rasa logs tracker-store errors verbatim; without this they would include message text and sender ids).
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore as RasaSQLTrackerStore
from rasa.core.tracker_store import create_engine_kwargs


class SQLTrackerStore(RasaSQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, hide_parameters=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
