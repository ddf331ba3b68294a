"""Admins edit the Danish SMS templates and the list of forbidden words and placeholders."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..domain.sms_content import PLACEHOLDERS, TemplateKey
from ..services import sms_admin
from ..services.refusal import Refusal, Refusals
from .forms import OnceForm
from .issue_text import on_form
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("sms_admin", __name__, url_prefix="/admin/sms")

TEMPLATE_NAMES = {
    TemplateKey.CONTACT_PROMPT: _l("Contact prompt (nem-SMS rung)"),
    TemplateKey.CONTACT_PROMPT_VOLUNTARY: _l("Contact prompt in a suspension period "
                                             "(voluntary)"),
    TemplateKey.REMINDER_DAYS: _l("Reminder of a job-centre meeting, days before"),
    TemplateKey.REMINDER_HOURS: _l("Reminder of a job-centre meeting, hours before"),
}
REMINDERS = (TemplateKey.REMINDER_DAYS, TemplateKey.REMINDER_HOURS)


class TemplateForm(OnceForm):
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=1000)],
                         render_kw={"rows": 5})
    lead_hours = IntegerField(_l("Sent this many hours before the meeting"),
                              validators=[Optional(), NumberRange(min=1, max=24 * 14)])


class TermForm(OnceForm):
    term = StringField(_l("Word or {placeholder}"), validators=[DataRequired(),
                                                              Length(max=60)])


@bp.get("/templates")
def templates():
    return render_template("sms_admin/templates.html", templates=sms_admin.templates(),
                           names=TEMPLATE_NAMES)


@bp.route("/templates/<key>", methods=["GET", "POST"])
def template_edit(key: str):
    try:
        template_key = TemplateKey(key)
    except ValueError:
        abort(404)
    row = sms_admin.template(template_key)
    form = TemplateForm()
    if request.method == "GET" and row is not None:
        form.body.data = row.body
        form.lead_hours.data = (row.lead_minutes // 60) if row.lead_minutes else None
    status = 200
    checking = request.form.get("action") == "check"
    if form.validate_on_submit():
        lead = form.lead_hours.data * 60 if template_key in REMINDERS and \
            form.lead_hours.data else None
        if template_key in REMINDERS and lead is None:
            form.lead_hours.errors = [_("Give the number of hours before the meeting.")]
            status = 400
        elif checking:
            refusals = sms_admin.check(template_key, form.body.data)
            if refusals:
                _summary, status = on_form(form, Refusals(refusals), fallback="body")
        else:
            try:
                with once(form, "sms_template.save"):
                    sms_admin.save_template(template_key, form.body.data, lead, current_user)
            except AlreadySubmitted:
                return already_saved(url_for("sms_admin.templates"))
            except Refusals as refused:
                _summary, status = on_form(form, refused, fallback="body")
            else:
                flash(_("The template is saved."), "success")
                return redirect(url_for("sms_admin.templates"))
    elif form.errors:
        status = 400
    worst, length = sms_admin.measure(form.body.data or "")
    return render_template("sms_admin/template_edit.html", form=form, key=template_key,
                           name=TEMPLATE_NAMES[template_key], worst=worst, length=length,
                           placeholders=", ".join("{" + p + "}"
                                                  for p in sorted(PLACEHOLDERS[template_key])),
                           is_reminder=template_key in REMINDERS), status


@bp.route("/terms", methods=["GET", "POST"])
def terms():
    form = TermForm()
    status = 200
    if form.validate_on_submit():
        try:
            with once(form, "sms_term.add"):
                sms_admin.add_term(form.term.data, current_user)
        except AlreadySubmitted:
            return already_saved(url_for("sms_admin.terms"))
        except Refusal as refused:
            _summary, status = on_form(form, refused, fallback="term")
        else:
            flash(_("The word is added to the list."), "success")
            return redirect(url_for("sms_admin.terms"))
    elif form.errors:
        status = 400
    return render_template("sms_admin/terms.html", form=form, terms=sms_admin.forbidden_terms(),
                           delete_form=FlaskForm()), status


@bp.post("/terms/<int:term_id>/delete")
def term_delete(term_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not sms_admin.remove_term(term_id, current_user):
        abort(404)
    flash(_("The word is removed from the list."), "success")
    return redirect(url_for("sms_admin.terms"))
