"""Route maps and sheets: numbered stops in order, escaped popups, team colours, and
nothing loaded from a CDN or any other third party."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, time
from html.parser import HTMLParser

import folium
import pytest

from routes_planner import (
    DANISH_LABELS,
    DEFAULT_STATIC_PREFIX,
    OSM_TILES,
    MapRoute,
    MapStop,
    OfflineMap,
    Place,
    Route,
    Stop,
    Visit,
    external_assets,
    overview_map,
    render,
    route_from_plan,
    route_map,
    route_sheet_html,
    team_colours,
    team_styles,
)

CDN_HOSTS = ("unpkg", "jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "cloudflare",
             "googleapis", "fontawesome", "netdna", "rawgit", "github.io", "gstatic")
BASE = (55.6761, 12.5683)
EVIL = 'Vestergade 5 <script>alert("x")</script> & Co'


def stops() -> list[MapStop]:
    return [
        MapStop("v1", EVIL, 55.6850, 12.5600, time(8, 14), service_minutes=20,
                notes="Ring twice <b>"),
        MapStop("v2", "Nørregade 1, 1165 København K", 55.6800, 12.5720, time(9, 0),
                time(10, 0), 30),
        MapStop("v3", "Gothersgade 10", 55.6830, 12.5810, time(10, 45), service_minutes=20),
    ]


def a_route(**kw) -> MapRoute:
    fields = {"team": "Team Nord", "day": date(2026, 3, 2), "stops": stops(),
              "start": BASE, "mode": "bicycle", "leave": time(8, 0), "back": time(11, 30),
              "travel_seconds": 3720, "travel_metres": 9400}
    return MapRoute(**{**fields, **kw})


class Assets(HTMLParser):
    """Collects every URL a page would load: script src, link href, img/iframe src."""

    def __init__(self, html: str):
        super().__init__()
        self.scripts: list[str] = []
        self.links: list[str] = []
        self.other: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif attrs.get("src"):
            self.other.append(attrs["src"])


def markers(html: str) -> list[tuple[list[float], str]]:
    """(position, icon html) of every marker, in the order the page creates them."""
    positions = [json.loads(p) for p in re.findall(r"L\.marker\(\s*(\[[^\]]*\])", html)]
    icons = [json.loads(h) for h in re.findall(r'"html": ("(?:[^"\\]|\\.)*")', html)]
    assert len(positions) == len(icons)
    return list(zip(positions, icons, strict=True))


def stop_numbers(html: str) -> list[tuple[int, list[float], str]]:
    out = []
    for position, icon in markers(html):
        match = re.search(r'class="rp-stop[^"]*" style="background:([^"]+)">(?:<span>)?'
                          r'[A-Z]*(\d+)<', icon)
        if match:
            out.append((int(match.group(2)), position, match.group(1)))
    return out


def team_marks(html: str) -> list[tuple[str, str]]:
    """(shape, text) of every overview stop marker: ("square", "B2")."""
    found = []
    for _position, icon in markers(html):
        match = re.search(r'class="rp-stop rp-team rp-(\w+)"[^>]*><span>([^<]+)<', icon)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def popups(html: str) -> list[str]:
    return [json.loads(p) for p in re.findall(r'bindPopup\(("(?:[^"\\]|\\.)*")', html)]


def polylines(html: str) -> list[tuple[list[list[float]], str]]:
    found = re.findall(r"L\.polyline\(\s*(\[\[.*?\]\]),\s*(\{.*?\})\s*\)", html, re.S)
    return [(json.loads(p), json.loads(o)["color"]) for p, o in found]


def test_offline_map_loads_only_local_leaflet_and_nothing_from_the_internet():
    html = render(route_map(a_route(), tiles=None))
    assets = Assets(html)
    assert assets.scripts == [DEFAULT_STATIC_PREFIX + "leaflet.js"]
    assert assets.links == [DEFAULT_STATIC_PREFIX + "leaflet.css"]
    assert assets.other == []
    assert external_assets(html) == []
    assert re.search(r"https?://", html) is None
    assert "jquery" not in html.lower() and "bootstrap" not in html.lower()


def test_map_with_tiles_still_loads_no_third_party_script_or_style():
    html = render(route_map(a_route(), tiles=OSM_TILES))
    assets = Assets(html)
    assert assets.scripts == [DEFAULT_STATIC_PREFIX + "leaflet.js"]
    assert assets.links == [DEFAULT_STATIC_PREFIX + "leaflet.css"]
    assert not any(host in html for host in CDN_HOSTS)
    # The only outside URL is the tile template, and no referrer goes with it.
    assert set(re.findall(r"https?://[^\"'\s]+", html)) == {OSM_TILES}
    assert '<meta name="referrer" content="no-referrer">' in html


def test_static_prefix_is_configurable():
    html = render(route_map(a_route(), tiles=None, static_prefix="/assets/leaflet"))
    assert Assets(html).scripts == ["/assets/leaflet/leaflet.js"]
    assert Assets(html).links == ["/assets/leaflet/leaflet.css"]


def test_offline_map_does_not_change_folium_defaults_for_other_maps():
    before = list(folium.Map.default_js)
    fmap = OfflineMap(location=[55.0, 12.0], tiles=None)
    fmap.add_js_link("extra", "/static/extra.js")
    assert folium.Map.default_js == before
    assert OfflineMap(location=[55.0, 12.0], tiles=None).default_js == [
        ("leaflet", DEFAULT_STATIC_PREFIX + "leaflet.js")]


def test_markers_are_numbered_in_visit_order_at_their_positions():
    html = render(route_map(a_route(), tiles=None))
    numbered = stop_numbers(html)
    assert [n for n, _, _ in numbered] == [1, 2, 3]
    assert [pos for _, pos, _ in numbered] == [[s.lat, s.lon] for s in stops()]


def test_path_runs_from_the_base_through_the_stops_back_to_the_base():
    html = render(route_map(a_route(), tiles=None))
    [(path, _colour)] = polylines(html)
    assert path == [list(BASE)] + [[s.lat, s.lon] for s in stops()] + [list(BASE)]


def test_path_ends_at_a_different_end_when_given():
    end = (55.70, 12.59)
    [(path, _)] = polylines(render(route_map(a_route(end=end), tiles=None)))
    assert path[0] == list(BASE) and path[-1] == list(end)


def test_popups_show_address_and_eta_escaped():
    html = render(route_map(a_route(), tiles=None))
    assert "<script>alert" not in html
    first = popups(html)[0]
    assert "Stop 1: v1" in first and "ETA 08:14" in first
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in first
    assert "<script" not in first
    second = popups(html)[1]
    assert "ETA 09:00" in second and "Visit from 10:00" in second


def test_team_name_in_base_popup_is_escaped():
    html = render(route_map(a_route(team="<img src=x onerror=alert(1)>"), tiles=None))
    assert not any("<img" in p for p in popups(html))


def test_labels_can_be_danish():
    html = render(route_map(a_route(), tiles=None, labels=DANISH_LABELS))
    assert "Ankomst 08:14" in popups(html)[0]


def test_stop_without_position_is_skipped_on_the_map_but_keeps_the_numbering():
    missing = [stops()[0], MapStop("v2", "Ukendt vej 1", None, None, time(9, 0)), stops()[2]]
    route = a_route(stops=missing)
    html = render(route_map(route, tiles=None))
    assert [n for n, _, _ in stop_numbers(html)] == [1, 3]
    assert "no position" in route_sheet_html(route)


def test_rendering_is_deterministic():
    assert render(route_map(a_route(), tiles=None)) == render(route_map(a_route(), tiles=None))


def test_overview_has_one_colour_per_team():
    north_mon = a_route()
    north_tue = a_route(day=date(2026, 3, 3), stops=stops()[:2])
    south = a_route(team="Team Syd", stops=[
        MapStop("v9", "Amagerbrogade 100", 55.66, 12.60, time(9, 30))], start=(55.65, 12.59))
    html = render(overview_map([north_mon, north_tue, south], tiles=None))

    numbered = stop_numbers(html)
    north_colours = {c for _, _, c in numbered[:5]}
    south_colours = {c for _, _, c in numbered[5:]}
    assert len(numbered) == 6
    assert len(north_colours) == 1 and len(south_colours) == 1
    assert north_colours != south_colours
    assert [c for _, c in polylines(html)] == [*north_colours, *north_colours, *south_colours]
    assert external_assets(html) == [] and re.search(r"https?://", html) is None


def _legend(html: str) -> str:
    return json.loads(re.search(r'innerHTML = ("(?:[^"\\]|\\.)*")', html).group(1))


def test_overview_legend_names_each_team_escaped():
    html = render(overview_map([a_route(), a_route(team="Syd & <Øst>")], tiles=None))
    legend = _legend(html)
    assert "Team Nord" in legend and "Syd &amp; &lt;Øst&gt;" in legend


def test_overview_tells_teams_apart_without_colour_by_shape_letter_and_dash():
    north = a_route()
    south = a_route(team="Team Syd", stops=stops()[:2], start=(55.65, 12.59))
    html = render(overview_map([north, south], tiles=None))
    marks = team_marks(html)
    # Every stop carries its team's letter before its number, in its team's shape.
    assert [text for _shape, text in marks] == ["A1", "A2", "A3", "B1", "B2"]
    north_shapes = {shape for shape, text in marks if text.startswith("A")}
    south_shapes = {shape for shape, text in marks if text.startswith("B")}
    assert len(north_shapes) == len(south_shapes) == 1 and north_shapes != south_shapes
    # The legend shows the same shape and letter beside each team's name, and the
    # paths differ by dash as well as colour.
    legend = _legend(html)
    for name, letter, shape in (("Team Nord", "A", north_shapes.pop()),
                                ("Team Syd", "B", south_shapes.pop())):
        row = next(r for r in legend.split("<div>") if name in r)
        assert f"rp-{shape}" in row and f"<span>{letter}</span>" in row
    dashes = re.findall(r'"dashArray": ("[^"]*"|null)', html)
    assert len(set(dashes)) == 2


def test_team_styles_give_each_team_its_own_shape_and_letter():
    styles = team_styles([f"T{n}" for n in range(6)])
    assert [s.letter for s in styles.values()] == list("ABCDEF")
    first_four = [s.shape for s in list(styles.values())[:4]]
    assert len(set(first_four)) == 4
    assert len({(s.shape, s.letter) for s in styles.values()}) == 6


def test_given_styles_keep_the_page_legend_and_the_map_alike():
    styles = team_styles(["Team Øst", "Team Syd", "Team Nord"])
    html = render(overview_map([a_route(team="Team Nord")], tiles=None, styles=styles))
    assert {text[0] for _shape, text in team_marks(html)} == {styles["Team Nord"].letter}
    assert {shape for shape, _ in team_marks(html)} == {styles["Team Nord"].shape}


def test_team_colours_are_stable_distinct_and_respect_given_ones():
    colours = team_colours(["b", "a", "b", "c"], {"c": "#123456"})
    assert list(colours) == ["b", "a", "c"]
    assert colours["c"] == "#123456"
    assert len(set(colours.values())) == 3
    assert team_colours(["b", "a"]) == {k: colours[k] for k in ("b", "a")}


def test_a_colour_that_is_not_a_colour_is_refused():
    with pytest.raises(ValueError):
        route_map(a_route(colour="red;background:url(//evil)"), tiles=None)


class Rows(HTMLParser):
    """Table body rows of a route sheet as lists of cell texts."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_body = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag == "td" and self._in_body:
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        if self._in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def test_route_sheet_lists_the_stops_in_order_with_eta_address_service_and_notes():
    sheet = route_sheet_html(a_route())
    rows = Rows(sheet).rows
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert [r[1][:5] for r in rows] == ["08:14", "09:00", "10:45"]
    assert "Visit from 10:00" in rows[1][1]
    assert rows[0][2] == "v1" + EVIL
    assert rows[1][3] == "30 min"
    assert rows[0][4] == "Ring twice <b>"


