"""Authorisation as data: which role may reach which endpoint.

Every endpoint must be listed. An endpoint that is missing is refused for everyone,
and tests/views/test_access.py fails, so a new page cannot ship without a rule.
"""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ..extensions import login_manager
from ..models import Role

PUBLIC = "public"  # no login needed
# No login, and no user may use it either: the view accepts only requests that carry a
# valid provider signature (Twilio's webhooks).
SIGNED = "signed"
ANY_ROLE = frozenset(r.value for r in Role)  # any logged-in user

COORDINATOR = frozenset({Role.COORDINATOR.value})
CASEWORKER = frozenset({Role.CASEWORKER.value})
OUTREACH = frozenset({Role.OUTREACH.value})
ADMIN = frozenset({Role.ADMIN.value})
DESK = frozenset({Role.COORDINATOR.value, Role.CASEWORKER.value})

ENDPOINT_ROLES: dict[str, str | frozenset[str]] = {
    "static": PUBLIC,
    "main.healthz": PUBLIC,
    "main.set_language": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": ANY_ROLE,
    "auth.change_password": ANY_ROLE,
    "admin.user_password": ADMIN,
    "main.index": ANY_ROLE,
    "coordinator.index": DESK,
    "coordinator.citizen": DESK,
    "coordinator.citizen_edit": COORDINATOR,
    "coordinator.safety_review": COORDINATOR,
    "caseworker.index": CASEWORKER,
    "field.index": OUTREACH,
    # Browsers fetch the manifest without cookies; neither file holds personal data.
    "field.manifest": PUBLIC,
    "field.service_worker": PUBLIC,
    "main.favicon": PUBLIC,
    "admin.users": ADMIN,
    "admin.user_edit": ADMIN,
    "api.me": ANY_ROLE,
    # The field app's API: only the worker's own team's visits (services.field).
    "api.route": OUTREACH,
    "api.visit": OUTREACH,
    "api.outcomes": OUTREACH,
    "api.logout": ANY_ROLE,
    # The contact ladder (issue 5). Outreach workers reach none of it: these pages hold
    # case and health data.
    "cases.show": DESK,
    "cases.step": COORDINATOR,
    "cases.visit_request": COORDINATOR,
    "cases.visit_outcome": COORDINATOR,
    "cases.field_outcome_handled": COORDINATOR,
    "noshows.new": COORDINATOR,
    "noshows.import_csv": COORDINATOR,
    "decisions.decide": CASEWORKER,
    "decisions.letter": DESK,
    "hearing.letter": DESK,
    "hearing.extend": COORDINATOR,
    "decisions.reassess": CASEWORKER,
    "decisions.appeal": CASEWORKER,
    # Exemption reasons are health data: the desk roles working the case, not IT admins.
    "partners.index": COORDINATOR,
    "partners.edit": COORDINATOR,
    "partners.remove": COORDINATOR,
    "exemptions.index": DESK,
    "exemptions.end": DESK,
    # Planning (issue 12): the coordinator's desk. Route pages show addresses and
    # safety notes, never case details.
    "planning.index": COORDINATOR,
    "planning.plan": COORDINATOR,
    "planning.run_status": COORDINATOR,
    "planning.cancel_run": COORDINATOR,
    "planning.team_day": COORDINATOR,
    "planning.route_map": COORDINATOR,
    "planning.overview_map": COORDINATOR,
    "planning.sheet": COORDINATOR,
    "planning.publish": COORDINATOR,
    "planning.move": COORDINATOR,
    "planning.lock": COORDINATOR,
    "planning.cancel_visit": COORDINATOR,
    "rules.rule_sets": ADMIN,
    "rules.periods": ADMIN,
    "rules.period_edit": ADMIN,
    # Teams and the planner's settings (issue 12). The coordinator plans the days, so
    # records absences too; a citizen's position is desk work on personal data.
    "teams.team_list": ADMIN,
    "teams.team_new": ADMIN,
    "teams.team_edit": ADMIN,
    "teams.absences": ADMIN | COORDINATOR,
    "teams.absence_delete": ADMIN | COORDINATOR,
    "teams.planner_settings_edit": ADMIN,
    "positions.index": COORDINATOR,
    "positions.geocode_all": COORDINATOR,
    "positions.job_status": COORDINATOR,
    "positions.job_cancel": COORDINATOR,
    "positions.edit": COORDINATOR,
    # Twilio calls these; they check Twilio's signature instead of a login (issue 14).
    "webhooks.status": SIGNED,
    "webhooks.inbound": SIGNED,
    # SMS (issue 14): the coordinator's desk; admins keep templates and forbidden words.
    "sms.index": DESK,
    "sms.mark_read": COORDINATOR,
    "sms_admin.templates": ADMIN,
    "sms_admin.template_edit": ADMIN,
    "sms_admin.terms": ADMIN,
    "sms_admin.term_delete": ADMIN,
    "appointments.index": COORDINATOR,
    "appointments.cancel": COORDINATOR,
}


# What a user with a one-time password may reach before choosing their own.
PASSWORD_FIRST = frozenset({"auth.change_password", "auth.logout", "main.set_language",
                            "static"})


def allowed(endpoint: str | None, role: str | None) -> bool:
    """Whether a user with `role` (None: anonymous) may reach `endpoint`."""
    rule = ENDPOINT_ROLES.get(endpoint or "")
    if rule is None or rule == SIGNED:
        return False
    if rule == PUBLIC:
        return True
    return role is not None and role in rule


def enforce() -> None:
    """before_request hook: refuse what the table does not allow."""
    if request.endpoint is None:
        return  # routing failed: the 404/405 handlers answer
    rule = ENDPOINT_ROLES.get(request.endpoint)
    if rule in (PUBLIC, SIGNED):
        return
    if not current_user.is_authenticated:
        if rule is None:
            abort(403)
        return login_manager.unauthorized()
    if not allowed(request.endpoint, current_user.role):
        abort(403)
    if current_user.must_change_password and request.endpoint not in PASSWORD_FIRST:
        # A one-time password opens only the page where the user chooses their own.
        if request.path.startswith("/api/"):
            abort(403)
        return redirect(url_for("auth.change_password"))

START_PAGES = {
    Role.COORDINATOR.value: "coordinator.index",
    Role.CASEWORKER.value: "caseworker.index",
    Role.OUTREACH.value: "field.index",
    Role.ADMIN.value: "admin.users",
}
