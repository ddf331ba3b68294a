"""The caseworker's desk: the cases whose next step is a decision."""

from __future__ import annotations

from flask import Blueprint, render_template

from ..services import case_list, clock
from .case_list import STEP_LABELS

bp = Blueprint("caseworker", __name__, url_prefix="/caseworker")


@bp.get("/")
def index():
    waiting = case_list.case_rows(clock.today(), step="decide")
    return render_template("caseworker/index.html", cases=waiting, step_labels=STEP_LABELS)
