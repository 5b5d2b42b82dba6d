"""Console accounts, login sessions, sign-in rate limiting and API tokens (all in our database)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from bot.db import utcnow
from bot.staff.models import ApiToken, AuditEntry, LoginFailure, StaffSession, StaffUser
from bot.staff.security import (
    dummy_hash,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)

#: A clinical_reviewer signs off clinical content (bot/clinical_review) and sees no patient records.
ROLES = ("staff", "admin", "clinical_reviewer")
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
TOKEN_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD_CHARS = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn's 0-4 scale: 3 = "safely unguessable", ~10^8 guesses or more
SESSION_IDLE = dt.timedelta(hours=8)
SESSION_MAX = dt.timedelta(hours=24)
SESSION_TOUCH = dt.timedelta(minutes=1)  # last_seen_at is written at most once a minute
# Sign-in throttling (every count is of failures kept in the database, so restarts and replicas share it):
LOGIN_WINDOW = dt.timedelta(minutes=15)
MAX_LOGIN_FAILURES = 5  # per account and address in LOGIN_WINDOW
MAX_ADDRESS_FAILURES = 20  # per address, whatever names it tries, in LOGIN_WINDOW
ACCOUNT_FREE_FAILURES = 5  # per account from anywhere in a day; then each try waits (doubling, capped)
ACCOUNT_BACKOFF = dt.timedelta(seconds=30)
ACCOUNT_BACKOFF_CAP = dt.timedelta(minutes=15)
GLOBAL_WINDOW = dt.timedelta(minutes=5)
MAX_GLOBAL_FAILURES = 100  # all accounts, all addresses in GLOBAL_WINDOW
KNOWN_ADDRESS_DAYS = 30  # an address the account signed in from lately skips the account and global limits


class AccountError(ValueError):
    """A rejected account change; the message is safe to show (no secrets in it)."""


class WeakPassword(AccountError):
    """The new password is too short or too easy to guess."""


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user (with the session's CSRF token) or an API token."""

    name: str  # username, or "token:<name>"
    role: str  # "staff", "admin" or "api"
    user_id: int | None = None
    csrf_token: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_reviewer(self) -> bool:
        return self.role == "clinical_reviewer"


def normalize_username(username: str) -> str:
    return username.strip().lower()


def check_new_password(password: str, username: str = "") -> None:
    """At least 12 characters and zxcvbn score 3+: common passwords, keyboard walks, repeats, dates and the
    username itself are refused (zxcvbn scores the first 72 characters; more only adds strength)."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > 1024:
        raise AccountError("the password is too long")
    result = zxcvbn(password[:72], user_inputs=[username, "tms", "staff", "clinic"] if username else ["tms", "staff", "clinic"])
    if result["score"] < MIN_PASSWORD_SCORE:
        warning = result["feedback"].get("warning") or "it is too easy to guess"
        raise WeakPassword(f"the password is too easy to guess ({warning.rstrip('.')}): "
                           "use a few uncommon words or a password manager")


def find_user(session: Session, username: str) -> StaffUser | None:
    return session.execute(select(StaffUser).where(StaffUser.username == normalize_username(username))).scalar_one_or_none()


def create_user(session: Session, username: str, password: str, role: str = "staff") -> StaffUser:
    username = normalize_username(username)
    if not USERNAME_RE.match(username):
        raise AccountError("usernames are 2-64 characters: letters, digits, dot, dash, underscore")
    if role not in ROLES:
        raise AccountError(f"the role must be one of {', '.join(ROLES)}")
    check_new_password(password, username)
    if find_user(session, username) is not None:
        raise AccountError("that username is taken")
    user = StaffUser(username=username, password_hash=hash_password(password), role=role, active=True)
    session.add(user)
    session.flush()
    return user


def _end_sessions(session: Session, user: StaffUser) -> None:
    session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))


def set_password(session: Session, user: StaffUser, password: str) -> None:
    """Also signs the user out everywhere: whoever held the old password loses access at once."""
    check_new_password(password, user.username)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    _end_sessions(session, user)
    session.flush()


def set_active(session: Session, user: StaffUser, active: bool) -> None:
    user.active = active
    if not active:
        _end_sessions(session, user)
    session.flush()


@dataclass(frozen=True)
class LoginResult:
    user: StaffUser | None
    rate_limited: bool = False
    retry_after: int = 0  # seconds, when rate limited


def _failure_key(username: str, ip: str) -> tuple[str, str]:
    return normalize_username(username)[:64], (ip or "unknown")[:64]


def _failures(session: Session, since: dt.datetime, *conditions: object) -> tuple[int, dt.datetime | None]:
    """How many failures match since `since`, and the latest one's time."""
    count, latest = session.execute(
        select(func.count(LoginFailure.id), func.max(LoginFailure.at)).where(LoginFailure.at > since, *conditions)
    ).one()
    return int(count), latest


def recent_failures(session: Session, username: str, ip: str, now: dt.datetime | None = None) -> int:
    name, ip = _failure_key(username, ip)
    return _failures(session, (now or utcnow()) - LOGIN_WINDOW, LoginFailure.username == name, LoginFailure.ip == ip)[0]


def account_backoff(failures: int) -> dt.timedelta:
    """The wait after the latest failure: none for the first few, then 30 s doubling to at most 15 min.
    Refused tries are not failures, so nobody can stretch another person's wait beyond the cap."""
    if failures < ACCOUNT_FREE_FAILURES:
        return dt.timedelta(0)
    return min(ACCOUNT_BACKOFF * 2 ** min(failures - ACCOUNT_FREE_FAILURES, 16), ACCOUNT_BACKOFF_CAP)


