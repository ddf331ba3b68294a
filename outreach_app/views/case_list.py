"""The coordinator's case list with filters (in the query string) and search (POST only)."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from ..services import accounts, case_list, clock
from . import labels
from .case_forms import CaseFilterForm, CaseSearchForm
from .forms import optional_id

STEP_LABELS = {
    **{str(k): v for k, v in labels.RUNGS.items()},
    "wait": _l("Waiting for the hearing deadline"),
    "decide": _l("Awaiting decision"),
    case_list.DECIDED_STEP: _l("Decided"),
}


def render_case_list():
    """GET: filters only. POST: a search, never echoed into a URL."""
    filters = CaseFilterForm(request.args)
    filters.rung.choices = [("", _l("All"))] + [(s, STEP_LABELS[s]) for s in case_list.STEPS]
    filters.team.choices = [("", _l("All"))] + [(str(t.id), t.name) for t in accounts.list_teams()]
    search = CaseSearchForm()
    query = None
    status = 200
    if request.method == "POST":
        if search.validate_on_submit():
            query = search.q.data
        else:
            status = 400
    step = filters.rung.data if filters.rung.data in case_list.STEPS else None
    team = request.args.get("team", type=optional_id)
    group = filters.target_group.data or None
    rows = case_list.case_rows(clock.today(), step=step, overdue=bool(filters.overdue.data),
                               target_group=group if group in labels.TARGET_GROUPS else None,
                               team_id=team, query=query)
    return render_template("coordinator/index.html", cases=rows, filters=filters,
                           search=search, query=query, step_labels=STEP_LABELS), status
