"""`python -m bot review status` lists what awaits clinical sign-off; `python -m bot review approve --all
--reviewer NAME` is a clinical reviewer's sign-off of everything at once (a first deployment);
`python -m bot review export` writes the approvals' reviewed_by / reviewed_on / review_due into the YAML
files (then commit them)."""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys

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


def cmd_approve(args: argparse.Namespace) -> int:
    """The reviewer signs in with their own password (a console sign-in's checks and throttling), then
    every pending or overdue item is approved as that reviewer; exit 1 if anything is left unapproved."""
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else getpass.getpass(
        f"Password of clinical reviewer {args.reviewer}: ")
    with session_scope(default_engine()) as session:
        who = workflow.sign_in_reviewer(session, args.reviewer, password)
    if who is None:  # the failed try is stored (it counts towards the sign-in limits)
        print("error: wrong username or password, a disabled account, or too many tries (wait and retry)",
              file=sys.stderr)
        return 1
    try:
        with session_scope(default_engine()) as session:
            result = workflow.approve_all(session, who, args.review_due)
    except workflow.ReviewError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for state in result.approved:
        print(f"approved\t{state.item.key}\t{state.item.version[:12]}")
    for state in result.returned:
        print(f"not approved (returned with comments: decide it in the console)\t{state.item.key}", file=sys.stderr)
    print(f"{who.name} approved {len(result.approved)} items (each in the audit log); "
          f"{len(result.returned)} returned items left for the console")
    return 1 if result.returned else 0


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
    approve = group.add_parser(
        "approve", help="a clinical reviewer approves the current version of every pending or overdue item "
                        "(first deployment); each approval is audited")
    approve.add_argument("--all", action="store_true", required=True,
                         help="every pending or overdue item (items returned with comments are left alone)")
    approve.add_argument("--reviewer", required=True, help="a clinical_reviewer account; asks for its password")
    approve.add_argument("--review-due", type=dt.date.fromisoformat, default=None,
                         help="YYYY-MM-DD (default: about six months on, at most two years)")
    approve.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    approve.set_defaults(func=cmd_approve)
    group.add_parser("export", help="write reviewed_by/reviewed_on/review_due from the approvals into the YAML"
                     ).set_defaults(func=cmd_export)
