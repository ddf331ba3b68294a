"""A period cut into weeks or sectors (the hybrid engine's DECOMPOSE switch) keeps every rule."""

from __future__ import annotations

from datetime import date, time, timedelta

import numpy as np
import pytest

from routes_planner import Locked, Place, Shift, Team, Visit, check_plan, plan
from routes_planner.decompose import by_region, by_region_of_routes, by_week, merge, subproblem
from routes_planner.engines import hybrid
from routes_planner.problem import compile_problem
from routes_planner.schedule import repair, route_cost, timing
from routes_planner.travel import GivenMatrix, Haversine

TRAVEL = Haversine()
# Thursday 2026-03-05 to Tuesday 2026-03-17: working days in three ISO weeks.
DAYS = [d for d in (date(2026, 3, 5) + timedelta(k) for k in range(13)) if d.weekday() < 5]


def month(seed: int = 4, n: int = 36):
    rng = np.random.default_rng(seed)
    visits = []
    for k in range(n):
        first = int(rng.integers(0, len(DAYS) - 2))
        last = min(len(DAYS) - 1, first + int(rng.integers(0, 6)))
        hour = int(rng.integers(8, 13))
        visits.append(Visit(
            f"v{k}", 55.68 + float(rng.uniform(-0.03, 0.03)),
            12.57 + float(rng.uniform(-0.05, 0.05)), service_minutes=int(rng.integers(15, 40)),
            earliest=DAYS[first], deadline=DAYS[last],
            window=(time(hour), time(hour + 2)) if k % 4 == 0 else None, pair=k % 7 == 0))
    teams = [Team("solo", Place(55.68, 12.57), mode="bicycle", shift=Shift(time(8), time(15))),
             Team("pair", Place(55.69, 12.56), end=Place(55.67, 12.58), size=2, mode="car",
                  shift=Shift(time(9), time(16)), days_off=(DAYS[3],))]
    return visits, teams


def test_every_visit_goes_to_exactly_one_of_its_allowed_weeks():
    visits, teams = month()
    p = compile_problem(visits, teams, DAYS, TRAVEL)
    parts = by_week(p)
    weeks = [{DAYS[p.vehicles[v].day].isocalendar()[1] for v in part.vehicles} for part in parts]
    assert [len(w) for w in weeks] == [1, 1, 1]  # one part per ISO week, in date order
    assert sorted(w.pop() for w in weeks) == [w for w in sorted({d.isocalendar()[1] for d in DAYS})]
    placed = np.concatenate([part.visits for part in parts])
    assert sorted(placed.tolist()) == list(range(len(p.visits)))
    for part in parts:
        for i in part.visits:
            assert p.allowed[i, part.vehicles].any()
            allowed_weeks = {DAYS[p.vehicles[v].day].isocalendar()[1]
                             for v in np.flatnonzero(p.allowed[i])}
            if len(allowed_weeks) == 1:  # a visit that fits one week only is planned there
                assert DAYS[p.vehicles[part.vehicles[0]].day].isocalendar()[1] in allowed_weeks


def test_a_week_times_its_routes_exactly_as_the_whole_problem_does():
    visits, teams = month()
    p = compile_problem(visits, teams, DAYS, TRAVEL)
    parts = by_week(p)
    subs = [subproblem(p, part.visits, part.vehicles) for part in parts]
    # In each week, each team-day takes the allowed visits in index order while they fit.
    planned = []
    for sub in subs:
        routes, free = [], set(range(len(sub.visits)))
        for v in range(len(sub.vehicles)):
            seq = []
            for i in sorted(free):
                if timing(sub, v, [*seq, i]) is not None:
                    seq.append(i)
            free -= set(seq)
            routes.append(seq)
        planned.append(routes)
    whole = merge(p, parts, planned)
    for part, sub, routes in zip(parts, subs, planned, strict=True):
        for j, seq in enumerate(routes):
            v = int(part.vehicles[j])
            assert whole[v] == [int(part.visits[i]) for i in seq]
            assert timing(p, v, whole[v]) == timing(sub, j, seq)
            assert route_cost(p, v, whole[v]) == route_cost(sub, j, seq)


