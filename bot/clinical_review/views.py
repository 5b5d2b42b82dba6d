"""Console pages of the clinical sign-off: the list of reviewed items and one item with its sources, the
diff since its last approval, its history, and the approve / return forms (clinical reviewers only)."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from aiohttp import web

from bot.clinical_review import workflow
from bot.clinical_review.items import KIND_LABELS
from bot.clinical_review.serving import APPROVED_ONLY
from bot.db import session_scope
from bot.staff import audit
from bot.staff.web import Handler, access, client_ip, console, principal, render

LIST_URL = "/staff/review"
ITEM_URL = "/staff/review/item"
#: Fixed messages a redirect can ask for with ?done=<key> (no request text is echoed back).
DONE = {
    "approved": ("ok", "Approved: this version is now the one the bot serves."),
    "returned": ("ok", "Returned to its authors with your comment."),
    "changed": ("error", "This item changed after you opened it. Read the new version before you decide."),
    "refused": ("error", ("Not saved: a returned item needs a comment, and the review-due date must be after "
                          "today and at most two years away.")),
}
FILTERS = ("open", "all", *workflow.STATUS_LABELS)


def _item_url(key: str, done: str | None = None) -> str:
    return f"{ITEM_URL}?{urlencode({'key': key, **({'done': done} if done else {})})}"


@access("review")
async def review_list(request: web.Request) -> web.StreamResponse:
    shown = request.query.get("status", "open")
    shown = shown if shown in FILTERS else "open"
    with session_scope(console(request).engine) as session:
        all_states = workflow.states(session)
    counts = {status: sum(s.status == status for s in all_states) for status in workflow.STATUS_LABELS}
    rows = [s for s in all_states if shown == "all" or s.status == shown or (shown == "open" and s.status != "approved")]
    return render(request, "review_list.html", rows=rows, counts=counts, shown=shown, filters=FILTERS,
                  total=len(all_states), labels=workflow.STATUS_LABELS, kinds=KIND_LABELS,
                  approved_only=console(request).config.serve_content == APPROVED_ONLY)


@access("review")
async def review_item(request: web.Request) -> web.StreamResponse:
    key = request.query.get("key", "")
    with session_scope(console(request).engine) as session:
        state = workflow.state_of(session, key)
        if state is None:
            raise web.HTTPNotFound(text="no such reviewed item")
        history = list(reversed(workflow.decisions(session, key)))
        logged = audit.entries(session, 50, target=(workflow.AUDIT_TARGET, key))
    kind, message = DONE.get(request.query.get("done", ""), (None, None))
    return render(
        request, "review_item.html", s=state, diff=workflow.diff(state), current=workflow.as_yaml(state.item.data),
        history=history, logged=logged, labels=workflow.STATUS_LABELS, kinds=KIND_LABELS,
        review_notice=message, review_notice_kind=kind, due=dt.date.today() + workflow.REVIEW_PERIOD,
        approved_only=console(request).config.serve_content == APPROVED_ONLY,
    )


@access("review")
async def review_decide(request: web.Request) -> web.StreamResponse:
    """One approval or return of the version the reviewer read (the form carries its hash)."""
    form, who = await request.post(), principal(request)
    if not who.is_reviewer:
        return render(request, "error.html", status_code=403, title="Clinical reviewers only",
                      message="Only a clinical reviewer can approve or return clinical content.")
    key, version = str(form.get("key") or ""), str(form.get("version") or "")
    with session_scope(console(request).engine) as session:
        state = workflow.state_of(session, key)
        if state is None:
            raise web.HTTPNotFound(text="no such reviewed item")
        if version != state.item.version:
            return web.HTTPSeeOther(_item_url(key, "changed"))
        comment = str(form.get("comment") or "")
        try:
            if form.get("decision") == "approve":
                due = dt.date.fromisoformat(str(form.get("review_due") or ""))
                workflow.approve(session, state, version, who.name, due, client_ip(request), comment)
                done = "approved"
            else:
                workflow.send_back(session, state, version, who.name, comment, client_ip(request))
                done = "returned"
        except ValueError:  # ReviewError too: nothing was added
            done = "refused"
    return web.HTTPSeeOther(_item_url(key, done))


ROUTES: dict[str, Handler] = {
    f"GET {LIST_URL}": review_list,
    f"GET {ITEM_URL}": review_item,
    f"POST {LIST_URL}/decide": review_decide,
}
