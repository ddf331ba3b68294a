"""Two `flask outbox-run` worker processes on the real PostgreSQL: each message once.

The stand-in for api.twilio.com is a local HTTP server that both processes reach through
the twilio SDK's own http client (TWILIO_API_URL); it records every request.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import Citizen, SmsMessage
from tests.sms.conftest import PUBLIC
from tests.sms.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilioServer

ROOT = Path(__file__).resolve().parents[2]
N = 200


def worker_env(database_url: str, api_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SMS_"))}
    env.update(DATABASE_URL=database_url, SMS_BACKEND="twilio",
               TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
               TWILIO_FROM_NUMBER=FROM_NUMBER, TWILIO_API_URL=api_url,
               PUBLIC_BASE_URL=PUBLIC, SMS_QUIET_HOURS="", SMS_DAILY_CAP="1000",
               APP_ENV="development")
    return env


def start_worker(env: dict) -> subprocess.Popen:
    flask = str(Path(sys.executable).with_name("flask"))
    return subprocess.Popen([flask, "--app", "wsgi", "outbox-run", "--poll", "0.2",
                             "--batch", "10"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_until_running(process: subprocess.Popen) -> str:
    line = process.stdout.readline()
    assert "running" in line, line
    return line


@pytest.mark.slow
def test_two_workers_send_200_messages_each_exactly_once(app, migrated):
    if not migrated.startswith("postgresql"):
        pytest.skip("several workers share the outbox on PostgreSQL (TEST_DATABASE_URL)")
    citizens = [Citizen(reference=f"W-{i:04d}", full_name=f"Person {i}", address="Testvej 1",
                        postcode="2200", city="København N", phone_mobile=f"+45201{i:05d}")
                for i in range(N)]
    db.session.add_all(citizens)
    db.session.commit()
    with FakeTwilioServer() as twilio:
        env = worker_env(migrated, twilio.url)
        workers = [start_worker(env), start_worker(env)]
        try:
            for w in workers:
                wait_until_running(w)
            now = datetime.now(UTC)
            db.session.add_all([
                SmsMessage(direction="out", purpose="contact_prompt",
                           enqueue_key=f"two-workers:{c.id}", citizen_id=c.id,
                           to_number=c.phone_mobile, body=f"Besked {c.id}", due_at=now)
                for c in citizens])
            db.session.commit()
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                db.session.expire_all()
                done = db.session.scalar(select(func.count(SmsMessage.id)).where(
                    SmsMessage.status == "accepted"))
                if done == N:
                    break
                time.sleep(0.3)
        finally:
            for w in workers:
                w.terminate()
            for w in workers:
                w.wait(timeout=30)
        requested = Counter(r.data["To"] for r in twilio.state.creates)
    assert len(requested) == N and set(requested.values()) == {1}
    rows = db.session.scalars(select(SmsMessage)).all()
    assert {r.status for r in rows} == {"accepted"}
    assert {r.provider_sid for r in rows} == {m["sid"] for m in twilio.state.messages}
    by_worker = Counter(r.claimed_by for r in rows)
    assert len(by_worker) == 2, by_worker  # both workers took part
