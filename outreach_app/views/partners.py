"""A citizen's partners and representatives (coordinator): the ladder contacts each of them."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Partner
from ..services import citizens, partners
from ..services.refusal import Refusal
from .case_forms import PartnerForm
from .forms import LogoutForm as ConfirmForm
from .issue_text import on_form, refusal_text
from .once import AlreadySubmitted, already_saved, once

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
            with once(form, "partner.create"):
                partners.add_partner(citizen_id, _data(form), current_user)
        except AlreadySubmitted:
            return already_saved(url_for("partners.index", citizen_id=citizen_id))
        except Refusal as refused:
            on_form(form, refused, fallback="name")
        else:
            flash(_("The partner is registered."), "success")
            return redirect(url_for("partners.index", citizen_id=citizen_id))
    return render_template("partners/index.html", citizen=citizen, form=form,
                           in_use=partners.partners_in_use(citizen_id),
                           remove_form=ConfirmForm(formdata=None),
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
        except Refusal as refused:
            on_form(form, refused, fallback="name")
        else:
            flash(_("The changes are saved."), "success")
            return redirect(url_for("partners.index", citizen_id=partner.citizen_id))
    return render_template("partners/edit.html", citizen=citizen, partner=partner,
                           form=form), 400 if form.errors else 200


@bp.post("/partners/<int:partner_id>/remove")
def remove(partner_id: int):
    """Remove a partner registered by mistake, while no attempt refers to it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        abort(404)
    citizen_id = partner.citizen_id
    try:
        partners.remove_partner(partner_id, current_user)
    except Refusal as refused:
        flash(refusal_text(refused), "error")
    else:
        flash(_("The partner is removed."), "success")
    return redirect(url_for("partners.index", citizen_id=citizen_id))
