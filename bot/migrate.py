"""Schema migrations for our own tables (Alembic, `migrations/`): `python -m bot migrate`.

The supervisor (`python -m bot.run`) upgrades to head once before it starts any process, in both
profiles. SQLite databases made before migrations existed (by `create_all`) are adopted: missing
tables are created and the database is stamped at head, provided what exists matches the models.
"""
from __future__ import annotations

import logging
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.config import ROOT, settings
from bot.db import make_engine
from bot.schema import metadata

logger = logging.getLogger(__name__)
VERSION_TABLE = "alembic_version"


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url or settings().database_url
    return config


def head() -> str:
    return str(ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head())


def current(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return type_ != "table" or name in metadata.tables


def schema_diff(connection: Connection) -> list[Any]:
    """What differs between the database and the models (alembic's compare_metadata); [] when equal."""
    context = MigrationContext.configure(connection, opts={"include_object": _include, "compare_type": True})
    return list(compare_metadata(context, metadata))


def _creates(difference: Any, absent: set[str]) -> bool:
    """A difference that creating the absent tables resolves (the table itself or one of its indexes)."""
    if not isinstance(difference, tuple):
        return False
    if difference[0] == "add_table":
        return True
    return difference[0] == "add_index" and difference[1].table.name in absent


def _adopt_unversioned(url: str) -> None:
    """A database whose tables `create_all` made (no alembic_version): stamp it, or refuse if it differs."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            tables = set(inspect(connection).get_table_names())
            if VERSION_TABLE in tables or not tables & set(metadata.tables):
                return  # versioned already, or empty: a normal upgrade
            absent = set(metadata.tables) - tables
            differences = [d for d in schema_diff(connection) if not _creates(d, absent)]
            if differences:
                raise RuntimeError(
                    "the database has our tables but no migration history, and they differ from the models "
                    f"({len(differences)} difference(s), e.g. {differences[0]!r}); back it up and migrate it by hand"
                )
            metadata.create_all(connection)  # only the tables that are missing
        logger.info("adopting a database created without migrations: stamped at head")
        command.stamp(alembic_config(url), "head")
    finally:
        engine.dispose()


def upgrade(url: str | None = None) -> str:
    """Brings the database to the newest revision; returns it. Safe to run again (and concurrently on PostgreSQL)."""
    url = url or settings().database_url
    _adopt_unversioned(url)
    command.upgrade(alembic_config(url), "head")
    return head()
