"""Log in and out. Login is rate limited and never says which half was wrong."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..extensions import limiter
from ..services import accounts
from .forms import LoginForm, LogoutForm
from .main import _safe_next

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["SETTINGS"].login_rate_limit


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            login_user(user)
            next_url = request.args.get("next")
            return redirect(_safe_next(next_url) if next_url else url_for("main.index"))
        error = _("Wrong user name or password.")
    status = 200 if error is None and not form.errors else 400
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        accounts.record_logout(current_user._get_current_object())
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
