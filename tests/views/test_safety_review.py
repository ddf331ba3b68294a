"""Finding 12, the notes typed before the flags existed: migration 0009 kept the old free-text
safety note as the short text. Such a note may hold health details, so it waits for a
coordinator's review (marked on the citizen page and listed) and reaches no phone or
route sheet until the coordinator has saved the citizen's safety flags."""

from __future__ import annotations

import importlib.util
import re
from datetime import time, timedelta
from pathlib import Path

from sqlalchemy import select

from outreach_app.domain import RoutePlanStatus, VisitStatus
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Citizen, RoutePlan, RouteStop, Team, Visit
from outreach_app.services import clock

HEALTH = "Diabetes, tager insulin kl. 12"
MIGRATION = Path(__file__).parents[2] / "migrations/versions/0011_safety_review.py"


def _migration():
    spec = importlib.util.spec_from_file_location("m0011", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _carried_over(make_citizen, note: str = HEALTH) -> Citizen:
    """A citizen as migration 0009 left one: the old note, the 'pairs' flag, no review."""
    citizen_id = make_citizen(safety_note=note, safety_flags=["pairs"]).id
    db.session.commit()
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    db.session.close()
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        _migration()._flag_carried_over_notes()
    return db.session.get(Citizen, citizen_id)


def test_the_migration_flags_every_carried_over_note_and_no_empty_one(app, make_citizen):
    empty_id = make_citizen(safety_note="").id
    noted_id = _carried_over(make_citizen).id
    db.session.expire_all()
    assert db.session.get(Citizen, noted_id).safety_review_needed is True
    assert db.session.get(Citizen, empty_id).safety_review_needed is False


def _published_route(worker_team: Team, citizen: Citizen, make_case) -> Visit:
    day = clock.today()
    plan = RoutePlan(team_id=worker_team.id, day=day, status=RoutePlanStatus.PUBLISHED)
    visit = Visit(case=make_case(citizen=citizen), earliest_on=day,
                  deadline_on=day + timedelta(days=10), status=VisitStatus.PLANNED,
                  service_minutes=20)
    plan.stops.append(RouteStop(visit=visit, seq=1, arrival=time(10), start=time(10),
                                departure=time(10, 20)))
    db.session.add(plan)
    db.session.commit()
    return visit


def _phone_note(app, make_user, team: Team) -> str:
    from tests.conftest import Client

    app.test_client_class = Client
    phone = app.test_client()
    phone.login("villy")
    stops = phone.get("/api/v1/route").json["today"]["stops"]
    return stops[0]["safety_note"]


def test_a_note_waiting_for_review_reaches_no_phone_until_the_coordinator_saves_the_flags(
        app, coordinator, make_user, make_citizen, make_case):
    citizen = _carried_over(make_citizen)
    team = Team(name="Nord", travel_mode="bicycle", start_address="x", start_lat=55.68,
                start_lon=12.57)
    db.session.add(team)
    db.session.commit()
    make_user("villy", "outreach", team_id=team.id)
    _published_route(team, citizen, make_case)
    assert _phone_note(app, make_user, team) == ""
    sheet = coordinator.get(f"/planning/{team.id}/{clock.today().isoformat()}/sheet")
    assert HEALTH not in sheet.get_data(as_text=True)

    # The coordinator sees the marker on the citizen page and on the start page's list.
    page = coordinator.get(f"/coordinator/citizens/{citizen.id}").get_data(as_text=True)
    assert "Skal gennemgås" in page and HEALTH in page
    start = coordinator.get("/coordinator/").get_data(as_text=True)
    assert "1 sikkerhedsnote fra det gamle fritekstfelt venter" in start
    listed = coordinator.get("/coordinator/safety-review").get_data(as_text=True)
    assert citizen.full_name in listed
    assert f"/coordinator/citizens/{citizen.id}/edit" in listed

    # Reviewing: the health detail goes, the flags are saved, the marker is cleared.
    url = f"/coordinator/citizens/{citizen.id}/edit"
    edit = coordinator.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', edit).group(1)
    saved = coordinator.submit(url, {
        "full_name": citizen.full_name, "address": citizen.address,
        "postcode": citizen.postcode, "city": citizen.city, "version": version,
        "safety_flags": ["pairs", "dog"], "safety_note": "Ring på to gange"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).safety_review_needed is False
    assert _phone_note(app, make_user, team) == "Ring på to gange"
    page = coordinator.get(f"/coordinator/citizens/{citizen.id}").get_data(as_text=True)
    assert "Skal gennemgås" not in page
    assert "venter på din gennemgang" not in coordinator.get("/coordinator/").get_data(
        as_text=True)
    assert citizen.full_name not in coordinator.get("/coordinator/safety-review").get_data(
        as_text=True)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "citizen.update")
                               ).all()[-1]
    assert "safety_review_needed" in event.details["fields"]


def test_the_review_list_is_the_coordinators_and_each_name_shown_is_audited(
        client, make_user, make_citizen):
    citizen = _carried_over(make_citizen)
    make_user("sara", "caseworker")
    client.login("sara")
    assert client.get("/coordinator/safety-review").status_code in (302, 403)
    client.submit("/logout", {}, form_url="/caseworker/")
    make_user("kim", "coordinator")
    client.login("kim")
    assert client.get("/coordinator/safety-review").status_code == 200
    seen = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "citizen.view", AuditEvent.citizen_id == citizen.id)).all()
    assert any(e.details and e.details.get("via") == "safety_review" for e in seen)
