#!/usr/bin/env bash
# Quick start: a virtual environment, the app installed, a SQLite database with the demo
# month, and the app served at the printed address. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
"$PIP" install --quiet --upgrade pip
"$PIP" install --quiet -e .
.venv/bin/flask --app wsgi init-db
.venv/bin/flask --app wsgi seed-demo
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
# The SMS outbox worker (SMS_BACKEND=outbox by default: it stores, it sends nothing), and
# the task queue's worker (planning jobs, batch geocoding); with no TASK_QUEUE_URL the
# queue is instance/huey.sqlite3, shared with the web app. Both stop with the demo.
.venv/bin/flask --app wsgi outbox-run &
OUTBOX_PID=$!
# --max-delay 1: an idle worker looks at the SQLite queue every second (Huey's default
# backs off to 10 s, which a coordinator would wait on after each quiet spell).
.venv/bin/huey_consumer outreach_app.worker.huey --workers 2 --max-delay 1 \
  --logfile instance/worker.log >/dev/null 2>&1 &
WORKER_PID=$!
# The web app runs in the background too, so that Ctrl+C or a plain `kill` of this script
# reaches the trap at once and stops all three (bash runs a trap only between commands).
.venv/bin/flask --app wsgi run --host "$HOST" --port "$PORT" &
WEB_PID=$!
trap 'kill "$WEB_PID" "$OUTBOX_PID" "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM
echo
echo "Outreach planner is running at http://$HOST:$PORT/  (Ctrl+C stops it)"
wait "$WEB_PID"
