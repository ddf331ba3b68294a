"""The JSON command: a small instance checked against brute force, and bad input."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from routes_planner.__main__ import main
from routes_planner.check import check_plan
from routes_planner.errors import InstanceError
from routes_planner.instance import parse_instance, plan_from_json

ROOT = Path(__file__).resolve().parents[2]


def tsp_instance(m: np.ndarray) -> dict:
    """The smallest case: one team, one day, no service, start and end at node 0."""
    return {
        "days": ["2026-03-02"],
        "teams": [{"id": "t1", "size": 1, "mode": "car", "start": {"node": 0},
                   "shift": ["00:00", "23:59"]}],
        "visits": [{"id": f"c{i}", "node": i, "service_minutes": 0} for i in range(1, len(m))],
        "travel": {"matrix_seconds": m.tolist()},
    }


def brute_force_tour(m: np.ndarray) -> int:
    n = len(m)
    return min(
        sum(m[a, b] for a, b in zip((0, *perm), (*perm, 0), strict=True))
        for perm in itertools.permutations(range(1, n))
    )


def run_cli(tmp_path, doc, *args) -> subprocess.CompletedProcess:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(doc))
    return subprocess.run(
        [sys.executable, "-m", "routes_planner", "solve", str(path), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_cli_small_tsp_matches_brute_force(tmp_path, seed):
    rng = np.random.default_rng(seed)
    pts = rng.integers(0, 1000, size=(8, 2))
    m = np.rint(np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))).astype(int)
    doc = tsp_instance(m)
    proc = run_cli(tmp_path, doc, "--time-limit", "0.5", "--seed", str(seed))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["unplaced"] == []
    assert out["routes"][0]["travel_seconds"] == brute_force_tour(m)
    inst = parse_instance(doc)
    assert check_plan(plan_from_json(out, inst), inst.visits, inst.teams, inst.days,
                      inst.travel) == []


def test_cli_prints_routes_unplaced_and_stats(tmp_path, capsys):
    doc = {
        "days": ["2026-03-02", "2026-03-03"],
        "teams": [{"id": "t1", "size": 1, "mode": "bicycle", "start": {"lat": 55.68, "lon": 12.57},
                   "shift": ["08:00", "16:00"]}],
        "visits": [
            {"id": "v1", "lat": 55.69, "lon": 12.55, "service_minutes": 20,
             "window": ["10:00", "12:00"]},
            {"id": "v2", "lat": 55.67, "lon": 12.58, "pair": True},
        ],
    }
    path = tmp_path / "i.json"
    path.write_text(json.dumps(doc))
    assert main(["solve", str(path), "--time-limit", "0.3"]) == 0
    out = json.loads(capsys.readouterr().out)
    stop = out["routes"][0]["stops"][0]
    assert stop["visit"] == "v1" and "10:00" <= stop["start"] <= "12:00"
    assert set(stop) >= {"visit", "arrival", "start", "departure"}
    assert out["unplaced"][0]["visit"] == "v2"
    assert out["unplaced"][0]["reason"] == "no_pair_team"
    assert {"engine", "seconds", "objective"} <= set(out["stats"])


GOOD = {
    "days": ["2026-03-02", "2026-03-03"],
    "teams": [{"id": "t1", "size": 2, "mode": "car", "start": {"lat": 55.68, "lon": 12.57},
               "shift": ["08:00", "16:00"]}],
    "visits": [{"id": "v1", "lat": 55.69, "lon": 12.55}, {"id": "v2", "lat": 55.7, "lon": 12.6}],
}


def broken(path: str, value=None, delete=False) -> dict:
    doc = json.loads(json.dumps(GOOD))
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if delete:
        del node[last]
    else:
        node[last] = value
    return doc


BAD = [
    ("missing_field", broken("visits.1.id", delete=True), ["visits[1]", "id", "missing"]),
    ("unknown_team", broken("visits.1.team", "t9"), ["visits[1] (id 'v2')", "team", "t9"]),
    ("deadline_before_earliest",
     {**GOOD, "visits": [{"id": "v1", "lat": 55.69, "lon": 12.55, "earliest": "2026-03-03",
                          "deadline": "2026-03-02"}]},
     ["visits[0] (id 'v1')", "deadline", "before earliest"]),
    ("latitude_out_of_range", broken("visits.0.lat", 95.0), ["visits[0] (id 'v1')", "lat"]),
    ("longitude_out_of_range", broken("visits.1.lon", -200), ["visits[1] (id 'v2')", "lon"]),
    ("misspelt_field", broken("visits.0.dedline", "2026-03-03"), ["visits[0]", "dedline"]),
    ("bad_window", broken("visits.0.window", ["12:00", "10:00"]), ["visits[0]", "window"]),
    ("missing_team_start", broken("teams.0.start", delete=True), ["teams[0] (id 't1')", "start"]),
    ("wrong_matrix_shape", {
        "days": ["2026-03-02"],
        "teams": [{"id": "t1", "start": {"node": 0}}],
        "visits": [{"id": "v1", "node": 1}, {"id": "v2", "node": 2}],
        "travel": {"matrix_seconds": [[0, 1], [1, 0]]},
    }, ["matrix_seconds", "node 2"]),
    ("non_square_matrix", {
        "days": ["2026-03-02"],
        "teams": [{"id": "t1", "start": {"node": 0}}],
        "visits": [{"id": "v1", "node": 1}],
        "travel": {"matrix_seconds": [[0, 1, 2], [1, 0, 2]]},
    }, ["matrix_seconds", "square"]),
]


@pytest.mark.parametrize("name,doc,words", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_naming_field_and_visit(tmp_path, name, doc, words):
    proc = run_cli(tmp_path, doc, "--time-limit", "0.2")
    assert proc.returncode != 0
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for w in words:
        assert w in lines[0]
    with pytest.raises(InstanceError) as err:
        parse_instance(doc)
    assert str(err.value) in lines[0]


def test_unreadable_instance_is_one_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json")
    proc = subprocess.run([sys.executable, "-m", "routes_planner", "solve", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1
