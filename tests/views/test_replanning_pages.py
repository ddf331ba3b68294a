"""Adjusting a plan through the pages: cancel a visit (its route is timed again, an emptied
day shows empty), lock and move stops, re-plan in each of the three modes, publish."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, RoutePlan, Visit
from outreach_app.services import route_edits
from outreach_app.services.refusal import Refusal
from tests.views.planning_helpers import (
    etas,
    make_team,
    make_visits,
    next_monday,
    plan_form,
    routes,
)


def _post(client, url: str, page: str, **data):
    return client.submit(url, data, form_url=page, follow_redirects=True)


def _stops(route: RoutePlan) -> list[int]:
    return [s.visit_id for s in route.stops]


def test_a_cancelled_visit_leaves_its_route_and_the_later_etas_move_earlier(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    team = make_team("Nord", 1)
    make_visits(make_case, make_citizen, 5, earliest=monday, deadline=monday)
    plan_form(coordinator, monday, span="day")
    page_url = f"/planning/{team.id}/{monday.isoformat()}"
    before = etas(coordinator.get(page_url).get_data(as_text=True))
    route = routes()[0]
    first, revision = route.stops[0].visit_id, route.revision
    after_page = _post(coordinator, f"/planning/visits/{first}/cancel", page_url).get_data(
        as_text=True)
    after = etas(after_page)
    assert len(after) == len(before) - 1
    assert after[0] <= before[1] and after != before[1:] or after[0] < before[1]
    route = routes()[0]
    assert first not in _stops(route) and [s.seq for s in route.stops] == [1, 2, 3, 4]
    assert route.revision > revision and route.changed_at is not None
    assert db.session.get(Visit, first).status == "cancelled"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "visit.cancel",
                                                      AuditEvent.object_id == first))


def test_cancelling_the_only_visit_shows_the_day_as_empty_not_stale(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    team = make_team("Nord", 1)
    visit = make_visits(make_case, make_citizen, 1, earliest=monday, deadline=monday)[0]
    plan_form(coordinator, monday, span="day")
    page_url = f"/planning/{team.id}/{monday.isoformat()}"
    page = _post(coordinator, f"/planning/visits/{visit.id}/cancel", page_url).get_data(
        as_text=True)
    assert 'id="empty-day"' in page and etas(page) == []
    overview = coordinator.get(f"/planning/?start={monday}&end={monday}").get_data(as_text=True)
    assert "tom" in overview


def test_contact_recorded_on_the_case_takes_the_visit_off_its_route(
        coordinator, make_case, make_citizen):
    from outreach_app.services.case_state import cancel_open_visits

    monday = next_monday()
    make_team("Nord", 1)
    visits = make_visits(make_case, make_citizen, 3, earliest=monday, deadline=monday)
    plan_form(coordinator, monday, span="day")
    cancel_open_visits(visits[1].case, "contact")
    db.session.commit()
    route = routes()[0]
    assert visits[1].id not in _stops(route) and len(route.stops) == 2


def _lock(client, visit_id: int, team_id: int, day) -> None:
    _post(client, f"/planning/visits/{visit_id}/lock", f"/planning/{team_id}/{day.isoformat()}")


@pytest.mark.parametrize("mode", ["fit_new", "keep_locked", "replan_all"])
def test_a_locked_stop_and_each_replan_mode(coordinator, make_case, make_citizen, mode):
    monday = next_monday()
    nord = make_team("Nord", 1)
    make_team("Syd", 1, start=(55.66, 12.58))
    make_visits(make_case, make_citizen, 8, earliest=monday, deadline=monday + timedelta(4))
    plan_form(coordinator, monday)
    before = {(r.team_id, r.day): _stops(r) for r in routes() if r.stops}
    (team_id, day), stops = next(iter(before.items()))
    locked = stops[-1]
    _lock(coordinator, locked, team_id, day)
    assert db.session.get(Visit, locked).stop.locked
    new = make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday + timedelta(4))
    page = plan_form(coordinator, monday, mode=mode, follow_redirects=True)
    assert page.status_code == 200
    after = {(r.team_id, r.day): _stops(r) for r in routes() if r.stops}
    placed = {v for vs in after.values() for v in vs}
    assert {v.id for v in new} <= placed  # new visits are placed in every mode
    assert len(placed) == 10
    where = {v: key for key, vs in after.items() for v in vs}
    if mode == "fit_new":
        # Every existing route keeps its visits in their order; new ones come on top.
        for key, vs in before.items():
            assert [v for v in after[key] if v not in {n.id for n in new}] == vs
    if mode in ("fit_new", "keep_locked"):
        assert where[locked] == (team_id, day)
        assert db.session.get(Visit, locked).stop.locked
    assert all(v.status == "planned" for v in db.session.scalars(select(Visit)))
    assert nord.id in {k[0] for k in after}


def test_moving_a_visit_to_another_team_day_locks_it_there_and_audits(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    nord = make_team("Nord", 1)
    syd = make_team("Syd", 1, start=(55.66, 12.58))
    make_visits(make_case, make_citizen, 4, earliest=monday, deadline=monday + timedelta(4),
                required_team_id=nord.id)
    plan_form(coordinator, monday)
    route = next(r for r in routes() if r.stops)
    visit_id = route.stops[0].visit_id
    tuesday = monday + timedelta(days=1)
    page = coordinator.submit(f"/planning/visits/{visit_id}/move",
                              {"target": f"{syd.id}:{tuesday.isoformat()}"},
                              form_url=f"/planning/{route.team_id}/{route.day.isoformat()}",
                              follow_redirects=True)
    assert page.status_code == 200
    visit = db.session.get(Visit, visit_id)
    db.session.refresh(visit)
    assert visit.stop.route_plan.team_id == syd.id and visit.stop.route_plan.day == tuesday
    assert visit.stop.locked
    assert etas(page.get_data(as_text=True))
    db.session.expire_all()
    assert visit_id not in _stops(db.session.get(RoutePlan, route.id))
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "route.move")) == 1


def test_moving_outside_the_visits_deadline_is_refused_and_changes_nothing(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    team = make_team("Nord", 1)
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday)
    plan_form(coordinator, monday, span="day")
    route = routes()[0]
    before = _stops(route)
    wednesday = monday + timedelta(days=2)
    page = coordinator.submit(f"/planning/visits/{before[0]}/move",
                              {"target": f"{team.id}:{wednesday.isoformat()}"},
                              form_url=f"/planning/{team.id}/{monday.isoformat()}",
                              follow_redirects=True).get_data(as_text=True)
    assert "Besøget skal ske fra" in page
    assert _stops(routes()[0]) == before


def test_publishing_a_team_day_sends_it_to_the_field_app_and_later_changes_are_marked(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    team = make_team("Nord", 1)
    visits = make_visits(make_case, make_citizen, 3, earliest=monday, deadline=monday)
    plan_form(coordinator, monday, span="day")
    page_url = f"/planning/{team.id}/{monday.isoformat()}"
    _post(coordinator, f"/planning/{team.id}/{monday.isoformat()}/publish", page_url)
    route = routes()[0]
    assert route.status == "published" and route.published_at is not None
    revision = route.revision
    page = _post(coordinator, f"/planning/visits/{visits[0].id}/cancel", page_url).get_data(
        as_text=True)
    route = routes()[0]
    assert route.revision == revision + 1 and route.changed_at > route.published_at
    assert "ændret siden udgivelsen" in page


def test_a_move_into_a_full_day_is_refused_and_leaves_both_routes_as_they_were(
        coordinator, make_case, make_citizen):
    # The move takes the visit off its old route (and may add the target's route) before
    # it finds the day full: the refusal must leave nothing of that half-done move behind.
    monday = next_monday()
    tuesday = monday + timedelta(days=1)
    nord = make_team("Nord", 1)
    syd = make_team("Syd", 1, start=(55.66, 12.58))
    (moving,) = make_visits(make_case, make_citizen, 1, earliest=monday, deadline=tuesday,
                            required_team_id=nord.id)
    filling = make_visits(make_case, make_citizen, 2, earliest=tuesday, deadline=tuesday,
                          required_team_id=syd.id)
    for visit in filling:
        visit.service_minutes = 200
    db.session.commit()
    plan_form(coordinator, monday)
    before = _snapshot()
    full_day = next(r for r in routes() if (r.team_id, r.day) == (syd.id, tuesday))
    assert set(_stops(full_day)) == {v.id for v in filling}
    old_route = db.session.get(Visit, moving.id).stop.route_plan
    assert old_route.team_id == nord.id
    db.session.get(Visit, moving.id).service_minutes = 120  # no longer fits beside them
    db.session.commit()
    page = coordinator.submit(f"/planning/visits/{moving.id}/move",
                              {"target": f"{syd.id}:{tuesday.isoformat()}"},
                              form_url=f"/planning/{nord.id}/{old_route.day.isoformat()}",
                              follow_redirects=True).get_data(as_text=True)
    assert "Besøget kan ikke være på den dag" in page
    assert _snapshot() == before
    # The service itself, with no request's end to discard what it left in the session.
    with pytest.raises(Refusal):
        route_edits.move(db.session.get(Visit, moving.id), syd, tuesday, today=date.today())
    assert _snapshot() == before
    assert db.session.get(Visit, moving.id).stop.route_plan_id == old_route.id
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action.in_(("route.move", "route.lock")))) == 0


def _snapshot():
    db.session.expire_all()
    return {(r.team_id, r.day, r.revision, tuple(_stops(r)))
            for r in db.session.scalars(select(RoutePlan))}
