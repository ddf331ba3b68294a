"""team_days reads the teams and absences from the database the way the planner sees them."""

from __future__ import annotations

from datetime import date, time

from outreach_app.extensions import db
from outreach_app.models import Absence, Team, User
from outreach_app.services import calendar


def _team(name, members, **kw):
    data = dict(name=name, travel_mode="bicycle", start_address="Rådhuspladsen 1",
                start_lat=55.6761, start_lon=12.5683, shift_start=time(8), shift_end=time(15))
    data.update(kw)
    team = Team(**data)
    for username, role in members:
        team.members.append(User(username=username, role=role, password_hash="x"))
    db.session.add(team)
    db.session.commit()
    return team


def test_absences_from_the_database_take_the_pair_away_for_that_day(app):
    nord = _team("Nord", [("vera", "outreach"), ("villy", "outreach")])
    vera = nord.members[0]
    db.session.add(Absence(user_id=vera.id, starts_on=date(2026, 11, 24),
                           ends_on=date(2026, 11, 24)))
    db.session.commit()
    days = calendar.team_days(date(2026, 11, 23), date(2026, 11, 25))
    assert [(d.day.day, d.pair, len(d.members)) for d in days] == [
        (23, True, 2), (24, False, 1), (25, True, 2)]
    assert days[0].shift_end == time(15) and days[0].team == nord.id


def test_only_active_outreach_members_count(app):
    team = _team("City", [("ole", "outreach"), ("kim", "coordinator")])
    assert team.size == 1
    team.members[0].active = False
    db.session.commit()
    assert calendar.team_problems([team]) == {team.id: [calendar.TeamProblem.NO_MEMBERS]}
    assert calendar.team_days(date(2026, 11, 23), date(2026, 11, 27)) == []


def test_switched_off_teams_are_not_planned(app):
    _team("Amager", [("asta", "outreach")], active=False)
    assert calendar.team_days(date(2026, 11, 23), date(2026, 11, 27)) == []


def test_a_team_without_start_point_is_reported(app):
    team = _team("Ny", [("ny", "outreach")], start_lat=None, start_lon=None, start_address="")
    assert calendar.team_problems([team]) == {team.id: [calendar.TeamProblem.NO_START]}
