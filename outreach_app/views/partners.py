"""A citizen's partners and representatives (coordinator): the ladder contacts each of them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Partner
from ..services import citizens, partners
from .case_forms import PartnerForm

bp = Blueprint("partners", __name__)


def _data(form: PartnerForm) -> dict:
    return {name: form[name].data for name in
            ("kind", "name", "organisation", "phone", "email", "is_representative")}


@bp.route("/citizens/<int:citizen_id>/partners", methods=["GET", "POST"])
def index(citizen_id: int):
    citizen = citizens.view_citizen(citizen_id)
    if citizen is None:
        abort(404)
    form = PartnerForm()
    if form.validate_on_submit():
        try:
            partners.add_partner(citizen_id, _data(form), current_user)
        except partners.PartnerError as error:
            form[error.field].errors = [*form[error.field].errors, str(error)]
        else:
            flash(_("The partner is registered."), "success")
            return redirect(url_for("partners.index", citizen_id=citizen_id))
    return render_template("partners/index.html", citizen=citizen, form=form,
                           cases=citizens.cases_of(citizen_id)), 400 if form.errors else 200


@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
def edit(partner_id: int):
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        abort(404)
    citizen = citizens.view_citizen(partner.citizen_id)
    form = PartnerForm(obj=partner)
    if form.validate_on_submit():
        try:
            partners.update_partner(partner_id, _data(form), current_user)
        except partners.PartnerError as error:
            form[error.field].errors = [*form[error.field].errors, str(error)]
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("partners.index", citizen_id=partner.citizen_id))
    return render_template("partners/edit.html", citizen=citizen, partner=partner,
                           form=form), 400 if form.errors else 200
