"""Approving and returning reviewed items, their status, the diff a reviewer reads, and writing the
review fields back into the YAML (`python -m bot review export`)."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clinical_review.items import Item, canonical, load_items
from bot.clinical_review.models import ClinicalDecision
from bot.db import utcnow
from bot.staff import accounts, audit

APPROVED, RETURNED = "approved", "returned"
#: Status of an item's current version, as the console labels it.
STATUS_LABELS = {
    "approved": "Approved",
    "pending": "Not yet clinically reviewed",
    "returned": "Returned with comments",
    "overdue": "Approved, review overdue",
}
REVIEW_PERIOD = dt.timedelta(days=182)  # the default review-due date: about six months on
MAX_REVIEW_PERIOD = dt.timedelta(days=731)
MAX_COMMENT_CHARS = 4000
AUDIT_TARGET = "clinical_item"


class ReviewError(ValueError):
    """A refused decision; the message is safe to show."""


@dataclass(frozen=True)
class ItemState:
    item: Item
    approved: ClinicalDecision | None  # the last approval, of any version
    latest: ClinicalDecision | None  # the last decision on the current version

    @property
    def status(self) -> str:
        if self.approved is not None and self.approved.version == self.item.version:
            return "overdue" if self.approved.review_due and self.approved.review_due <= dt.date.today() else "approved"
        if self.latest is not None and self.latest.decision == RETURNED:
            return "returned"
        return "pending"

    @property
    def reviewed(self) -> bool:
        return self.status in ("approved", "overdue")


def decisions(session: Session, item_key: str | None = None) -> list[ClinicalDecision]:
    query = select(ClinicalDecision).order_by(ClinicalDecision.id)
    if item_key is not None:
        query = query.where(ClinicalDecision.item_key == item_key)
    return list(session.execute(query).scalars())


def last_approvals(session: Session, prefix: str = "") -> dict[str, ClinicalDecision]:
    """The newest approval per item key (optionally only keys starting with `prefix`)."""
    query = select(ClinicalDecision).where(ClinicalDecision.decision == APPROVED).order_by(ClinicalDecision.id)
    if prefix:
        query = query.where(ClinicalDecision.item_key.startswith(prefix))
    return {row.item_key: row for row in session.execute(query).scalars()}


def states(session: Session, items: list[Item] | None = None) -> list[ItemState]:
    items = load_items() if items is None else items
    approved: dict[str, ClinicalDecision] = {}
    latest: dict[tuple[str, str], ClinicalDecision] = {}
    for row in decisions(session):
        latest[(row.item_key, row.version)] = row
        if row.decision == APPROVED:
            approved[row.item_key] = row
    return [ItemState(i, approved.get(i.key), latest.get((i.key, i.version))) for i in items]


def state_of(session: Session, key: str, items: list[Item] | None = None) -> ItemState | None:
    found = [i for i in (load_items() if items is None else items) if i.key == key]
    return states(session, found)[0] if found else None


def as_yaml(data: dict[str, Any] | None) -> list[str]:
    if data is None:
        return []
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).splitlines()


def diff(state: ItemState) -> list[tuple[str, str]]:
    """(kind, line) pairs, kind "add", "del", "hunk" or "same": the last approved version against the
    current one (all "add" when nothing was approved yet)."""
    before = as_yaml(state.approved.content if state.approved else None)
    lines: list[tuple[str, str]] = []
    for line in difflib.unified_diff(before, as_yaml(state.item.data), lineterm="", n=3):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "same")
        lines.append((kind, line))
    return lines


def _decide(
    session: Session, state: ItemState, version: str, reviewer: str, decision: str, ip: str | None,
    review_due: dt.date | None = None, comment: str = "", bulk: bool = False,
) -> ClinicalDecision:
    if version != state.item.version:
        raise ReviewError("This item changed after you opened it. Read the new version before you decide.")
    if len(comment) > MAX_COMMENT_CHARS:
        raise ReviewError(f"A comment can have at most {MAX_COMMENT_CHARS} characters.")
    row = ClinicalDecision(item_key=state.item.key, version=version, decision=decision, content=state.item.data,
                           reviewer=reviewer, decided_at=utcnow(), review_due=review_due, comment=comment or None)
    session.add(row)
    detail: dict[str, Any] = {"version": version}
    if review_due is not None:
        detail["review_due"] = review_due.isoformat()
    if bulk:
        detail["bulk"] = True
    audit.record(session, reviewer, f"review_{decision}", AUDIT_TARGET, state.item.key, ip=ip, **detail)
    return row


def approve(
    session: Session, state: ItemState, version: str, reviewer: str, review_due: dt.date,
    ip: str | None = None, comment: str = "", today: dt.date | None = None, bulk: bool = False,
) -> ClinicalDecision:
    """Approves the version the reviewer read (refused if the file changed since), with a review-due date."""
    today = today or dt.date.today()
    if not today < review_due <= today + MAX_REVIEW_PERIOD:
        raise ReviewError("The review-due date must be after today and at most two years away.")
    return _decide(session, state, version, reviewer, APPROVED, ip, review_due, comment.strip(), bulk)


#: The address a command-line sign-in is throttled and logged under (there is no client address).
CLI_ADDRESS = "cli"


def sign_in_reviewer(session: Session, username: str, password: str) -> accounts.Principal | None:
    """The account behind a command-line sign-off, checked like a console sign-in (same password, same
    throttling, a failure counted); None when refused. The role is checked by the decision itself."""
    user = accounts.attempt_login(session, username, password, CLI_ADDRESS).user
    return None if user is None else accounts.Principal(name=user.username, role=user.role, user_id=user.id)


@dataclass(frozen=True)
class BulkApproval:
    approved: list[ItemState]  # now approved in their current version
    returned: list[ItemState]  # left alone: a reviewer asked for changes, they are decided one by one


def approve_all(
    session: Session, who: accounts.Principal, review_due: dt.date | None = None, today: dt.date | None = None,
    items: list[Item] | None = None,
) -> BulkApproval:
    """A first deployment's sign-off: a clinical reviewer approves the current version of every item that
    is pending or overdue, each a decision of its own in the audit log (marked bulk). An item returned
    with comments is not overridden in bulk."""
    if not who.is_reviewer:
        raise ReviewError(f"{who.name} is not a clinical_reviewer account: only a clinical reviewer can approve.")
    today = today or dt.date.today()
    due = review_due or today + REVIEW_PERIOD
    open_states = [s for s in states(session, items) if s.status != "approved"]
    returned = [s for s in open_states if s.status == "returned"]
    approved = []
    for state in open_states:
        if state.status == "returned":
            continue
        approve(session, state, state.item.version, who.name, due, ip=CLI_ADDRESS, today=today, bulk=True)
        approved.append(state)
    return BulkApproval(approved, returned)


def send_back(
    session: Session, state: ItemState, version: str, reviewer: str, comment: str, ip: str | None = None
) -> ClinicalDecision:
    """Returns the version to its authors; a comment saying what to change is required."""
    if not comment.strip():
        raise ReviewError("Say what needs to change: a returned item needs a comment.")
    return _decide(session, state, version, reviewer, RETURNED, ip, comment=comment.strip())


# ------------------------------------------------------------------------------- writing back to the YAML

_FIELD = re.compile(r"^(?P<indent>\s*)(?P<name>reviewed_by|reviewed_on|review_due):.*$")


def review_fields(rows: list[ClinicalDecision]) -> dict[str, str]:
    """What the YAML says for approvals: every approver, the latest approval day, the earliest due date."""
    return {
        "reviewed_by": ", ".join(sorted({r.reviewer for r in rows})) + " (clinical sign-off)",
        "reviewed_on": max(r.decided_at.date() for r in rows).isoformat(),
        "review_due": min(r.review_due for r in rows if r.review_due).isoformat(),
    }


def _rewrite(lines: list[str], start: int, end: int, values: dict[str, str], indent: str | None) -> None:
    for number in range(start, end):
        match = _FIELD.match(lines[number])
        if match and (indent is None or match["indent"] == indent):
            lines[number] = f"{match['indent']}{match['name']}: {yaml.safe_dump(values[match['name']]).splitlines()[0]}"


def _write(path: Path, groups: list[tuple[str | None, dict[str, str]]]) -> bool:
    """Replaces review-field lines only (comments and layout stay); `None` names the file's own fields,
    an id the faq entry `- id: <id>`. The file must read back the same apart from those fields."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for entry_id, values in groups:
        if entry_id is None:
            _rewrite(lines, 0, len(lines), values, "")
            continue
        starts = [n for n, line in enumerate(lines) if re.match(r"^\s*- id:\s*['\"]?([a-z0-9_]+)['\"]?\s*$", line)]
        for position, start in enumerate(starts):
            if re.search(rf"id:\s*['\"]?{entry_id}['\"]?\s*$", lines[start]):
                end = starts[position + 1] if position + 1 < len(starts) else len(lines)
                _rewrite(lines, start, end, values, None)
    new = "\n".join(lines)
    if new == text:
        return False
    if canonical(yaml.safe_load(new)) != canonical(yaml.safe_load(text)):
        raise ReviewError(f"{path}: writing the review fields would change more than them; nothing written")
    path.write_text(new, encoding="utf-8")
    return True


def export(session: Session, items: list[Item] | None = None) -> list[Path]:
    """Writes reviewed_by/reviewed_on/review_due from the approvals into the YAML: on a faq entry whose
    current version is approved, and on a whole file (facts, hotlines, screening) once every item in it
    is. Pending items keep what they say. Returns the files changed."""
    by_path: dict[Path, list[ItemState]] = {}
    for state in states(session, items):
        by_path.setdefault(state.item.path, []).append(state)
    changed = []
    for path, file_states in by_path.items():
        groups: list[tuple[str | None, dict[str, str]]] = []
        if file_states[0].item.per_entry_review:
            groups = [(s.item.id, review_fields([s.approved])) for s in file_states if s.reviewed and s.approved]
        elif all(s.reviewed for s in file_states):
            groups = [(None, review_fields([s.approved for s in file_states if s.approved]))]
        if groups and _write(path, groups):
            changed.append(path)
    return changed
