"""Every hard rule holds in every plan; the checker is independent of the solver."""

from __future__ import annotations

from datetime import time

import pytest
from planner_fixtures import D1, D2, D3, DAYS, HOME, LIMIT, near, team, visit

from routes_planner.check import check_plan
from routes_planner.model import Locked, Place, Shift, Team, Visit
from routes_planner.solve import plan
from routes_planner.travel import Haversine

TRAVEL = Haversine()


def solve(visits, teams, days=DAYS, **kw):
    """Plan with a short time limit and assert the plan keeps every hard rule."""
    result = plan(visits, teams, days, TRAVEL, time_limit=LIMIT, **kw)
    assert check_plan(result, visits, teams, days, TRAVEL, kw.get("locked", ())) == []
    return result


def placed(result) -> dict[str, tuple[str, object]]:
    return {s.visit: (r.team, r.day) for r in result.routes for s in r.stops}


def test_visit_never_after_its_deadline():
    # One team-day can hold only a few 3-hour visits; the deadline forces day 1.
    visits = [visit(f"v{i}", i, service_minutes=180) for i in range(4)]
    visits.append(visit("urgent", 5, service_minutes=60, deadline=D1))
    result = solve(visits, [team()])
    assert placed(result)["urgent"][1] == D1


def test_visit_never_before_its_earliest_day():
    result = solve([visit("late", 1, earliest=D3), visit("any", 2)], [team()])
    assert placed(result)["late"][1] == D3


def test_visit_starts_inside_its_window():
    visits = [visit("w", 1, window=(time(13, 0), time(13, 30))), visit("x", 2)]
    result = solve(visits, [team()], days=[D1])
    stop = next(s for r in result.routes for s in r.stops if s.visit == "w")
    assert time(13, 0) <= stop.start <= time(13, 30)
    assert stop.arrival <= stop.start


def test_pair_visit_goes_only_to_a_team_of_two():
    teams = [team("solo", size=1), team("duo", size=2)]
    visits = [visit(f"p{i}", i, pair=True) for i in range(3)] + [visit("s", 4)]
    result = solve(visits, teams)
    for i in range(3):
        assert placed(result)[f"p{i}"][0] == "duo"


def test_team_works_only_on_its_working_days():
    t = team(days=(D2,))
    result = solve([visit(f"v{i}", i) for i in range(3)], [t])
    assert {r.day for r in result.routes} == {D2}


def test_team_day_off_is_not_planned():
    t = team(days_off=(D1, D2))
    result = solve([visit("v", 1)], [t])
    assert placed(result)["v"][1] == D3


def test_route_gets_home_before_the_shift_ends():
    t = team(mode="foot", shift=Shift(time(8), time(10)))
    # Ten 30-minute visits cannot fit in two hours on foot in one day.
    result = solve([visit(f"v{i}", i, service_minutes=30) for i in range(10)], [t], days=[D1])
    for r in result.routes:
        assert r.back <= time(10)
    assert len(result.unplaced) > 0


def test_visit_forced_onto_a_team_stays_on_it():
    teams = [team("a"), team("b")]
    result = solve([visit("v", 1, team="b"), visit("w", 2, not_teams=("a",))], teams)
    assert placed(result)["v"][0] == "b"
    assert placed(result)["w"][0] == "b"


def test_locked_stops_stay_on_their_team_day_in_order():
    teams = [team("a"), team("b")]
    visits = [visit(f"v{i}", i) for i in range(6)]
    locked = [Locked("v5", "b", D2), Locked("v1", "b", D2)]
    result = solve(visits, teams, locked=locked)
    route = next(r for r in result.routes if r.team == "b" and r.day == D2)
    assert [s.visit for s in route.stops[:2]] == ["v5", "v1"]
    assert all(s.locked for s in route.stops[:2])


def test_done_stop_keeps_its_time():
    locked = [Locked("done", "t1", D1, start=time(9, 10), done=True)]
    result = solve([visit("done", 3), visit("new", 1)], [team()], days=[D1], locked=locked)
    route = result.routes[0]
    assert route.stops[0].visit == "done"
    assert route.stops[0].start == time(9, 10)


def test_replanning_keeps_done_stops_and_moves_the_rest():
    visits = [visit(f"v{i}", i) for i in range(5)]
    first = solve(visits, [team()], days=[D1])
    done = first.routes[0].stops[:2]
    locked = [Locked(s.visit, "t1", D1, start=s.start, done=True) for s in done]
    kept = [v for v in visits if v.id != first.routes[0].stops[-1].visit]
    again = solve(kept + [visit("added", 7)], [team()], days=[D1], locked=locked)
    assert [s.visit for s in again.routes[0].stops[:2]] == [s.visit for s in done]
    assert "added" in placed(again)


def test_higher_priority_is_placed_first_when_not_all_fit():
    t = team(shift=Shift(time(8), time(9, 30)))
    visits = [visit("low", 1, service_minutes=60), visit("high", 2, service_minutes=60,
                                                            priority=5)]
    result = solve(visits, [t], days=[D1])
    assert "high" in placed(result) and "low" not in placed(result)


def test_every_visit_is_either_planned_or_unplaced():
    visits = [visit(f"v{i}", i, service_minutes=90, pair=i % 3 == 0) for i in range(20)]
    result = solve(visits, [team("a"), team("b", size=2)])
    assert len(placed(result)) + len(result.unplaced) == 20


def test_same_seed_gives_the_same_plan():
    visits = [visit(f"v{i}", i) for i in range(8)]
    a = solve(visits, [team()], seed=3)
    b = solve(visits, [team()], seed=3)
    assert [(r.team, r.day, [s.visit for s in r.stops]) for r in a.routes] == [
        (r.team, r.day, [s.visit for s in r.stops]) for r in b.routes
    ]


@pytest.mark.parametrize("engine", ["ortools", "vroom", "pyvrp", "baseline", "hybrid"])
def test_every_engine_returns_only_feasible_plans(engine):
    pytest.importorskip({"ortools": "ortools", "vroom": "vroom", "pyvrp": "pyvrp"}.get(
        engine, "numpy"))
    teams = [team("a", mode="foot"), team("b", size=2, mode="bicycle", days=(D1, D3))]
    visits = [
        visit(f"v{i}", i % 7, service_minutes=20 + 5 * (i % 4),
              window=(time(9 + i % 5), time(11 + i % 5)) if i % 3 == 0 else None,
              pair=i % 5 == 0, earliest=DAYS[i % 2], deadline=DAYS[1 + i % 2])
        for i in range(15)
    ]
    result = solve(visits, teams, engine=engine)
    assert len(placed(result)) + len(result.unplaced) == 15


def test_checker_reports_a_broken_deadline():
    visits = [visit("v", 1, deadline=D1)]
    result = solve(visits, [team()])
    moved = [Visit("v", **near(1), deadline=D1)]
    tighter = [Team("t1", HOME, mode="car", days=(D1,))]
    assert check_plan(result, moved, tighter, DAYS, TRAVEL) == []
    late = [Visit("v", **near(1), earliest=D2)]
    assert check_plan(result, late, [team()], DAYS, TRAVEL)


def test_team_start_and_end_may_differ():
    t = Team("t1", HOME, end=Place(55.70, 12.60), mode="bicycle")
    result = solve([visit("v", 1)], [t], days=[D1])
    assert result.routes[0].end == Place(55.70, 12.60)
