"""The coordinator's desk: cases and citizens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..services import citizens
from .case_list import render_case_list
from .forms import CitizenForm

bp = Blueprint("coordinator", __name__, url_prefix="/coordinator")


@bp.route("/", methods=["GET", "POST"])
def index():
    return render_case_list()


@bp.get("/citizens/<int:citizen_id>")
def citizen(citizen_id: int):
    record = citizens.view_citizen(citizen_id)
    if record is None:
        abort(404)
    return render_template("coordinator/citizen.html", citizen=record,
                           cases=citizens.cases_of(citizen_id))


@bp.route("/citizens/<int:citizen_id>/edit", methods=["GET", "POST"])
def citizen_edit(citizen_id: int):
    record = citizens.view_citizen(citizen_id)
    if record is None:
        abort(404)
    form = CitizenForm(obj=record)
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        try:
            citizens.update_citizen(citizen_id, data)
        except citizens.CitizenError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("coordinator.citizen", citizen_id=citizen_id))
    status = 400 if form.errors else 200
    return render_template("coordinator/citizen_edit.html", citizen=record, form=form), status
