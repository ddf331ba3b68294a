"""The JSON instance format (a public contract, see routes_planner/README.md).

:func:`parse_instance` checks a decoded JSON document and turns it into model
objects; every problem raises :class:`~routes_planner.errors.InstanceError` with one
line naming the field and the visit or team. :func:`plan_to_json` writes a plan in
the documented output form.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from routes_planner.errors import InstanceError
from routes_planner.model import MODES, Place, Plan, Shift, Team, Visit
from routes_planner.travel import (
    DEFAULT_DETOUR,
    DEFAULT_SPEED_KMH,
    GivenMatrix,
    Haversine,
    Osrm,
    TravelModel,
    check_square,
)

TOP_KEYS = {"days", "teams", "visits", "travel"}
TEAM_KEYS = {"id", "size", "mode", "start", "end", "shift", "days", "days_off", "members"}
VISIT_KEYS = {
    "id", "lat", "lon", "node", "service_minutes", "earliest", "deadline", "window",
    "pair", "priority", "required", "team", "not_teams", "address",
}
TRAVEL_KEYS = {"matrix_seconds", "matrix_metres", "detour", "speed_kmh", "osrm_url"}


@dataclass(frozen=True)
class Instance:
    """A parsed instance: what :func:`routes_planner.solve.plan` needs."""

    days: tuple[date, ...]
    teams: tuple[Team, ...]
    visits: tuple[Visit, ...]
    travel: TravelModel


def _fail(where: str, field: str, what: str) -> InstanceError:
    return InstanceError(f"{where}: {field}: {what}")


def _where(kind: str, i: int, item: Any) -> str:
    if isinstance(item, Mapping) and isinstance(item.get("id"), str | int):
        return f"{kind}[{i}] (id {str(item['id'])!r})"
    return f"{kind}[{i}]"


def _date(value: Any, where: str, field: str) -> date:
    if not isinstance(value, str):
        raise _fail(where, field, f"expected an ISO date like 2026-03-02, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(where, field, f"not an ISO date: {value!r}") from None


def _clock(value: Any, where: str, field: str) -> time:
    if isinstance(value, str):
        parts = value.split(":")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            hh, mm = int(parts[0]), int(parts[1])
            if 0 <= hh <= 23 and 0 <= mm <= 59:
                return time(hh, mm)
    raise _fail(where, field, f"expected a time HH:MM, got {value!r}")


def _span(value: Any, where: str, field: str) -> tuple[time, time]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise _fail(where, field, f"expected [\"HH:MM\", \"HH:MM\"], got {value!r}")
    a = _clock(value[0], where, field)
    b = _clock(value[1], where, field)
    if b <= a:
        raise _fail(where, field, f"end {value[1]} is not after start {value[0]}")
    return a, b


def _unknown_keys(obj: Mapping, allowed: set[str], where: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise _fail(where, extra[0], "unknown field (check the spelling; see the README)")


def _number(value: Any, where: str, field: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(where, field, f"expected a number, got {value!r}")
    if not lo <= value <= hi:
        raise _fail(where, field, f"{value} is outside the valid range {lo:g}..{hi:g}")
    return float(value)


def _int(value: Any, where: str, field: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, field, f"expected a whole number, got {value!r}")
    if not lo <= value <= hi:
        raise _fail(where, field, f"{value} is outside the valid range {lo}..{hi}")
    return value


def _bool(value: Any, where: str, field: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, field, f"expected true or false, got {value!r}")
    return value


def _place(obj: Any, where: str, field: str) -> Place:
    if not isinstance(obj, Mapping):
        raise _fail(where, field, 'expected {"lat": .., "lon": ..} or {"node": ..}')
    _unknown_keys(obj, {"lat", "lon", "node"}, f"{where}: {field}")
    return _position(obj, where, field + ".")


def _position(obj: Mapping, where: str, prefix: str = "") -> Place:
    node = obj.get("node")
    if node is not None:
        if "lat" in obj or "lon" in obj:
            raise _fail(where, prefix + "node", "give either node or lat/lon, not both")
        return Place(node=_int(node, where, prefix + "node", 0, 10**7))
    if "lat" not in obj and "lon" not in obj:
        return Place()
    for key in ("lat", "lon"):
        if key not in obj:
            raise _fail(where, prefix + key, "missing (lat and lon come together)")
    lat = _number(obj["lat"], where, prefix + "lat", -90, 90)
    lon = _number(obj["lon"], where, prefix + "lon", -180, 180)
    return Place(lat=lat, lon=lon)


def _require(obj: Mapping, key: str, where: str) -> Any:
    if key not in obj:
        raise _fail(where, key, "missing")
    return obj[key]


def _parse_days(doc: Mapping) -> tuple[date, ...]:
    raw = _require(doc, "days", "instance")
    if not isinstance(raw, list) or not raw:
        raise _fail("instance", "days", "expected a non-empty list of ISO dates")
    days = [_date(d, "instance", f"days[{i}]") for i, d in enumerate(raw)]
    if len(set(days)) != len(days):
        raise _fail("instance", "days", "a day is listed twice")
    return tuple(sorted(days))


def _parse_team(i: int, obj: Any, period: tuple[date, ...]) -> Team:
    where = _where("teams", i, obj)
    if not isinstance(obj, Mapping):
        raise _fail(where, "team", "expected an object")
    _unknown_keys(obj, TEAM_KEYS, where)
    tid = _require(obj, "id", where)
    if not isinstance(tid, str | int) or isinstance(tid, bool) or str(tid) == "":
        raise _fail(where, "id", f"expected a non-empty string, got {tid!r}")
    size = _int(obj.get("size", 1), where, "size", 1, 2)
    mode = obj.get("mode", "bicycle")
    if mode not in MODES:
        raise _fail(where, "mode", f"expected one of {', '.join(MODES)}, got {mode!r}")
    start = _place(_require(obj, "start", where), where, "start")
    end = _place(obj["end"], where, "end") if obj.get("end") is not None else None
    for name, p in (("start", start), ("end", end)):
        if p is not None and not p.has_position:
            raise _fail(where, name, "needs lat and lon, or node")
    shift = Shift(*_span(obj.get("shift", ["08:00", "16:00"]), where, "shift"))
    days = None
    if obj.get("days") is not None:
        if not isinstance(obj["days"], list):
            raise _fail(where, "days", "expected a list of ISO dates")
        days = tuple(_date(d, where, f"days[{k}]") for k, d in enumerate(obj["days"]))
        outside = [d for d in days if d not in period]
        if outside:
            raise _fail(where, "days", f"{outside[0]} is not one of the instance's days")
    off = tuple(_date(d, where, f"days_off[{k}]") for k, d in enumerate(obj.get("days_off", [])))
    members = tuple(str(m) for m in obj.get("members", []))
    return Team(str(tid), start, end, size, mode, shift, days, off, members)


def _parse_visit(i: int, obj: Any, period: tuple[date, ...], team_ids: set[str]) -> Visit:
    where = _where("visits", i, obj)
    if not isinstance(obj, Mapping):
        raise _fail(where, "visit", "expected an object")
    _unknown_keys(obj, VISIT_KEYS, where)
    vid = _require(obj, "id", where)
    if not isinstance(vid, str | int) or isinstance(vid, bool) or str(vid) == "":
        raise _fail(where, "id", f"expected a non-empty string, got {vid!r}")
    place = _position(obj, where)
    service = _int(obj.get("service_minutes", 20), where, "service_minutes", 0, 24 * 60)
    earliest = _date(obj["earliest"], where, "earliest") if obj.get("earliest") else None
    deadline = _date(obj["deadline"], where, "deadline") if obj.get("deadline") else None
    if earliest and deadline and deadline < earliest:
        raise _fail(where, "deadline", f"{deadline} is before earliest {earliest}")
    window = _span(obj["window"], where, "window") if obj.get("window") is not None else None
    team = obj.get("team")
    if team is not None and str(team) not in team_ids:
        raise _fail(where, "team", f"unknown team {team!r}")
    not_teams = obj.get("not_teams", [])
    if not isinstance(not_teams, list):
        raise _fail(where, "not_teams", "expected a list of team ids")
    for t in not_teams:
        if str(t) not in team_ids:
            raise _fail(where, "not_teams", f"unknown team {t!r}")
    address = obj.get("address")
    return Visit(
        id=str(vid),
        lat=place.lat,
        lon=place.lon,
        node=place.node,
        service_minutes=service,
        earliest=earliest,
        deadline=deadline,
        window=window,
        priority=_int(obj.get("priority", 0), where, "priority", -(10**6), 10**6),
        pair=_bool(obj.get("pair", False), where, "pair"),
        required=_bool(obj.get("required", True), where, "required"),
        team=None if team is None else str(team),
        not_teams=tuple(str(t) for t in not_teams),
        address=None if address is None else str(address),
    )


def _parse_travel(raw: Any, teams: tuple[Team, ...], visits: tuple[Visit, ...]) -> TravelModel:
    where = "instance"
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise _fail(where, "travel", "expected an object")
    _unknown_keys(raw, TRAVEL_KEYS, "travel")
    places = [(f"visits[{i}] (id {v.id!r})", v.place) for i, v in enumerate(visits)]
    for i, t in enumerate(teams):
        places.append((f"teams[{i}] (id {t.id!r})", t.start))
        places.append((f"teams[{i}] (id {t.id!r})", t.end_place))
    if "matrix_seconds" in raw:
        for w, p in places:
            if p.node is None and p.has_position:
                raise _fail(w, "node", "required when travel gives a matrix (lat/lon given)")
        size = 1 + max((p.node for _, p in places if p.node is not None), default=0)
        ms = raw["matrix_seconds"]
        if isinstance(ms, Mapping):
            seconds = {}
            for mode, m in ms.items():
                if mode not in MODES:
                    raise _fail("travel", "matrix_seconds", f"unknown mode {mode!r}")
                seconds[mode] = check_square(f"travel: matrix_seconds.{mode}", m, size)
            for i, t in enumerate(teams):
                if t.mode not in seconds:
                    raise _fail(f"teams[{i}] (id {t.id!r})", "mode",
                                f"travel.matrix_seconds has no matrix for {t.mode!r}")
        else:
            seconds = {"*": check_square("travel: matrix_seconds", ms, size)}
        shapes = {m.shape for m in seconds.values()}
        if len(shapes) > 1:
            raise _fail("travel", "matrix_seconds", "the matrices differ in shape")
        metres = None
        if raw.get("matrix_metres") is not None:
            metres = check_square("travel: matrix_metres", raw["matrix_metres"], size)
            if metres.shape != next(iter(shapes)):
                raise _fail("travel", "matrix_metres", "shape differs from matrix_seconds")
        return GivenMatrix(seconds, metres)
    for w, p in places:
        if p.node is not None:
            raise _fail(w, "node", "given but travel has no matrix_seconds")
    if raw.get("osrm_url"):
        return Osrm(str(raw["osrm_url"]))
    detour = _number(raw.get("detour", DEFAULT_DETOUR), "travel", "detour", 1.0, 10.0)
    speeds = dict(DEFAULT_SPEED_KMH)
    sk = raw.get("speed_kmh", {})
    if not isinstance(sk, Mapping):
        raise _fail("travel", "speed_kmh", "expected an object like {\"foot\": 5}")
    for mode, v in sk.items():
        if mode not in MODES:
            raise _fail("travel", f"speed_kmh.{mode}", "unknown mode")
        speeds[mode] = _number(v, "travel", f"speed_kmh.{mode}", 0.1, 200)
    return Haversine(detour, speeds)


def parse_instance(doc: Any) -> Instance:
    """Check a decoded JSON instance and build model objects from it.

    Raises InstanceError with one line naming the field (and visit or team) at fault.
    """
    if not isinstance(doc, Mapping):
        raise InstanceError("instance: expected a JSON object with days, teams and visits")
    _unknown_keys(doc, TOP_KEYS, "instance")
    days = _parse_days(doc)
    raw_teams = _require(doc, "teams", "instance")
    if not isinstance(raw_teams, list) or not raw_teams:
        raise _fail("instance", "teams", "expected a non-empty list of teams")
    teams = tuple(_parse_team(i, t, days) for i, t in enumerate(raw_teams))
    ids = [t.id for t in teams]
    if len(set(ids)) != len(ids):
        dup = next(t for t in ids if ids.count(t) > 1)
        raise _fail("instance", "teams", f"team id {dup!r} is used twice")
    raw_visits = _require(doc, "visits", "instance")
    if not isinstance(raw_visits, list):
        raise _fail("instance", "visits", "expected a list of visits")
    visits = tuple(_parse_visit(i, v, days, set(ids)) for i, v in enumerate(raw_visits))
    seen: set[str] = set()
    for i, v in enumerate(visits):
        if v.id in seen:
            raise _fail(f"visits[{i}] (id {v.id!r})", "id", "is used by an earlier visit")
        seen.add(v.id)
    travel = _parse_travel(doc.get("travel"), teams, visits)
    return Instance(days, teams, visits, travel)


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M")


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan in the documented output form (times as local HH:MM)."""
    return {
        "routes": [
            {
                "team": r.team,
                "day": r.day.isoformat(),
                "stops": [
                    {
                        "visit": s.visit,
                        "arrival": _hhmm(s.arrival),
                        "start": _hhmm(s.start),
                        "departure": _hhmm(s.departure),
                    }
                    for s in r.stops
                ],
                "travel_seconds": int(r.travel_seconds),
                "travel_metres": int(r.travel_metres),
                "leave": _hhmm(r.leave),
                "back": _hhmm(r.back),
            }
            for r in plan.routes
        ],
        "unplaced": [
            {"visit": u.visit, "reason": str(u.reason), "message": u.message}
            for u in plan.unplaced
        ],
        "stats": {
            "engine": plan.stats.engine,
            "seconds": round(plan.stats.seconds, 3),
            "objective": int(plan.stats.objective),
            "travel_seconds": int(plan.travel_seconds),
            "travel_metres": int(plan.travel_metres),
            "searches": plan.stats.searches,
            **({"notes": list(plan.stats.notes)} if plan.stats.notes else {}),
        },
    }


