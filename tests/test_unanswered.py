"""The log of declined and unanswered questions: masked when stored, grouped by similarity, and the
console page and CSV export for signed-in staff only."""
from __future__ import annotations

import csv
import datetime as dt
import io

from bot.answers import log
from bot.db import session_scope, utcnow
from tests.staff_support import XSS


def _log(console, text: str, intent: str = "nlu_fallback", days_ago: float = 0, conversation: str = "c1") -> None:
    with session_scope(console.engine) as session:
        row = log.record(session, conversation, "rest", intent, text)
        assert row is not None
        row.created_at = utcnow() - dt.timedelta(days=days_ago)


def test_only_declines_and_unanswered_questions_are_logged_with_contacts_masked(console) -> None:
    with session_scope(console.engine) as session:
        assert log.record(session, "c1", "rest", "faq", "what is tms") is None
        row = log.record(session, "c1", "rest", "medical_advice", "call me at 555-201-7788 or sam@example.com")
        assert row is not None and row.kind == "medical_advice"
        assert "555-201-7788" not in row.text and "sam@example.com" not in row.text


def test_similar_questions_are_grouped_with_counts_and_dates(console) -> None:
    _log(console, "is there parking at the clinic", days_ago=3)
    _log(console, "is parking free at your clinic", days_ago=1)
    _log(console, "do you have wifi in the waiting room")
    with session_scope(console.engine) as session:
        groups = log.group_rows(log.load(session))
    assert [(g.example, g.count) for g in groups] == [("is there parking at the clinic", 2),
                                                       ("do you have wifi in the waiting room", 1)]
    assert groups[0].first is not None and groups[0].last is not None and groups[0].first < groups[0].last


def test_console_page_lists_groups_escaped_and_csv_exports_them_audited(console) -> None:
    _log(console, "is there parking at the clinic")
    _log(console, "is parking free at the clinic")
    _log(console, XSS, intent="out_of_scope")
    _log(console, "=HYPERLINK(\"http://x\") parking clinic", intent="medical_advice", days_ago=60)
    console.user("ann")
    page = console.get("/staff/unanswered")
    assert page.status == 200
    assert "is there parking at the clinic" in page.text and XSS not in page.text
    assert "HYPERLINK" not in page.text  # older than the default 30 days
    assert "HYPERLINK" in console.get("/staff/unanswered?days=all").text
    export = console.get("/staff/unanswered.csv?days=all")
    assert export.status == 200 and export.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.text)))
    assert rows[0][:2] == ["example", "count"]
    parking = next(r for r in rows[1:] if "parking" in r[0])
    assert parking[1] == "3" and parking[0].startswith("'=HYPERLINK")  # the oldest wording, never a formula
    assert all(not cell.startswith("=") for row in rows for cell in row)
    assert console.audit("unanswered_export")


def test_signed_out_visitors_see_no_questions(console) -> None:
    _log(console, "is there parking at the clinic")
    for path in ("/staff/unanswered", "/staff/unanswered.csv"):
        reply = console.get(path)
        assert reply.status in (302, 303, 401) and "parking" not in reply.text
