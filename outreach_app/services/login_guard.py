"""Failed logins make the account, or the client address, wait; successful ones never count.

The audit trail is the one record of failed logins (with the typed user name and the
client's address), so the count is shared by every worker process without a cache.
An account waits after repeated failures since its last successful login; an address
waits after many failures across accounts (one machine guessing many names). Names
that do not exist are counted like real ones, so the answer tells nothing about them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEvent
from . import clock

FAILED = "login_failed"


@dataclass(frozen=True)
class Wait:
    """No login is tried before `until`; `minutes` is what the user is told."""

    until: datetime
    scope: str  # "account" or "address"

    def minutes(self, now: datetime | None = None) -> int:
        left = (self.until - (now or datetime.now(UTC))).total_seconds()
        return max(1, math.ceil(left / 60))


def _wait_after(failures: list[datetime], limit: int, scope: str, now: datetime
                ) -> Wait | None:
    if len(failures) < limit:
        return None
    wait = timedelta(minutes=current_app.config["SETTINGS"].login_wait_minutes)
    until = max(clock.as_utc(at) for at in failures) + wait
    return Wait(until, scope) if until > now else None


def wait_before_login(username: str, address: str | None) -> Wait | None:
    """Whether a login for `username` from `address` must wait, and until when."""
    settings = current_app.config["SETTINGS"]
    now = datetime.now(UTC)
    since = now - timedelta(minutes=settings.login_failure_window_minutes)
    name = username.strip().lower()[:64]
    last_success = db.session.scalar(
        select(func.max(AuditEvent.at)).where(AuditEvent.action == "login",
                                              func.lower(AuditEvent.username) == name))
    if last_success is not None and clock.as_utc(last_success) > since:
        since = clock.as_utc(last_success)
    account = list(db.session.scalars(
        select(AuditEvent.at).where(AuditEvent.action == FAILED, AuditEvent.at > since,
                                    func.lower(AuditEvent.username) == name)))
    wait = _wait_after(account, settings.login_account_failures, "account", now)
    if wait is None and address:
        window = now - timedelta(minutes=settings.login_failure_window_minutes)
        by_address = list(db.session.scalars(
            select(AuditEvent.at).where(AuditEvent.action == FAILED, AuditEvent.at > window,
                                        AuditEvent.ip == address)))
        wait = _wait_after(by_address, settings.login_address_failures, "address", now)
    return wait
