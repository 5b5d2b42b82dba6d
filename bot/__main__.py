"""Command line for staff and operators: `python -m bot prescreens list`, `python -m bot escalations list`,
`python -m bot staff create-user NAME --role staff|admin`, `python -m bot staff create-token NAME`,
`python -m bot audit verify`."""
from __future__ import annotations

import argparse
import json
import sys

from sqlalchemy import select

from bot.clinical_review.cli import add_review_commands
from bot.db import session_scope
from bot.escalation.models import Escalation
from bot.masking import mask_email  # contact details are PHI: masked unless asked
from bot.masking import mask_phone as _mask
from bot.ops import add_ops_commands
from bot.screening.records import list_prescreens
from bot.staff.cli import add_audit_commands, add_staff_commands


def cmd_prescreens(args: argparse.Namespace) -> int:
    with session_scope() as session:
        rows = list_prescreens(session, outcome=args.outcome, limit=args.limit)
        for row in rows:
            record = {
                "id": row.id,
                "conversation_id": row.conversation_id,
                "channel": row.channel,
                "started_at": row.started_at.isoformat(),
                "completed_at": row.completed_at.isoformat() if row.completed_at else None,
                "outcome": row.outcome,
                "urgent": bool(row.urgent),
                "phq9_total": row.phq9_total,
                "phq9_band": row.phq9_band,
                "reasons": row.reasons,
                "status": row.status,
                "contact_method": row.contact_method,
                "contact_name": row.contact_name,
                "contact_phone": row.contact_phone if args.show_contact else _mask(row.contact_phone),
                "contact_email": row.contact_email if args.show_contact else mask_email(row.contact_email),
                "answers": row.answers if args.answers else None,
            }
            print(json.dumps(record, default=str))
    return 0


def cmd_escalations(args: argparse.Namespace) -> int:
    with session_scope() as session:
        rows = session.execute(
            select(Escalation).order_by(Escalation.priority, Escalation.created_at.desc()).limit(args.limit)
        ).scalars()
        for row in rows:
            print(json.dumps({
                "id": row.id, "conversation_id": row.conversation_id, "channel": row.channel,
                "category": row.category, "priority": row.priority, "status": row.status,
                "recorded_by": row.recorded_by, "created_at": row.created_at.isoformat(),
            }))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    prescreens = sub.add_parser("prescreens", help="stored pre-screens").add_subparsers(dest="action", required=True)
    listing = prescreens.add_parser("list", help="list pre-screens as JSON lines, newest first")
    listing.add_argument("--outcome", choices=["likely_candidate", "needs_clinician_review", "unlikely_suitable"])
    listing.add_argument("--limit", type=int, default=100)
    listing.add_argument("--answers", action="store_true", help="include every answer")
    listing.add_argument("--show-contact", action="store_true", help="show full phone numbers and e-mail addresses (PHI)")
    listing.set_defaults(func=cmd_prescreens)
    escalations = sub.add_parser("escalations", help="escalations for staff").add_subparsers(dest="action", required=True)
    esc_list = escalations.add_parser("list", help="list escalations, most urgent first")
    esc_list.add_argument("--limit", type=int, default=100)
    esc_list.set_defaults(func=cmd_escalations)
    add_staff_commands(sub)
    add_audit_commands(sub)
    add_ops_commands(sub)
    add_review_commands(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
