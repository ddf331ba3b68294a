"""The coordinator's SMS desk: new replies, messages whose fate is unknown, recent sends."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..extensions import db
from ..models import Citizen
from ..services import sms_inbox

bp = Blueprint("sms", __name__, url_prefix="/sms")

STATUS_LABELS = {
    "queued": _l("Queued"), "deferred": _l("Deferred"), "claimed": _l("Being sent"),
    "sending": _l("Being sent"), "unknown": _l("Unknown: being checked with Twilio"),
    "accepted": _l("Accepted by Twilio"), "sent": _l("Sent"),
    "no_receipt": _l("No receipt"), "delivered": _l("Delivered"),
    "undelivered": _l("Not delivered"), "failed": _l("Failed"),
    "skipped": _l("Skipped (opted out)"), "cleared": _l("Cleared (no longer needed)"),
    "expired": _l("Expired"), "received": _l("Received"),
}
PURPOSE_LABELS = {
    "contact_prompt": _l("Contact prompt"), "reminder_days": _l("Reminder (days before)"),
    "reminder_hours": _l("Reminder (hours before)"), "reply": _l("Reply"),
}


@bp.app_context_processor
def sms_labels():
    return {"sms_status_label": lambda s: str(STATUS_LABELS.get(s, s)),
            "sms_purpose_label": lambda p: str(PURPOSE_LABELS.get(p, p))}


def _names(messages) -> dict[int, str]:
    ids = {m.citizen_id for m in messages if m.citizen_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(Citizen.id, Citizen.full_name)
                                   .where(Citizen.id.in_(ids))).all())


@bp.get("/")
def index():
    desk = sms_inbox.desk()
    return render_template("sms/index.html", replies=desk.replies, unknown=desk.unknown,
                           recent=desk.recent, names=_names(desk.messages), form=FlaskForm())


@bp.post("/replies/<int:message_id>/read")
def mark_read(message_id: int):
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    if not sms_inbox.mark_read(message_id, current_user):
        abort(404)
    flash(_("The reply is marked as read."), "success")
    return redirect(url_for("sms.index"))
