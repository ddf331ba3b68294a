"""Random small instances: every plan keeps every hard rule, whatever the mix."""

from __future__ import annotations

from datetime import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_fixtures import DAYS

from routes_planner.check import check_plan
from routes_planner.model import Locked, Place, Shift, Team, Visit
from routes_planner.solve import plan
from routes_planner.travel import Haversine

TRAVEL = Haversine()

visits_st = st.lists(
    st.builds(
        dict,
        dlat=st.floats(-0.05, 0.05), dlon=st.floats(-0.08, 0.08),
        service=st.integers(0, 120), first=st.integers(0, 2), span=st.integers(0, 2),
        window=st.one_of(st.none(), st.integers(7, 17)), pair=st.booleans(),
        required=st.booleans(), priority=st.integers(0, 3),
    ),
    min_size=1, max_size=12,
)
teams_st = st.lists(
    st.builds(dict, size=st.integers(1, 2), mode=st.sampled_from(["foot", "bicycle", "car"]),
              start=st.integers(6, 10), hours=st.integers(2, 9),
              days=st.sets(st.integers(0, 2), min_size=1)),
    min_size=1, max_size=3,
)


def build(raw_visits, raw_teams):
    visits = []
    for k, r in enumerate(raw_visits):
        first = min(r["first"], 2)
        visits.append(Visit(
            f"v{k}", 55.68 + r["dlat"], 12.57 + r["dlon"], service_minutes=r["service"],
            earliest=DAYS[first], deadline=DAYS[min(2, first + r["span"])],
            window=(time(r["window"]), time(r["window"] + 2)) if r["window"] else None,
            pair=r["pair"], required=r["required"], priority=r["priority"],
        ))
    teams = [
        Team(f"t{k}", Place(55.68, 12.57), size=r["size"], mode=r["mode"],
             shift=Shift(time(r["start"]), time(min(23, r["start"] + r["hours"]))),
             days=tuple(DAYS[d] for d in sorted(r["days"])))
        for k, r in enumerate(raw_teams)
    ]
    return visits, teams


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(visits_st, teams_st, st.integers(0, 3))
def test_random_plans_keep_every_hard_rule(raw_visits, raw_teams, seed):
    visits, teams = build(raw_visits, raw_teams)
    result = plan(visits, teams, DAYS, TRAVEL, time_limit=0.3, seed=seed)
    assert check_plan(result, visits, teams, DAYS, TRAVEL) == []
    # Re-planning with the first route's stops locked keeps them and the rules.
    if result.routes:
        r = result.routes[0]
        locked = [Locked(s.visit, r.team, r.day) for s in r.stops]
        again = plan(visits, teams, DAYS, TRAVEL, time_limit=0.3, seed=seed, locked=locked)
        assert check_plan(again, visits, teams, DAYS, TRAVEL, locked) == []