def _known_address(session: Session, user: StaffUser | None, ip: str, now: dt.datetime) -> bool:
    """The account signed in from this address lately (the audit log's record of sign-ins)."""
    if user is None:
        return False
    return session.execute(select(AuditEntry.id).where(
        AuditEntry.action == "login", AuditEntry.target_type == "user", AuditEntry.target_id == str(user.id),
        AuditEntry.ip == ip, AuditEntry.at > now - dt.timedelta(days=KNOWN_ADDRESS_DAYS),
    ).limit(1)).first() is not None


def _wait(session: Session, name: str, ip: str, user: StaffUser | None, now: dt.datetime) -> dt.timedelta:
    """How long this sign-in must wait (zero: go ahead). Limits per account+address and per address hold
    for everyone; the per-account back-off and the global limit spare addresses the account knows, so an
    attacker elsewhere cannot lock a person out of their usual place of work."""
    count, latest = _failures(session, now - LOGIN_WINDOW, LoginFailure.username == name, LoginFailure.ip == ip)
    if count >= MAX_LOGIN_FAILURES and latest is not None:
        return latest + LOGIN_WINDOW - now
    count, latest = _failures(session, now - LOGIN_WINDOW, LoginFailure.ip == ip)
    if count >= MAX_ADDRESS_FAILURES and latest is not None:
        return latest + LOGIN_WINDOW - now
    if _known_address(session, user, ip, now):
        return dt.timedelta(0)
    count, latest = _failures(session, now - dt.timedelta(days=1), LoginFailure.username == name)
    if latest is not None and latest + account_backoff(count) > now:
        return latest + account_backoff(count) - now
    count, latest = _failures(session, now - GLOBAL_WINDOW)
    if count >= MAX_GLOBAL_FAILURES and latest is not None:
        return GLOBAL_WINDOW / 5
    return dt.timedelta(0)


def attempt_login(session: Session, username: str, password: str, ip: str, now: dt.datetime | None = None) -> LoginResult:
    """Checks the password unless a sign-in limit says wait (see `_wait`); refused tries are not counted.

    The password is hashed even for unknown or disabled users, so the answer time reveals nothing.
    """
    now = now or utcnow()
    name, ip = _failure_key(username, ip)
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - dt.timedelta(days=1)))
    user = find_user(session, name)
    wait = _wait(session, name, ip, user, now)
    if wait > dt.timedelta(0):
        return LoginResult(None, rate_limited=True, retry_after=max(int(wait.total_seconds()) + 1, 1))
    valid = verify_password(password, user.password_hash if user else dummy_hash())
    if not (valid and user is not None and user.active):
        session.add(LoginFailure(username=name, ip=ip, at=now))
        session.flush()
        return LoginResult(None)
    session.execute(delete(LoginFailure).where(LoginFailure.username == name, LoginFailure.ip == ip))
    user.last_login_at = now
    session.flush()
    return LoginResult(user)


def start_session(session: Session, user: StaffUser) -> str:
    """Returns the cookie value; the database keeps only its digest. Expired sessions are swept here."""
    now = utcnow()
    session.execute(delete(StaffSession).where(
        (StaffSession.last_seen_at < now - SESSION_IDLE) | (StaffSession.created_at < now - SESSION_MAX)))
    token = new_token()
    session.add(StaffSession(token_hash=token_digest(token), user_id=user.id, csrf_token=new_token()))
    session.flush()
    return token


def principal_for_session(session: Session, token: str | None, now: dt.datetime | None = None) -> Principal | None:
    """The signed-in user, if the token is known, not idle for 8 h, at most 24 h old and the user active."""
    if not token:
        return None
    now = now or utcnow()
    row = session.execute(
        select(StaffSession, StaffUser).join(StaffUser, StaffUser.id == StaffSession.user_id)
        .where(StaffSession.token_hash == token_digest(token))
    ).one_or_none()
    if row is None:
        return None
    staff_session, user = row
    if not user.active or now - staff_session.last_seen_at > SESSION_IDLE or now - staff_session.created_at > SESSION_MAX:
        session.delete(staff_session)
        return None
    if now - staff_session.last_seen_at > SESSION_TOUCH:
        staff_session.last_seen_at = now
    return Principal(name=user.username, role=user.role, user_id=user.id, csrf_token=staff_session.csrf_token)


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == token_digest(token)))


def create_api_token(session: Session, name: str) -> str:
    """Returns the token; it cannot be shown again."""
    if not TOKEN_NAME_RE.match(name):
        raise AccountError("token names are 1-64 characters: letters, digits, dot, dash, underscore")
    if session.execute(select(ApiToken).where(ApiToken.name == name)).scalar_one_or_none() is not None:
        raise AccountError("a token with that name exists or existed: pick another name")
    token = "tms_" + new_token()
    session.add(ApiToken(name=name, token_hash=token_digest(token)))
    session.flush()
    return token


def revoke_api_token(session: Session, name: str) -> bool:
    row = session.execute(select(ApiToken).where(ApiToken.name == name, ApiToken.revoked_at.is_(None))).scalar_one_or_none()
    if row is None:
        return False
    row.revoked_at = utcnow()
    return True


def principal_for_api_token(session: Session, token: str | None) -> Principal | None:
    if not token:
        return None
    row = session.execute(
        select(ApiToken).where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
    ).scalar_one_or_none()
    if row is None:
        return None
    row.last_used_at = utcnow()
    return Principal(name=f"token:{row.name}", role="api")
