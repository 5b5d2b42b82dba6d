"""Console pages: sign-in, escalation queue and detail (transcript, notes, handoff), pre-screens, admin."""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Callable

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot import handoff, masking
from bot.db import session_scope, utcnow
from bot.escalation.models import Escalation, Handoff
from bot.escalation.transcripts import TranscriptTurn
from bot.screening.records import FOLLOW_UP_STATUSES as PRESCREEN_STATUSES
from bot.screening.records import Prescreen, seizure_threshold_named
from bot.staff import accounts, audit, cases, present, replies
from bot.staff.models import StaffUser
from bot.staff.security import new_token, same
from bot.staff.web import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Handler,
    access,
    client_ip,
    console,
    get_or_404,
    parse_id,
    principal,
    read_transcript,
    redirect,
    render,
    safe_next,
    set_cookie,
)

logger = logging.getLogger("bot.staff")
MAX_REPLY_CHARS = 1600  # one Twilio message at most
HISTORY_ACTIONS = ("escalation_status", "escalation_assign", "note_added", "take_over", "staff_reply", "hand_back", "reveal",
                   "call")


# ---------------------------------------------------------------------------------------- sign-in


def _login_page(request: web.Request, status: int = 200, error: str | None = None) -> web.Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
    response = render(request, "login.html", status_code=status, login_csrf=token, error=error,
                      next=safe_next(request.query.get("next")))
    set_cookie(response, request, LOGIN_CSRF_COOKIE, token, path="/staff/login")
    return response


@access("public")
async def login_form(request: web.Request) -> web.StreamResponse:
    return _login_page(request)


def _sign_in(engine: Any, username: str, password: str, ip: str) -> accounts.LoginResult | str:
    """Runs in a thread (scrypt takes tens of ms); the session token, or why there is none."""
    with session_scope(engine) as session:
        result = accounts.attempt_login(session, username, password, ip)
        actor = accounts.normalize_username(username)[:64] or "(empty)"
        if result.user is None:
            audit.record(session, actor, "login_rate_limited" if result.rate_limited else "login_failed", ip=ip)
            return result
        audit.record(session, result.user.username, "login", "user", result.user.id, ip=ip)
        return accounts.start_session(session, result.user)


