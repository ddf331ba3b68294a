"""The start pages at a municipality's scale: server time, statements and memory per page.

Fills one database step by step with `seed-volume`'s history (5 years, ~10 attempts per
case, mostly decided) up to each size, and at each size requests the coordinator's
start page (first page of the queue, with counts) and the caseworker's start page
through Flask's test client, logged in as the demo users would be.

    .venv/bin/python bench/work_queue.py --database-url postgresql+psycopg://... \
        [--sizes 1000 10000 50000] [--repeats 15]

Server time is measured around `client.get` (no network). Statements are counted with
an engine event. Memory: the process's peak RSS, and tracemalloc's peak during one
request. Not a test: nothing asserts a time; results go to bench/RESULTS.md by hand.
The database's public schema is dropped and recreated first: never point it at data
you keep.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import time
import tracemalloc

from flask_migrate import upgrade
from sqlalchemy import event, func, select, text

from outreach_app import create_app
from outreach_app.config import Settings
from outreach_app.extensions import db
from outreach_app.models import Case, User
from outreach_app.services import clock, volume
from outreach_app.services.demo import seed_demo

PASSWORDS = {"koordinator": "demo-koordinator", "sagsbehandler": "demo-sagsbehandler"}


def _login(app, username):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"csrf_token": token, "username": username,
                                           "password": PASSWORDS[username]})
    assert response.status_code == 302, response.status_code
    return client


def _measure(app, client, url: str, repeats: int) -> dict:
    statements = {"n": 0}
    with app.app_context():
        engine = db.engine

    def count(*_args):
        statements["n"] += 1

    client.get(url)  # warm
    times = []
    event.listen(engine, "before_cursor_execute", count)
    try:
        for _ in range(repeats):
            statements["n"] = 0
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        per_page = statements["n"]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    tracemalloc.start()
    client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"median_ms": statistics.median(times), "p90_ms": sorted(times)[int(len(times) * 0.9)
                                                                            - 1],
            "statements": per_page, "alloc_peak_mb": peak / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("LOGIN_RATE_LIMIT", "1000 per minute")
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url},
                     settings=Settings.from_env({"LOGIN_RATE_LIMIT": "1000 per minute",
                                                 "GEOCODER": "off"}))
    app_ctx = app.app_context()
    app_ctx.push()
    try:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        today = clock.today()
        seed_demo(today)  # users, teams and the demo month (about 60 cases)
        assert db.session.scalar(select(func.count(User.id))) >= 4
        print(f"load average: {os.getloadavg()}")
        print("| cases | seed s | page | median ms | p90 ms | statements | alloc peak MB "
              "| RSS MB |")
        print("|---:|---:|---|---:|---:|---:|---:|---:|")
        for size in args.sizes:
            have = db.session.scalar(select(func.count(Case.id)))
            start = time.perf_counter()
            if size > have:
                volume.seed_volume(size - have, today, seed=size)
            seeded = time.perf_counter() - start
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
            db.session.remove()
            # Requests outside this app context: each gets its own, as in production.
            app_ctx.pop()
            for username, url in (("koordinator", "/coordinator/"),
                                  ("sagsbehandler", "/caseworker/")):
                client = _login(app, username)
                r = _measure(app, client, url, args.repeats)
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(f"| {size} | {seeded:.0f} | {url} | {r['median_ms']:.0f} | "
                      f"{r['p90_ms']:.0f} | {r['statements']} | {r['alloc_peak_mb']:.1f} | "
                      f"{rss:.0f} |", flush=True)
            app_ctx.push()
        print(f"load average: {os.getloadavg()}")
    finally:
        app_ctx.pop()


if __name__ == "__main__":
    main()
