"""Alembic migrations produce exactly the models' schema; databases made by create_all are adopted."""
from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import inspect

from bot.config import ROOT
from bot.db import engine_for, make_engine
from bot.migrate import current, head, schema_diff, upgrade
from bot.schema import metadata


def test_upgrade_from_empty_matches_the_models_exactly(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/empty.db"
    assert upgrade(url) == head() and current(url) == head()
    engine = make_engine(url)
    with engine.connect() as connection:
        assert schema_diff(connection) == []
        assert set(inspect(connection).get_table_names()) == set(metadata.tables) | {"alembic_version"}
    engine.dispose()


def test_upgrade_is_idempotent(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/twice.db"
    upgrade(url)
    assert upgrade(url) == head()


def test_a_database_created_without_migrations_is_adopted(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/created.db"
    engine_for(url)  # what the embedded profile and the unit tests do: create_all
    assert current(url) is None
    assert upgrade(url) == head() and current(url) == head()


def test_adoption_creates_tables_added_since(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/older.db"
    engine = make_engine(url)
    metadata.tables["escalations"].create(engine)
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert schema_diff(connection) == []
    engine.dispose()


def test_an_unversioned_database_that_differs_is_refused(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/odd.db"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE escalations (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with pytest.raises(RuntimeError, match="differ"):
        upgrade(url)


def test_cli_migrate(tmp_path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f'"to": "{head()}"' in result.stdout


def test_upgrade_chains_audit_entries_written_before_the_hash_chain(tmp_path) -> None:
    from alembic import command

    from bot.db import session_scope
    from bot.migrate import alembic_config
    from bot.staff import audit

    url = f"sqlite:///{tmp_path}/audited.db"
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    with engine.begin() as connection:
        for i, action in enumerate(("login", "view_escalation", "reveal")):
            connection.exec_driver_sql(
                "INSERT INTO staff_audit_log (at, actor, action, target_type, target_id, detail, ip) "
                f"VALUES ('2026-11-30 10:0{i}:00.000000', 'ann', '{action}', 'escalation', '7', '{{\"reveal\": true}}', NULL)")
    upgrade(url)
    with session_scope(engine) as session:
        assert audit.verify(session).ok and audit.verify(session).entries == 3
        audit.record(session, "ann", "view_escalation", "escalation", 7)
    with session_scope(engine) as session:
        assert audit.verify(session).ok and audit.verify(session).entries == 4
    with engine.connect() as connection:
        assert schema_diff(connection) == []
    engine.dispose()
