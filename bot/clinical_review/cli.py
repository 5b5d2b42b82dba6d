"""`python -m bot review status` lists what awaits clinical sign-off; `python -m bot review export` writes
the approvals' reviewed_by / reviewed_on / review_due into the YAML files (then commit them)."""
from __future__ import annotations

import argparse

from bot.clinical_review import workflow
from bot.config import ROOT
from bot.db import default_engine, session_scope


def cmd_status(args: argparse.Namespace) -> int:
    """Exit status 1 while any item awaits review, so a release script can wait for sign-off."""
    with session_scope(default_engine()) as session:
        rows = workflow.states(session)
    open_items = [s for s in rows if not s.reviewed]
    for state in rows if args.all else open_items:
        print(f"{state.item.key}\t{workflow.STATUS_LABELS[state.status]}\t{state.item.version[:12]}")
    print(f"{len(open_items)} of {len(rows)} items await clinical review")
    return 1 if open_items else 0


def cmd_export(_: argparse.Namespace) -> int:
    with session_scope(default_engine()) as session:
        changed = workflow.export(session)
    for path in changed:
        print(f"wrote review fields to {path.relative_to(ROOT)}")
    if not changed:
        print("the YAML review fields already match the approvals")
    return 0


def add_review_commands(sub: argparse._SubParsersAction) -> None:
    """The `review` group of `python -m bot`."""
    group = sub.add_parser("review", help="clinical sign-off of content, facts, hotlines and screening"
                           ).add_subparsers(dest="action", required=True)
    status = group.add_parser("status", help="items whose current version is not approved (exit 1 if any)")
    status.add_argument("--all", action="store_true", help="list every item")
    status.set_defaults(func=cmd_status)
    group.add_parser("export", help="write reviewed_by/reviewed_on/review_due from the approvals into the YAML"
                     ).set_defaults(func=cmd_export)
