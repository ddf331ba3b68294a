"""Route polishing and single tours: shorter orders, never a broken window or shift."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time as clock
from datetime import time

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_fixtures import DAYS

from routes_planner import GivenMatrix, Place, Shift, Team, Visit, check_plan, plan, tsp
from routes_planner.polish import polish_route
from routes_planner.problem import compile_problem
from routes_planner.schedule import route_cost, timing
from routes_planner.travel import Haversine

TRAVEL = Haversine()

stops_st = st.lists(
    st.builds(dict, dlat=st.floats(-0.04, 0.04), dlon=st.floats(-0.07, 0.07),
              service=st.integers(0, 45), window=st.one_of(st.none(), st.integers(8, 15)),
              width=st.integers(1, 3)),
    min_size=2, max_size=14,
)


def one_team_day(raw, end_elsewhere: bool, mode: str, hours: int):
    visits = [
        Visit(f"v{k}", 55.68 + r["dlat"], 12.57 + r["dlon"], service_minutes=r["service"],
              window=(time(r["window"]), time(min(23, r["window"] + r["width"])))
              if r["window"] else None)
        for k, r in enumerate(raw)
    ]
    end = Place(55.70, 12.60) if end_elsewhere else None
    team = Team("t", Place(55.68, 12.57), end=end, mode=mode,
                shift=Shift(time(8), time(min(23, 8 + hours))), days=(DAYS[0],))
    return visits, team


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stops_st, st.booleans(), st.sampled_from(["foot", "bicycle", "car"]),
       st.integers(3, 12), st.randoms(use_true_random=False), st.integers(0, 2))
def test_a_polished_route_keeps_every_window_and_the_shift(raw, end_elsewhere, mode, hours,
                                                           rnd, n_locked):
    visits, team = one_team_day(raw, end_elsewhere, mode, hours)
    p = compile_problem(visits, [team], [DAYS[0]], TRAVEL)
    # A feasible route to start from: the stops in a random order, cut back to what
    # fits (a bad order on purpose, so that polishing has work to do).
    order = list(range(len(p.visits)))
    rnd.shuffle(order)
    seq: list[int] = []
    for i in order:
        if p.allowed[i, 0] and timing(p, 0, [*seq, i]) is not None:
            seq.append(i)
    # Some stops locked at the front, as re-planning does.
    p.locked = {0: seq[:n_locked]} if seq[:n_locked] else {}
    before = route_cost(p, 0, seq)
    polished = polish_route(p, 0, seq, clock.monotonic() + 2.0)
    assert sorted(polished) == sorted(seq)
    assert polished[:n_locked] == seq[:n_locked]
    assert timing(p, 0, polished) is not None  # windows, shift and way home all hold
    assert route_cost(p, 0, polished) <= before


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stops_st, st.integers(0, 3))
def test_polished_multi_day_plans_pass_the_independent_check(raw, seed):
    visits = [
        Visit(f"v{k}", 55.68 + r["dlat"], 12.57 + r["dlon"], service_minutes=r["service"],
              window=(time(r["window"]), time(r["window"] + r["width"]))
              if r["window"] else None, earliest=DAYS[k % 2], deadline=DAYS[2])
        for k, r in enumerate(raw)
    ]
    teams = [Team("a", Place(55.68, 12.57), mode="bicycle", shift=Shift(time(8), time(12))),
             Team("b", Place(55.69, 12.55), end=Place(55.67, 12.58), mode="foot",
                  shift=Shift(time(9), time(15)))]
    result = plan(visits, teams, DAYS, TRAVEL, time_limit=0.5, seed=seed, workers=1)
    assert check_plan(result, visits, teams, DAYS, TRAVEL) == []
    unpolished = plan(visits, teams, DAYS, TRAVEL, time_limit=0.5, seed=seed, workers=1,
                      polish_routes=False)
    assert check_plan(unpolished, visits, teams, DAYS, TRAVEL) == []


def test_polishing_shortens_a_zigzag_route():
    # Six stops along a line, visited out of order: out and back is shortest.
    xs = [0, 5, 1, 4, 2, 3]
    visits = [Visit(f"v{k}", 55.68, 12.57 + 0.01 * (x + 1), service_minutes=10)
              for k, x in enumerate(xs)]
    team = Team("t", Place(55.68, 12.57), mode="car", shift=Shift(time(8), time(16)),
                days=(DAYS[0],))
    p = compile_problem(visits, [team], [DAYS[0]], TRAVEL)
    seq = list(range(6))
    polished = polish_route(p, 0, seq, clock.monotonic() + 2.0)
    straight = sorted(seq, key=lambda i: xs[i])
    assert route_cost(p, 0, polished) == route_cost(p, 0, straight) < route_cost(p, 0, seq)


def test_polishing_keeps_a_window_that_forces_a_longer_order():
    # v_far lies at the end of the line but must be seen between 08:00 and 08:30:
    # the shortest tour would reach it last, so the polished route must not.
    visits = [Visit("near", 55.68, 12.58), Visit("mid", 55.68, 12.60),
              Visit("far", 55.68, 12.64, window=(time(8), time(8, 30)))]
    team = Team("t", Place(55.68, 12.57), mode="car", shift=Shift(time(8), time(16)),
                days=(DAYS[0],))
    result = plan(visits, [team], [DAYS[0]], TRAVEL, time_limit=1, workers=1)
    assert check_plan(result, visits, [team], [DAYS[0]], TRAVEL) == []
    assert result.routes[0].stops[0].visit == "far"


def _brute_force(m: np.ndarray, start: int, end: int, stops: list[int]) -> int:
    best = None
    for perm in itertools.permutations(stops):
        path = [start, *perm, end]
        cost = int(sum(m[a, b] for a, b in zip(path, path[1:], strict=False)))
        best = cost if best is None else min(best, cost)
    return best


def test_single_tours_are_optimal_with_the_start_and_end_apart_or_together():
    rng = np.random.default_rng(7)
    for closed_tour in (True, False):
        pts = rng.uniform(0, 1000, size=(10, 2))
        m = np.rint(np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))).astype(int)
        end = 0 if closed_tour else 9
        stops = list(range(1, 9))
        visits = [Visit(f"c{i}", node=i, service_minutes=0) for i in stops]
        team = Team("t", Place(node=0), end=Place(node=end), mode="car",
                    shift=Shift(time(0), time(23, 59)), days=(DAYS[0],))
        result = plan(visits, [team], [DAYS[0]], GivenMatrix({"*": m}), time_limit=1,
                      workers=1)
        assert result.travel_seconds == _brute_force(m, 0, end, stops)
        assert [s.visit for s in result.routes[0].stops][0] in {f"c{i}" for i in stops}


def test_without_fast_tsp_the_planner_falls_back_and_says_so_in_one_line(tmp_path):
    doc = {"days": ["2026-03-02"],
           "teams": [{"id": "t", "mode": "car", "start": {"lat": 55.68, "lon": 12.57}}],
           "visits": [{"id": f"v{i}", "lat": 55.68 + 0.003 * i, "lon": 12.57 + 0.002 * (i % 3)}
                      for i in range(8)]}
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(doc))
    # fast_tsp made unimportable in the child, as on a machine without it.
    code = ("import sys; sys.modules['fast_tsp'] = None; "
            "from routes_planner.__main__ import main; "
            f"sys.exit(main(['solve', {str(path)!r}, '--time-limit', '1', '--workers', '1']))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = json.loads(proc.stdout)
    assert out["stats"]["notes"] == [tsp.MISSING_NOTE]
    assert "\n" not in tsp.MISSING_NOTE
    assert len(out["routes"]) == 1 and len(out["routes"][0]["stops"]) == 8
    # With fast-tsp present there is no note.
    with_it = subprocess.run(
        [sys.executable, "-m", "routes_planner", "solve", str(path), "--time-limit", "1",
         "--workers", "1"], capture_output=True, text=True)
    assert "notes" not in json.loads(with_it.stdout)["stats"]


_TOUR_CHILD = """
import sys
from datetime import date, time
import numpy as np
import routes_planner as rp
rng = np.random.default_rng(3)
pts = rng.uniform(0, 1000, size=(40, 2))
m = np.rint(np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))).astype(int)
day = date(2026, 3, 2)
# c39's window: from midnight until just after the earliest it can be reached.
window = (time(0), time(0, int(m[0, 39]) // 60 + 1)) if {windowed} else None
visits = [rp.Visit(f"c{{i}}", node=i, service_minutes=0,
                   window=window if i == 39 else None) for i in range(1, 40)]
team = rp.Team("t", rp.Place(node=0), mode="car", shift=rp.Shift(time(0), time(23, 59)))
travel = rp.GivenMatrix({{"*": m}})
result = rp.plan(visits, [team], [day], travel, time_limit=1)
assert rp.check_plan(result, visits, [team], [day], travel) == []
assert not result.unplaced
print(sorted(name for name in ("vroom", "pyvrp", "pandas") if name in sys.modules))
"""


def test_a_plain_tour_is_planned_without_loading_vroom_or_pyvrp():
    # Their import (VROOM brings pandas) takes seconds; fast-tsp answers a plain tour.
    code = _TOUR_CHILD.format(windowed=False)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    # A window that fast-tsp's tour breaks (c39 first, though it is not next to the
    # start in the shortest tour) still gets a feasible plan: PyVRP loads when needed.
    code = _TOUR_CHILD.format(windowed=True)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "pyvrp" in proc.stdout
