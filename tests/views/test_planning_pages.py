"""The coordinator plans a period through the pages: the job runs on the task queue, the
routes show ETAs per team-day, what cannot be placed says why, bad requests change
nothing, and a second job for the same period is refused."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, PlanningRun, RoutePlan, RouteStop, Visit
from outreach_app.services import queue
from tests.routes_planner.test_maps import team_marks
from tests.views.planning_helpers import (
    etas,
    make_team,
    make_visits,
    next_monday,
    plan_form,
    routes,
)


def test_planning_a_week_gives_each_team_day_ordered_stops_with_etas(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    nord = make_team("Nord", 2)
    syd = make_team("Syd", 1, start=(55.66, 12.58))
    visits = make_visits(make_case, make_citizen, 14, earliest=monday,
                         deadline=monday + timedelta(days=4))
    response = plan_form(coordinator, monday, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "14 besøg på ruter, 0 kunne ikke placeres" in page  # the job's end, in Danish
    stored = [r for r in routes() if r.stops]
    assert {s.visit_id for r in stored for s in r.stops} == {v.id for v in visits}
    assert {r.team_id for r in stored} <= {nord.id, syd.id}
    for route in stored:
        assert monday <= route.day <= monday + timedelta(days=4)
        day_page = coordinator.get(f"/planning/{route.team_id}/{route.day.isoformat()}")
        shown = etas(day_page.get_data(as_text=True))
        assert len(shown) == len(route.stops)
        assert shown == sorted(shown) and "08:00" <= shown[0] and shown[-1] <= "16:00"
    assert all(v.status == "planned" for v in db.session.scalars(select(Visit)))
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "plan.period")) == 1


def test_a_pair_visit_without_a_pair_team_is_listed_with_its_reason_and_remedy(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    make_team("Solo", 1)
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday + timedelta(4))
    pair = make_visits(make_case, make_citizen, 1, earliest=monday,
                       deadline=monday + timedelta(4), needs_pair=True)[0]
    page = plan_form(coordinator, monday, follow_redirects=True).get_data(as_text=True)
    assert f'data-visit="{pair.id}"' in page
    assert "skal ske to og to" in page  # the reason, plain Danish
    assert "Hvad der ville få det til at passe" in page and "et par" in page.lower()
    assert db.session.get(Visit, pair.id).status == "requested"


def test_a_second_job_for_the_same_period_is_refused_while_the_first_is_queued(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    make_team("Nord", 1)
    make_visits(make_case, make_citizen, 3, earliest=monday, deadline=monday + timedelta(4))
    queue.huey.immediate = False  # the first job waits in the real queue for a consumer
    queue.huey.flush()
    try:
        first = plan_form(coordinator, monday)
        assert first.status_code == 302
        waiting = coordinator.get(first.location).get_data(as_text=True)
        assert "Venter på en arbejder" in waiting
        second = plan_form(coordinator, monday + timedelta(days=2))  # the same week
        assert second.status_code == 409
        assert "bliver allerede planlagt" in second.get_data(as_text=True)
        assert len(queue.huey) == 1  # one task in the queue, not two
    finally:
        queue.huey.flush()
        queue.huey.immediate = True
    assert db.session.scalar(select(func.count()).select_from(PlanningRun)) == 1
    assert routes() == []


def test_a_period_in_the_past_is_refused_and_nothing_is_planned(coordinator, make_case,
                                                                make_citizen):
    make_team("Nord", 1)
    make_visits(make_case, make_citizen, 2, earliest=date.today() - timedelta(30),
                deadline=date.today() + timedelta(5))
    response = plan_form(coordinator, date.today() - timedelta(days=21), span="day")
    assert response.status_code == 400
    assert "er forbi" in response.get_data(as_text=True)
    assert routes() == [] and db.session.scalar(select(func.count()).select_from(PlanningRun)) == 0


def test_a_period_without_working_days_says_so(coordinator, make_case, make_citizen):
    monday = next_monday()
    make_team("Nord", 1)
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday + timedelta(9))
    saturday = monday + timedelta(days=5)
    response = plan_form(coordinator, saturday, span="day")
    assert response.status_code == 400
    assert 'data-problem="no_working_days"' in response.get_data(as_text=True)
    assert routes() == []


def test_a_team_without_start_point_or_members_is_named_and_nothing_is_planned(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    ok = make_team("Nord", 1)
    homeless = make_team("Hjemløs", 1, start=None)
    empty = make_team("Tom", 0)
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday + timedelta(4))
    response = plan_form(coordinator, monday, teams=[ok.id, homeless.id, empty.id])
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-problem="team_no_start"' in page and "Hjemløs" in page
    assert 'data-problem="team_no_members"' in page and "Tom" in page
    assert routes() == []


def test_a_visit_without_position_is_named_with_a_link_and_nothing_is_planned(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    make_team("Nord", 1)
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday + timedelta(4))
    lost = make_case(citizen=make_citizen(lat=None, lon=None, address="Ukendtvej 3"))
    db.session.add(Visit(case=lost, earliest_on=monday, deadline_on=monday + timedelta(4)))
    db.session.commit()
    response = plan_form(coordinator, monday)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-problem="no_position"' in page and "Ukendtvej 3" in page
    assert f"/coordinator/citizens/{lost.citizen_id}" in page
    assert routes() == []


def test_overview_and_route_maps_have_their_own_csp_and_other_pages_keep_the_strict_one(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    team = make_team("Nord", 1)
    make_visits(make_case, make_citizen, 4, earliest=monday, deadline=monday)
    plan_form(coordinator, monday, span="day")
    route = next(r for r in routes() if r.stops)
    strict = coordinator.get("/planning/").headers["Content-Security-Policy"]
    assert "nonce" not in strict and "unsafe-inline" not in strict
    for url in (f"/planning/maps/{team.id}/{route.day.isoformat()}",
                f"/planning/maps/overview?start={monday}&end={monday}"):
        response = coordinator.get(url)
        csp = response.headers["Content-Security-Policy"]
        nonce = csp.split("'nonce-")[1].split("'")[0]
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "L.map(" in html
        inline = [chunk for chunk in html.split("<script")[1:] if "src=" not in chunk[:80]]
        assert inline and all(chunk.startswith(f' nonce="{nonce}"') or
                              f'nonce="{nonce}"' in chunk[:60] for chunk in inline)


def test_the_route_sheet_has_stops_eta_pairs_and_office_phone_but_no_case_details(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    team = make_team("Nord", 2)
    visits = make_visits(make_case, make_citizen, 3, earliest=monday, deadline=monday)
    visits[0].needs_pair = True
    visits[0].case.citizen.access_notes = "Kode 1234 til opgangen"
    visits[1].case.citizen.safety_flags = ["dog", "threats"]
    visits[1].case.citizen.safety_note = "Ring og vent ved lågen"
    db.session.commit()
    plan_form(coordinator, monday, span="day")
    page = coordinator.get(f"/planning/{team.id}/{monday.isoformat()}/sheet").get_data(
        as_text=True)
    assert "Besøg to og to" in page
    assert "Kode 1234 til opgangen" in page
    # The safety flags in words, with the short text beside them.
    assert "Hund på adressen" in page and "Tidligere trusler eller vold" in page
    assert "Ring og vent ved lågen" in page and ">threats<" not in page
    assert "33 66 33 66" in page
    for v in visits:
        assert v.case.case_ref not in page  # no case details on paper
        assert v.case.citizen.full_name not in page
        assert v.case.citizen.full_address in page
    assert page.count('class="n"') == 3


def test_a_long_access_note_is_cut_on_paper_and_whole_in_the_field_app(
        coordinator, make_case, make_citizen):
    from outreach_app.views.planning import SHEET_ACCESS_MAX

    monday = next_monday()
    team = make_team("Nord", 1)
    (visit,) = make_visits(make_case, make_citizen, 1, earliest=monday, deadline=monday)
    visit.case.citizen.access_notes = "Adgang fra gården. " * 40 + "SLUTNINGEN"
    db.session.commit()
    plan_form(coordinator, monday, span="day")
    page = coordinator.get(f"/planning/{team.id}/{monday.isoformat()}/sheet").get_data(
        as_text=True)
    assert "Adgang fra gården." in page and "SLUTNINGEN" not in page
    assert "resten i feltappen" in page
    assert page.count("Adgang fra gården.") <= SHEET_ACCESS_MAX // len("Adgang fra gården. ") + 1


def test_the_team_day_shows_each_stop_s_safety_flags_in_words(coordinator, make_case,
                                                              make_citizen):
    monday = next_monday()
    team = make_team("Nord", 2)
    visits = make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday)
    visits[0].case.citizen.safety_flags = ["others", "pairs"]
    visits[0].needs_pair = True
    db.session.commit()
    plan_form(coordinator, monday, span="day")
    page = coordinator.get(f"/planning/{team.id}/{monday.isoformat()}").get_data(as_text=True)
    row = page.split(f'data-visit="{visits[0].id}"')[1].split("</tr>")[0]
    assert "Andre på adressen kan være fjendtlige" in row and "Besøg to og to" in row
    other = page.split(f'data-visit="{visits[1].id}"')[1].split("</tr>")[0]
    assert "Andre på adressen" not in other


def test_planning_pages_are_the_coordinators_only(client, make_user):
    make_user("cw", "caseworker")
    client.login("cw")
    assert client.get("/planning/").status_code == 403


def test_stored_routes_are_unchanged_when_the_job_is_cancelled_before_storing(
        coordinator, make_case, make_citizen, monkeypatch):
    monday = next_monday()
    make_team("Nord", 1)
    make_visits(make_case, make_citizen, 4, earliest=monday, deadline=monday + timedelta(4))
    plan_form(coordinator, monday)
    before = {(r.day, tuple(s.visit_id for s in r.stops)) for r in routes()}
    make_visits(make_case, make_citizen, 3, earliest=monday, deadline=monday + timedelta(4))
    from outreach_app.services import planning_jobs

    real = planning_jobs.planning.compute

    def cancelled_meanwhile(prepared, **kw):
        # Another coordinator clicks "cancel" while the worker searches (their own
        # request: another session, which commits while the worker's unit is open).
        with current_app.app_context():
            run = db.session.scalar(select(PlanningRun).order_by(PlanningRun.id.desc()))
            planning_jobs.cancel(run)
        return real(prepared, **kw)

    monkeypatch.setattr(planning_jobs.planning, "compute", cancelled_meanwhile)
    page = plan_form(coordinator, monday, mode="replan_all",
                     follow_redirects=True).get_data(as_text=True)
    assert {(r.day, tuple(s.visit_id for s in r.stops)) for r in routes()} == before
    assert db.session.scalar(select(func.count()).select_from(RouteStop)) == 4
    assert "Den tidligere plan er uændret" in page
    assert db.session.scalar(select(func.count()).select_from(RoutePlan)) == len(before)


def test_the_overview_map_and_the_page_legend_mark_each_team_alike_without_colour(
        coordinator, make_case, make_citizen):
    monday = next_monday()
    nord, syd = make_team("Nord", 1), make_team("Syd", 1, start=(55.66, 12.60))
    make_visits(make_case, make_citizen, 8, earliest=monday, deadline=monday)
    plan_form(coordinator, monday, span="day")
    assert {r.team_id for r in routes() if r.stops} == {nord.id, syd.id}
    page = coordinator.get(f"/planning/?start={monday}&end={monday}").get_data(as_text=True)
    legend = {name: (letter, shape) for letter, shape, name in re.findall(
        r'data-team-letter="(\w)" data-shape="(\w+)">.*?</svg>.*?</svg> (\w+)', page, re.S)}
    assert set(legend) == {"Nord", "Syd"}
    assert legend["Nord"] != legend["Syd"] and legend["Nord"][1] != legend["Syd"][1]
    html = coordinator.get(f"/planning/maps/overview?start={monday}&end={monday}").get_data(
        as_text=True)
    on_map = {(shape, text[0]) for shape, text in team_marks(html)}
    assert on_map == {(shape, letter) for letter, shape in legend.values()}


def _snapshot():
    return [(r.team_id, r.day, r.revision, tuple((s.visit_id, s.arrival) for s in r.stops))
            for r in routes()]


@pytest.mark.parametrize("bad", ["past", "weekend", "no_start", "no_members", "no_position"])
def test_a_bad_request_says_what_to_do_and_leaves_the_existing_plan_as_it_was(
        coordinator, make_case, make_citizen, bad):
    monday = next_monday()
    team = make_team("Nord", 1)
    make_visits(make_case, make_citizen, 4, earliest=monday, deadline=monday + timedelta(4))
    assert plan_form(coordinator, monday).status_code == 302
    before, runs = _snapshot(), db.session.scalar(select(func.count()).select_from(PlanningRun))
    assert any(stops for *_k, stops in before)
    day, span, teams = monday, "week", None
    if bad == "past":
        day = date.today() - timedelta(days=10)
        expected = ("period_past", "planlæg fra i dag")
    elif bad == "weekend":
        day, span = monday + timedelta(days=5), "day"
        expected = ("no_working_days", "Vælg en længere periode eller et andet hold")
    elif bad == "no_start":
        make_team("Hjemløs", 1, start=None)
        expected = ("team_no_start", "sæt et på holdets side")
    elif bad == "no_members":
        make_team("Tom", 0)
        expected = ("team_no_members", "tilføj en eller to")
    else:
        lost = make_case(citizen=make_citizen(lat=None, lon=None, address="Ukendtvej 3"))
        db.session.add(Visit(case=lost, earliest_on=monday, deadline_on=monday + timedelta(4)))
        db.session.commit()
        expected = ("no_position", "Sæt positionen på kortet")
    response = plan_form(coordinator, day, span=span, mode="replan_all", teams=teams)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    code, advice = expected
    problem = page.split(f'data-problem="{code}"')[1].split("</li>")[0]
    assert advice.casefold() in problem.casefold(), problem
    assert "Intet blev planlagt" in page
    assert _snapshot() == before
    assert db.session.scalar(select(func.count()).select_from(PlanningRun)) == runs
    assert team.id in {r.team_id for r in routes()}


def test_the_maps_allow_the_configured_tile_server_by_its_exact_host(
        app, coordinator, make_case, make_citizen):
    # One rule for every page's tile source (views.tile_source): a host with "a." in
    # its name (data.kort.example) was once mangled into "dat*.kort.example" here.
    monday = next_monday()
    team = make_team("Nord", 1)
    make_visits(make_case, make_citizen, 2, earliest=monday, deadline=monday)
    plan_form(coordinator, monday, span="day")
    route = next(r for r in routes() if r.stops)
    app.config["SETTINGS"] = dataclasses.replace(
        app.config["SETTINGS"], map_tile_url="https://data.kort.example/{z}/{x}/{y}.png")
    for url in (f"/planning/maps/{team.id}/{route.day.isoformat()}",
                f"/planning/maps/overview?start={monday}&end={monday}"):
        csp = coordinator.get(url).headers["Content-Security-Policy"]
        img_src = next(d for d in csp.split(";") if d.strip().startswith("img-src"))
        assert img_src.split()[1:] == ["'self'", "data:", "https://data.kort.example"]
