"""The coordinator's desk: cases and citizens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..services import citizens
from ..services.refusal import Refusal
from .case_list import render_case_list
from .forms import CitizenForm
from .issue_text import on_form

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


@bp.get("/safety-review")
def safety_review():
    """Safety notes carried over from the old free-text field, until a coordinator has
    read each one and saved the citizen's flags (no phone shows them before)."""
    return render_template("coordinator/safety_review.html",
                           citizens=citizens.safety_notes_to_review())


@bp.route("/citizens/<int:citizen_id>/edit", methods=["GET", "POST"])
def citizen_edit(citizen_id: int):
    record = citizens.view_citizen(citizen_id)
    if record is None:
        abort(404)
    form = CitizenForm(obj=record)
    summary: list[str] = []
    if request.method == "GET":
        form.version.data = record.version
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items()
                if name not in ("csrf_token", "version")}
        try:
            citizens.update_citizen(citizen_id, data, form.expected_version())
        except citizens.StaleCitizen as stale:
            record = citizens.view_citizen(citizen_id)
            form = CitizenForm(formdata=None, obj=record)
            form.version.data = record.version
            summary, _status = on_form(form, stale)
            return render_template("coordinator/citizen_edit.html", citizen=record, form=form,
                                   summary=summary), 409
        except Refusal as refused:
            summary, _status = on_form(form, refused)
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("coordinator.citizen", citizen_id=citizen_id))
    status = 400 if form.errors else 200
    return render_template("coordinator/citizen_edit.html", citizen=record, form=form,
                           summary=summary), status
