"""The admin's team pages: members, travel mode, start point, shift, working days;
absences; planner settings with their effect. Bad input saves nothing."""

from __future__ import annotations

import time as systime
from datetime import date, time

from geopy.location import Location
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import Absence, AuditEvent, GeocodeCacheEntry, Team
from outreach_app.services import calendar, planner_settings

HOUSE = {"place_rank": 30, "class": "building", "type": "house"}


class FakeGeocoder:
    """The network edge only: answers from a table, or sleeps to play a hanging server."""

    def __init__(self, answers=None, sleep=0.0):
        self.answers, self.sleep, self.queries = answers or {}, sleep, []

    def geocode(self, query, exactly_one=True, limit=None, country_codes=None):
        self.queries.append(query)
        if self.sleep:
            systime.sleep(self.sleep)
        lat_lon = self.answers.get(query)
        if lat_lon is None:
            return None
        found = Location(query, lat_lon, {**HOUSE, "lat": str(lat_lon[0]),
                                          "lon": str(lat_lon[1])})
        return [found] if not exactly_one else found


def _team_form(**kw):
    data = {"name": "Nord", "member_1": "0", "member_2": "0", "travel_mode": "bicycle",
            "start_address": "Hovedbrandstationen", "start_lat": "55.6745",
            "start_lon": "12.5660", "shift_start": "08:00", "shift_end": "16:00",
            "weekdays": ["0", "1", "2", "3", "4"], "active": "y"}
    data.update(kw)
    return data


def _admin(client, make_user):
    make_user("boss", "admin")
    client.login("boss")


def _team_count():
    return db.session.scalar(select(func.count(Team.id)))


def test_admin_makes_a_pair_team_that_the_calendar_plans_in_pairs(client, make_user):
    _admin(client, make_user)
    vera = make_user("vera", "outreach", full_name="Vera Vægter")
    villy = make_user("villy", "outreach", full_name="Villy Vægter")
    response = client.submit("/admin/teams/new", _team_form(
        member_1=str(vera.id), member_2=str(villy.id), start_lat="55,6745"))
    assert response.status_code == 302
    page = client.get("/admin/teams").get_data(as_text=True)
    assert "Vera Vægter, Villy Vægter" in page and "tomandshold" in page
    team = db.session.scalar(select(Team))
    assert (team.start_lat, team.size, team.working_weekdays) == (55.6745, 2, "0,1,2,3,4")
    days = calendar.team_days(date(2026, 11, 23), date(2026, 11, 29))
    assert len(days) == 5 and all(d.pair for d in days)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "team.create"))


def test_a_team_without_members_or_start_point_says_what_is_missing(client, make_user):
    _admin(client, make_user)
    response = client.submit("/admin/teams/new", _team_form(
        start_address="", start_lat="", start_lon=""))
    assert response.status_code == 302
    page = client.get("/admin/teams").get_data(as_text=True)
    assert "ingen medlemmer" in page and "intet startpunkt" in page
    team = db.session.scalar(select(Team))
    edit = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    assert "Holdet kan ikke planlægges endnu" in edit
    assert calendar.team_days(date(2026, 11, 23), date(2026, 11, 27)) == []


