#!/usr/bin/env bash
# The whole test suite: installs the test tools and, when missing, Debian's Chromium for the
# browser tests. Arguments go to pytest. TEST_DATABASE_URL=postgresql+psycopg://... runs the
# database tests on PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
"$PIP" install --quiet --upgrade pip
"$PIP" install --quiet -e '.[dev]'
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
.venv/bin/ruff check --quiet .
exec .venv/bin/pytest "$@"
