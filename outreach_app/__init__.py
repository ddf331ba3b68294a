"""The outreach planner's Flask application."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, g, has_request_context, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import LANGUAGES, ConfigError, Settings, flask_config
from .extensions import (
    COMPRESS_MIMETYPES,
    babel,
    compress,
    csrf,
    db,
    limiter,
    login_manager,
    migrate,
)

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["create_app", "ConfigError", "ROOT", "LANGUAGES"]


def create_app(test_config: dict | None = None, settings: Settings | None = None) -> Flask:
    """Build the app from environment variables (or the given settings and overrides)."""
    app = Flask(
        __name__,
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
        instance_relative_config=True,
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(flask_config(settings or Settings.from_env(), app.instance_path))
    if test_config:
        app.config.update(test_config)
    proxies = app.config["SETTINGS"].trusted_proxies
    if proxies:
        # Only the configured number of proxies may name the client and the scheme; with
        # none, a forged X-Forwarded-For is ignored and the socket's address is the client.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    _init_extensions(app)

    from . import cli
    from .views import register_views

    register_views(app)
    cli.register(app)
    from .services import queue

    queue.init_app(app)
    return app


def _select_locale() -> str:
    if not has_request_context():
        return "en"  # the command line speaks to operators, in the source language
    lang = session.get("lang")
    if lang in LANGUAGES:
        return lang
    return "da"


def _init_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (registers every table on the metadata)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESS_MIMETYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", "gzip")
    compress.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Not tied to the address: a phone moves between Wi-Fi and 4G on its route. The
    # server-side session row (services/sessions.py) is what ends a session.
    login_manager.session_protection = None

    @login_manager.user_loader
    def load_user(user_id: str):
        from .services import sessions

        try:
            uid = int(user_id)
        except (TypeError, ValueError):
            return None
        user, ended = sessions.resume(uid, session.get("sid"))
        if user is None:
            # A deactivated user, a logout elsewhere, a password change: gone at once.
            session.pop("_user_id", None)
            session.pop("sid", None)
            g.session_ended = ended
        return user

    @app.context_processor
    def language():
        return {"current_language": _select_locale(), "request_path": request.path}


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record):
    # SQLite ignores foreign keys unless asked, per connection.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