def test_coordinates_out_of_range_are_refused_beside_the_field(client, make_user):
    _admin(client, make_user)
    response = client.submit("/admin/teams/new", _team_form(start_lat="95", start_lon="12.5"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="start_lat-error"' in page and "Breddegrad er fra -90 til 90." in page
    not_a_number = client.submit("/admin/teams/new", _team_form(start_lon="tolv"))
    assert not_a_number.status_code == 400 and 'id="start_lon-error"' in not_a_number.get_data(
        as_text=True)
    assert _team_count() == 0


def test_a_shift_that_ends_before_it_starts_and_no_working_day_are_refused(client, make_user):
    _admin(client, make_user)
    response = client.submit("/admin/teams/new", _team_form(shift_start="16:00",
                                                            shift_end="08:00"))
    assert response.status_code == 400 and 'id="shift_end-error"' in response.get_data(
        as_text=True)
    no_days = client.submit("/admin/teams/new", _team_form(weekdays=[]))
    assert no_days.status_code == 400 and 'id="weekdays-error"' in no_days.get_data(
        as_text=True)
    assert _team_count() == 0


def test_only_outreach_workers_can_be_members_and_not_the_same_twice(client, make_user):
    _admin(client, make_user)
    kim = make_user("kim", "coordinator")
    vera = make_user("vera", "outreach")
    coordinator = client.submit("/admin/teams/new", _team_form(member_1=str(kim.id)))
    assert coordinator.status_code == 400 and 'id="member_1-error"' in coordinator.get_data(
        as_text=True)
    twice = client.submit("/admin/teams/new", _team_form(member_1=str(vera.id),
                                                         member_2=str(vera.id)))
    assert twice.status_code == 400 and 'id="member_2-error"' in twice.get_data(as_text=True)
    assert _team_count() == 0


def test_a_third_member_cannot_be_added_from_the_user_page(client, make_user):
    _admin(client, make_user)
    team = Team(name="Nord", start_address="x", start_lat=55.67, start_lon=12.56)
    db.session.add(team)
    db.session.commit()
    make_user("vera", "outreach", team_id=team.id)
    make_user("villy", "outreach", team_id=team.id)
    third = make_user("tredje", "outreach")
    response = client.submit(f"/admin/users/{third.id}", {
        "full_name": "Tredje", "role": "outreach", "team_id": str(team.id), "active": "y"})
    assert response.status_code == 400
    assert "Holdet har allerede to medlemmer." in response.get_data(as_text=True)


def test_the_start_address_is_geocoded_when_saved(app, client, make_user):
    provider = FakeGeocoder({"Rådhuspladsen 1, København": (55.6761, 12.5683)})
    app.config["GEOCODER_PROVIDER"] = provider
    _admin(client, make_user)
    client.submit("/admin/teams/new", _team_form(
        start_address="Rådhuspladsen 1, København", start_lat="", start_lon=""))
    team = db.session.scalar(select(Team))
    assert (team.start_lat, team.start_lon) == (55.6761, 12.5683)
    assert db.session.scalar(select(GeocodeCacheEntry)) is not None


def test_a_hanging_geocoder_does_not_hold_the_page_and_the_map_is_the_way_out(
        app, client, make_user):
    app.config["GEOCODER_PROVIDER"] = FakeGeocoder(sleep=3)
    app.config["GEOCODER_PAGE_DEADLINE"] = 0.2
    _admin(client, make_user)
    response = client.submit("/admin/teams/new", _team_form(
        start_address="Et sted 1", start_lat="", start_lon=""), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "startadresse blev ikke fundet" in page and "svarede ikke i tide" in page
    team = db.session.scalar(select(Team))
    assert team is not None and not team.has_start and team.start_address == "Et sted 1"


def test_a_member_away_takes_the_pair_away_that_day(client, make_user):
    _admin(client, make_user)
    vera = make_user("vera", "outreach")
    villy = make_user("villy", "outreach")
    client.submit("/admin/teams/new", _team_form(member_1=str(vera.id),
                                                 member_2=str(villy.id)))
    response = client.submit("/admin/absences", {"user_id": str(vera.id),
                                                  "starts_on": "2026-11-24", "ends_on": ""})
    assert response.status_code == 302
    days = {d.day: d for d in calendar.team_days(date(2026, 11, 23), date(2026, 11, 25))}
    assert [days[date(2026, 11, d)].pair for d in (23, 24, 25)] == [True, False, True]
    assert days[date(2026, 11, 24)].members == (villy.id,)


def test_an_absence_ending_before_it_starts_is_refused(client, make_user):
    _admin(client, make_user)
    vera = make_user("vera", "outreach")
    response = client.submit("/admin/absences", {"user_id": str(vera.id),
                                                 "starts_on": "2026-11-24",
                                                 "ends_on": "2026-11-20"})
    assert response.status_code == 400 and 'id="ends_on-error"' in response.get_data(
        as_text=True)
    assert db.session.scalar(select(func.count(Absence.id))) == 0


def test_the_coordinator_records_and_removes_an_absence(client, make_user):
    make_user("kim", "coordinator")
    vera = make_user("vera", "outreach", full_name="Vera Vægter")
    client.login("kim")
    year = date.today().year + 1  # ahead, inside the plausible window
    client.submit("/admin/absences", {"user_id": str(vera.id), "starts_on": f"{year}-01-05",
                                      "ends_on": f"{year}-01-06"})
    client.submit("/admin/absences", {"user_id": str(vera.id), "starts_on": f"{year}-01-06",
                                      "ends_on": f"{year}-01-09"})
    absences = list(db.session.scalars(select(Absence)))
    assert [(a.starts_on.day, a.ends_on.day) for a in absences] == [(5, 9)]  # merged
    page = client.get("/admin/absences").get_data(as_text=True)
    assert "Vera Vægter" in page
    client.submit(f"/admin/absences/{absences[0].id}/delete", {}, form_url="/admin/absences")
    assert db.session.scalar(select(func.count(Absence.id))) == 0
    assert client.get("/admin/teams").status_code == 403


def test_planner_settings_show_their_effect_and_are_used_by_the_planner(client, make_user):
    _admin(client, make_user)
    page = client.get("/admin/planner-settings").get_data(as_text=True)
    assert "Et besøg på 20 min, 5 km/t til fods" in page
    response = client.submit("/admin/planner-settings", {
        "detour_factor": "1,4", "speed_foot_kmh": "4", "speed_bicycle_kmh": "14",
        "speed_car_kmh": "30", "service_minutes": "30", "time_limit_seconds": "20",
        "monthly_target_low": "40", "monthly_target_high": "55", "osrm_url": ""},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Et besøg på 30 min, 4 km/t til fods" in page
    assert "1 km i luftlinje regnes som 1,4 km" in page  # a Danish decimal comma
    config = planner_settings.current()
    assert (config.detour_factor, config.speed_kmh["foot"], config.time_limit_seconds) == (
        1.4, 4.0, 20)
    model = planner_settings.travel_model(config)
    assert model.detour == 1.4 and model.speed_kmh["bicycle"] == 14


def test_planner_settings_out_of_range_are_refused_beside_the_field(client, make_user):
    _admin(client, make_user)
    good = {"detour_factor": "1.3", "speed_foot_kmh": "5", "speed_bicycle_kmh": "15",
            "speed_car_kmh": "25", "service_minutes": "20", "time_limit_seconds": "10",
            "monthly_target_low": "50", "monthly_target_high": "60", "osrm_url": ""}
    for field, value in (("detour_factor", "0.5"), ("speed_foot_kmh", "0"),
                         ("osrm_url", "ftp://osrm"), ("monthly_target_high", "10")):
        response = client.submit("/admin/planner-settings", {**good, field: value})
        assert response.status_code == 400, field
        assert f'id="{field}-error"' in response.get_data(as_text=True), field
    assert planner_settings.current().saved is False
    client.submit("/admin/planner-settings", {**good, "osrm_url": "http://osrm.local:5000"})
    assert type(planner_settings.travel_model()).__name__ == "Osrm"


def test_the_shift_is_shown_on_the_team_list(client, make_user):
    _admin(client, make_user)
    client.submit("/admin/teams/new", _team_form(shift_start="09:00", shift_end="15:30",
                                                 weekdays=["0", "2"]))
    team = db.session.scalar(select(Team))
    assert (team.shift_start, team.shift_end, team.working_weekdays) == (time(9), time(15, 30),
                                                                         "0,2")
    assert "09:00–15:30" in client.get("/admin/teams").get_data(as_text=True)


def test_the_team_page_shows_the_next_two_weeks_as_the_planner_sees_them(
        client, make_user, monkeypatch):
    from outreach_app.services import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 21))
    _admin(client, make_user)
    vera = make_user("vera", "outreach", full_name="Vera Vægter")
    villy = make_user("villy", "outreach", full_name="Villy Vægter")
    client.submit("/admin/teams/new", _team_form(member_1=str(vera.id),
                                                 member_2=str(villy.id)))
    client.submit("/admin/absences", {"user_id": str(vera.id), "starts_on": "2026-12-22",
                                      "ends_on": ""})
    team = db.session.scalar(select(Team))
    page = client.get(f"/admin/teams/{team.id}").get_data(as_text=True)
    assert "to til stede: også besøg, der kræver to" in page  # Monday 21st
    assert "alene: ingen besøg, der kræver to (Vera Vægter er væk)" in page  # 22nd
    assert "helligdag: Juledag" in page and "helligdag: Anden juledag" in page
