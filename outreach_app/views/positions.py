"""The coordinator's positions: addresses with no position, set by clicking a map or by
typing coordinates; batch geocoding with its progress."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..services import citizens, geocode_batch, positions, teams
from ..services.refusal import Refusal
from .issue_text import on_form
from .team_forms import PositionForm

bp = Blueprint("positions", __name__, url_prefix="/coordinator/positions")


def _job_state(job) -> dict | None:
    if job is None:
        return None
    return {"id": job.id, "status": job.status, "total": job.total, "done": job.done,
            "failed": job.failed}


@bp.get("/")
def index():
    job = geocode_batch.latest_job()
    return render_template("coordinator/positions.html", missing=positions.missing_positions(),
                           job=_job_state(job))


@bp.post("/geocode")
def geocode_all():
    job, started = geocode_batch.start(current_user)
    if started:
        flash(_("Looking up the addresses without a position. You can keep working; "
                "this page shows how far it got."), "success")
    else:
        flash(_("The addresses are already being looked up."), "warning")
    return redirect(url_for("positions.index"))


@bp.get("/jobs/<int:job_id>")
def job_status(job_id: int):
    job = geocode_batch.job(job_id)
    if job is None:
        return jsonify(error=404, message=_("No such job.")), 404
    return jsonify(_job_state(job))


@bp.post("/jobs/<int:job_id>/cancel")
def job_cancel(job_id: int):
    geocode_batch.cancel(job_id)
    flash(_("The lookup stops after the current address; what is found is kept."), "success")
    return redirect(url_for("positions.index"))


@bp.route("/<int:citizen_id>", methods=["GET", "POST"])
def edit(citizen_id: int):
    citizen = citizens.view_citizen(citizen_id)
    if citizen is None:
        abort(404)
    form = PositionForm(obj=citizen)
    if form.validate_on_submit():
        try:
            positions.set_by_hand(citizen_id, form.lat.data, form.lon.data)
        except Refusal as refused:
            on_form(form, refused, fallback="lat")
        else:
            flash(_("The position is saved; it is used for this address from now on."),
                  "success")
            return redirect(url_for("positions.index"))
    status = 400 if form.errors else 200
    tiles = current_app.config["SETTINGS"].map_tile_url or ""
    return render_template("coordinator/position_edit.html", citizen=citizen, form=form,
                           map_tiles=tiles, landmarks=teams.landmarks()), status
