"""The municipality's local date and time (Europe/Copenhagen), in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["SETTINGS"].timezone)


def now() -> datetime:
    return datetime.now(zone())


def today() -> date:
    return now().date()


def as_utc(moment: datetime) -> datetime:
    """A stored moment in UTC with its offset: SQLite hands every moment back naive."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