def test_route_sheet_has_the_days_totals():
    sheet = route_sheet_html(a_route())
    for fact in ("Team Nord", "2026-03-02", "bicycle", "08:00", "11:30",
                 "<dt>Stops</dt><dd>3</dd>", "<dt>Service time</dt><dd>1:10 h</dd>",
                 "<dt>Travel</dt><dd>1:02 h</dd>", "<dt>Distance</dt><dd>9.4 km</dd>"):
        assert fact in sheet


def test_route_sheet_is_self_contained_printable_and_escaped():
    sheet = route_sheet_html([a_route(), a_route(team="Team Syd")], labels=DANISH_LABELS,
                             lang="da")
    assert "<script" not in sheet.replace("&lt;script", "")
    assert "<link" not in sheet and "src=" not in sheet and "url(" not in sheet
    assert re.search(r"https?://", sheet) is None
    assert "@media print" in sheet and "@page" in sheet
    assert sheet.count('<section class="sheet">') == 2
    assert "break-before:page" in sheet
    assert "Ring twice &lt;b&gt;" in sheet
    assert '<html lang="da">' in sheet and "Ankomst" in sheet and "cykel" in sheet


def test_partial_labels_fall_back_to_english():
    sheet = route_sheet_html(a_route(), labels={"eta": "Ankomst"})
    assert "Ankomst" in sheet and "<dt>Stops</dt>" in sheet


