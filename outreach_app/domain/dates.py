"""Dates people type into administrative forms: a window outside which a date is a typo.

A suspension period from year 1 to 9999 would silently block every sanction in the
system, and an exemption starting in 9999 means nothing. Real periods and exemptions
lie within a few years of today.
"""

from __future__ import annotations

from datetime import date

YEARS_BACK = 10
YEARS_AHEAD = 2


def plausible_window(today: date) -> tuple[date, date]:
    """The first and last day an administrative date may have, seen from `today`."""
    return date(today.year - YEARS_BACK, 1, 1), date(today.year + YEARS_AHEAD, 12, 31)


def implausible(day: date | None, today: date) -> bool:
    """Whether `day` lies outside the plausible window (None is never implausible)."""
    if day is None:
        return False
    first, last = plausible_window(today)
    return not first <= day <= last
