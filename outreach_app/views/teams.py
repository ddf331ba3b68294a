"""Admin: teams (members, travel mode, start point, shift, working days), absences and
the planner's settings. The coordinator may record absences too: they plan the days."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from ..models import Team
from ..services import calendar, clock, planner_settings, teams
from ..services.refusal import Refusal
from . import labels
from .issue_text import on_form
from .once import AlreadySubmitted, already_saved, once
from .team_forms import (
    TRAVEL_MODES,
    WEEKDAY_LABELS,
    AbsenceForm,
    PlannerSettingsForm,
    TeamForm,
)

bp = Blueprint("teams", __name__, url_prefix="/admin")


def _member_choices(team: Team | None):
    workers = teams.outreach_workers()
    choices = [(0, "–")]
    for user in workers:
        label = user.full_name or user.username
        if user.team is not None and user.team is not team:
            label = _("%(name)s (now in %(team)s)", name=label, team=user.team.name)
        choices.append((user.id, label))
    return choices


def _problems_text(team_list):
    found = calendar.team_problems(team_list)
    return {team_id: [labels.team_problem(p) for p in problems]
            for team_id, problems in found.items()}


@bp.get("/teams")
def team_list():
    found = teams.list_teams()
    weekdays = {t.id: sorted(calendar.calendar_of(t).weekdays) for t in found}
    return render_template("admin/teams.html", teams=found, problems=_problems_text(found),
                           travel_modes=TRAVEL_MODES, weekday_labels=WEEKDAY_LABELS,
                           weekdays_of=weekdays)


def _input(form: TeamForm) -> teams.TeamInput:
    members = tuple(m for m in (form.member_1.data, form.member_2.data) if m)
    return teams.TeamInput(
        name=form.name.data or "", member_ids=members, travel_mode=form.travel_mode.data,
        start_address=form.start_address.data or "", start_lat=form.start_lat.data,
        start_lon=form.start_lon.data, shift_start=form.shift_start.data,
        shift_end=form.shift_end.data, weekdays=tuple(form.weekdays.data or ()),
        active=form.active.data)


def _edit(team: Team | None):
    form = TeamForm(obj=team)
    form.member_1.choices = form.member_2.choices = _member_choices(team)
    if team is not None and not form.is_submitted():
        members = team.active_members
        form.member_1.data = members[0].id if members else None
        form.member_2.data = members[1].id if len(members) > 1 else None
        form.weekdays.data = sorted(calendar.calendar_of(team).weekdays)
    elif team is None and not form.is_submitted():
        form.weekdays.data = [0, 1, 2, 3, 4]
        form.shift_start.data, form.shift_end.data = teams.DEFAULT_SHIFT
    if form.validate_on_submit():
        try:
            if team is None:
                with once(form, "team.create"):
                    saved = teams.save_team(None, _input(form), current_user)
            else:
                saved = teams.save_team(team.id, _input(form), current_user)
        except AlreadySubmitted:
            return already_saved(url_for("teams.team_list"))
        except Refusal as refused:
            on_form(form, refused, fallback="name")
        else:
            if saved.start_not_found is not None:
                flash(_("The team is saved, but its start address was not found (%(why)s): "
                        "click the map or type the coordinates.",
                        why=labels.geocode_failure(saved.start_not_found.reason.value)),
                      "warning")
                return redirect(url_for("teams.team_edit", team_id=saved.team.id))
            flash(_("The team is saved."), "success")
            return redirect(url_for("teams.team_list"))
    status = 400 if form.errors else 200
    problems = _problems_text([team]).get(team.id, []) if team is not None else []
    return render_template("admin/team_edit.html", form=form, team=team,
                           problems=problems, map_tiles=_tiles(),
                           landmarks=teams.landmarks(exclude=team),
                           days=_preview(team) if team is not None else []), status


PREVIEW_DAYS = 14


def _preview(team: Team) -> list[dict]:
    """The next two weeks as the planner sees them, in words."""
    names = {m.id: m.full_name or m.username for m in team.members}
    locale = get_locale()
    language = locale.language if locale is not None else "da"
    rows = []
    for status in calendar.preview(team, clock.today(), PREVIEW_DAYS, language):
        away = ", ".join(names.get(m, "?") for m in status.away)
        rows.append({"day": status.day, "working": status.working,
                     "text": labels.day_status(status.kind, holiday=status.holiday,
                                               away=away)})
    return rows


def _tiles() -> str:
    return current_app.config["SETTINGS"].map_tile_url or ""


@bp.route("/teams/new", methods=["GET", "POST"])
def team_new():
    return _edit(None)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
def team_edit(team_id: int):
    team = db.session.get(Team, team_id)
    if team is None:
        abort(404)
    return _edit(team)


@bp.route("/absences", methods=["GET", "POST"])
def absences():
    form = AbsenceForm()
    form.user_id.choices = [(0, "–")] + [
        (u.id, f"{u.full_name or u.username}" + (f" ({u.team.name})" if u.team else ""))
        for u in teams.outreach_workers()]
    if form.validate_on_submit():
        try:
            with once(form, "absence.create"):
                teams.add_absence(form.user_id.data, form.starts_on.data,
                                  form.ends_on.data or form.starts_on.data, current_user)
        except AlreadySubmitted:
            return already_saved(url_for("teams.absences"))
        except Refusal as refused:
            on_form(form, refused, fallback="user_id")
        else:
            flash(_("The absence is recorded."), "success")
            return redirect(url_for("teams.absences"))
    status = 400 if form.errors else 200
    return render_template("admin/absences.html", form=form,
                           absences=teams.upcoming_absences(clock.today())), status


@bp.post("/absences/<int:absence_id>/delete")
def absence_delete(absence_id: int):
    teams.remove_absence(absence_id, current_user)
    flash(_("The absence is removed."), "success")
    return redirect(url_for("teams.absences"))


@bp.route("/planner-settings", methods=["GET", "POST"])
def planner_settings_edit():
    config = planner_settings.current()
    form = PlannerSettingsForm(obj=config)
    if form.validate_on_submit():
        values = {name: form[name].data for name in planner_settings.FIELDS}
        try:
            config = planner_settings.save(current_user, **values)
        except Refusal as refused:
            on_form(form, refused, fallback="detour_factor")
        else:
            flash(_("The planner settings are saved."), "success")
            return redirect(url_for("teams.planner_settings_edit"))
    status = 400 if form.errors else 200
    return render_template("admin/planner_settings.html", form=form, config=config,
                           effects=planner_effects(config)), status


def planner_effects(config: planner_settings.PlannerConfig) -> dict[str, str]:
    """One sentence per setting saying what it does with the values in force."""

    def number(value: float, pattern: str = "0.#") -> str:
        return format_decimal(value, format=pattern)  # "1,3" in Danish

    def minutes(mode: str) -> str:
        return number(config.travel_minutes(1, mode), "0")

    return {
        "detour_factor": _("1 km as the crow flies counts as %(km)s km of streets.",
                           km=number(config.detour_factor, "0.0#")),
        "speed_foot_kmh": _("1 km as the crow flies takes %(min)s min on foot.",
                            min=minutes("foot")),
        "speed_bicycle_kmh": _("1 km as the crow flies takes %(min)s min by bicycle.",
                               min=minutes("bicycle")),
        "speed_car_kmh": _("1 km as the crow flies takes %(min)s min by car.",
                           min=minutes("car")),
        "service_minutes": _(
            "A %(visit)s min visit, %(speed)s km/h walking: an 8-hour shift fits %(n)s visits "
            "1 km apart.", visit=config.service_minutes, speed=number(config.speed_foot_kmh),
            n=config.visits_per_shift(480, "foot")),
        "time_limit_seconds": _("Planning a period takes at most %(s)s seconds; a longer "
                                "limit can find slightly shorter routes.",
                                s=config.time_limit_seconds),
        "monthly_target_low": _("The month's overview compares planned and done visits with "
                                "%(low)s-%(high)s.", low=config.monthly_target_low,
                                high=config.monthly_target_high),
        "osrm_url": (_("Travel times come from the road network at this server; the detour "
                       "factor and speeds are not used.") if config.osrm_url else
                     _("Empty: travel times come from the straight line, the detour factor "
                       "and the speeds above.")),
    }
