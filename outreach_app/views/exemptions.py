"""Flagging a citizen exempt from sanctions, and ending the exemption (desk roles only).

The coordinator and the caseworker handle exemptions, not the administrator: the
reasons (hospitalised, medically documented harm) are health data, and the desk
roles are the ones who learn them while working the case.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..domain import ExemptionReason
from ..services import citizens, clock, exemptions
from ..services.refusal import Refusal
from .case_forms import ExemptionEndForm, ExemptionForm
from .issue_text import on_form, refusal_text
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("exemptions", __name__)


@bp.route("/citizens/<int:citizen_id>/exemptions", methods=["GET", "POST"])
def index(citizen_id: int):
    citizen = citizens.view_citizen(citizen_id)
    if citizen is None:
        abort(404)
    form = ExemptionForm()
    if request.method == "GET":
        form.starts_on.data = clock.today()
    status = 200
    if form.validate_on_submit():
        try:
            with once(form, "exemption.create"):
                exemptions.add_exemption(citizen_id, ExemptionReason(form.reason.data),
                                         form.starts_on.data, form.ends_on.data,
                                         form.note.data or "", current_user)
        except AlreadySubmitted:
            return already_saved(url_for("exemptions.index", citizen_id=citizen_id))
        except Refusal as refused:
            on_form(form, refused, fallback="starts_on")
            status = 400
        else:
            flash(_("The exemption is registered."), "success")
            return redirect(url_for("exemptions.index", citizen_id=citizen_id))
    elif form.errors:
        status = 400
    return render_template("exemptions/index.html", citizen=citizen, form=form,
                           end_form=ExemptionEndForm(formdata=None),
                           cases=citizens.cases_of(citizen_id)), status


@bp.post("/exemptions/<int:exemption_id>/end")
def end(exemption_id: int):
    form = ExemptionEndForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        row = exemptions.end_exemption(exemption_id, form.ends_on.data, current_user)
    except LookupError:
        abort(404)
    except Refusal as refused:
        flash(refusal_text(refused), "error")
        citizen_id = exemptions.citizen_of(exemption_id)
        return redirect(url_for("exemptions.index", citizen_id=citizen_id))
    flash(_("The exemption is ended."), "success")
    return redirect(url_for("exemptions.index", citizen_id=row.citizen_id))
