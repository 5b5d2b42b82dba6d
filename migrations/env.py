"""Alembic environment for our own tables (bot/schema.py: escalations, outbox, pre-screens,
staff console, SMS bookkeeping). Rasa's tracker-store table (`events`) is Rasa's and is ignored.

The database URL comes from the caller (`bot.migrate` passes it) or from settings (DATABASE_URL).
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import text

from bot.config import settings
from bot.db import make_engine
from bot.schema import metadata

config = context.config
target_metadata = metadata
# Any constant: serialises migrations when several supervisors start at once (PostgreSQL only).
ADVISORY_LOCK_ID = 0x746D73  # "tms"


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    """Only our tables: a shared database also holds Rasa's `events` table."""
    if type_ == "table":
        return name in target_metadata.tables
    return True


def database_url() -> str:
    return config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url") or settings().database_url


def options(connection) -> dict:  # noqa: ANN001
    return {
        "connection": connection,
        "target_metadata": target_metadata,
        "include_object": include_object,
        "compare_type": True,
        "render_as_batch": connection.dialect.name == "sqlite",  # SQLite's ALTER TABLE needs batch mode
    }


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, include_object=include_object,
                      literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(**options(connection))
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(database_url())
    try:
        with engine.connect() as connection:
            postgres = connection.dialect.name == "postgresql"
            if postgres:
                connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": ADVISORY_LOCK_ID})
                connection.commit()
            try:
                context.configure(**options(connection))
                with context.begin_transaction():
                    context.run_migrations()
                connection.commit()
            finally:
                if postgres:
                    connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": ADVISORY_LOCK_ID})
                    connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
