"""Administration: user accounts (teams, offices, rules and SMS templates come later)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import User
from ..services import accounts
from ..services.refusal import Refusal
from .forms import ROLE_LABELS, OneTimePasswordForm, UserCreateForm, UserEditForm
from .issue_text import on_form
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _team_choices():
    return [(0, _("No team"))] + [(t.id, t.name) for t in accounts.list_teams()]


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = UserCreateForm()
    form.team_id.choices = _team_choices()
    if form.validate_on_submit():
        try:
            with once(form, "user.create"):
                user = accounts.create_user(form.username.data, form.role.data,
                                            form.password.data, form.full_name.data or "",
                                            form.team_id.data)
        except AlreadySubmitted:
            return already_saved(url_for("admin.users"))
        except Refusal as refused:
            on_form(form, refused, fallback="username")
        else:
            flash(_("User %(name)s was created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("admin/users.html", form=form, users=accounts.list_users(),
                           role_labels=ROLE_LABELS), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = UserEditForm(obj=user)
    form.team_id.choices = _team_choices()
    if form.validate_on_submit():
        try:
            accounts.update_user(user_id, role=form.role.data, active=form.active.data,
                                 team_id=form.team_id.data, full_name=form.full_name.data or "")
        except Refusal as refused:
            on_form(form, refused, fallback="role")
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("admin.users"))
    status = 400 if form.errors else 200
    return render_template("admin/user_edit.html", form=form, user=user,
                           password_form=OneTimePasswordForm(formdata=None)), status


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int):
    """Set a one-time password: the user must choose their own at the next login."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    password_form = OneTimePasswordForm()
    if password_form.validate_on_submit():
        try:
            accounts.set_one_time_password(user_id, password_form.password.data)
        except Refusal as refused:
            on_form(password_form, refused, fallback="password")
        else:
            flash(_("A one-time password is set for %(name)s; they must change it when they "
                    "log in.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    form = UserEditForm(obj=user)
    form.team_id.choices = _team_choices()
    return render_template("admin/user_edit.html", form=form, user=user,
                           password_form=password_form), 400
