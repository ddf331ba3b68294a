"""All usable cores by default, one core on request, and the same rules either way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import time

import pytest
from planner_fixtures import DAYS

from routes_planner import Place, Shift, Team, Visit, check_plan, plan, usable_cores
from routes_planner.__main__ import _parser
from routes_planner.processes import DAEMON_NOTE, STARTING_NOTE
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
        # A single-threaded caller (this test, the command line) runs them side by side.
        assert result.stats.searches == (workers or usable_cores())
        assert result.stats.notes == ()


# A child interpreter, so that no other test has started the forkserver already.
_CALLER = """
import json, multiprocessing, sys, threading, time
from datetime import date, time as clock
import routes_planner as rp
from routes_planner import processes

DAYS = [date(2026, 3, 2), date(2026, 3, 3)]
visits = [rp.Visit(f"v{{i}}", 55.66 + 0.004 * i, 12.55 + 0.003 * (i % 5), earliest=DAYS[i % 2])
          for i in range(12)]
teams = [rp.Team("a", rp.Place(55.68, 12.57), shift=rp.Shift(clock(8), clock(12))),
         rp.Team("b", rp.Place(55.67, 12.56), mode="foot", shift=rp.Shift(clock(9), clock(14)))]


def planned(out):
    result = rp.plan(visits, teams, DAYS, rp.Haversine(), time_limit=1.0, workers=2)
    out.append({{"searches": result.stats.searches, "notes": list(result.stats.notes),
                "errors": rp.check_plan(result, visits, teams, DAYS, rp.Haversine()),
                "unplaced": len(result.unplaced)}})


def in_thread():
    out = []
    worker = threading.Thread(target=planned, args=(out,))
    worker.start()
    worker.join()
    return out[0]


if __name__ == "__main__":
    if sys.argv[1] == "thread":
        first = in_thread()
        for _ in range(3000):  # the forkserver starts in the background
            if processes.ready():
                break
            time.sleep(0.1)
        print(json.dumps([first, in_thread()]))
    else:
        queue = multiprocessing.Queue()
        child = multiprocessing.Process(target=lambda: planned(out := []) or queue.put(out[0]),
                                        daemon=True)
        child.start()
        print(json.dumps([queue.get()]))
        child.join()
"""


def _run_caller(tmp_path, how: str) -> list[dict]:
    script = tmp_path / "caller.py"
    script.write_text(_CALLER.format())
    proc = subprocess.run([sys.executable, str(script), how], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    runs = json.loads(proc.stdout)
    for run in runs:
        assert run["errors"] == [] and run["unplaced"] == 0
    return runs


def test_a_plan_in_a_thread_uses_every_core_once_the_workers_have_started(tmp_path):
    # A task queue's thread worker: forking there is unsafe, so the first short plan
    # searches alone and says why while the forkserver starts; the next uses two.
    first, second = _run_caller(tmp_path, "thread")
    assert first["searches"] == 1
    assert first["notes"] == [STARTING_NOTE.format(n=2)]
    assert second["searches"] == 2
    assert second["notes"] == []


def test_a_daemonic_worker_process_searches_alone_and_says_why(tmp_path):
    (run,) = _run_caller(tmp_path, "daemon")
    assert run["searches"] == 1
    assert run["notes"] == [DAEMON_NOTE.format(n=2)]
    assert "\n" not in run["notes"][0]


def test_bad_worker_count_is_one_line_on_stderr(tmp_path):
    path = tmp_path / "i.json"
    path.write_text('{"days": ["2026-03-02"], "teams": [{"id": "t", "start": {"lat": 55.6, '
                    '"lon": 12.5}}], "visits": []}')
    proc = subprocess.run([sys.executable, "-m", "routes_planner", "solve", str(path),
                           "--workers", "0"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "error: --workers: must be at least 1\n"
