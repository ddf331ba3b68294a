"""The flask commands: init-db, create-user (password never an argument), seed-demo."""

from __future__ import annotations

import math

from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import (
    AuditEvent,
    Case,
    Citizen,
    ContactAttempt,
    RoutePlan,
    RuleSet,
    SuspensionPeriod,
    Team,
    User,
    Visit,
)
from outreach_app.services.demo_places import FICTION_PHONE_PREFIX, SURNAMES


def _counts():
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Team, Citizen, Case, ContactAttempt, Visit, RoutePlan)}


def test_init_db_installs_rule_sets_and_the_covid_suspension(app):
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    keys = set(db.session.scalars(select(RuleSet.key)))
    assert {"dk-2020", "dk-2027-draft"} <= keys
    covid = db.session.scalar(select(SuspensionPeriod))
    assert covid.starts_on.year == 2020 and "COVID" in covid.name


def test_create_user_reads_the_password_from_standard_input(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "karin", "--role", "caseworker"], input="a-long-password\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "karin"))
    assert user.role == "caseworker" and user.check_password("a-long-password")
    assert "a-long-password" not in result.output


def test_create_user_refuses_a_short_password_and_creates_nothing(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "karin", "--role", "caseworker"], input="short\n")
    assert result.exit_code != 0
    assert "10 characters" in result.output
    assert db.session.scalar(select(User).where(User.username == "karin")) is None


def test_create_user_refuses_an_unknown_role(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "karin", "--role", "boss"], input="a-long-password\n")
    assert result.exit_code == 2


def test_seed_demo_twice_gives_the_same_counts(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = _counts()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    db.session.expire_all()
    assert _counts() == counts
    assert counts["Citizen"] == 60 and counts["Case"] == 60 and counts["Team"] == 3
    for login in ("koordinator", "sagsbehandler", "vaegter", "admin"):
        assert login in first.output


def test_demo_has_every_role_and_three_staffed_teams_one_of_two(app):
    app.test_cli_runner().invoke(args=["seed-demo"])
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"admin", "caseworker", "coordinator", "outreach"}
    teams = list(db.session.scalars(select(Team)))
    assert sorted(t.travel_mode for t in teams) == ["bicycle", "car", "foot"]
    assert sorted(t.size for t in teams) == [1, 1, 2]


def test_demo_cases_cover_every_rung_of_the_ladder(app):
    app.test_cli_runner().invoke(args=["seed-demo"])
    rungs = set(db.session.scalars(select(ContactAttempt.rung)))
    assert rungs == {"hearing_letter", "case_file_check", "phone_call", "sms_prompt",
                     "partner_contact", "home_visit"}
    statuses = set(db.session.scalars(select(Case.status)))
    assert statuses == {"open", "awaiting_decision", "decided"}
    cases_without_attempts = db.session.scalar(
        select(func.count(Case.id)).where(~Case.attempts.any()))
    assert cases_without_attempts > 0


# Copenhagen municipality, roughly, and the Frederiksberg enclave inside it.
COPENHAGEN = (55.61, 55.74, 12.45, 12.65)
FREDERIKSBERG = (55.672, 55.692, 12.50, 12.545)


def _inside(lat, lon, box):
    return box[0] <= lat <= box[1] and box[2] <= lon <= box[3]


def test_demo_citizens_are_fictional_and_inside_copenhagen(app):
    app.test_cli_runner().invoke(args=["seed-demo"])
    citizens = db.session.scalars(select(Citizen)).all()
    assert len({c.full_name for c in citizens}) == len(citizens)
    for c in citizens:
        assert c.full_name.split()[-1] in SURNAMES
        assert _inside(c.lat, c.lon, COPENHAGEN) and not _inside(c.lat, c.lon, FREDERIKSBERG)
        assert c.phone_mobile is None or c.phone_mobile.startswith(FICTION_PHONE_PREFIX)
        assert not math.isnan(c.lat)


def test_seed_demo_is_refused_in_production(app_factory):
    app = app_factory(APP_ENV="production", SECRET_KEY="x" * 40)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code != 0
        assert db.session.scalar(select(func.count(Citizen.id))) == 0


def test_seeded_steps_are_audited(app):
    app.test_cli_runner().invoke(args=["seed-demo"])
    n_attempts = db.session.scalar(select(func.count(ContactAttempt.id)))
    n_audited = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "attempt.create"))
    assert n_attempts == n_audited > 0


def test_geocode_missing_looks_up_each_address_and_reports(app, make_citizen):
    from outreach_app.models import BackgroundJob, Citizen
    from tests.views.test_teams_admin import FakeGeocoder

    found = make_citizen(lat=None, lon=None, position_source=None, address="Vej 1")
    make_citizen(lat=None, lon=None, position_source=None, address="Vej 2")
    app.config["GEOCODER_PROVIDER"] = FakeGeocoder({found.full_address: (55.7, 12.5)})
    app.config["GEOCODER_MIN_DELAY"] = 0
    result = app.test_cli_runner().invoke(args=["geocode-missing"])
    assert result.exit_code == 0, result.output
    assert "2/2 done, 1 not found" in result.output
    assert result.output.strip().endswith("Done: 1 found, 1 not found.")
    db.session.expire_all()
    assert db.session.get(Citizen, found.id).lat == 55.7
    assert db.session.scalar(select(BackgroundJob.status)) == "done"


def test_every_demo_case_stands_where_the_ladder_says_the_exempt_one_on_the_desk(app):
    from outreach_app import domain
    from outreach_app.domain import CaseStatus, ExemptionReason
    from outreach_app.services import clock, ladder

    app.test_cli_runner().invoke(args=["seed-demo"])
    today = clock.today()
    exempt = 0
    for case in db.session.scalars(select(Case).where(
            Case.status.in_(domain.ACTIVE_CASE_STATUSES))):
        assessment = domain.assess(ladder.case_facts(case, today))
        assert case.status == domain.status_after_ladder_step(assessment), case.case_ref
        if any(e.reason == ExemptionReason.HOSPITALISED for e in case.citizen.exemptions):
            exempt += 1
            assert case.status == CaseStatus.AWAITING_DECISION
    assert exempt >= 1
