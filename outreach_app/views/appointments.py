"""A citizen's job-centre meetings: booking one queues its SMS reminders, cancelling clears
them."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, TimeField
from wtforms.validators import DataRequired

from ..extensions import db
from ..models import Appointment, Citizen
from ..services import clock, sms_outbox
from ..services.refusal import Refusal
from .forms import OnceForm
from .issue_text import on_form
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("appointments", __name__, url_prefix="/citizens")


class AppointmentForm(OnceForm):
    on = DateField(_l("Date"), validators=[DataRequired()])
    at = TimeField(_l("Time"), validators=[DataRequired()])


@bp.route("/<int:citizen_id>/appointments", methods=["GET", "POST"])
def index(citizen_id: int):
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is None:
        abort(404)
    form = AppointmentForm()
    status = 200
    if form.validate_on_submit():
        starts = datetime.combine(form.on.data, form.at.data, tzinfo=clock.zone())
        try:
            with once(form, "appointment.create"):
                sms_outbox.book_appointment(citizen, starts, current_user)
        except AlreadySubmitted:
            return already_saved(url_for("appointments.index", citizen_id=citizen.id))
        except Refusal as refused:
            _summary, status = on_form(form, refused, fallback="on")
        else:
            flash(_("The meeting is booked; its SMS reminders are queued."), "success")
            return redirect(url_for("appointments.index", citizen_id=citizen.id))
    elif form.errors:
        status = 400
    else:
        return _page(citizen, form, sms_outbox.view_appointments(citizen.id))
    # The form shown again: the request's read audit covers the citizen.
    return _page(citizen, form, sms_outbox.appointments_of(citizen.id), status)


def _page(citizen: Citizen, form: AppointmentForm, appointments: list[Appointment],
          status: int = 200):
    return render_template("appointments/index.html", citizen=citizen, form=form,
                           appointments=appointments, cancel_form=FlaskForm()), status


@bp.post("/appointments/<int:appointment_id>/cancel")
def cancel(appointment_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    appointment = db.session.get(Appointment, appointment_id)
    if appointment is None:
        abort(404)
    cleared = sms_outbox.cancel_appointment(appointment, current_user)
    flash(_("The meeting is cancelled; %(n)s reminder(s) will not be sent.", n=cleared),
          "success")
    return redirect(url_for("appointments.index", citizen_id=appointment.citizen_id))
