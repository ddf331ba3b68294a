"""Planning 300 visits for 5 teams from the page, click to shown plan (target: at most 30 s).

For each seed: a fresh SQLite database with 5 teams (start points around Copenhagen,
one or two members, foot/bicycle/car) and 300 open visits spread over next month
(random positions, earliest days, deadlines, some windows, some in pairs), a different
instance per seed; the app (`flask run`) and a task-queue worker (`huey_consumer`, with
the flags of scripts/demo.sh) as two processes, as in the demo. Chromium logs in, opens
the planning page, chooses next month, and the clock runs from the click on "Plan" until
the page shows the finished plan's team-days ("table"), and on until the overview map
has drawn its stops ("map"). The job's own times come from its row: waiting in the
queue (created -> started) and planning (started -> finished).

    .venv/bin/python bench/plan_page.py [--seeds 1 2 3 4 5] [--visits 300] [--teams 5]

Not a test: nothing here asserts a time; results go to bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, wait_until_up  # noqa: E402

PASSWORD = "bench-password-123"
# As scripts/demo.sh starts it.
WORKER_FLAGS = ["--workers", "2", "--max-delay", "1"]
SEED_SCRIPT = """
import random, sys
from datetime import date, time, timedelta
from outreach_app import create_app
from outreach_app.extensions import db
from outreach_app.models import Case, Citizen, Team, User, Visit
seed, n_visits, n_teams, first = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), \\
    date.fromisoformat(sys.argv[4])
rng = random.Random(seed)
app = create_app()
with app.app_context():
    coordinator = User(username="bench", role="coordinator")
    coordinator.set_password(sys.argv[5])
    db.session.add(coordinator)
    modes = ["foot", "bicycle", "car", "bicycle", "car"]
    for t in range(n_teams):
        team = Team(name=f"Team {t + 1}", travel_mode=modes[t % 5],
                    start_lat=55.676 + rng.uniform(-0.03, 0.03),
                    start_lon=12.568 + rng.uniform(-0.05, 0.05), start_address="Base",
                    shift_start=time(8, 0), shift_end=time(16, 0))
        for m in range(1 + (t % 2)):
            team.members.append(User(username=f"w{t}-{m}", role="outreach", password_hash="x"))
        db.session.add(team)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    span = (last - first).days
    for i in range(n_visits):
        citizen = Citizen(reference=f"B-{i}", full_name=f"Borger {i}", address=f"Vej {i}",
                          postcode="2200", city="København", position_source="demo",
                          lat=55.676 + rng.uniform(-0.05, 0.05),
                          lon=12.568 + rng.uniform(-0.09, 0.09))
        case = Case(case_ref=f"BC-{i}", citizen=citizen, target_group="aktivitetsparat",
                    no_show_kind="interview", no_show_date=first - timedelta(days=10),
                    rule_set_key="dk-2020")
        earliest = first + timedelta(days=rng.randint(0, span - 7))
        deadline = min(last, earliest + timedelta(days=rng.randint(5, 20)))
        window = (time(13, 0), time(15, 0)) if rng.random() < 0.1 else (None, None)
        db.session.add(Visit(case=case, earliest_on=earliest, deadline_on=deadline,
                             service_minutes=rng.choice([20, 20, 30]),
                             needs_pair=rng.random() < 0.1,
                             window_start=window[0], window_end=window[1]))
    db.session.commit()
"""


def next_month_first(today: date) -> date:
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def run(seed: int, visits: int, teams: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
               "TASK_QUEUE_URL": f"sqlite:///{Path(folder) / 'huey.sqlite3'}",
               "SECRET_KEY": "bench-" + os.urandom(8).hex(), "GEOCODER": "off",
               "LOGIN_RATE_LIMIT": "1000 per minute"}
        flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
        subprocess.run([*flask, "init-db"], cwd=ROOT, env=env, check=True, capture_output=True)
        first = next_month_first(date.today())
        subprocess.run([sys.executable, "-c", SEED_SCRIPT, str(seed), str(visits), str(teams),
                        first.isoformat(), PASSWORD], cwd=ROOT, env=env, check=True)
        port = free_port()
        server = subprocess.Popen([*flask, "run", "--port", str(port), "--no-reload"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "huey_consumer"), "outreach_app.worker.huey",
             *WORKER_FLAGS], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, server)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(url + "/login")
                page.fill("input[name=username]", "bench")
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit].primary")
                page.goto(url + "/planning/")
                page.fill("input[name=day]", first.isoformat())
                page.select_option("select[name=span]", "month")
                load = os.getloadavg()[0]
                t0 = time.perf_counter()
                page.click("#plan-button")
                page.wait_for_selector(".job-done #job-status", timeout=300_000)
                page.wait_for_selector("#team-days tbody tr")
                table = time.perf_counter() - t0
                page.frame_locator("iframe.map-frame").locator(".rp-stop").first.wait_for(
                    timeout=120_000)
                drawn = time.perf_counter() - t0
                done = page.locator(".job-done p").last.inner_text()
                rows = page.locator("#team-days tbody tr").count()
                browser.close()
            with sqlite3.connect(Path(folder) / "bench.sqlite3") as conn:
                created, started, finished = conn.execute(
                    "SELECT created_at, started_at, finished_at FROM background_jobs "
                    "WHERE kind = 'plan_period' ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            for process in (server, worker):
                process.terminate()
                process.wait(timeout=15)
    stamp = _stamp
    return {"table": table, "map": drawn, "summary": done, "team_days": rows, "load": load,
            "queued": (stamp(started) - stamp(created)),
            "planning": (stamp(finished) - stamp(started))}


def _stamp(value: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(value).timestamp()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--visits", type=int, default=300)
    parser.add_argument("--teams", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    tables, maps = [], []
    for seed in args.seeds:
        r = run(seed, args.visits, args.teams)
        tables.append(r["table"])
        maps.append(r["map"])
        print(f"seed {seed}: click to shown plan {r['table']:.1f} s, overview map drawn "
              f"{r['map']:.1f} s (queue wait {r['queued']:.1f} s, planning "
              f"{r['planning']:.1f} s); load at click {r['load']:.2f}; {r['team_days']} "
              f"team-days; {r['summary']}", flush=True)
    print(f"click to shown plan: median {statistics.median(tables):.1f} s, worst "
          f"{max(tables):.1f} s; map drawn: median {statistics.median(maps):.1f} s, worst "
          f"{max(maps):.1f} s")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