def test_route_from_plan_takes_addresses_from_visits_and_times_from_stops():
    visits = [Visit("v1", 55.685, 12.56, address="Vestergade 5", service_minutes=25),
              Visit("v2", 55.68, 12.572, address="Nørregade 1")]
    route = Route(
        team="t1", day=date(2026, 3, 2), leave=time(8, 0), back=time(10, 0),
        travel_seconds=1800, travel_metres=6000, start=Place(*BASE), end=Place(*BASE),
        stops=(
            Stop("v1", arrival=time(8, 10), start=time(8, 10), departure=time(8, 35),
                 lat=55.685, lon=12.56),
            Stop("v2", arrival=time(8, 45), start=time(9, 0), departure=time(9, 20)),
        ),
    )
    mapped = route_from_plan(route, visits, notes={"v2": "Dog"}, labels={"v1": "Hansen"},
                             team_name="Nord")
    assert mapped.team == "Nord" and mapped.start == BASE and mapped.end == BASE
    first, second = mapped.stops
    assert (first.label, first.address, first.eta, first.start) == (
        "Hansen", "Vestergade 5", time(8, 10), None)
    assert first.service_minutes == 25
    assert (second.lat, second.lon) == (55.68, 12.572)  # from the visit
    assert second.start == time(9, 0) and second.notes == "Dog"
    html = render(route_map(mapped, tiles=None))
    assert [n for n, _, _ in stop_numbers(html)] == [1, 2]


def test_library_imports_neither_flask_nor_a_database():
    code = ("import sys, routes_planner.maps, routes_planner.geocode; "
            "bad = [m for m in ('flask', 'sqlalchemy', 'outreach_app') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
