"""Blueprints, the access check, error pages and security headers."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import IntegerConverter

from ..domain import appeal_deadline, lifecycle
from ..domain.phones import display_phone
from ..extensions import login_manager
from . import access, labels

log = logging.getLogger(__name__)

# Only this site's own scripts and styles; map tiles are the one configurable exception
# (shown as images, and fetched by the field app's service worker to keep them offline).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; "
    "connect-src 'self'{tiles}; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'; manifest-src 'self'; worker-src 'self'"
)


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in URLs stops at PostgreSQL's integer range: a larger id is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def register_views(app: Flask) -> None:
    from . import (
        admin,
        api,
        appointments,
        auth,
        cases,
        caseworker,
        coordinator,
        decisions,
        exemptions,
        field,
        hearing,
        main,
        noshows,
        partners,
        planning,
        positions,
        rules_admin,
        sms,
        sms_admin,
        teams,
        webhooks,
    )

    app.url_map.converters["int"] = DatabaseIdConverter
    for module in (main, auth, coordinator, caseworker, field, admin, api,
                   cases, decisions, hearing, exemptions, noshows, partners, rules_admin, teams,
                   positions, webhooks, sms, sms_admin, appointments, planning):
        app.register_blueprint(module.bp)
    app.before_request(access.enforce)
    login_manager.unauthorized_handler(_unauthorized)
    _register_error_handlers(app)
    _register_security_headers(app)
    _register_read_audit(app)
    _register_template_helpers(app)


NAV = (
    ("coordinator.index", _l("Cases")),
    ("planning.index", _l("Planning")),
    ("caseworker.index", _l("Decisions")),
    ("field.index", _l("Today's route")),
    ("positions.index", _l("Positions")),
    ("teams.absences", _l("Absences")),
    ("admin.users", _l("Users")),
    ("teams.team_list", _l("Teams")),
    ("teams.planner_settings_edit", _l("Planner settings")),
    ("rules.rule_sets", _l("Rule sets")),
    ("rules.periods", _l("Suspension periods")),
    ("sms.index", _l("SMS")),
    ("sms_admin.templates", _l("SMS templates")),
)


def _register_template_helpers(app: Flask) -> None:
    helpers = labels.label_functions()

    @app.context_processor
    def template_helpers():
        role = current_user.role if current_user.is_authenticated else None
        nav = [
            {"url": url_for(endpoint), "label": label, "current": request.endpoint == endpoint}
            for endpoint, label in NAV
            if access.allowed(endpoint, role)
        ]
        return {"nav_items": nav, "can": lambda endpoint: access.allowed(endpoint, role),
                "appeal_deadline": appeal_deadline, **helpers}

    # The lifecycle vocabulary, so templates compare with CaseStatus.DECIDED rather than a
    # string, and ask allows(case.status, CaseEvent.RECORD_STEP) before offering an action.
    app.jinja_env.globals.update(
        CaseStatus=lifecycle.CaseStatus, VisitStatus=lifecycle.VisitStatus,
        RoutePlanStatus=lifecycle.RoutePlanStatus, CaseEvent=lifecycle.CaseEvent,
        VisitEvent=lifecycle.VisitEvent, RouteEvent=lifecycle.RouteEvent,
        allows=lifecycle.allowed,
    )
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.filters["format_date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["format_datetime"] = format_moment


def format_moment(value) -> str:
    """A stored moment as the pages show it: the day as every date ("29. nov. 2026"),
    then the local clock time as every time ("14:43"). Stored in UTC; Flask-Babel shows
    it in APP_TIMEZONE and takes a naive value as UTC."""
    return f"{format_date(value, 'medium')} {format_time(value, 'HH:mm')}" if value else ""


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _unauthorized():
    if _wants_json():
        return jsonify(error=401, message=_("Log in first.")), 401
    if g.get("session_ended") in ("idle", "expired"):
        flash(_("You were logged out because the session was unused for a while. "
                "Log in again."), "info")
    # The path only: a query string may hold search terms.
    return redirect(url_for("auth.login", next=request.path))


ERROR_MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please try again.")),
    403: (_l("Access denied"), _l("You do not have access to this page.")),
    404: (_l("Page not found"), _l("The page does not exist or has been moved.")),
    405: (_l("Not allowed"), _l("This action is not allowed here.")),
    409: (_l("Conflict"), _l("Someone else changed this in the meantime. Reload and try again.")),
    413: (_l("Too large"), _l("The file is too large.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred. It has been logged; try again.")),
}


def error_response(code: int, message: str | None = None):
    title, default = (str(text) for text in ERROR_MESSAGES.get(code, ERROR_MESSAGES[500]))
    if _wants_json():
        return jsonify(error=code, message=message or default), code
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default
    ), code


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_response(400, _("The form has expired or was not sent from this site. "
                                     "Reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in ERROR_MESSAGES:
            return error_response(error.code)
        return error

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        # The type only: a message may carry personal data into the log.
        log.error("unhandled %s on %s %s", type(error).__name__, request.method,
                  request.url_rule.rule if request.url_rule else "?")
        from ..extensions import db

        db.session.rollback()
        return error_response(InternalServerError.code)


# Answers that show the page they were asked for (a form shown again with its errors too).
_SHOWS_DATA = frozenset({200, 201, 400, 409, 422})


def _register_read_audit(app: Flask) -> None:
    from ..services import audit

    @app.after_request
    def audit_reads(response):
        if response.status_code in _SHOWS_DATA:
            audit.record_unaudited_reads()
        return response


def tile_source(tile_url: str | None) -> str:
    """The CSP source of a tile URL template, with a leading space ('' when none is
    configured or the tiles come from this site, which 'self' covers)."""
    if not tile_url:
        return ""
    parts = urlsplit(tile_url)
    if not parts.scheme:
        return ""
    # {s} is Leaflet's subdomain (a., b., c.): any subdomain of that host.
    return f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def _register_security_headers(app: Flask) -> None:
    csp = CSP.format(tiles=tile_source(app.config["SETTINGS"].map_tile_url))
    settings = app.config["SETTINGS"]
    # Production runs behind HTTPS only; browsers then refuse plain HTTP for max-age seconds.
    hsts = settings.hsts_max_age if settings.production else 0

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()"
        if hsts:
            response.headers["Strict-Transport-Security"] = f"max-age={hsts}"
        if request.endpoint != "static":
            # Pages hold personal data: no browser or proxy keeps a copy.
            response.headers["Cache-Control"] = "no-store"
        return response
