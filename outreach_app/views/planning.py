"""The coordinator's planning desk: plan a period as a background job, see and adjust the
routes, maps, route sheets, and publish team-days to the field app."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import NamedTuple

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, RadioField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain import RoutePlanStatus
from ..extensions import db
from ..models import PlanningRun, Team, Visit
from ..services import calendar, clock, plan_results, planning_jobs, route_edits
from ..services.clock import today
from ..services.planning_checks import PeriodRequest, PlanningRefused, month_of
from ..services.refusal import Refusal
from . import labels, tile_source
from .forms import CleanForm, OnceForm
from .issue_text import TEXTS, refusal_text, text_of
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("planning", __name__, url_prefix="/planning")

MODES = (
    ("keep_locked", _l("Re-plan the period, keeping done, locked and started stops")),
    ("fit_new", _l("Fit new visits into spare capacity, keeping every route")),
    ("replan_all", _l("Re-plan everything not yet done")),
)
SPANS = (("day", _l("A day")), ("week", _l("A week")), ("month", _l("The month")))
WORKING_LIST_DAYS = 5
# Access notes may hold 1,000 characters; the printed sheet shows this many of each, so
# eight stops still fit one A4 page (the field app shows the whole text).
SHEET_ACCESS_MAX = 180


class MultiCheckbox(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlanForm(OnceForm):
    day = DateField(_l("From"), validators=[DataRequired()])
    span = SelectField(_l("Period"), choices=SPANS, default="week")
    teams = MultiCheckbox(_l("Teams"), coerce=int, validate_choice=False)
    mode = RadioField(_l("How"), choices=MODES, default="keep_locked")

    def validate_teams(self, field):
        # The page lists the active teams; one switched off since it loaded is named.
        if set(field.data or ()) - {team_id for team_id, _name in field.choices}:
            raise ValidationError(_l("A team you chose is no longer active. Choose again."))


class MoveForm(CleanForm):
    target = SelectField(_l("Move to"), validators=[DataRequired()])


JOB_STATUS = {"queued": _l("Waiting for a worker"), "running": _l("Planning"),
              "done": _l("Done"), "failed": _l("Failed"), "cancelled": _l("Cancelled")}
ROUTE_STATUS = {RoutePlanStatus.DRAFT: _l("Draft"), RoutePlanStatus.PUBLISHED: _l("Published"),
                RoutePlanStatus.STARTED: _l("Started"), RoutePlanStatus.FINISHED: _l("Finished")}
STEP = {0: _l("Waiting for a worker"), 1: _l("Searching for the best routes"),
        2: _l("Storing the routes"), 3: _l("Done")}
TEAM_PROBLEM = {"no_members": _l("no members"), "no_start": _l("no start point"),
                "no_working_days": _l("no working days"), "inactive": _l("switched off")}


@bp.context_processor
def helpers():
    def minutes(seconds: int) -> str:
        hours, mins = divmod(round((seconds or 0) / 60), 60)
        return _("%(h)s h %(m)s min", h=hours, m=mins) if hours else _("%(m)s min", m=mins)

    def km(metres: int) -> str:
        return _("%(km)s km", km=f"{(metres or 0) / 1000:.1f}".replace(".", ","))

    return {
        "job_status_label": lambda s: JOB_STATUS.get(s, s),
        "step_label": lambda n: STEP.get(n, ""),
        "route_status_label": lambda s: ROUTE_STATUS.get(s, s),
        "team_problem_label": lambda p: TEAM_PROBLEM.get(str(p), str(p)),
        "minutes": minutes, "km": km, "timedelta7": timedelta(days=7),
    }


def period_of(day: date, span: str) -> tuple[date, date]:
    """A day, the week from Monday to Sunday, or the month that holds `day`."""
    if span == "day":
        return day, day
    if span == "month":
        return month_of(day)
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _teams() -> list[Team]:
    return calendar.active_teams()


def _period_args() -> tuple[date, date]:
    try:
        start = date.fromisoformat(request.args.get("start", ""))
        end = date.fromisoformat(request.args.get("end", ""))
    except ValueError:
        start, end = period_of(today(), "week")
    if end < start or (end - start).days > 62:
        start, end = period_of(today(), "week")
    return start, end


def _page(form: PlanForm, start: date, end: date, problems=None, status: int = 200):
    run = planning_jobs.latest(start, end)
    teams = _teams()
    rows = plan_results.team_days(start, end)
    styles = plan_results.team_styles()
    try:
        within = int(request.args.get("within", WORKING_LIST_DAYS))
    except ValueError:
        within = WORKING_LIST_DAYS
    within = max(0, min(within, 60))
    unplaced, working = plan_results.visit_lists(today(), within)
    shown_run = planning_jobs.view(run) if run else None
    return render_template(
        "planning/index.html", form=form, start=start, end=end, rows=rows,
        run=shown_run, run_message=_run_message(shown_run),
        planner_notes=_planner_notes(shown_run),
        problems=[ShownProblem(p.code, text_of(p.code, p.params), p.items)
                  for p in problems or ()],
        team_problems=calendar.team_problems(teams), teams={t.id: t for t in teams},
        styles=styles, progress=plan_results.month_progress(start),
        unplaced=unplaced, working=working, within=within,
    ), status


class ShownProblem(NamedTuple):
    """A refused planning request's problem, worded for the page."""

    code: str
    message: str
    items: tuple


