"""The caseworker's desk: cases waiting for a decision."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..services import cases

bp = Blueprint("caseworker", __name__, url_prefix="/caseworker")


@bp.get("/")
def index():
    waiting = cases.list_cases(statuses=("awaiting_decision",))
    return render_template("caseworker/index.html", cases=waiting)
