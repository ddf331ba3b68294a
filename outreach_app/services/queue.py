"""The task queue for work that must not run inside a web request (planning, batch geocoding).

Huey, with its consumer as a separate process (``huey_consumer outreach_app.worker.huey``;
``scripts/demo.sh`` starts one). Where the queue lives comes from the environment, read
once at import so that the web process and every consumer agree:

- ``TASK_QUEUE_URL=redis://host:6379/2`` (or ``REDIS_URL``): Redis, for production and
  for workers on several machines;
- ``TASK_QUEUE_URL=sqlite:////path/huey.sqlite3``: a SQLite file;
- unset: ``instance/huey.sqlite3`` beside the app's own SQLite database, the embedded
  default that needs nothing installed;
- ``TASK_QUEUE_URL=immediate``: run each task at once in the caller (tests, one-off scripts).

A task is defined with :func:`task`; it runs inside an application context with its own
database session, on the app registered by :func:`init_app` (the web app, or in a
consumer process an app built from the environment on first use).
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey

log = logging.getLogger(__name__)

NAME = "outreach-planner"
ROOT = Path(__file__).resolve().parents[2]


def make_huey(environ: os._Environ[str] | dict[str, str] | None = None) -> Huey:
    """The Huey instance the environment asks for (see the module docstring)."""
    e = os.environ if environ is None else environ
    url = (e.get("TASK_QUEUE_URL") or e.get("REDIS_URL") or "").strip()
    if url == "immediate":
        return Huey(NAME, immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(NAME, url=url)
    if url.startswith("sqlite:///"):
        filename = url.removeprefix("sqlite:///")
    elif url:
        raise ValueError("TASK_QUEUE_URL must be redis://..., sqlite:///... or 'immediate'")
    else:
        filename = str(ROOT / "instance" / "huey.sqlite3")
    Path(filename).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(NAME, filename=filename)


huey = make_huey()

_app: Flask | None = None
# How a consumer process builds its app on first use (set by outreach_app/worker.py,
# which may import the app; services may not).
app_factory: Callable[[], Flask] | None = None


def init_app(app: Flask) -> None:
    """Run tasks on `app` (tests and the web process; a consumer builds its own)."""
    global _app
    _app = app


def _worker_app() -> Flask:
    global _app
    if _app is None:
        if app_factory is None:
            raise RuntimeError("no app for the task: start consumers on outreach_app.worker.huey")
        _app = app_factory()
    return _app


def task(**options: Any) -> Callable[[Callable[..., Any]], Any]:
    """Decorate a function as a queued task that runs in its own application context.

    The context is new even when the caller has one (immediate mode): the task gets its
    own database session and commits on its own, as it would in a consumer.
    """

    def decorate(fn: Callable[..., Any]) -> Any:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            from ..extensions import db

            with _worker_app().app_context():
                try:
                    return fn(*args, **kwargs)
                except Exception as error:
                    # The type only: a message may carry personal data into the log.
                    log.error("task %s failed: %s", fn.__name__, type(error).__name__)
                    raise
                finally:
                    db.session.remove()

        return huey.task(name=f"{fn.__module__}.{fn.__name__}", **options)(run)

    return decorate
