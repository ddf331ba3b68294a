#!/usr/bin/env bash
# Refresh the Danish catalogue (English is the source language) after changing user-facing text:
#   bash scripts/i18n.sh          extract, merge into da/en, compile
# Then translate the new entries in outreach_app/translations/da/LC_MESSAGES/messages.po
# and run it once more to compile. The compiled .mo files are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
$PYBABEL extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
  -o outreach_app/translations/messages.pot . >/dev/null 2>&1
for lang in da; do
  po=outreach_app/translations/$lang/LC_MESSAGES/messages.po
  if [ -f "$po" ]; then
    $PYBABEL update -i outreach_app/translations/messages.pot -d outreach_app/translations \
      -l "$lang" --no-fuzzy-matching --ignore-obsolete >/dev/null
  else
    $PYBABEL init -i outreach_app/translations/messages.pot -d outreach_app/translations -l "$lang" >/dev/null
  fi
done
$PYBABEL compile -d outreach_app/translations --statistics
