"""Planning a team's day through routes_planner: stored in order, inside the shift, audited;
what cannot be placed is returned with the planner's reason and left unplanned."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, RoutePlan, Team, User, Visit
from outreach_app.services import planning

DAY = date(2026, 11, 26)


def _team(size=1):
    team = Team(name=f"Team {size}", travel_mode="bicycle",
                start_address="Rådhuspladsen 1", start_lat=55.6761, start_lon=12.5683,
                shift_start=time(8, 0), shift_end=time(16, 0))
    for n in range(size):  # the members make the team's size
        team.members.append(User(username=f"worker-{size}-{n}", role="outreach",
                                 password_hash="x"))
    db.session.add(team)
    db.session.commit()
    return team


def _visit(case, **kw):
    data = dict(case=case, earliest_on=DAY - timedelta(days=1), deadline_on=DAY + timedelta(days=5),
                service_minutes=20)
    data.update(kw)
    visit = Visit(**data)
    db.session.add(visit)
    db.session.commit()
    return visit


def test_a_day_is_stored_as_ordered_timed_stops_inside_the_shift(app, make_citizen, make_case):
    team = _team()
    positions = [(55.69, 12.55), (55.70, 12.58), (55.66, 12.60), (55.68, 12.52)]
    visits = [_visit(make_case(citizen=make_citizen(lat=lat, lon=lon))) for lat, lon in positions]
    result = planning.plan_team_day(team, DAY, visits)
    db.session.commit()
    stored = db.session.scalar(select(RoutePlan).where(RoutePlan.team_id == team.id))
    assert result.unplaced == ()
    assert [s.seq for s in stored.stops] == [1, 2, 3, 4]
    assert {s.visit_id for s in stored.stops} == {v.id for v in visits}
    times = [t for s in stored.stops for t in (s.arrival, s.start, s.departure)]
    assert times == sorted(times) and time(8, 0) <= times[0] and times[-1] <= time(16, 0)
    assert all(v.status == "planned" for v in visits)
    assert stored.travel_metres > 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "route.plan"))


def test_a_visit_past_its_deadline_is_returned_with_the_reason_and_not_planned(
        app, make_citizen, make_case):
    team = _team()
    late = _visit(make_case(), earliest_on=DAY - timedelta(days=9),
                  deadline_on=DAY - timedelta(days=2))
    fine = _visit(make_case())
    result = planning.plan_team_day(team, DAY, [late, fine])
    db.session.commit()
    assert [(u.visit, u.reason.value) for u in result.unplaced] == [(str(late.id),
                                                                    "past_deadline")]
    assert [s.visit_id for s in result.route_plan.stops] == [fine.id]
    assert late.status == "requested"


def test_a_pair_visit_is_not_given_to_a_team_of_one(app, make_case):
    team = _team(size=1)
    pair = _visit(make_case(), needs_pair=True)
    result = planning.plan_team_day(team, DAY, [pair])
    assert result.route_plan is None
    assert [u.reason.value for u in result.unplaced] == ["no_pair_team"]


def test_planning_a_day_again_replaces_its_route(app, make_case):
    team = _team()
    first, second = _visit(make_case()), _visit(make_case())
    planning.plan_team_day(team, DAY, [first, second])
    db.session.commit()
    planning.plan_team_day(team, DAY, [second])
    db.session.commit()
    routes = db.session.scalars(select(RoutePlan)).all()
    assert len(routes) == 1 and [s.visit_id for s in routes[0].stops] == [second.id]
    assert db.session.get(Visit, first.id).status == "requested"


def test_a_visit_moved_to_another_day_leaves_its_old_route(app, make_case):
    team = _team()
    visit = _visit(make_case())
    planning.plan_team_day(team, DAY, [visit])
    db.session.commit()
    planning.plan_team_day(team, DAY + timedelta(days=1), [visit])
    db.session.commit()
    days = {r.day: [s.visit_id for s in r.stops] for r in db.session.scalars(select(RoutePlan))}
    assert days == {DAY: [], DAY + timedelta(days=1): [visit.id]}
