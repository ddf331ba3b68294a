"""`flask plan-period START END` plans like the page, one line per team-day, then the total."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import RoutePlan, Visit
from outreach_app.services.planning_checks import month_of

LINE = re.compile(r"^(\d{4}-\d\d-\d\d)  (.+?)\s+(\d+) stops  (\d\d:\d\d-\d\d:\d\d|empty)\s+"
                  r"(\d+\.\d) km  .+ travel$")


def test_plan_period_plans_the_demo_month_and_ends_with_the_totals(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    start = date.today()
    end = max(month_of(start)[1], start + timedelta(days=6))
    result = runner.invoke(args=["plan-period", start.isoformat(), end.isoformat()])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    planned, unplaced = map(int, re.fullmatch(r"planned (\d+), unplaced (\d+)",
                                              lines[-1]).groups())
    db.session.expire_all()
    # The demo has planned its next two working weeks already; count this period's routes.
    routes = list(db.session.scalars(select(RoutePlan).where(RoutePlan.day.between(start,
                                                                                   end))))
    on_routes = sum(len(r.stops) for r in routes)
    assert planned == on_routes > 0
    assert unplaced == len(list(db.session.scalars(
        select(Visit).where(Visit.unplaced_reason.is_not(None), Visit.status == "requested"))))
    day_lines = [LINE.match(line) for line in lines[:-1]]
    assert all(day_lines), lines[:-1]
    assert sum(int(m.group(3)) for m in day_lines) == on_routes
    for m in day_lines:
        assert start <= date.fromisoformat(m.group(1)) <= end


def test_plan_period_in_the_past_is_refused_with_the_reason(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    past = date.today() - timedelta(days=40)
    result = runner.invoke(args=["plan-period", past.isoformat(),
                                 (past + timedelta(days=3)).isoformat()])
    assert result.exit_code != 0
    assert "is over" in result.output
    assert "planned" not in result.output
