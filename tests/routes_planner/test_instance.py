"""The JSON instance format: defaults, matrices per mode, and refusals."""

from __future__ import annotations

from datetime import date, time

import pytest

from routes_planner.errors import InstanceError, RoutesPlannerError
from routes_planner.instance import parse_instance
from routes_planner.travel import GivenMatrix, Haversine, Osrm


def doc(**over) -> dict:
    base = {
        "days": ["2026-03-03", "2026-03-02"],
        "teams": [{"id": "t1", "start": {"lat": 55.68, "lon": 12.57}}],
        "visits": [{"id": "v1", "lat": 55.69, "lon": 12.55}],
    }
    return base | over


def test_defaults_fill_the_optional_fields():
    inst = parse_instance(doc())
    assert inst.days == (date(2026, 3, 2), date(2026, 3, 3))
    team, visit = inst.teams[0], inst.visits[0]
    assert (team.size, team.mode, team.end_place) == (1, "bicycle", team.start)
    assert (team.shift.start, team.shift.end) == (time(8), time(16))
    assert visit.service_minutes == 20 and visit.required and not visit.pair
    assert visit.earliest is None and visit.deadline is None
    assert isinstance(inst.travel, Haversine) and inst.travel.detour == 1.3


def test_speeds_and_detour_are_read():
    inst = parse_instance(doc(travel={"detour": 1.5, "speed_kmh": {"foot": 4}}))
    assert inst.travel.detour == 1.5
    assert inst.travel.speed_kmh["foot"] == 4 and inst.travel.speed_kmh["car"] == 25


def test_matrix_per_mode_with_nodes():
    d = {
        "days": ["2026-03-02"],
        "teams": [{"id": "t1", "mode": "foot", "start": {"node": 0}}],
        "visits": [{"id": "v1", "node": 1}],
        "travel": {"matrix_seconds": {"foot": [[0, 5], [5, 0]]},
                   "matrix_metres": [[0, 7], [7, 0]]},
    }
    inst = parse_instance(d)
    assert isinstance(inst.travel, GivenMatrix)
    m = inst.travel.matrices([inst.teams[0].start, inst.visits[0].place], "foot")
    assert m.seconds[0, 1] == 5 and m.metres[0, 1] == 7


def test_matrix_missing_the_team_mode_is_refused():
    d = {
        "days": ["2026-03-02"],
        "teams": [{"id": "t1", "mode": "car", "start": {"node": 0}}],
        "visits": [{"id": "v1", "node": 1}],
        "travel": {"matrix_seconds": {"foot": [[0, 5], [5, 0]]}},
    }
    with pytest.raises(InstanceError, match=r"teams\[0\] \(id 't1'\): mode"):
        parse_instance(d)


def test_positions_with_a_matrix_are_refused():
    d = doc(travel={"matrix_seconds": [[0, 1], [1, 0]]})
    with pytest.raises(InstanceError, match="node"):
        parse_instance(d)


def test_osrm_url_selects_road_times():
    assert isinstance(parse_instance(doc(travel={"osrm_url": "http://osrm:5000"})).travel, Osrm)


def test_visit_without_position_is_accepted_for_the_no_position_reason():
    inst = parse_instance(doc(visits=[{"id": "v1"}]))
    assert not inst.visits[0].place.has_position


@pytest.mark.parametrize("bad,field", [
    ({"days": []}, "days"),
    ({"days": ["2026-02-30"]}, "days[0]"),
    ({"teams": [{"id": "t1", "start": {"lat": 55, "lon": 12}, "size": 3}]}, "size"),
    ({"teams": [{"id": "t1", "start": {"lat": 55, "lon": 12}, "mode": "boat"}]}, "mode"),
    ({"teams": [{"id": "t1", "start": {"lat": 55, "lon": 12}, "shift": ["16:00", "08:00"]}]},
     "shift"),
    ({"teams": [{"id": "t1", "start": {"lat": 55, "lon": 12}, "days": ["2026-04-01"]}]}, "days"),
    ({"visits": [{"id": "v1", "lat": 55}]}, "lon"),
    ({"visits": [{"id": "v1", "lat": 55, "lon": 12, "service_minutes": -5}]}, "service_minutes"),
    ({"visits": [{"id": "v1", "lat": 55, "lon": 12, "pair": "yes"}]}, "pair"),
    ({"visits": [{"id": "v1", "lat": 55, "lon": 12}, {"id": "v1", "lat": 55, "lon": 12}]}, "id"),
    ({"travel": {"speed_kmh": {"car": 0}}}, "speed_kmh.car"),
])
def test_bad_field_is_named_in_the_error(bad, field):
    with pytest.raises(InstanceError) as err:
        parse_instance(doc(**bad))
    assert field in str(err.value)
    assert "\n" not in str(err.value)
    assert isinstance(err.value, RoutesPlannerError)


def test_not_an_object_is_refused():
    with pytest.raises(InstanceError, match="instance"):
        parse_instance([1, 2])
