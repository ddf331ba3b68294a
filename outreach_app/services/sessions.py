"""Server-side login sessions: the cookie carries a random token, the row decides.

Logout, deactivation and a password change end the row, so a copied cookie stops
working at once. Sessions are not tied to the client's address (a phone moves between
Wi-Fi and 4G during a route); they end after a configurable idle time instead, longer
for outreach workers, whose shift has long quiet stretches between visits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from ..models import Role, User, UserSession
from . import clock
from .unit_of_work import unit_of_work

# last_seen_at is written at most this often: not one UPDATE per request.
TOUCH_EVERY = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def idle_limit(user: User) -> timedelta:
    """How long a session of this user lives without a request."""
    settings = current_app.config["SETTINGS"]
    minutes = (settings.session_idle_minutes_outreach if user.role == Role.OUTREACH.value
               else settings.session_idle_minutes)
    return timedelta(minutes=minutes)


def start(user: User) -> str:
    """Open a session for `user` (a step: the caller's unit commits) and return the
    token for the cookie."""
    token = secrets.token_urlsafe(32)
    now = _now()
    db.session.add(UserSession(token_hash=_hash(token), user_id=user.id, created_at=now,
                               last_seen_at=now))
    return token


def resume(user_id: int, token: str | None) -> tuple[User | None, str | None]:
    """The user of a live session, or (None, why it ended) and the row is ended now."""
    if not token:
        return None, None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    if row is None or row.user_id != user_id or row.ended_at is not None:
        return None, None
    user = row.user
    now = _now()
    reason = None
    if not user.active:
        reason = "deactivated"
    elif now - clock.as_utc(row.created_at) > timedelta(
            hours=current_app.config["SETTINGS"].session_max_hours):
        reason = "expired"
    elif now - clock.as_utc(row.last_seen_at) > idle_limit(user):
        reason = "idle"
    if reason:
        with unit_of_work():
            row.ended_at, row.end_reason = now, reason
        return None, reason
    if now - clock.as_utc(row.last_seen_at) > TOUCH_EVERY:
        with unit_of_work():
            row.last_seen_at = now
    return user, None


def end(token: str | None, reason: str = "logout") -> None:
    """End the session with this token (a step: the caller's unit commits)."""
    if token:
        db.session.execute(update(UserSession)
                           .where(UserSession.token_hash == _hash(token),
                                  UserSession.ended_at.is_(None))
                           .values(ended_at=_now(), end_reason=reason))


def end_all(user_id: int, reason: str, keep: str | None = None) -> int:
    """End every live session of a user except `keep` (a step: the caller's unit
    commits); returns how many."""
    stmt = (update(UserSession)
            .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
            .values(ended_at=_now(), end_reason=reason))
    if keep:
        stmt = stmt.where(UserSession.token_hash != _hash(keep))
    return db.session.execute(stmt).rowcount
