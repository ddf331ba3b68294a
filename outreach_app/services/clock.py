"""The municipality's local date and time (Europe/Copenhagen), in one place."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["SETTINGS"].timezone)


def now() -> datetime:
    return datetime.now(zone())


def today() -> date:
    return now().date()
