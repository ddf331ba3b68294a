#!/usr/bin/env bash
# Lighthouse (mobile, simulated throttling) on the field app's route page, logged in as the
# demo outreach worker. Needs a running app with the demo seeded, e.g.
#   DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/flask --app wsgi init-db
#   DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/flask --app wsgi seed-demo
#   DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/gunicorn -w 2 -b 127.0.0.1:5714 wsgi:app
# Usage: bash bench/field_lighthouse.sh [base_url] [runs]
set -euo pipefail
BASE=${1:-http://127.0.0.1:5714}
RUNS=${2:-3}
OUT=$(mktemp -d)
# Lighthouse's own mobile user agent for the login too (sessions live on the server and are
# bound to neither agent nor address, so any agent would do; this keeps the log honest).
UA="Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36"
JAR="$OUT/cookies"
TOKEN=$(curl -s -A "$UA" -c "$JAR" -b "$JAR" "$BASE/login" \
  | grep -o 'name="csrf_token"[^>]*value="[^"]*"' | sed 's/.*value="//;s/"//' | head -1)
curl -s -A "$UA" -o /dev/null -c "$JAR" -b "$JAR" \
  -d "csrf_token=$TOKEN&username=vaegter&password=demo-vaegter" "$BASE/login"
SESSION=$(awk '$6 == "session" {print $7}' "$JAR")
for run in $(seq "$RUNS"); do
  echo "run $run, $(uptime)"
  CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@12 "$BASE/field/" \
    --chrome-flags="--headless --no-sandbox" \
    --extra-headers="{\"Cookie\":\"session=$SESSION\"}" \
    --only-categories=performance,accessibility,best-practices \
    --output=json --output-path="$OUT/run$run.json" --quiet
  python3 - "$OUT/run$run.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
a = r["audits"]
assert r["finalDisplayedUrl"].endswith("/field/"), "not logged in: " + r["finalDisplayedUrl"]
scores = {k: round(v["score"] * 100) for k, v in r["categories"].items()}
metrics = {m: a[m]["displayValue"].replace("\xa0", " ") for m in (
    "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
    "cumulative-layout-shift", "speed-index")}
print(scores, "first load bytes:", int(a["total-byte-weight"]["numericValue"]), metrics)
PY
done
