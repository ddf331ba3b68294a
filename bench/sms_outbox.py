"""Outbox throughput: messages per second for one and for two `flask outbox-run` workers.

Not a test: nothing here asserts a time. The workers are real processes on a real
PostgreSQL database and talk through the real twilio SDK to a local recording stand-in for
api.twilio.com (tests/sms/fake_twilio.py, on 127.0.0.1); every run also checks that each
message was requested exactly once.

    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test_i14 \
        .venv/bin/python bench/sms_outbox.py --messages 500 1000 --workers 1 2 --repeat 3

Use a database of its own: the run applies the migrations and deletes its own rows
(citizens BENCH-*, their messages) before each run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.sms.fake_twilio import (  # noqa: E402
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    FakeTwilioServer,
)

FLASK = str(Path(sys.executable).with_name("flask"))


def env_for(database_url: str, api_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SMS_"))}
    env.update(DATABASE_URL=database_url, SMS_BACKEND="twilio",
               TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
               TWILIO_FROM_NUMBER=FROM_NUMBER, TWILIO_API_URL=api_url,
               PUBLIC_BASE_URL="https://outreach.example.dk", SMS_QUIET_HOURS="",
               SMS_DAILY_CAP="100000", APP_ENV="development")
    return env


def reset(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM sms_events WHERE message_id IN (SELECT id FROM "
                          "sms_messages WHERE enqueue_key LIKE 'bench:%')"))
        conn.execute(text("DELETE FROM sms_messages WHERE enqueue_key LIKE 'bench:%'"))
        conn.execute(text("DELETE FROM citizens WHERE reference LIKE 'BENCH-%'"))


def enqueue(engine, n: int) -> None:
    now = datetime.now(UTC)
    with engine.begin() as conn:
        ids = []
        for i in range(n):
            ids.append(conn.execute(text(
                "INSERT INTO citizens (reference, full_name, address, postcode, city, "
                "phone_mobile, digital_post_exempt, sms_opt_out, access_notes, safety_note, "
                "created_at, updated_at) VALUES (:r, 'Bench', 'Testvej 1', '2200', 'Kbh', "
                ":p, false, false, '', '', :t, :t) RETURNING id"),
                {"r": f"BENCH-{i:06d}", "p": f"+4520{i:06d}", "t": now}).scalar_one())
        conn.execute(text(
            "INSERT INTO sms_messages (direction, purpose, enqueue_key, citizen_id, to_number, "
            "body, status, status_at, due_at, tries, created_at) VALUES ('out', "
            "'contact_prompt', :k, :c, :p, 'Hej. Ring til os på +45 33 66 33 66.', 'queued', "
            ":t, :t, 0, :t)"),
            [{"k": f"bench:{c}", "c": c, "p": f"+4520{i:06d}", "t": now}
             for i, c in enumerate(ids)])


def run(database_url: str, n: int, workers: int) -> dict:
    engine = create_engine(database_url)
    reset(engine)
    with FakeTwilioServer() as twilio:
        env = env_for(database_url, twilio.url)
        procs = [subprocess.Popen([FLASK, "--app", "wsgi", "outbox-run", "--poll", "0.1",
                                   "--batch", "20"], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for _ in range(workers)]
        try:
            for p in procs:
                line = p.stdout.readline()
                assert "running" in line, line
            enqueue(engine, n)
            start = time.perf_counter()
            while True:
                with engine.connect() as conn:
                    done = conn.execute(text(
                        "SELECT count(*) FROM sms_messages WHERE enqueue_key LIKE 'bench:%' "
                        "AND status = 'accepted'")).scalar_one()
                if done == n:
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - start
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                p.wait(timeout=30)
        per_number = Counter(r.data["To"] for r in twilio.state.creates)
    with engine.connect() as conn:
        shares = conn.execute(text(
            "SELECT count(*) FROM sms_messages WHERE enqueue_key LIKE 'bench:%' "
            "GROUP BY claimed_by ORDER BY 1 DESC")).scalars().all()
    reset(engine)
    engine.dispose()
    exactly_once = len(per_number) == n and set(per_number.values()) == {1}
    return {"messages": n, "workers": workers, "seconds": elapsed,
            "per_second": n / elapsed, "exactly_once": exactly_once, "shares": shares}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--messages", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        sys.exit("give a PostgreSQL --database-url (or TEST_DATABASE_URL)")
    subprocess.run([FLASK, "--app", "wsgi", "init-db"], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": args.database_url},
                   stdout=subprocess.DEVNULL)
    print(f"load average before: {os.getloadavg()}")
    print("| messages | workers | run | seconds | messages/s | exactly once | per worker |")
    print("|---:|---:|---:|---:|---:|---|---|")
    for n in args.messages:
        for workers in args.workers:
            for r in range(1, args.repeat + 1):
                result = run(args.database_url, n, workers)
                print(f"| {n} | {workers} | {r} | {result['seconds']:.2f} | "
                      f"{result['per_second']:.0f} | {result['exactly_once']} | "
                      f"{'/'.join(map(str, result['shares']))} |", flush=True)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
