"""The coordinator's work queue (filters in the query string, search by POST only) and the
caseworker's queue of cases awaiting a decision."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..domain import CaseStep
from ..services import accounts, case_list, citizens, clock
from . import labels
from .case_forms import CaseFilterForm, CaseSearchForm
from .forms import optional_id

STEP_LABELS = {
    **{str(k): v for k, v in labels.RUNGS.items()},
    CaseStep.WAIT: _l("Waiting for the hearing deadline"),
    CaseStep.DECIDE: _l("Awaiting decision"),
    CaseStep.DECIDED: _l("Decided"),
}
SHOW_LABELS = {
    case_list.Show.OPEN: _l("Open cases"),
    case_list.Show.DECIDED: _l("Decided and closed"),
    case_list.Show.ALL: _l("All cases"),
}


def _page_number() -> int | None:
    """The requested page (1 when none); None when it is not a page number."""
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) <= 6 and int(raw) > 0 else None


def _filters(form: CaseFilterForm) -> tuple[case_list.QueueFilter, list[str]]:
    """The filter from the query string, and what in it is not understood."""
    unknown = []
    args = request.args

    def pick(name, allowed):
        value = args.get(name) or None
        if value is not None and value not in allowed:
            unknown.append(name)
            return None
        return value

    step = pick("rung", {str(s) for s in case_list.STEPS})
    show = pick("show", {str(s) for s in case_list.Show})
    group = pick("target_group", {str(g) for g in labels.TARGET_GROUPS})
    try:
        team = optional_id(args.get("team"))
    except ValueError:
        team = None
        unknown.append("team")
    flt = case_list.QueueFilter(
        step=CaseStep(step) if step else None,
        show=case_list.Show(show) if show else case_list.Show.OPEN,
        overdue=args.get("overdue") in ("y", "1", "on", "true"),
        due_soon=args.get("due") == str(case_list.DUE_SOON_DAYS),
        target_group=group, team_id=team)
    return flt, unknown


def render_case_list():
    """GET: the queue with filters and paging. POST: a search, never echoed into a URL."""
    form = CaseFilterForm(request.args)
    form.rung.choices = [("", _l("All"))] + [(str(s), STEP_LABELS[s]) for s in case_list.STEPS]
    form.show.choices = [(str(k), v) for k, v in SHOW_LABELS.items()]
    form.team.choices = [("", _l("All"))] + [(str(t.id), t.name) for t in accounts.list_teams()]
    search = CaseSearchForm()
    today = clock.today()
    query, status, message = None, 200, None
    flt, unknown = _filters(form)
    page = _page_number()
    if request.method == "POST":
        if search.validate_on_submit():
            query = search.q.data
            result = case_list.search(today, query)
        else:
            status = 400
            result = case_list.coordinator_queue(today, flt, 1)
    elif unknown or page is None:
        # Nothing a user types into the address bar gives a 500: an empty page that says why.
        message = _("The list cannot show that filter or page; choose from the filters "
                    "below.")
        result = case_list.QueuePage([], 0, 1, counts=case_list.open_counts(today))
    else:
        result = case_list.coordinator_queue(today, flt, page)
        if result.past_end:
            message = _("There is no page %(page)s: the list has %(pages)s page(s).",
                        page=page, pages=result.pages)
    return render_template(
        "coordinator/index.html", result=result, cases=result.rows, filters=form, flt=flt,
        search=search, query=query, step_labels=STEP_LABELS, message=message,
        due_soon_days=case_list.DUE_SOON_DAYS, queue_steps=case_list.STEPS[:-1],
        safety_reviews=citizens.safety_reviews_waiting(),
    ), status


def render_caseworker_queue():
    """The caseworker's start page: cases awaiting a decision, the oldest first."""
    page = _page_number()
    today = clock.today()
    message = None
    if page is None:
        message = _("The list cannot show that filter or page; choose from the filters "
                    "below.")
        result = case_list.QueuePage([], 0, 1)
    else:
        result = case_list.caseworker_queue(today, page)
        if result.past_end:
            message = _("There is no page %(page)s: the list has %(pages)s page(s).",
                        page=page, pages=result.pages)
    return render_template("caseworker/index.html", result=result, cases=result.rows,
                           step_labels=STEP_LABELS, message=message)
