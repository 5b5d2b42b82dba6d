"""`python -m bot staff ...`: accounts and API tokens for the staff console, from the command line;
`python -m bot audit verify`: checks the audit log's hash chain."""
from __future__ import annotations

import argparse
import functools
import getpass
import sys
from typing import Callable

from bot.db import default_engine, session_scope
from bot.staff import accounts, audit


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise accounts.AccountError("the passwords differ")
    return first


def _account_command(command: Callable[[argparse.Namespace], str]) -> Callable[[argparse.Namespace], int]:
    """Prints the command's result, or the account error with exit status 1 (nothing half-done is kept)."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        try:
            print(command(args))
        except accounts.AccountError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        return 0

    return run


@_account_command
def cmd_create_user(args: argparse.Namespace) -> str:
    password = _read_password(args)
    with session_scope(default_engine()) as session:
        user = accounts.create_user(session, args.username, password, args.role)
        audit.record(session, "cli", "user_created", "user", user.id, role=user.role)
    return f"created {args.role} account {user.username!r}"


@_account_command
def cmd_set_password(args: argparse.Namespace) -> str:
    """For an admin locked out of the console; signs the user out everywhere."""
    password = _read_password(args)
    with session_scope(default_engine()) as session:
        user = accounts.find_user(session, args.username)
        if user is None:
            raise accounts.AccountError("no such user")
        accounts.set_password(session, user, password)
        accounts.set_active(session, user, True)
        audit.record(session, "cli", "password_reset", "user", user.id)
    return f"password changed for {user.username!r}"


@_account_command
def cmd_create_token(args: argparse.Namespace) -> str:
    with session_scope(default_engine()) as session:
        token = accounts.create_api_token(session, args.name)
        audit.record(session, "cli", "token_created", "token", args.name)
    print(f"API token {args.name!r} created. It is shown only this once: store it in the other system's secrets.",
          file=sys.stderr)
    return token


def cmd_revoke_token(args: argparse.Namespace) -> int:
    with session_scope(default_engine()) as session:
        revoked = accounts.revoke_api_token(session, args.name)
        if revoked:
            audit.record(session, "cli", "token_revoked", "token", args.name)
    print(f"revoked {args.name!r}" if revoked else f"no active token named {args.name!r}", file=sys.stderr)
    return 0 if revoked else 1


def add_staff_commands(sub: argparse._SubParsersAction) -> None:
    """The `staff` group of `python -m bot`."""
    staff = sub.add_parser("staff", help="staff console accounts and API tokens").add_subparsers(dest="action", required=True)
    for name, func, help_text in (
        ("create-user", cmd_create_user, "create a console account (asks for the password)"),
        ("set-password", cmd_set_password, "set a new password and re-enable the account"),
    ):
        parser = staff.add_parser(name, help=help_text)
        parser.add_argument("username")
        parser.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
        if name == "create-user":
            parser.add_argument("--role", choices=accounts.ROLES, default="staff")
        parser.set_defaults(func=func)
    token = staff.add_parser("create-token", help="create a bearer token for the JSON API (printed once)")
    token.add_argument("name", help="which system uses it, e.g. crm")
    token.set_defaults(func=cmd_create_token)
    revoke = staff.add_parser("revoke-token", help="revoke a bearer token")
    revoke.add_argument("name")
    revoke.set_defaults(func=cmd_revoke_token)


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Exit status 0 when every entry fits the chain, 1 (naming the first entry that does not) otherwise."""
    with session_scope(default_engine()) as session:
        verdict = audit.verify(session)
    if verdict.ok:
        print(f"OK: {verdict.entries} audit entries, hash chain intact")
        return 0
    print(f"BROKEN: audit entry {verdict.broken_id}: {verdict.reason} "
          f"({verdict.entries} entries before it are intact)", file=sys.stderr)
    return 1


def add_audit_commands(sub: argparse._SubParsersAction) -> None:
    """The `audit` group of `python -m bot`."""
    group = sub.add_parser("audit", help="the staff console's audit log").add_subparsers(dest="action", required=True)
    group.add_parser("verify", help="check the hash chain: OK, or the first edited/removed/inserted entry"
                     ).set_defaults(func=cmd_audit_verify)
