"""Planning the demo month from the command line, end to end (target: at most 10 s).

For each run: a fresh SQLite database, `flask init-db` and `flask seed-demo` (not timed),
then `flask --app wsgi plan-period TODAY END-OF-MONTH` timed as a whole process: Python
start, app, loading, planning, storing, printing. `--copies` seeds the demo mix several
times (a bigger office, different people: each copy draws new citizens).

    .venv/bin/python bench/plan_cli.py [--runs 5] [--copies 1 2]

Not a test: nothing here asserts a time; results go to bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _flask(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True)


def _month_end(day: date) -> date:
    end = (day.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    # Late in a month the rest of it is a few days: plan at least a working week then.
    return max(end, day + timedelta(days=6))


def run(copies: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
               "TASK_QUEUE_URL": "immediate", "GEOCODER": "off"}
        _flask(env, "init-db")
        if copies == 1:
            _flask(env, "seed-demo")
        else:
            subprocess.run([sys.executable, "-c", (
                "from outreach_app import create_app; from outreach_app.services import demo, "
                "clock\napp = create_app()\nwith app.app_context():\n"
                f"    demo.seed_demo(clock.today(), copies={copies})")],
                cwd=ROOT, env=env, check=True)
        start, end = date.today(), _month_end(date.today())
        t0 = time.perf_counter()
        out = _flask(env, "plan-period", start.isoformat(), end.isoformat())
        seconds = time.perf_counter() - t0
    lines = out.stdout.strip().splitlines()
    return {"seconds": seconds, "last": lines[-1], "team_days": len(lines) - 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, nargs="+", default=[1])
    args = parser.parse_args()
    print(f"load: {os.getloadavg()}")
    for copies in args.copies:
        results = [run(copies) for _ in range(args.runs)]
        times = [r["seconds"] for r in results]
        print(f"copies={copies}: {results[0]['last']} over {results[0]['team_days']} team-days; "
              f"end to end best {min(times):.2f} s, median {statistics.median(times):.2f} s, "
              f"worst {max(times):.2f} s ({args.runs} runs)")
    print(f"load: {os.getloadavg()}")


if __name__ == "__main__":
    main()
