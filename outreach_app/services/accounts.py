"""Logging in and out, and managing staff accounts."""

from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.calendar import PAIR
from ..extensions import db
from ..models import Role, Team, User
from . import audit, login_guard, passwords, sessions
from .login_guard import Wait
from .refusal import Refusal
from .unit_of_work import unit_of_work

_DUMMY_HASH = generate_password_hash("not-a-password")


class LoginMustWait(Exception):
    """Too many failed logins: nothing was checked; the user is told how long to wait."""

    def __init__(self, wait: Wait):
        super().__init__(wait.scope)
        self.wait = wait


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, auditing success and failure alike.

    Raises LoginMustWait, without checking the password, while the account or the client
    address has to wait after repeated failures. A refused or failed login is saved in
    the trail all the same: it is what the next login's wait is counted from.
    """
    address = request.remote_addr if has_request_context() else None
    wait = login_guard.wait_before_login(username, address)
    if wait is not None:
        _trail("login_refused", username=username[:64], details={"wait": wait.scope})
        raise LoginMustWait(wait)
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None:
        # Hash anyway, so the answer takes as long whether or not the name exists.
        check_password_hash(_DUMMY_HASH, password)
    password_ok = user is not None and user.check_password(password)
    if not password_ok or not user.active:
        # The user sees one message either way; the trail keeps the difference.
        reason = "inactive" if password_ok else "credentials"
        _trail("login_failed", user=user, username=username[:64], details={"reason": reason})
        return None
    _trail("login", user=user)
    return user


def _trail(action: str, **event) -> None:
    """One audit event, its own unit of work: kept even when the caller then refuses."""
    with unit_of_work():
        audit.record(action, **event)


@unit_of_work()
def open_session(user: User) -> str:
    """A new server-side session for a user who just logged in; returns the cookie's token."""
    return sessions.start(user)


@unit_of_work()
def record_logout(user: User, token: str | None) -> None:
    """Log out: the session ends on the server, so a copy of the cookie is worthless."""
    sessions.end(token, "logout")
    audit.record("logout", user=user)


def _check_password(password: str, username: str, full_name: str = "",
                    field: str = "password") -> None:
    problem = passwords.password_problem(password, username, full_name)
    if problem:
        raise Refusal(f"password_{problem}", field)


def change_own_password(user: User, current: str, new: str, keep_token: str | None) -> None:
    """A user chooses a new password; every other session of theirs ends at once.

    The current password is a login in all but name: a wrong one counts as a failed
    login for the account, and the account's wait applies here too (LoginMustWait), so
    a borrowed unlocked session cannot guess the password through this page.
    """
    address = request.remote_addr if has_request_context() else None
    wait = login_guard.wait_before_login(user.username, address)
    if wait is not None:
        _trail("login_refused", user=user, username=user.username[:64],
               details={"wait": wait.scope, "page": "password"})
        raise LoginMustWait(wait)
    if not user.check_password(current):
        _trail(login_guard.FAILED, user=user, username=user.username[:64],
               details={"reason": "current_password"})
        raise Refusal("current_password_wrong", "current_password")
    if new == current:
        raise Refusal("password_unchanged", "password")
    _check_password(new, user.username, user.full_name)
    with unit_of_work():
        user.set_password(new)
        user.must_change_password = False
        ended = sessions.end_all(user.id, "password", keep=keep_token)
        audit.record("password.change", object_type="user", object_id=user.id, user=user,
                     details={"sessions_ended": ended})


@unit_of_work()
def set_one_time_password(user_id: int, password: str) -> User:
    """An administrator sets a password the user must replace at the next login.

    The user's sessions end at once: whoever was logged in with the old password is out.
    """
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    _check_password(password, user.username, user.full_name)
    user.set_password(password)
    user.must_change_password = True
    sessions.end_all(user.id, "password")
    audit.record("password.reset", object_type="user", object_id=user.id)
    return user


def list_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def list_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def _check_team(team_id: int | None, role: str, user: User | None = None) -> None:
    if team_id is None:
        return
    team = db.session.get(Team, team_id)
    if team is None:
        raise Refusal("team_unknown", "team_id")
    others = [m for m in team.active_members if m is not user]
    if role == Role.OUTREACH.value and len(others) >= PAIR:
        raise Refusal("team_full", "team_id")


def _would_leave_no_admin(user: User, role: str, active: bool) -> bool:
    if user.role != Role.ADMIN.value or (role == Role.ADMIN.value and active):
        return False
    others = db.session.scalar(select(func.count(User.id)).where(
        User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id))
    return others == 0


@unit_of_work()
def create_user(
    username: str, role: str, password: str, full_name: str = "", team_id: int | None = None
) -> User:
    """Create an account; the username is unique regardless of case."""
    username = username.strip()
    if not username:
        raise Refusal("username_missing", "username")
    if role not in {r.value for r in Role}:
        raise Refusal("role_unknown", "role")
    problem = passwords.username_problem(username)
    if problem:
        raise Refusal(f"username_{problem}", "username")
    _check_password(password, username, full_name)
    _check_team(team_id, role)
    exists = db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
    if exists is not None:
        raise Refusal("username_taken", "username")
    user = User(username=username, role=role, full_name=full_name.strip(), team_id=team_id)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", object_type="user", object_id=user.id,
                 details={"role": role})
    return user


@unit_of_work()
def update_user(user_id: int, *, role: str, active: bool, team_id: int | None,
                full_name: str) -> User:
    """Change role, team, name or active flag; deactivating keeps the user's history."""
    user = db.session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    if role not in {r.value for r in Role}:
        raise Refusal("role_unknown", "role")
    _check_team(team_id, role, user)
    if _would_leave_no_admin(user, role, active):
        # Someone must still be able to manage users afterwards.
        raise Refusal("last_admin", "active")
    changed = audit.changed_fields(
        user, {"role": role, "active": active, "team_id": team_id, "full_name": full_name.strip()}
    )
    if changed:
        audit.record("user.update", object_type="user", object_id=user.id,
                     details={"fields": changed})
    if not user.active:
        sessions.end_all(user.id, "deactivated")
    return user
