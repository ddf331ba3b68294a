"""The demo's coming weeks: the open visits planned by the real planner, the first days published.

The coordinator plans the next two weeks' working days as the planning page does
(services.planning.plan_period) and publishes the first working week's routes, so the
field app has its next working day's route whatever day of the week (or public
holiday) the demo is started on.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import RoutePlan, User
from . import calendar, planning, route_edits
from .planning_checks import PeriodRequest
from .unit_of_work import unit_of_work

PLAN_WEEKS = 4
PLANNED_DAYS = 10  # the two weeks the demo's open visits are spread over
PUBLISHED_DAYS = 5  # the first working week goes to the field app


def working_days(start: date, days: int) -> list[date]:
    """The days from `start` on which at least one active team works (holidays skipped)."""
    return sorted({td.day for td in calendar.team_days(start, start + timedelta(days=days))})


def plan_coming_weeks(coordinator: User, today: date) -> None:
    """Plan the coming working days one by one, then publish the first week (idempotent).

    Day by day, as a coordinator plans the visits that have become due: a visit goes on
    the first working day from its "not before" day (a whole-period plan would gather
    every visit on the one day that suits them all).
    """
    if db.session.scalar(select(RoutePlan.id).where(RoutePlan.day >= today).limit(1)):
        return  # planned on an earlier run; the coordinator may have changed it since
    days = working_days(today, 7 * PLAN_WEEKS)
    for day in days[:PLANNED_DAYS]:
        with unit_of_work():  # each day planned as the coordinator plans it: its own unit
            planning.plan_period(PeriodRequest(start=day, end=day), today=today,
                                 user=coordinator)
    for day in days[:PUBLISHED_DAYS]:
        for route in db.session.scalars(select(RoutePlan).where(RoutePlan.day == day)):
            if route.stops:
                route_edits.publish(route, user=coordinator)
