"""Route data for maps and printable route sheets (no folium, no script).

:class:`MapRoute` and :class:`MapStop` are the plain data that both
:mod:`routes_planner.maps` (folium maps) and :func:`route_sheet_html` (a printable,
self-contained sheet) take; :func:`route_from_plan` builds them from the planner's
:class:`~routes_planner.model.Route` and :class:`~routes_planner.model.Visit`.
A sheet needs no map library, so printing one does not load folium.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from html import escape
from typing import Any

from routes_planner.model import Route, Visit

#: Texts shown on maps and sheets. The app passes its translated labels.
ENGLISH_LABELS: dict[str, str] = {
    "stop": "Stop", "eta": "ETA", "start": "Visit from", "address": "Address",
    "service": "Service", "notes": "Notes", "min": "min", "team": "Team", "day": "Day",
    "mode": "Mode", "leave": "Leave", "back": "Back", "stops": "Stops",
    "travel": "Travel", "distance": "Distance", "total_service": "Service time",
    "base": "Start / end", "no_position": "no position",
    "mode_foot": "on foot", "mode_bicycle": "bicycle", "mode_car": "car",
}
DANISH_LABELS: dict[str, str] = {
    "stop": "Besøg", "eta": "Ankomst", "start": "Besøg fra", "address": "Adresse",
    "service": "Varighed", "notes": "Noter", "min": "min", "team": "Team", "day": "Dag",
    "mode": "Transport", "leave": "Afgang", "back": "Retur", "stops": "Besøg i alt",
    "travel": "Transporttid", "distance": "Afstand", "total_service": "Besøgstid",
    "base": "Start / slut", "no_position": "ingen position",
    "mode_foot": "til fods", "mode_bicycle": "cykel", "mode_car": "bil",
}


@dataclass(frozen=True)
class MapStop:
    """One stop as maps and sheets show it. ``eta`` is the arrival; ``start`` is
    when the visit begins when that is later (a time window)."""

    label: str
    address: str
    lat: float | None
    lon: float | None
    eta: time | str | None = None
    start: time | str | None = None
    service_minutes: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class MapRoute:
    """One team-day: ordered stops, the base it starts from and returns to, totals."""

    team: str
    day: date | str
    stops: Sequence[MapStop]
    start: tuple[float, float] | None = None
    end: tuple[float, float] | None = None
    mode: str = ""
    leave: time | str | None = None
    back: time | str | None = None
    travel_seconds: int | None = None
    travel_metres: int | None = None
    colour: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def route_from_plan(route: Route, visits: Mapping[str, Visit] | Iterable[Visit], *,
                    notes: Mapping[str, str] | None = None,
                    labels: Mapping[str, str] | None = None,
                    team_name: str | None = None) -> MapRoute:
    """A :class:`MapRoute` from the planner's route and the visits it serves.

    ``labels`` gives each visit a readable label (default: the visit id); ``notes``
    adds a note per visit for the route sheet. Positions come from the stop, else
    from the visit; a stop without either is still listed, just not drawn.
    """
    by_id = visits if isinstance(visits, Mapping) else {v.id: v for v in visits}
    notes = notes or {}
    labels = labels or {}
    stops = []
    for stop in route.stops:
        visit = by_id.get(stop.visit)
        lat = stop.lat if stop.lat is not None else (visit.lat if visit else None)
        lon = stop.lon if stop.lon is not None else (visit.lon if visit else None)
        stops.append(MapStop(
            label=labels.get(stop.visit, stop.visit),
            address=(visit.address if visit and visit.address else ""),
            lat=lat, lon=lon, eta=stop.arrival,
            start=stop.start if stop.start != stop.arrival else None,
            service_minutes=visit.service_minutes if visit else None,
            notes=notes.get(stop.visit, ""),
        ))
    return MapRoute(
        team=team_name or route.team, day=route.day, stops=tuple(stops),
        start=latlon(route.start), end=latlon(route.end), mode=route.mode,
        leave=route.leave, back=route.back, travel_seconds=route.travel_seconds,
        travel_metres=route.travel_metres,
    )


def route_points(routes: Iterable[MapRoute]) -> list[tuple[float, float]]:
    """Every drawable position of ``routes`` (bases and located stops)."""
    points: list[tuple[float, float]] = []
    for route in routes:
        points.extend(p for p in (route.start, route.end) if p is not None)
        points.extend((s.lat, s.lon) for s in route.stops if is_located(s))
    return points


def route_sheet_html(routes: MapRoute | Sequence[MapRoute], *,
                     labels: Mapping[str, str] | None = None, title: str | None = None,
                     lang: str = "en") -> str:
    """A printable route sheet: one page per team-day with stop number, ETA,
    address, service time and notes in visit order, and the day's totals.

    The page is self-contained (inline CSS, no script, no image, no link), so it
    prints and opens offline and tells no third party anything.
    """
    labels = with_english(labels)
    routes = [routes] if isinstance(routes, MapRoute) else list(routes)
    heading = title or " / ".join(f"{r.team} {as_text(r.day)}" for r in routes)
    pages = "\n".join(_sheet_page(route, labels) for route in routes)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading)}</title>\n{_SHEET_CSS}\n</head>\n<body>\n"
        f"{pages}\n</body>\n</html>\n"
    )


def _sheet_page(route: MapRoute, labels: Mapping[str, str]) -> str:
    e = escape
    rows = []
    for number, stop in enumerate(route.stops, start=1):
        eta = e(as_text(stop.eta))
        if stop.start is not None:
            eta += f'<br><small>{e(labels["start"])} {e(as_text(stop.start))}</small>'
        address = e(stop.address)
        if not is_located(stop):
            address += f' <small class="warn">({e(labels["no_position"])})</small>'
        service = ""
        if stop.service_minutes is not None:
            service = f"{stop.service_minutes} {e(labels['min'])}"
        rows.append(
            f'<tr><td class="num">{number}</td><td class="eta">{eta}</td>'
            f"<td><b>{e(stop.label)}</b><br>{address}</td>"
            f'<td class="svc">{service}</td><td>{e(stop.notes)}</td><td class="box"></td></tr>'
        )
    service_total = sum(s.service_minutes or 0 for s in route.stops)
    facts = [(labels["team"], route.team), (labels["day"], as_text(route.day))]
    if route.mode:
        facts.append((labels["mode"], labels.get(f"mode_{route.mode}", route.mode)))
    if route.leave is not None:
        facts.append((labels["leave"], as_text(route.leave)))
    if route.back is not None:
        facts.append((labels["back"], as_text(route.back)))
    totals = [(labels["stops"], str(len(route.stops))),
              (labels["total_service"], _duration(service_total * 60))]
    if route.travel_seconds is not None:
        totals.append((labels["travel"], _duration(route.travel_seconds)))
    if route.travel_metres is not None:
        totals.append((labels["distance"], f"{route.travel_metres / 1000:.1f} km"))

    def dl(pairs: list[tuple[str, str]], cls: str) -> str:
        items = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in pairs)
        return f'<dl class="{cls}">{items}</dl>'

    head = (f'<tr><th class="num">#</th><th class="eta">{e(labels["eta"])}</th>'
            f'<th>{e(labels["address"])}</th><th class="svc">{e(labels["service"])}</th>'
            f'<th>{e(labels["notes"])}</th><th class="box">&#10003;</th></tr>')
    return (
        f'<section class="sheet"><h1>{e(route.team)} &middot; {e(as_text(route.day))}</h1>'
        f'{dl(facts, "facts")}<table><thead>{head}</thead><tbody>{"".join(rows)}</tbody>'
        f'</table>{dl(totals, "totals")}</section>'
    )


def _duration(seconds: int) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d} h"


_SHEET_CSS = """<style>
body{font:11pt/1.35 sans-serif;color:#000;margin:1.5em}
h1{font-size:15pt;margin:0 0 .4em}
dl{display:flex;flex-wrap:wrap;gap:.2em 1.2em;margin:.3em 0 .8em}
dt{font-weight:bold}dt:after{content:":"}dd{margin:0 .6em 0 .2em}
table{width:100%;border-collapse:collapse}
th,td{border:1px solid #444;padding:.35em .45em;text-align:left;vertical-align:top}
th{background:#eee}
.num{width:2em;text-align:right}.eta{width:7em}.svc{width:4.5em}.box{width:2em}
.warn{color:#a00}
tr{page-break-inside:avoid;break-inside:avoid}
.sheet+.sheet{page-break-before:always;break-before:page}
@page{size:A4;margin:12mm}
@media print{body{margin:0}th{background:#eee;-webkit-print-color-adjust:exact;
print-color-adjust:exact}}
</style>"""


def is_located(stop: MapStop) -> bool:
    """True when the stop has a position to draw."""
    return stop.lat is not None and stop.lon is not None


def latlon(place: Any) -> tuple[float, float] | None:
    """``(lat, lon)`` of a :class:`~routes_planner.model.Place`, or None."""
    if place is None or place.lat is None or place.lon is None:
        return None
    return (float(place.lat), float(place.lon))


def with_english(labels: Mapping[str, str] | None) -> dict[str, str]:
    """The labels, completed from English: a partial translation falls back to
    English rather than failing on a missing key."""
    return {**ENGLISH_LABELS, **(labels or {})}


def as_text(value: Any) -> str:
    """A time as HH:MM, a date as ISO, anything else as str ("" for None)."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
