"""aiohttp wiring of the staff console: routes, the sign-in/role/CSRF guard, templates, security headers.

Routes are registered on the main app under /staff (a prefixed sub-app would need `request.url`,
which aiohttp 3.9 cannot build with the installed yarl when the Host header carries a port).
"""
from __future__ import annotations

import functools
import ipaddress
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import quote

import jinja2
from aiohttp import web
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.db import engine_for, make_engine, session_scope
from bot.escalation.categories import label_for
from bot.escalation.transcripts import TranscriptTurn, conversation_events
from bot.rate_limit import client_address
from bot.staff import accounts, canned, cases, present, replies
from bot.staff.accounts import Principal
from bot.staff.security import same

logger = logging.getLogger("bot.staff")

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "staff_session"
LOGIN_CSRF_COOKIE = "staff_login_csrf"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
ID_PATTERN = "[0-9]{1,18}"  # record ids in every console and API URL
ID_RE = re.compile(ID_PATTERN)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

# Fixed messages a redirect can ask for with ?notice=<key>: no request text is ever echoed back.
NOTICES = {
    "status": ("ok", "Status updated."),
    "assigned": ("ok", "Assigned to you."),
    "note": ("ok", "Note added."),
    "note_invalid": ("error", "A note must have text and at most 5000 characters."),
    "taken_over": ("ok", "You hold this conversation now. The bot stays quiet (crisis replies still go out) until you hand it back."),
    "already_taken": ("error", "This conversation is already held by staff."),
    "reply_sent": ("ok", "Reply sent."),
    "reply_queued": ("ok", "Reply saved. The person sees it as soon as their chat is open; its state shows under Replies."),
    "reply_invalid": ("error", "A reply must have text and at most 1600 characters."),
    "not_taken": ("error", "Take the conversation over before replying or handing it back."),
    "handed_back": ("ok", "Handed back: the bot answers again."),
    "rasa_error": ("error", "The bot server did not accept the request, so nothing changed. Try again in a moment."),
    "user_created": ("ok", "Account created."),
    "user_updated": ("ok", "Account updated."),
    "password_reset": ("ok", "Password changed; the user was signed out everywhere."),
    "account_error": ("error", "That change was rejected: check the username, role and password rules."),
    "weak_password": ("error", ("That password is too short or too easy to guess: use at least 12 characters, "
                                "a few uncommon words or a password manager; not a name, date, pattern or common password.")),
    "self_disable": ("error", "You cannot disable your own account."),
    "logged_out": ("ok", "Signed out."),
}


@dataclass
class Console:
    """Everything the handlers share; the databases are opened on first use so start-up never blocks on them."""

    config: Settings
    templates: jinja2.Environment
    _tracker: Engine | None = field(default=None, repr=False)
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(init=False)

    def __post_init__(self) -> None:
        """A malformed STAFF_TRUSTED_PROXY stops start-up rather than every request."""
        self.trusted_proxies = tuple(ipaddress.ip_network(part.strip(), strict=False)
                                     for part in self.config.staff_trusted_proxy.split(",") if part.strip())
        self.templates.filters["local"] = functools.partial(present.local, zone=self.config.clinic_timezone)

    @property
    def engine(self) -> Engine:
        return engine_for(self.config.database_url)

    @functools.cached_property
    def canned(self) -> tuple[canned.CannedReply, ...]:
        """The reply box's canned replies, read once (a review falling due never breaks the console)."""
        return canned.load_canned(self.config.clinic_slots, enforce_review=False)

    @property
    def tracker_engine(self) -> Engine:
        if self._tracker is None:
            self._tracker = make_engine(self.config.tracker_store_url)
        return self._tracker


CONSOLE_KEY = web.AppKey("staff_console", Console)
PRINCIPAL_KEY = "staff_principal"


def access(kind: str) -> Callable[[Handler], Handler]:
    """Marks who may call a handler: "public", "page" (signed in), "admin", "api" (bearer token),
    "poll" (signed in or token; answers carry no PHI) or "review" (clinical reviewers and admins)."""

    def mark(handler: Handler) -> Handler:
        handler.staff_access = kind  # type: ignore[attr-defined]
        return handler

    return mark


def console(request: web.Request) -> Console:
    return request.app[CONSOLE_KEY]


def principal(request: web.Request) -> Principal:
    return request[PRINCIPAL_KEY]


def _is_trusted(address: str | None, request: web.Request) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    return any(ip in network for network in console(request).trusted_proxies)


def client_ip(request: web.Request) -> str:
    """The peer, or behind the trusted proxy the nearest untrusted hop of X-Forwarded-For (nginx appends
    the address it saw; what a client wrote further left is ignored). Nobody else can pick their address."""
    return client_address(request.remote, request.headers.get("X-Forwarded-For"), console(request).trusted_proxies)


def is_https(request: web.Request) -> bool:
    """TLS to us, or to the trusted front door (its X-Forwarded-Proto); a client's own header counts for nothing."""
    if request.secure:
        return True
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[-1].strip().lower()
    return forwarded == "https" and _is_trusted(request.remote, request)


def set_cookie(response: web.StreamResponse, request: web.Request, name: str, value: str, path: str) -> None:
    response.set_cookie(name, value, path=path, httponly=True, samesite="Strict", secure=is_https(request))


