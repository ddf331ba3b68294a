"""All usable cores by default, one core on request, and the same rules either way."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import time

import pytest
from planner_fixtures import DAYS

from routes_planner import Place, Shift, Team, Visit, check_plan, plan, usable_cores
from routes_planner.__main__ import _parser
from routes_planner.travel import Haversine


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
def test_usable_cores_follow_the_cpu_affinity_not_the_machine():
    assert usable_cores() == len(os.sched_getaffinity(0))
    one = sorted(os.sched_getaffinity(0))[0]
    code = (f"import os; os.sched_setaffinity(0, {{{one}}}); "
            "from routes_planner import usable_cores; print(usable_cores())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "1", out.stderr


def test_the_command_line_uses_every_core_unless_told_otherwise():
    assert _parser().parse_args(["solve", "x.json"]).workers is None  # None = usable_cores()
    assert _parser().parse_args(["solve", "x.json", "--workers", "1"]).workers == 1


def test_plan_with_several_workers_and_with_one_keeps_every_rule():
    visits = [Visit(f"v{i}", 55.66 + 0.004 * i, 12.55 + 0.003 * (i % 5), service_minutes=20,
                    earliest=DAYS[i % 2]) for i in range(14)]
    teams = [Team("a", Place(55.68, 12.57), mode="bicycle", shift=Shift(time(8), time(12))),
             Team("b", Place(55.67, 12.56), size=2, mode="foot",
                  shift=Shift(time(9), time(14)))]
    travel = Haversine()
    for workers in (None, 1, 2):
        result = plan(visits, teams, DAYS, travel, time_limit=0.6, workers=workers)
        assert check_plan(result, visits, teams, DAYS, travel) == []
        assert not result.unplaced


def test_bad_worker_count_is_one_line_on_stderr(tmp_path):
    path = tmp_path / "i.json"
    path.write_text('{"days": ["2026-03-02"], "teams": [{"id": "t", "start": {"lat": 55.6, '
                    '"lon": 12.5}}], "visits": []}')
    proc = subprocess.run([sys.executable, "-m", "routes_planner", "solve", str(path),
                           "--workers", "0"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "error: --workers: must be at least 1\n"
