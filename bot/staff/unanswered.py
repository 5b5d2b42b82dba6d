"""Console page "Unanswered": declined and low-confidence questions grouped by similarity, and a CSV export.

Signed-in staff only (message text is PHI; contacts are masked when logged and again here). A CSV
export is audited like any other bulk view of message text.
"""
from __future__ import annotations

import datetime as dt

from aiohttp import web

from bot.answers import log
from bot.db import session_scope, utcnow
from bot.staff import audit
from bot.staff.web import Handler, access, client_ip, console, principal, render

PAGE_URL = "/staff/unanswered"
CSV_URL = "/staff/unanswered.csv"
PERIODS = {"7": 7, "30": 30, "90": 90, "all": None}
DEFAULT_PERIOD = "30"


def _filters(request: web.Request) -> tuple[str, str, list[log.Group]]:
    kind = request.query.get("kind", "")
    kind = kind if kind in log.KIND_LABELS else ""
    period = request.query.get("days", DEFAULT_PERIOD)
    period = period if period in PERIODS else DEFAULT_PERIOD
    days = PERIODS[period]
    since = utcnow() - dt.timedelta(days=days) if days else None
    with session_scope(console(request).engine) as session:
        groups = log.group_rows(log.load(session, [kind] if kind else [], since))
    return kind, period, groups


@access("page")
async def unanswered_page(request: web.Request) -> web.StreamResponse:
    kind, period, groups = _filters(request)
    return render(request, "unanswered.html", groups=groups, kind=kind, period=period, periods=PERIODS,
                  kinds=log.KIND_LABELS, total=sum(g.count for g in groups))


@access("page")
async def unanswered_csv(request: web.Request) -> web.StreamResponse:
    kind, period, groups = _filters(request)
    with session_scope(console(request).engine) as session:
        audit.record(session, principal(request).name, "unanswered_export", ip=client_ip(request),
                     groups=len(groups), days=period, kind=kind or "all")
    response = web.Response(text=log.as_csv(groups), content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="unanswered-{utcnow():%Y%m%d}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


ROUTES: dict[str, Handler] = {
    f"GET {PAGE_URL}": unanswered_page,
    f"GET {CSV_URL}": unanswered_csv,
}