def _map_labels() -> dict[str, str]:
    return {key: str(text) for key, text in labels.MAP_LABELS.items()}


def _run_message(run: planning_jobs.RunView | None) -> str:
    """What a finished planning job said, in the reader's language."""
    if run is None:
        return ""
    return " ".join(params.get("text", "") if code == "stored_text" else text_of(code, params)
                    for code, params in run.messages if not _planner_note(code))


def _planner_note(code: str) -> bool:
    return code.startswith("planner_")


def _planner_notes(run: planning_jobs.RunView | None) -> list[str]:
    """The planner's notes on how it made the plan, in the reader's language; a note
    this version has no words for is left out rather than shown as a code."""
    if run is None:
        return []
    return [text_of(code, params) for code, params in run.messages
            if _planner_note(code) and code in TEXTS]


def _form() -> PlanForm:
    form = PlanForm()
    form.teams.choices = [(t.id, t.name) for t in _teams()]
    return form


@bp.get("/")
def index():
    start, end = _period_args()
    form = _form()
    form.day.data = max(start, today())
    form.teams.data = [t for t, _n in form.teams.choices]
    return _page(form, start, end)


@bp.post("/plan")
def plan():
    form = _form()
    if not form.validate_on_submit():
        start, end = period_of(today(), "week")
        return _page(form, start, end, status=400)
    start, end = period_of(form.day.data, form.span.data)
    teams = tuple(form.teams.data or ()) or None
    try:
        with once(form, "plan.start"):
            run = planning_jobs.start(PeriodRequest(start, end, teams, form.mode.data),
                                      user=current_user._get_current_object())
    except AlreadySubmitted:
        return already_saved(url_for(".index", start=start.isoformat(), end=end.isoformat()))
    except PlanningRefused as refused:
        return _page(form, start, end, problems=refused.refusals, status=409
                     if any(p.code.startswith("busy") for p in refused.refusals) else 400)
    flash(_("Planning started. The page stays usable while it runs."), "success")
    return redirect(url_for(".index", start=run.starts_on.isoformat(),
                            end=run.ends_on.isoformat()))


@bp.get("/runs/<int:run_id>")
def run_status(run_id: int):
    run = db.get_or_404(PlanningRun, run_id)
    v = planning_jobs.view(run)
    return jsonify(status=v.status, active=v.active, step=v.step, steps=v.steps,
                   message=str(STEP.get(v.step, "")), planned=v.planned, unplaced=v.unplaced)


@bp.post("/runs/<int:run_id>/cancel")
def cancel_run(run_id: int):
    run = db.get_or_404(PlanningRun, run_id)
    if planning_jobs.cancel(run, user=current_user._get_current_object()):
        flash(_("Planning cancelled; the previous plan is unchanged."), "success")
    return redirect(url_for(".index", start=run.starts_on.isoformat(),
                            end=run.ends_on.isoformat()))


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        abort(404)


def _move_choices(visit_stop_team: int | None, day: date) -> list[tuple[str, str]]:
    choices = []
    for td in calendar.team_days(day - timedelta(days=day.weekday()),
                                 day + timedelta(days=13 - day.weekday())):
        if td.day < today():
            continue
        team = db.session.get(Team, td.team)
        choices.append((f"{td.team}:{td.day.isoformat()}",
                        f"{team.name} · {format_date(td.day, 'EEEE d. MMMM')}"))
    return choices


@bp.get("/<int:team_id>/<day>")
def team_day(team_id: int, day: str):
    the_day = _day(day)
    team = db.get_or_404(Team, team_id)
    plan = plan_results.route_plan(team_id, the_day)
    stops = plan_results.stops_of(plan, audit_as="planning") if plan else []
    move_form = MoveForm()
    move_form.target.choices = _move_choices(team_id, the_day)
    return render_template("planning/team_day.html", team=team, day=the_day, plan=plan,
                           is_draft=plan is not None and plan.status == RoutePlanStatus.DRAFT,
                           stops=stops, move_form=move_form)