@access("public")
async def login(request: web.Request) -> web.StreamResponse:
    """Double-submit CSRF check (there is no session yet), then the throttled password check."""
    form = await request.post()
    if not same(str(form.get("csrf_token") or ""), request.cookies.get(LOGIN_CSRF_COOKIE)):
        return render(request, "error.html", status_code=403, title="Form expired",
                      message="The sign-in form expired. Reload the page and try again.")
    username, password = str(form.get("username") or ""), str(form.get("password") or "")
    outcome = await asyncio.to_thread(_sign_in, console(request).engine, username, password, client_ip(request))
    if isinstance(outcome, accounts.LoginResult) and outcome.rate_limited:
        logger.warning("staff sign-in rate limited")
        minutes = -(-outcome.retry_after // 60)
        response = _login_page(request, 429, f"Too many failed sign-ins. Wait {minutes} minute{'s' * (minutes != 1)} "
                                             "and try again, or ask an admin to reset your password.")
        response.headers["Retry-After"] = str(outcome.retry_after)
        return response
    if not isinstance(outcome, str):
        logger.info("staff sign-in failed")
        return _login_page(request, 401, "Wrong username or password.")
    response = web.HTTPSeeOther(safe_next(str(form.get("next") or "")))
    set_cookie(response, request, SESSION_COOKIE, outcome, path="/staff")
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/staff/login")
    return response


@access("page")
async def logout(request: web.Request) -> web.StreamResponse:
    with session_scope(console(request).engine) as session:
        accounts.end_session(session, request.cookies.get(SESSION_COOKIE))
        audit.record(session, principal(request).name, "logout", ip=client_ip(request))
    response = web.HTTPSeeOther("/staff/login?notice=logged_out")
    response.del_cookie(SESSION_COOKIE, path="/staff")
    return response


# ---------------------------------------------------------------------------------------- escalations


def _queue_filter(request: web.Request) -> cases.QueueFilter:
    """The query string, each value checked against what exists (anything else means "any")."""
    query = request.query
    status = query.get("status", "open")
    priority = parse_id(query.get("priority"))
    return cases.QueueFilter(
        status=status if status in ("open", "all", *cases.ESCALATION_STATUSES) else "open",
        priority=priority if priority in (1, 2, 3, 4) else None,
        channel=query.get("channel") if query.get("channel") in present.CHANNEL_LABELS else None,
        assignee=query.get("assignee", "")[:64] or None,
        opened_from=present.parse_day(query.get("from")),
        opened_to=present.parse_day(query.get("to")),
        search=query.get("q", "")[:100],
        page=min(parse_id(query.get("page")) or 1, 10_000),
    )


def _queue_params(wanted: cases.QueueFilter) -> dict[str, object]:
    """The filters as the URL keeps them (the pager's links carry them along)."""
    return {"status": wanted.status, "priority": wanted.priority or "", "channel": wanted.channel or "",
            "assignee": wanted.assignee or "", "from": wanted.opened_from or "", "to": wanted.opened_to or "",
            "q": wanted.search}


@access("page")
async def queue_page(request: web.Request) -> web.StreamResponse:
    wanted = _queue_filter(request)
    config = console(request).config
    with session_scope(console(request).engine) as session:
        rows, total = cases.queue_page(session, wanted, zone=config.clinic_timezone)
        held = cases.held_conversations(session)
        latest = cases.latest_escalation_id(session)
        names = cases.names_for(session, {e.conversation_id for e in rows})
        channels = cases.channels(session)
        assignees = cases.assignees(session)
    items = [
        {"e": e, "who": present.conversation_label(e.channel, e.conversation_id), "held": e.conversation_id in held,
         "name": names.get(e.conversation_id), "preview": present.preview(e.trigger_text, (config.clinic_phone,))}
        for e in rows
    ]
    pages = max(1, -(-total // cases.PAGE_SIZE))
    first = (wanted.page - 1) * cases.PAGE_SIZE + 1 if rows else 0
    return render(request, "queue.html", items=items, wanted=wanted, total=total, first=first, last=first + len(rows) - 1,
                  pages=pages, latest_id=latest, channels=channels, assignees=assignees, unassigned=cases.UNASSIGNED,
                  params=_queue_params(wanted), statuses=("open", *cases.ESCALATION_STATUSES, "all"))


def _masker(request: web.Request, reveal: bool) -> Callable[[str | None], str | None]:
    """Phone numbers and e-mail addresses in free text, masked until staff reveal them (the clinic's own number stays)."""
    if reveal:
        return lambda text: text
    public = (console(request).config.clinic_phone,)
    return lambda text: present.mask_contacts(text, public)


def _button_titles(request: web.Request, conversation_id: str) -> dict[str, str]:
    try:
        return replies.shown_user_text(console(request).tracker_engine, conversation_id)
    except SQLAlchemyError:
        return {}


def _as_shown(text: str | None, kind: str, titles: dict[str, str]) -> str | None:
    """A button the person tapped reads as its title ("Yes (button)"), not as "/affirm"."""
    if kind == "user" and text and text in titles:
        return f"{titles[text]} (button)"
    return text


def _shown_turns(request: web.Request, conversation_id: str,
                 mask: Callable[[str | None], str | None]) -> tuple[list[TranscriptTurn] | None, bool]:
    """The transcript as staff see it (button titles, contacts masked) and whether masking hid anything."""
    turns = read_transcript(request, conversation_id)
    if turns is None:
        return None, False
    titles = _button_titles(request, conversation_id) if turns else {}
    shown = [dataclasses.replace(t, text=mask(_as_shown(t.text, t.kind, titles)), buttons=tuple(mask(b) or "" for b in t.buttons))
             for t in turns]
    return shown, any(mask(t.text) != t.text or any(mask(b) != b for b in t.buttons) for t in turns)


def _summary(escalation: Escalation, prescreens: list[Prescreen], reveal: bool) -> dict[str, Any]:
    """The card at the top: who (masked until revealed), how to call them (after a reveal only), the pre-screen."""
    latest = prescreens[0] if prescreens else None
    name = next((p.contact_name for p in prescreens if p.contact_name), None)
    phone = next((p.contact_phone for p in prescreens if p.contact_phone), None)
    if phone is None and present.is_phone_conversation(escalation.channel, escalation.conversation_id):
        phone = escalation.conversation_id.split(":")[-1]
    return {
        "name": name if reveal else present.initials(name),
        "phone": phone if reveal else present.mask_phone(phone),
        "tel": present.tel_target(phone) if reveal else None,
        "prescreen": latest,
    }


def _escalation_page(request: web.Request, action: str, reveal: bool) -> web.Response:
    """The detail page; opening it is a PHI view, so it is audited (`action` says how it was opened)."""
    who, mask, config = principal(request), _masker(request, reveal), console(request).config
    with session_scope(console(request).engine) as session:
        escalation: Escalation = get_or_404(session, Escalation, request)
        audit.record(session, who.name, action, "escalation", escalation.id, ip=client_ip(request),
                     **({"reveal": True} if reveal else {}))
        prescreens = cases.prescreens_for(session, escalation.conversation_id)
        notes = [present.ShownNote.of(n, mask) for n in cases.notes(session, "escalation", escalation.id)]
        context: dict[str, Any] = {
            "e": escalation,
            "who": present.conversation_label(escalation.channel, escalation.conversation_id, reveal),
            "trigger_text": mask(escalation.trigger_text),
            "handoff": cases.active_handoff(session, escalation.conversation_id),
            "notes": notes,
            "history": audit.entries(session, 50, target=("escalation", escalation.id), actions=HISTORY_ACTIONS),
            "prescreens": [(p, p.contact_phone if reveal else present.mask_phone(p.contact_phone)) for p in prescreens],
            "others": [o for o in cases.escalations_for(session, escalation.conversation_id) if o.id != escalation.id],
            "replies": [(r, mask(r.text)) for r in replies.for_conversation(session, escalation.conversation_id)],
            "summary": _summary(escalation, prescreens, reveal),
        }
        hidden = not reveal and (
            present.is_phone_conversation(escalation.channel, escalation.conversation_id)
            or any(p.contact_phone or p.contact_name for p in prescreens)
            or context["trigger_text"] != escalation.trigger_text or any(shown.masked for shown in notes))
    turns, masked_turns = _shown_turns(request, escalation.conversation_id, mask)
    return render(request, "escalation.html", turns=turns, phone_masked=hidden or masked_turns, revealed=reveal,
                  canned=console(request).canned if context["handoff"] else (), zone=config.clinic_timezone, **context)


@access("page")
async def escalation_live(request: web.Request) -> web.StreamResponse:
    """The transcript and reply states again, for an open conversation page told by its event stream that
    they changed. Each fetch reads the messages, so each is audited as a view (only when something changed)."""
    who, mask = principal(request), _masker(request, False)
    with session_scope(console(request).engine) as session:
        escalation: Escalation = get_or_404(session, Escalation, request)
        audit.record(session, who.name, "view_escalation", "escalation", escalation.id, ip=client_ip(request), live=True)
        shown_replies = [(r, mask(r.text)) for r in replies.for_conversation(session, escalation.conversation_id)]
    turns, _ = _shown_turns(request, escalation.conversation_id, mask)
    page = console(request).templates.get_template("conversation_live.html").render(
        e=escalation, turns=turns, replies=shown_replies, trigger_text=mask(escalation.trigger_text), revealed=False)
    return web.Response(text=page, content_type="text/html", charset="utf-8")


@access("page")
async def escalation_call(request: web.Request) -> web.StreamResponse:
    """Sent by the page as staff tap "Call" (a tel: link the server never sees): who phoned whom, audited."""
    with session_scope(console(request).engine) as session:
        escalation: Escalation = get_or_404(session, Escalation, request)
        audit.record(session, principal(request).name, "call", "escalation", escalation.id, ip=client_ip(request))
    return web.Response(status=204)


@access("page")
async def escalation_page(request: web.Request) -> web.StreamResponse:
    return _escalation_page(request, "view_escalation", reveal=False)


@access("page")
async def escalation_reveal(request: web.Request) -> web.StreamResponse:
    """A POST so that showing phone numbers is a deliberate, audited act (never a shareable link)."""
    return _escalation_page(request, "reveal", reveal=True)


def _escalation_url(escalation_id: object) -> str:
    return f"/staff/escalations/{escalation_id}"


async def _change_status(request: web.Request, model: Any, setter: Any, target: str, url: Any) -> web.StreamResponse:
    """One audited status change (escalations and pre-screens share the workflow)."""
    form, who = await request.post(), principal(request)
    with session_scope(console(request).engine) as session:
        row = get_or_404(session, model, request)
        try:
            previous = setter(row, str(form.get("status") or ""))
        except cases.CaseError as error:
            raise web.HTTPBadRequest(text="unknown status") from error
        audit.record(session, who.name, f"{target}_status", target, row.id, ip=client_ip(request),
                     before=previous, after=row.status)
    return redirect(url(row.id), "status")


@access("page")
async def escalation_status(request: web.Request) -> web.StreamResponse:
    return await _change_status(request, Escalation, cases.set_escalation_status, "escalation", _escalation_url)


@access("page")
async def escalation_assign(request: web.Request) -> web.StreamResponse:
    who = principal(request)
    with session_scope(console(request).engine) as session:
        escalation: Escalation = get_or_404(session, Escalation, request)
        escalation.assignee = who.name
        audit.record(session, who.name, "escalation_assign", "escalation", escalation.id, ip=client_ip(request))
    return redirect(_escalation_url(escalation.id), "assigned")


async def _add_note(request: web.Request, model: type, target_type: str) -> web.StreamResponse:
    form, who = await request.post(), principal(request)
    with session_scope(console(request).engine) as session:
        row = get_or_404(session, model, request)
        url = f"/staff/{target_type}s/{row.id}"
        try:
            cases.add_note(session, target_type, row.id, who.name, str(form.get("text") or ""))
        except cases.CaseError:
            return redirect(url, "note_invalid")
        audit.record(session, who.name, "note_added", target_type, row.id, ip=client_ip(request))
    return redirect(url, "note")


@access("page")
async def escalation_note(request: web.Request) -> web.StreamResponse:
    return await _add_note(request, Escalation, "escalation")


@access("page")
async def prescreen_note(request: web.Request) -> web.StreamResponse:
    return await _add_note(request, Prescreen, "prescreen")


# ---------------------------------------------------------------------------------------- handoff


@access("page")
async def take_over(request: web.Request) -> web.StreamResponse:
    who, rasa_url = principal(request), console(request).config.rasa_url
    with session_scope(console(request).engine) as session:
        escalation: Escalation = get_or_404(session, Escalation, request)
        if cases.active_handoff(session, escalation.conversation_id) is not None:
            return redirect(_escalation_url(escalation.id), "already_taken")
        conversation_id = escalation.conversation_id
    try:
        await asyncio.to_thread(handoff.take_over, rasa_url, console(request).config.rasa_api_token, conversation_id)
    except handoff.HandoffError as error:
        logger.error("take over failed for escalation %s: %s", escalation.id, error)
        return redirect(_escalation_url(escalation.id), "rasa_error")
    with session_scope(console(request).engine) as session:
        escalation = get_or_404(session, Escalation, request)
        cases.record_take_over(session, escalation, who.name)
        audit.record(session, who.name, "take_over", "escalation", escalation.id, ip=client_ip(request))
    logger.info("escalation %s: conversation taken over by staff", escalation.id)
    return redirect(_escalation_url(escalation.id), "taken_over")


def _held(request: web.Request) -> tuple[Escalation, Handoff | None]:
    with session_scope(console(request).engine) as session:
        escalation: Escalation = get_or_404(session, Escalation, request)
        return escalation, cases.active_handoff(session, escalation.conversation_id)


@access("page")
async def reply(request: web.Request) -> web.StreamResponse:
    """Stored first (queued), then pushed: a widget reply to a visitor who is away waits for their return."""
    form, who = await request.post(), principal(request)
    escalation, held = _held(request)
    if held is None:
        return redirect(_escalation_url(escalation.id), "not_taken")
    text = str(form.get("text") or "").strip()
    if not text or len(text) > MAX_REPLY_CHARS:
        return redirect(_escalation_url(escalation.id), "reply_invalid")
    engine, config = console(request).engine, console(request).config
    with session_scope(engine) as session:
        reply_id = replies.record(session, escalation.conversation_id, escalation.id, who.name, text, escalation.channel)
    try:
        await asyncio.to_thread(handoff.send_staff_reply, config.rasa_url, config.rasa_api_token,
                                escalation.conversation_id, text, who.name)
        pushed = True
    except handoff.HandoffError as error:
        logger.error("staff reply push failed for escalation %s: %s", escalation.id, error)
        pushed = False
    with session_scope(engine) as session:
        state = replies.settle(session, reply_id, pushed)
        audit.record(session, who.name, "staff_reply", "escalation", escalation.id, ip=client_ip(request),
                     chars=len(text))
    if state == "failed":
        return redirect(_escalation_url(escalation.id), "rasa_error")
    return redirect(_escalation_url(escalation.id), "reply_sent" if state == "delivered" else "reply_queued")


@access("page")
async def hand_back(request: web.Request) -> web.StreamResponse:
    who = principal(request)
    escalation, held = _held(request)
    if held is None:
        return redirect(_escalation_url(escalation.id), "not_taken")
    try:
        config = console(request).config
        await asyncio.to_thread(handoff.hand_back, config.rasa_url, config.rasa_api_token, escalation.conversation_id)
    except handoff.HandoffError as error:
        logger.error("hand back failed for escalation %s: %s", escalation.id, error)
        return redirect(_escalation_url(escalation.id), "rasa_error")
    with session_scope(console(request).engine) as session:
        cases.record_hand_back(session.merge(held), who.name)
        audit.record(session, who.name, "hand_back", "escalation", escalation.id, ip=client_ip(request))
    if escalation.channel == replies.WIDGET_CHANNEL:  # the widget shows "left", then the bot's hello
        await asyncio.to_thread(replies.greet_again, config.rasa_url, config.rasa_api_token, escalation.conversation_id)
    logger.info("escalation %s: conversation handed back to the bot", escalation.id)
    return redirect(_escalation_url(escalation.id), "handed_back")


# ---------------------------------------------------------------------------------------- pre-screens


def _prescreen_list(request: web.Request, live: bool) -> dict[str, Any]:
    """One page of the list: name, outcome, crisis flag (PHQ-9 item 9, or a P1/P2 escalation in the
    conversation), seizure-threshold medicines, date and a link to the conversation page. It shows names, so
    each read is audited (a live refresh too); contact numbers stay on the audited detail page."""
    outcome = request.query.get("outcome") or None
    status = request.query.get("status") or None
    outcome = outcome if outcome in present.OUTCOME_LABELS else None
    status = status if status in PRESCREEN_STATUSES else None
    page = min(parse_id(request.query.get("page")) or 1, 10_000)
    with session_scope(console(request).engine) as session:
        rows = cases.prescreen_list(session, outcome, status, cases.PAGE_SIZE, (page - 1) * cases.PAGE_SIZE)
        total = cases.prescreen_total(session, outcome, status)
        links = cases.conversation_links(session, {p.conversation_id for p in rows})
        detail: dict[str, Any] = {"count": len(rows), **({"live": True} if live else {})}
        audit.record(session, principal(request).name, "view_prescreens", ip=client_ip(request), **detail)
    items = [{"p": p, "link": links.get(p.conversation_id), "meds": seizure_threshold_named(p.answers or {}),
              "crisis": bool(p.urgent) or (p.conversation_id in links and links[p.conversation_id].crisis)} for p in rows]
    first = (page - 1) * cases.PAGE_SIZE + 1 if rows else 0
    return {"items": items, "outcome": outcome or "", "status": status or "", "page": page, "total": total,
            "first": first, "last": first + len(rows) - 1, "pages": max(1, -(-total // cases.PAGE_SIZE)),
            "params": {"outcome": outcome or "", "status": status or ""}}


@access("page")
async def prescreens_page(request: web.Request) -> web.StreamResponse:
    return render(request, "prescreens.html", **_prescreen_list(request, live=False))


@access("page")
async def prescreens_live(request: web.Request) -> web.StreamResponse:
    """The list again, for an open list page told by its event stream that pre-screens changed."""
    return render(request, "prescreens.html", **_prescreen_list(request, live=True))


def _prescreen_page(request: web.Request, action: str, reveal: bool, live: bool = False) -> web.Response:
    """The detail page; opening it, revealing it and each live refresh are audited views."""
    who, mask = principal(request), _masker(request, reveal)
    with session_scope(console(request).engine) as session:
        row: Prescreen = get_or_404(session, Prescreen, request)
        audit.record(session, who.name, action, "prescreen", row.id, ip=client_ip(request),
                     **({"reveal": True} if reveal else {}), **({"live": True} if live else {}))
        answers = present.answer_rows(row.answers or {})
        shown_answers = [(slot, question, mask(answer) or "", mask(words) or "") for slot, question, answer, words in answers]
        notes = [present.ShownNote.of(n, mask) for n in cases.notes(session, "prescreen", row.id)]
        context: dict[str, Any] = {
            "p": row,
            "who": present.conversation_label(row.channel, row.conversation_id, reveal),
            "phone": row.contact_phone if reveal else present.mask_phone(row.contact_phone),
            "email": row.contact_email if reveal else masking.mask_email(row.contact_email),
            "phone_masked": not reveal and bool(
                row.contact_phone or row.contact_email or present.is_phone_conversation(row.channel, row.conversation_id)
                or shown_answers != answers or any(shown.masked for shown in notes)),
            "answers": shown_answers,
            "notes": notes,
            "escalations": cases.escalations_for(session, row.conversation_id),
            "statuses": PRESCREEN_STATUSES,
            "seizure_meds": seizure_threshold_named(row.answers or {}),
            "revealed": reveal,
        }
    return render(request, "prescreen.html", **context)


@access("page")
async def prescreen_page(request: web.Request) -> web.StreamResponse:
    return _prescreen_page(request, "view_prescreen", reveal=False)


@access("page")
async def prescreen_live(request: web.Request) -> web.StreamResponse:
    """The page again (masked), for an open pre-screen page told by its event stream that it changed."""
    return _prescreen_page(request, "view_prescreen", reveal=False, live=True)


@access("page")
async def prescreen_reveal(request: web.Request) -> web.StreamResponse:
    return _prescreen_page(request, "reveal", reveal=True)


@access("page")
async def prescreen_status(request: web.Request) -> web.StreamResponse:
    return await _change_status(request, Prescreen, cases.set_prescreen_status, "prescreen", lambda i: f"/staff/prescreens/{i}")


# ---------------------------------------------------------------------------------------- admin


@access("admin")
async def users_page(request: web.Request) -> web.StreamResponse:
    with session_scope(console(request).engine) as session:
        users = list(session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())
    return render(request, "users.html", users=users, roles=accounts.ROLES, min_password=accounts.MIN_PASSWORD_CHARS)


def _change_user(request: web.Request, form: Any) -> str:
    """Applies one admin form (create, enable/disable, password) and returns the notice key."""
    who, action = principal(request), request.match_info.get("action", "create")
    with session_scope(console(request).engine) as session:
        try:
            if action == "create":
                user = accounts.create_user(session, str(form.get("username") or ""), str(form.get("password") or ""),
                                            str(form.get("role") or "staff"))
                audit.record(session, who.name, "user_created", "user", user.id, ip=client_ip(request), role=user.role)
                return "user_created"
            user = get_or_404(session, StaffUser, request)
            if action == "password":
                accounts.set_password(session, user, str(form.get("password") or ""))
                audit.record(session, who.name, "password_reset", "user", user.id, ip=client_ip(request))
                return "password_reset"
            active = form.get("active") == "1"
            if not active and user.id == who.user_id:
                return "self_disable"
            accounts.set_active(session, user, active)
            audit.record(session, who.name, "user_enabled" if active else "user_disabled", "user", user.id, ip=client_ip(request))
            return "user_updated"
        except accounts.WeakPassword:
            return "weak_password"
        except accounts.AccountError:
            return "account_error"


@access("admin")
async def users_change(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    notice = await asyncio.to_thread(_change_user, request, form)  # hashing a password takes tens of ms
    return redirect("/staff/admin/users", notice)


AUDIT_PAGE_ROWS = 200
AUDIT_EXPORT_ROWS = 50_000  # a year of a busy clinic; narrow the dates for more


@dataclass(frozen=True)
class AuditFilter:
    """The audit page's query: who (exact username), which action, which clinic-local days."""

    actor: str = ""
    action: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def of(cls, request: web.Request) -> AuditFilter:
        query = request.query
        return cls(actor=query.get("actor", "").strip()[:80], action=query.get("action", "").strip()[:64],
                   since=present.parse_day(query.get("from")), until=present.parse_day(query.get("to")))

    def params(self) -> dict[str, object]:
        return {"actor": self.actor, "action": self.action, "from": self.since or "", "to": self.until or ""}

    def entries(self, session: Any, zone: str, limit: int, before_id: int | None = None) -> list[Any]:
        return audit.entries(
            session, limit, before_id=before_id, actor=self.actor or None, actions=(self.action,) if self.action else None,
            since=present.day_start_utc(self.since, zone) if self.since else None,
            until=present.day_start_utc(self.until + dt.timedelta(days=1), zone) if self.until else None)


@access("admin")
async def audit_page(request: web.Request) -> web.StreamResponse:
    wanted, zone = AuditFilter.of(request), console(request).config.clinic_timezone
    with session_scope(console(request).engine) as session:
        rows = wanted.entries(session, zone, AUDIT_PAGE_ROWS, before_id=parse_id(request.query.get("before")))
        names = audit.user_names(session, rows)
        known_actions = audit.actions(session)
        staff = list(session.execute(select(StaffUser.username).order_by(StaffUser.username)).scalars())
    return render(request, "audit.html", rows=rows, names=names, wanted=wanted, params=wanted.params(),
                  actions=known_actions, staff=staff, page_rows=AUDIT_PAGE_ROWS)


@access("admin")
async def audit_csv(request: web.Request) -> web.StreamResponse:
    """The filtered log as CSV; exporting it is itself audited (with the filters, never PHI)."""
    wanted, zone = AuditFilter.of(request), console(request).config.clinic_timezone
    with session_scope(console(request).engine) as session:
        rows = wanted.entries(session, zone, AUDIT_EXPORT_ROWS)
        body = audit.as_csv(rows, audit.user_names(session, rows))
        audit.record(session, principal(request).name, "audit_export", ip=client_ip(request), rows=len(rows),
                     **{f"filter_{key}": str(value) for key, value in wanted.params().items() if value})
    response = web.Response(text=body, content_type="text/csv", charset="utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="audit-{utcnow():%Y%m%d-%H%M}.csv"'
    return response


ROUTES: dict[str, Handler] = {
    "GET /staff/login": login_form,
    "POST /staff/login": login,
    "POST /staff/logout": logout,
    "GET /staff": queue_page,
    "GET /staff/": queue_page,
    "GET /staff/escalations/{id}": escalation_page,
    "GET /staff/escalations/{id}/live": escalation_live,
    "POST /staff/escalations/{id}/call": escalation_call,
    "POST /staff/escalations/{id}/reveal": escalation_reveal,
    "POST /staff/escalations/{id}/status": escalation_status,
    "POST /staff/escalations/{id}/assign": escalation_assign,
    "POST /staff/escalations/{id}/notes": escalation_note,
    "POST /staff/escalations/{id}/take-over": take_over,
    "POST /staff/escalations/{id}/reply": reply,
    "POST /staff/escalations/{id}/hand-back": hand_back,
    "GET /staff/prescreens": prescreens_page,
    "GET /staff/prescreens/live": prescreens_live,
    "GET /staff/prescreens/{id}": prescreen_page,
    "GET /staff/prescreens/{id}/live": prescreen_live,
    "POST /staff/prescreens/{id}/reveal": prescreen_reveal,
    "POST /staff/prescreens/{id}/status": prescreen_status,
    "POST /staff/prescreens/{id}/notes": prescreen_note,
    "GET /staff/admin/users": users_page,
    "POST /staff/admin/users": users_change,
    "POST /staff/admin/users/{id}/{action:active|password}": users_change,
    "GET /staff/audit": audit_page,
    "GET /staff/audit.csv": audit_csv,
}
