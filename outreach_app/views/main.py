"""Start page redirect, health check and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user

from ..config import LANGUAGES
from ..services import health
from .access import START_PAGES
from .forms import LanguageForm

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return redirect(url_for(START_PAGES[current_user.role]))


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=86400)


@bp.get("/healthz")
def healthz():
    ok = health.database_reachable()
    body = {"status": "ok" if ok else "error", "database": "ok" if ok else "unreachable"}
    return jsonify(body), 200 if ok else 503


def _safe_next(target: str | None) -> str:
    """Only a path on this site; never an absolute URL an attacker chose.

    Control characters (a line break would split the Location header), backslashes
    (browsers read them as slashes) and anything that parses with a host are refused.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target \
            or any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in target):
        return url_for("main.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("main.index")
    return target


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in LANGUAGES:
        session["lang"] = form.lang.data
    back = form.next.data or (urlsplit(request.referrer).path if request.referrer else None)
    return redirect(_safe_next(back))
