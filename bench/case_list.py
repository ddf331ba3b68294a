"""How long the coordinator's case list takes as the office grows.

The list asks the domain for every case's next step, so its cost grows with the
number of cases. Seeds the demo month `copies` times into a fresh database and times
`case_list.case_rows` (the work behind GET /coordinator/), best of several runs.

    .venv/bin/python bench/case_list.py [--copies 1 5 10] [--database-url URL]

Without --database-url it uses a SQLite file in a temporary folder. Not a test:
nothing here asserts a time; results go to bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, text

from outreach_app import create_app
from outreach_app.config import Settings
from outreach_app.extensions import db
from outreach_app.services import case_list, clock, demo


def run(copies: int, database_url: str | None, repeats: int = 5) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url}, settings=Settings.from_env({}))
        with app.app_context():
            if database_url:
                with db.engine.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            upgrade()
            today = clock.today()
            demo.seed_demo(today, copies=copies)
            queries = {"n": 0}

            @event.listens_for(db.engine, "before_cursor_execute")
            def count(*_args):
                queries["n"] += 1

            timings = []
            for _ in range(repeats):
                queries["n"] = 0
                start = time.perf_counter()
                rows = case_list.case_rows(today)
                timings.append(time.perf_counter() - start)
                db.session.remove()
            db.engine.dispose()
    return {"cases": len(rows), "best_ms": min(timings) * 1000,
            "median_ms": statistics.median(timings) * 1000, "queries": queries["n"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    print("| cases | best ms | median ms | queries |")
    print("|---:|---:|---:|---:|")
    for copies in args.copies:
        r = run(copies, args.database_url)
        print(f"| {r['cases']} | {r['best_ms']:.0f} | {r['median_ms']:.0f} | {r['queries']} |")


if __name__ == "__main__":
    main()