def test_every_sector_gets_its_visits_and_a_share_of_every_team_s_days():
    visits, teams = month()
    p = compile_problem(visits, teams, DAYS, TRAVEL)
    parts = by_region(p, 2)
    placed = np.concatenate([part.visits for part in parts])
    assert sorted(placed.tolist()) == list(range(len(p.visits)))
    vehicles = np.concatenate([part.vehicles for part in parts])
    assert sorted(vehicles.tolist()) == list(range(len(p.vehicles)))
    for part in parts:
        assert {p.vehicles[v].team for v in part.vehicles} == {0, 1}
        for i in part.visits:
            assert p.allowed[i, part.vehicles].any()
    # A given matrix has no positions: one part, the whole problem.
    m = np.array([[0, 60, 90], [60, 0, 50], [90, 50, 0]])
    q = compile_problem([Visit("a", node=1), Visit("b", node=2)],
                        [Team("t", Place(node=0))], DAYS, GivenMatrix({"*": m}))
    (whole,) = by_region(q, 2)
    assert whole.visits.tolist() == [0, 1] and len(whole.vehicles) == len(q.vehicles)


@pytest.mark.parametrize("how", ["region", "week", "week-improve", None])
def test_a_plan_built_week_by_week_keeps_every_rule_and_every_locked_stop(monkeypatch, how):
    visits, teams = month()
    locked = [Locked("v1", "solo", DAYS[4]), Locked("v2", "solo", DAYS[4]),
              Locked("v3", "pair", DAYS[0], start=time(9, 30), done=True)]
    # The switch is for large instances; this small one is made to count as large.
    monkeypatch.setattr(hybrid, "LARGE_WORK", 0)
    monkeypatch.setattr(hybrid, "DECOMPOSE", how)
    result = plan(visits, teams, DAYS, TRAVEL, time_limit=3, locked=locked, workers=1)
    assert check_plan(result, visits, teams, DAYS, TRAVEL, locked) == []
    assert not result.unplaced
    first = next(r for r in result.routes if (r.team, r.day) == ("solo", DAYS[4]))
    assert [s.visit for s in first.stops[:2]] == ["v1", "v2"]


def test_a_plan_s_routes_go_whole_into_turned_sectors():
    visits, teams = month(n=60)
    p = compile_problem(visits, teams, DAYS, TRAVEL)
    routes = hybrid.solve(p, 2, 0)
    for turn in (0.0, 0.5):
        parts = by_region_of_routes(p, routes, 3, turn=turn)
        every_visit = np.concatenate([x.visits for x in parts]).tolist()
        every_team_day = np.concatenate([x.vehicles for x in parts]).tolist()
        assert sorted(every_visit) == list(range(len(visits)))
        assert sorted(every_team_day) == list(range(len(p.vehicles)))
        for part in parts:
            for v in part.vehicles:
                assert set(routes[v]) <= set(part.visits.tolist())
    # Turned by half a sector, the cuts fall elsewhere: some visit changes sector.
    before, after = (by_region_of_routes(p, [[] for _ in routes], 3, turn=t)
                     for t in (0.0, 0.5))
    assert [x.visits.tolist() for x in before] != [x.visits.tolist() for x in after]


def test_sectors_improved_side_by_side_keep_every_rule_and_never_travel_more():
    visits, teams = month(n=60)
    locked = [Locked("v1", "solo", DAYS[4]), Locked("v2", "solo", DAYS[4])]
    p = compile_problem(visits, teams, DAYS, TRAVEL, locked)
    first = repair(p, _vroom_plan(p))
    parts = by_region_of_routes(p, first, 2)
    better = hybrid.improve_by_parts(p, first, parts, 3, 0, workers=2)
    assert hybrid.objective(p, better) <= hybrid.objective(p, first)
    assert {i for seq in first for i in seq} <= {i for seq in better for i in seq}
    for v, seq in enumerate(better):
        assert timing(p, v, seq) is not None
        assert seq[:len(p.locked.get(v, []))] == p.locked.get(v, [])


def _vroom_plan(p):
    from routes_planner.engines import vroom_engine

    return vroom_engine.solve(p, 2, 0, level=0)