def _map_response(html: str):
    """A folium page with its own CSP: its inline scripts carry a nonce; every other
    page keeps the strict policy. It is shown in an iframe of our own pages only."""
    nonce = secrets.token_urlsafe(16)
    html = html.replace("<script>", f'<script nonce="{nonce}">')
    html = html.replace('<script type="text/javascript">',
                        f'<script type="text/javascript" nonce="{nonce}">')
    tile_src = tile_source(current_app.config["SETTINGS"].map_tile_url)
    response = make_response(html)
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
        f"style-src 'self' 'unsafe-inline'; img-src 'self' data:{tile_src}; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self'")
    return response


@bp.get("/maps/<int:team_id>/<day>")
def route_map(team_id: int, day: str):
    plan = plan_results.route_plan(team_id, _day(day))
    if plan is None:
        abort(404)
    stops = plan_results.stops_of(plan, audit_as="route_map")
    tiles = current_app.config["SETTINGS"].map_tile_url
    return _map_response(plan_results.route_map_html(plan, stops, tiles, _map_labels()))


@bp.get("/maps/overview")
def overview_map():
    start, end = _period_args()
    tiles = current_app.config["SETTINGS"].map_tile_url
    return _map_response(plan_results.overview_map_html(start, end, tiles, _map_labels()))


@bp.get("/<int:team_id>/<day>/sheet")
def sheet(team_id: int, day: str):
    plan = plan_results.route_plan(team_id, _day(day))
    if plan is None:
        abort(404)
    stops = plan_results.stops_of(plan, audit_as="route_sheet")
    return render_template("planning/sheet.html", plan=plan, team=plan.team, stops=stops,
                           office_phone=_office_phone(plan.team), access_max=SHEET_ACCESS_MAX,
                           printed=clock.now().strftime("%Y-%m-%d %H:%M"))


def _office_phone(team: Team) -> str:
    if team.office is not None and team.office.phone:
        return team.office.phone
    return current_app.config["SETTINGS"].office_phone


@bp.post("/<int:team_id>/<day>/publish")
def publish(team_id: int, day: str):
    plan = plan_results.route_plan(team_id, _day(day))
    if plan is None:
        abort(404)
    try:
        route_edits.publish(plan, user=current_user._get_current_object())
        flash(_("Published: the team sees this route in the field app."), "success")
    except Refusal as refused:
        flash(refusal_text(refused), "error")
    return redirect(url_for(".team_day", team_id=team_id, day=day))


def _visit_back(visit: Visit, fallback: tuple[int, str] | None):
    target = fallback
    if visit.stop is not None:
        target = (visit.stop.route_plan.team_id, visit.stop.route_plan.day.isoformat())
    if target is None:
        return redirect(url_for(".index"))
    return redirect(url_for(".team_day", team_id=target[0], day=target[1]))


@bp.post("/visits/<int:visit_id>/move")
def move(visit_id: int):
    visit = db.get_or_404(Visit, visit_id)
    back = ((visit.stop.route_plan.team_id, visit.stop.route_plan.day.isoformat())
            if visit.stop is not None else None)
    form = MoveForm()
    form.target.choices = [(form.target.data, "")] if form.target.data else []
    if not form.validate_on_submit():
        flash(_("Choose a team and day."), "error")
        return _visit_back(visit, back)
    try:
        team_part, day_part = form.target.data.split(":", 1)
        team = db.session.get(Team, int(team_part))
        the_day = date.fromisoformat(day_part)
    except ValueError:
        team = None
    if team is None:
        flash(_("Choose a team and day."), "error")
        return _visit_back(visit, back)
    try:
        route = route_edits.move(visit, team, the_day, today=today(),
                                 user=current_user._get_current_object())
    except Refusal as refused:
        flash(refusal_text(refused), "error")
        return _visit_back(visit, back)
    flash(_("Moved and locked there."), "success")
    return redirect(url_for(".team_day", team_id=route.team_id, day=route.day.isoformat()))


@bp.post("/visits/<int:visit_id>/lock")
def lock(visit_id: int):
    visit = db.get_or_404(Visit, visit_id)
    try:
        locked = route_edits.toggle_lock(visit, user=current_user._get_current_object())
        flash(_("Locked: re-planning keeps it on this day.") if locked else
              _("Unlocked: re-planning may move it."), "success")
    except Refusal as refused:
        flash(refusal_text(refused), "error")
    return _visit_back(visit, None)


@bp.post("/visits/<int:visit_id>/cancel")
def cancel_visit(visit_id: int):
    visit = db.get_or_404(Visit, visit_id)
    back = ((visit.stop.route_plan.team_id, visit.stop.route_plan.day.isoformat())
            if visit.stop is not None else None)
    try:
        route_edits.cancel_visit(visit, user=current_user._get_current_object())
        flash(_("The visit is cancelled and has left its route; the times after it were "
                "computed again."), "success")
    except Refusal as refused:
        flash(refusal_text(refused), "error")
    if back is None:
        return redirect(url_for(".index"))
    return redirect(url_for(".team_day", team_id=back[0], day=back[1]))