def _parse_hhmm(s: str) -> time:
    hh, mm = s.split(":")
    return time(int(hh), int(mm))


def plan_from_json(doc: Mapping[str, Any], inst: Instance) -> Plan:
    """Read a plan printed by the command back into model objects (for checking)."""
    from routes_planner.model import PlanStats, Route, Stop, Unplaced, UnplacedReason

    teams = {t.id: t for t in inst.teams}
    routes = []
    for r in doc["routes"]:
        team = teams[r["team"]]
        stops = tuple(
            Stop(s["visit"], _parse_hhmm(s["arrival"]), _parse_hhmm(s["start"]),
                 _parse_hhmm(s["departure"]))
            for s in r["stops"]
        )
        routes.append(Route(
            team=team.id, day=date.fromisoformat(r["day"]), stops=stops,
            leave=_parse_hhmm(r["leave"]), back=_parse_hhmm(r["back"]),
            travel_seconds=r["travel_seconds"], travel_metres=r["travel_metres"],
            start=team.start, end=team.end_place, mode=team.mode,
        ))
    unplaced = tuple(
        Unplaced(u["visit"], UnplacedReason(u["reason"]), u["message"]) for u in doc["unplaced"]
    )
    st = doc["stats"]
    return Plan(tuple(routes), unplaced, PlanStats(st["engine"], st["seconds"], st["objective"],
                                                       tuple(st.get("notes", ())),
                                                       st.get("searches", 1)))
