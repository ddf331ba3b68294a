"""The JSON API for the field app, under /api/v1/. Errors answer JSON (see views/__init__)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_login import current_user

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/me")
def me():
    return jsonify(username=current_user.username, role=current_user.role,
                   team_id=current_user.team_id)
