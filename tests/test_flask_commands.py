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
    from outreach_app.services import case_facts, clock

    app.test_cli_runner().invoke(args=["seed-demo"])
    today = clock.today()
    exempt = 0
    for case in db.session.scalars(select(Case).where(
            Case.status.in_(domain.ACTIVE_CASE_STATUSES))):
        assessment = domain.assess(case_facts.for_case(case, today))
        assert case.status == domain.status_after_ladder_step(assessment), case.case_ref
        if any(e.reason == ExemptionReason.HOSPITALISED for e in case.citizen.exemptions):
            exempt += 1
            assert case.status == CaseStatus.AWAITING_DECISION
    assert exempt >= 1


def _install_revision_1_rule_set():
    from outreach_app.domain import RULES_2020, rule_set_to_dict

    old = rule_set_to_dict(RULES_2020)
    for key in ("las35_guidance_max_age_months", "no_show_kinds", "paper_post_delivery_days",
                "revision"):
        old.pop(key)
    old["notes"] = "In force for no-shows from 1 Jan 2020 (domain.md §2)."
    db.session.execute(RuleSet.__table__.delete().where(RuleSet.key == old["key"]))
    db.session.add(RuleSet(key=old["key"], name=old["name"], valid_from=RULES_2020.valid_from,
                           valid_to=RULES_2020.valid_to, draft=False, definition=old))
    db.session.commit()


def test_init_db_upgrades_an_installed_rule_set_to_six_months_guidance(app):
    _install_revision_1_rule_set()
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "upgraded 1 rule set(s)" in result.output
    db.session.expire_all()
    stored = db.session.scalar(select(RuleSet).where(RuleSet.key == "dk-2020")).definition
    assert stored["las35_guidance_max_age_months"] == 6
    assert "domain.md" not in stored["notes"] and "§ 35" in stored["notes"]
    names = list(db.session.scalars(select(SuspensionPeriod.name)))
    assert len(names) == 4 and any("BEK nr. 2050" in n for n in names)


def test_migration_0006_gives_an_existing_installation_six_months_guidance(app):
    import importlib.util
    from pathlib import Path

    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    _install_revision_1_rule_set()
    path = Path(__file__).parent.parent / "migrations/versions/0006_legal_completeness.py"
    spec = importlib.util.spec_from_file_location("m0003", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    db.session.close()
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        module._upgrade_rule_sets()
    stored = db.session.scalar(select(RuleSet).where(RuleSet.key == "dk-2020")).definition
    assert stored["las35_guidance_max_age_months"] == 6 and stored["revision"] == 2
    assert "late_arrival" in stored["no_show_kinds"]
    assert stored["notes"].startswith("Gælder for udeblivelser fra 1. januar 2020")
