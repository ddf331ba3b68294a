"""Administration of the law as data: rule sets (view) and suspension periods (manage)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..domain.dates import implausible
from ..services import clock, rules_admin
from ..services.refusal import Refusal
from .case_forms import SuspensionPeriodForm
from .issue_text import on_form
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("rules", __name__, url_prefix="/admin")


@bp.get("/rule-sets")
def rule_sets():
    return render_template("admin/rule_sets.html", rule_sets=rules_admin.rule_sets(clock.today()))


@bp.route("/suspension-periods", methods=["GET", "POST"])
def periods():
    return _period_page(None)


@bp.route("/suspension-periods/<int:period_id>", methods=["GET", "POST"])
def period_edit(period_id: int):
    return _period_page(period_id)


def _period_page(period_id: int | None):
    rows = rules_admin.periods()
    current = next((p for p in rows if p.id == period_id), None)
    if period_id is not None and current is None:
        abort(404)
    form = SuspensionPeriodForm(obj=current) if request.method == "GET" and current \
        else SuspensionPeriodForm()
    status = 200
    confirm = None
    if form.validate_on_submit() and (confirm := _needs_confirmation(form)) is None:
        try:
            with once(form, "period.save"):
                rules_admin.save_period(
                    period_id, form.name.data, form.starts_on.data, form.ends_on.data,
                    form.meetings_voluntary.data, form.note.data or "",
                    availability_duty_suspended=form.availability_duty_suspended.data,
                    digital_meetings_allowed=form.digital_meetings_allowed.data)
        except AlreadySubmitted:
            return already_saved(url_for("rules.periods"))
        except Refusal as refused:
            on_form(form, refused, fallback="name")
            status = 400
        else:
            flash(_("The suspension period is saved."), "success")
            return redirect(url_for("rules.periods"))
    elif form.errors:
        status = 400
    return render_template("admin/periods.html", periods=rows, form=form, current=current,
                           confirm=confirm), status


def _needs_confirmation(form) -> int | None:
    """The number of open cases a period covering today blocks, unless that number was
    confirmed; None when nothing needs confirming."""
    today = clock.today()
    starts, ends = form.starts_on.data, form.ends_on.data
    if not (starts <= today <= ends) or implausible(starts, today) or implausible(ends, today):
        return None  # nothing to confirm, or refused anyway by the service
    blocked = rules_admin.open_cases_within(starts, ends)
    if request.form.get("confirm_open_cases") == str(blocked):
        return None
    return blocked
