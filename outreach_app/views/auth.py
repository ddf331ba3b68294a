"""Log in and out. A login never says which half was wrong; failures make the account wait."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from ..services import accounts
from ..services.refusal import Refusal
from .forms import LoginForm, LogoutForm, PasswordChangeForm
from .issue_text import on_form
from .main import _safe_next

bp = Blueprint("auth", __name__)

SESSION_TOKEN = "sid"


def begin_session(user) -> None:
    """A fresh cookie session bound to a new server-side session row."""
    lang = session.get("lang")
    session.clear()  # nothing from before the login survives it (session fixation)
    if lang:
        session["lang"] = lang
    session[SESSION_TOKEN] = accounts.open_session(user)
    login_user(user)


def end_session() -> None:
    logout_user()
    session.pop(SESSION_TOKEN, None)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.username.data, form.password.data)
        except accounts.LoginMustWait as refused:
            error, status = _wait_text(refused.wait), 429
        else:
            if user is not None:
                begin_session(user)
                return redirect(_safe_next(request.args.get("next")))
            error = _("Wrong user name or password.")
            status = 400
    elif form.errors:
        status = 400
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        accounts.record_logout(current_user._get_current_object(), session.get(SESSION_TOKEN))
        end_session()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Every user changes their own password here (and must, after a one-time password)."""
    form = PasswordChangeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            accounts.change_own_password(user, form.current_password.data, form.password.data,
                                         session.get(SESSION_TOKEN))
        except accounts.LoginMustWait as refused:
            form.current_password.errors = [_wait_text(refused.wait)]
            return render_template("auth/password.html", form=form,
                                   forced=user.must_change_password), 429
        except Refusal as refused:
            on_form(form, refused, fallback="password")
        else:
            flash(_("Your password is changed. You are logged out everywhere else."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form,
                           forced=user.must_change_password), 400 if form.errors else 200


def _wait_text(wait) -> str:
    minutes = wait.minutes()
    return ngettext("Too many failed logins. Wait %(num)d minute and try again.",
                    "Too many failed logins. Wait %(num)d minutes and try again.", minutes)
