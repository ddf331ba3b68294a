"""A visit that cannot be placed is listed with its reason code and a message."""

from __future__ import annotations

from datetime import date, time

from planner_fixtures import D1, DAYS, LIMIT, team, visit

from routes_planner.model import Shift, UnplacedReason, Visit
from routes_planner.solve import plan
from routes_planner.travel import Haversine


def reason_of(visits, teams, vid, days=DAYS):
    result = plan(visits, teams, days, Haversine(), time_limit=LIMIT)
    found = {u.visit: u for u in result.unplaced}
    assert vid in found, f"{vid} was placed"
    assert vid in found[vid].message
    return found[vid].reason


def test_unplaced_past_deadline():
    assert reason_of([visit("v", deadline=date(2026, 2, 27))], [team()], "v") == (
        UnplacedReason.PAST_DEADLINE)


def test_unplaced_no_pair_team():
    assert reason_of([visit("v", pair=True)], [team(size=1)], "v") == UnplacedReason.NO_PAIR_TEAM


def test_unplaced_no_position():
    assert reason_of([Visit("v")], [team()], "v") == UnplacedReason.NO_POSITION


def test_unplaced_window_outside_shift():
    v = visit("v", window=(time(18), time(19)))
    assert reason_of([v], [team()], "v") == UnplacedReason.WINDOW_OUTSIDE_SHIFT


def test_unplaced_no_team_day():
    t = team(days=(DAYS[2],))
    v = visit("v", deadline=DAYS[1])
    assert reason_of([v], [t], "v") == UnplacedReason.NO_TEAM_DAY


def test_unplaced_too_far():
    far = Visit("v", lat=57.05, lon=9.92)  # Aalborg, by foot from Copenhagen
    assert reason_of([far], [team(mode="foot")], "v") == UnplacedReason.TOO_FAR


def test_unplaced_no_capacity():
    t = team(shift=Shift(time(8), time(10)))
    visits = [visit(f"v{i}", 1, service_minutes=90, deadline=D1) for i in range(2)]
    result = plan(visits, [t], DAYS, Haversine(), time_limit=LIMIT)
    assert [u.reason for u in result.unplaced] == [UnplacedReason.NO_CAPACITY]


def test_unplaced_optional_left_out():
    t = team(shift=Shift(time(8), time(10)))
    visits = [visit("must", 1, service_minutes=90, deadline=D1),
              visit("may", 2, service_minutes=90, deadline=D1, required=False)]
    assert reason_of(visits, [t], "may") == UnplacedReason.OPTIONAL_LEFT_OUT
