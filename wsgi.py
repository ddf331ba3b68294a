"""Entry point for gunicorn and `flask --app wsgi`."""

import sys

from outreach_app import ConfigError, create_app

try:
    app = create_app()
except ConfigError as error:
    # One line for the operator, no traceback.
    print(f"outreach-planner: configuration error: {error}", file=sys.stderr)
    sys.exit(2)
