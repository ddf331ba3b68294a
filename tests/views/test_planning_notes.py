"""What the planner says about how it made a plan (an engine missing, one search instead
of several) reaches the coordinator on the planning run's result, briefly and in the
page's language; a note the app has no words for is not shown in English."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest

import routes_planner as rp
from outreach_app.services import planning
from routes_planner import tsp
from tests.views.planning_helpers import make_team, make_visits, next_monday, plan_form

TSP_MISSING_DA = "Hver dags stop blev ordnet uden ruteoptimeringen fast-tsp (ikke installeret)"


def _plan_a_week(coordinator, make_case, make_citizen) -> tuple[str, str]:
    """The result page after planning next week, and its address."""
    monday = next_monday()
    make_team("Nord")
    make_visits(make_case, make_citizen, 4, earliest=monday, deadline=monday + timedelta(4))
    response = plan_form(coordinator, monday, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True), response.request.full_path


def test_a_plan_made_without_fast_tsp_says_so_on_the_result(
        coordinator, make_case, make_citizen, monkeypatch):
    monkeypatch.setattr(tsp, "fast_tsp", None)  # as on a machine without it
    page, url = _plan_a_week(coordinator, make_case, make_citizen)
    assert "4 besøg på ruter, 0 kunne ikke placeres" in page
    assert "Sådan blev planen lavet" in page and TSP_MISSING_DA in page
    assert "pip install" not in page  # the planner's own English line stays out
    coordinator.submit("/language", {"lang": "en", "next": url}, form_url=url)
    english = coordinator.get(url).get_data(as_text=True)
    assert "ordered without the route optimiser fast-tsp (not installed)" in english


def test_a_plan_with_fast_tsp_has_no_note(coordinator, make_case, make_citizen):
    if not tsp.available():
        pytest.skip("fast-tsp is not installed here")
    page, _url = _plan_a_week(coordinator, make_case, make_citizen)
    assert "4 besøg på ruter" in page and "Sådan blev planen lavet" not in page


def test_only_notes_with_a_code_are_passed_on_for_wording():
    coded = rp.PlanNote("one search instead of 2 side by side: ...", "one_search_failed",
                        {"n": 2, "error": "OSError"})
    plan = rp.Plan((), (), rp.PlanStats("hybrid", 0.1, 0, (coded, "some English line")))
    assert planning.planner_notes(plan) == (
        ("planner_one_search_failed", {"n": 2, "error": "OSError"}),)


def test_a_note_keeps_its_code_through_a_process_boundary():
    note = pickle.loads(pickle.dumps(tsp.MISSING_NOTE))
    assert (note.code, str(note)) == ("tsp_missing", str(tsp.MISSING_NOTE))
