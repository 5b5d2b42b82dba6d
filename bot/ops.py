"""Operator commands: `python -m bot migrate` (schema to the newest revision) and
`python -m bot purge [--dry-run]` (delete data older than RETENTION_DAYS). Output carries counts only."""
from __future__ import annotations

import argparse
import json

from bot.config import settings


def cmd_migrate(args: argparse.Namespace) -> int:
    from bot.migrate import current, upgrade

    url = settings().database_url
    before = current(url)
    after = upgrade(url)
    print(json.dumps({"from": before, "to": after}))
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    from bot.retention import purge

    report = purge(settings(), dry_run=args.dry_run)
    print(json.dumps(report.as_dict()))
    return 0


def add_ops_commands(sub: argparse._SubParsersAction) -> None:
    migrate = sub.add_parser("migrate", help="upgrade our tables to the newest schema (Alembic)")
    migrate.set_defaults(func=cmd_migrate)
    purge = sub.add_parser("purge", help="delete conversation data older than RETENTION_DAYS (audit log kept)")
    purge.add_argument("--dry-run", action="store_true", help="count what would go, delete nothing")
    purge.set_defaults(func=cmd_purge)
