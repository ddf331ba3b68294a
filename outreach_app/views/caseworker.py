"""The caseworker's desk: the cases whose next step is a decision."""

from __future__ import annotations

from flask import Blueprint

from .case_list import render_caseworker_queue

bp = Blueprint("caseworker", __name__, url_prefix="/caseworker")


@bp.get("/")
def index():
    return render_caseworker_queue()
