"""The outreach worker's phone: today's route."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from ..services import field
from ..services.clock import today

bp = Blueprint("field", __name__, url_prefix="/field")


@bp.get("/")
def index():
    day = today()
    stops = field.todays_route(current_user._get_current_object(), day)
    return render_template("field/index.html", stops=stops, day=day,
                           office_phone=current_app.config["SETTINGS"].office_phone)