def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        # Everything is escaped, whatever the template's name: message text, notes and names are data.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(ago=present.ago, utc=present.utc, iso=present.iso_utc, category=label_for,
                       channel=present.channel_label)
    env.globals.update(
        REPLY_STATE_LABELS=replies.STATE_LABELS,
        OUTCOME_LABELS=present.OUTCOME_LABELS,
        ESCALATION_STATUS_LABELS=present.ESCALATION_STATUS_LABELS,
        PRESCREEN_STATUS_LABELS=present.PRESCREEN_STATUS_LABELS,
    )
    return env


def render(request: web.Request, template: str, status_code: int = 200, **context: Any) -> web.Response:
    """Renders with the navigation's needs (who is signed in, CSRF token, count of new escalations)."""
    who: Principal | None = request.get(PRINCIPAL_KEY)
    new_count = 0
    if who is not None:
        with session_scope(console(request).engine) as session:
            new_count = cases.count_new(session)
    kind, text = NOTICES.get(request.query.get("notice", ""), (None, None))
    page = console(request).templates.get_template(template).render(
        user=who, csrf=who.csrf_token if who else "", new_count=new_count,
        notice_kind=kind, notice=text, **context,
    )
    return web.Response(text=page, status=status_code, content_type="text/html", charset="utf-8")


def parse_id(raw: str | None) -> int | None:
    """An id from a URL: ASCII digits only, at most 18 (fits any integer column); anything else is None.
    (`str.isdigit` and `int` accept "²", Arabic-Indic and full-width digits.)"""
    return int(raw) if raw and ID_RE.fullmatch(raw) else None


def get_or_404(session: Session, model: type, request: web.Request) -> Any:
    """The row named by the route's {id}, or a 404."""
    row_id = parse_id(request.match_info.get("id"))
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise web.HTTPNotFound(text="not found")
    return row


def read_transcript(request: web.Request, conversation_id: str) -> list[TranscriptTurn] | None:
    """None when the tracker store cannot be read (pages say so instead of failing)."""
    try:
        return conversation_events(console(request).tracker_engine, conversation_id)
    except SQLAlchemyError as error:
        logger.warning("transcript unavailable: %s", type(error).__name__)
        return None


def redirect(location: str, notice: str | None = None) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(location + (f"?notice={notice}" if notice else ""))


def safe_next(target: str | None) -> str:
    """Only our own pages: never an absolute or protocol-relative URL (no open redirect)."""
    if target and target.startswith("/staff") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff"


def _bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _unauthorized_json() -> web.Response:
    return web.json_response(
        {"error": "unauthorized", "detail": "send Authorization: Bearer <token>"},
        status=401, headers={"WWW-Authenticate": 'Bearer realm="staff"'},
    )


async def _guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.path.startswith("/staff/static/") or request.match_info.http_exception is not None:
        kind = "public"  # static files; no such route (a malformed id, say): 404 or 405 for anyone
    else:
        kind = getattr(request.match_info.handler, "staff_access", "page")
    if kind == "public":
        return await handler(request)
    engine = console(request).engine
    with session_scope(engine) as session:
        who = accounts.principal_for_api_token(session, _bearer(request)) if kind in ("api", "poll") else None
        if who is None and kind != "api":
            who = accounts.principal_for_session(session, request.cookies.get(SESSION_COOKIE))
    if who is None:
        if kind in ("api", "poll"):
            return _unauthorized_json()
        if request.method == "GET":
            raise web.HTTPFound(f"/staff/login?next={quote(request.path_qs, safe='')}")
        raise web.HTTPSeeOther("/staff/login")
    request[PRINCIPAL_KEY] = who
    if kind == "admin" and not who.is_admin:
        return render(request, "error.html", status_code=403, title="Admins only",
                      message="This page is for console administrators.")
    if kind == "review" and not (who.is_reviewer or who.is_admin):
        return render(request, "error.html", status_code=403, title="Clinical reviewers only",
                      message="This page is for clinical reviewers and console administrators.")
    if who.is_reviewer and kind == "page" and request.path != "/staff/logout":  # no patient records
        if request.method == "GET" and request.path in ("/staff", "/staff/"):
            raise web.HTTPFound("/staff/review")
        return render(request, "error.html", status_code=403, title="Clinical review only",
                      message="A clinical reviewer account sees the clinical review pages only.")
    if request.method == "POST":
        form = await request.post()
        if not same(str(form.get("csrf_token") or ""), who.csrf_token):
            return render(request, "error.html", status_code=403, title="Form expired",
                          message="This form was not sent from a current console page. Go back, reload and try again.")
    return await handler(request)


@web.middleware
async def staff_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Only /staff paths: sign-in, role and CSRF checks, then security headers on every answer."""
    if request.path != "/staff" and not request.path.startswith("/staff/"):
        return await handler(request)
    try:
        response = await _guard(request, handler)
    except web.HTTPException as error:
        _harden(error, request.path)
        raise
    except SQLAlchemyError as error:  # our database is down or locked: say so rather than a bare 500
        logger.error("staff console database error: %s", type(error).__name__)
        response = web.Response(status=503, text="The console database is unavailable. Try again in a moment.")
    _harden(response, request.path)
    return response


def _harden(response: web.StreamResponse, path: str) -> None:
    response.headers.update(SECURITY_HEADERS)
    if not path.startswith("/staff/static/"):
        response.headers["Cache-Control"] = "no-store"  # PHI must not stay in shared caches or history
