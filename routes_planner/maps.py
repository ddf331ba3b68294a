"""Route maps (folium) and printable route sheets, with no CDN and no third party.

folium's stock map pulls Leaflet, jQuery, Bootstrap, Font Awesome and
awesome-markers from CDNs. A map of home visits must not: every CDN request tells a
third party that someone opened a map, and offline the map would not draw at all.
:class:`OfflineMap` therefore replaces folium's ``default_js`` / ``default_css`` on
each instance with Leaflet's two files under the app's static prefix (vendored in
``static/vendor/leaflet/``), and this module only uses folium elements that need
nothing else: numbered stops are ``DivIcon`` markers styled by inline CSS, the path
is a ``PolyLine``, and popups are bound with plain Leaflet (folium's ``Popup`` needs
jQuery). Tiles are optional (``tiles=None``): without them the markers and the path
still draw on a blank background.

Everything takes plain data (:class:`MapRoute`, :class:`MapStop`);
:func:`route_from_plan` builds them from the planner's
:class:`~routes_planner.model.Route` and :class:`~routes_planner.model.Visit`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from routes_planner.route_sheets import (
    MapRoute,
    MapStop,
    as_text,
    is_located,
    route_from_plan,
    route_points,
    route_sheet_html,
    with_english,
)

# Route data and sheets live in routes_planner.route_sheets (no folium); they are
# re-exported here because map callers use them together.
__all__ = [
    "DEFAULT_STATIC_PREFIX", "OSM_ATTRIBUTION", "OSM_TILES", "PALETTE", "MapRoute",
    "MapStop", "OfflineMap", "SHAPES", "TeamStyle", "external_assets", "overview_map",
    "render", "route_from_plan", "route_map", "route_points", "route_sheet_html",
    "team_colours", "team_styles",
]

#: Where the app serves the vendored Leaflet (leaflet.js, leaflet.css, images/).
DEFAULT_STATIC_PREFIX = "/static/vendor/leaflet/"

#: OpenStreetMap's standard tiles. Tile requests reveal the viewed area to the tile
#: server; pass a self-hosted template or ``tiles=None`` to avoid that.
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"

#: Team colours: Okabe-Ito's colour-blind safe palette first, then Tableau's.
PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
    "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD",
)

#: What tells teams apart besides colour (greyscale prints, colour-blind readers): a
#: marker shape, a letter on every stop ("B3" is team B's third stop) and a line dash.
SHAPES = ("circle", "square", "diamond", "triangle")
DASHES = (None, "10 6", "2 6", "14 5 3 5")

_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-zA-Z]{3,20})$")

# Inline CSS for the numbered markers: an asset-free replacement for awesome-markers.
_MARKER_CSS = """<style>
.rp-stop{box-sizing:border-box;width:28px;height:28px;border-radius:50%;
 border:2px solid #fff;color:#fff;font:bold 13px/24px sans-serif;text-align:center;
 box-shadow:0 1px 4px rgba(0,0,0,.5)}
.rp-base{box-sizing:border-box;width:22px;height:22px;border:3px solid #222;
 background:#fff;color:#222;font:bold 11px/16px sans-serif;text-align:center}
.rp-legend{background:#fff;padding:6px 8px;font:13px sans-serif;
 box-shadow:0 1px 4px rgba(0,0,0,.4);border-radius:4px}
.rp-legend>div{display:flex;align-items:center;gap:6px;margin:2px 0}
.rp-team{font-size:11px;line-height:24px;width:26px;height:26px}
.rp-square{border-radius:3px}
.rp-diamond{border-radius:2px;transform:rotate(45deg);width:22px;height:22px;margin:2px}
.rp-diamond span{display:block;transform:rotate(-45deg);line-height:20px}
.rp-triangle{border:0;border-radius:0;width:30px;height:28px;line-height:36px;
 clip-path:polygon(50% 0,100% 100%,0 100%);box-shadow:none}
.rp-legend .rp-stop{flex:none;box-shadow:none}
@media print{.leaflet-control-zoom,.leaflet-control-layers{display:none}}
</style>"""



class OfflineMap(folium.Map):
    """A folium Map whose page loads only Leaflet from ``static_prefix``.

    folium mutates the class-level lists in ``add_js_link``; assigning fresh lists
    per instance keeps one map's assets from leaking into another's.
    """

    def __init__(self, *args: Any, static_prefix: str = DEFAULT_STATIC_PREFIX,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prefix = static_prefix if static_prefix.endswith("/") else static_prefix + "/"
        self.default_js = [("leaflet", prefix + "leaflet.js")]
        self.default_css = [("leaflet_css", prefix + "leaflet.css")]


class _BoundPopup(MacroElement):
    """A popup bound with plain Leaflet: folium's Popup builds its DOM with jQuery.
    ``html`` must already be escaped; tojson makes it safe inside the script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }}, {maxWidth: 320});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "BoundPopup"
        self.html = html


class _Legend(MacroElement):
    """A team-colour legend as a Leaflet control (no plugin, no asset)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: "bottomright"});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create("div", "rp-legend");
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html = html


@dataclass(frozen=True)
class TeamStyle:
    """How one team's stops and path look on the overview map and in its legends."""

    colour: str
    shape: str
    letter: str
    dash: str | None


def team_styles(team_ids: Iterable[str], given: Mapping[str, str] | None = None
                ) -> dict[str, TeamStyle]:
    """A colour (as :func:`team_colours`), shape, letter and dash per team, in order of
    first appearance: the same teams in the same order look the same on every map."""
    styles = {}
    for n, (team, colour) in enumerate(team_colours(team_ids, given).items()):
        letter = string.ascii_uppercase[n] if n < 26 else str(n + 1)
        styles[team] = TeamStyle(colour, SHAPES[n % len(SHAPES)], letter,
                                 DASHES[n % len(DASHES)])
    return styles


def team_colours(team_ids: Iterable[str], given: Mapping[str, str] | None = None
                 ) -> dict[str, str]:
    """One colour per team: ``given`` where set, else the palette in order of first
    appearance (so the same teams get the same colours on every map)."""
    colours: dict[str, str] = {}
    given = given or {}
    free = iter(c for c in PALETTE if c not in set(given.values()))
    for team in team_ids:
        if team in colours:
            continue
        colours[team] = _safe_colour(given[team]) if team in given else next(free, "#444444")
    return colours



def route_map(route: MapRoute, *, static_prefix: str = DEFAULT_STATIC_PREFIX,
              tiles: str | None = OSM_TILES, attribution: str | None = OSM_ATTRIBUTION,
              colour: str | None = None, labels: Mapping[str, str] | None = None
              ) -> OfflineMap:
    """A map of one team-day: numbered markers in visit order, the path from the
    base through the stops back to the base, and a popup per stop with its address
    and ETA. ``tiles=None`` draws no background (fully offline, nothing leaks)."""
    fmap = _new_map(route_points([route]), static_prefix, tiles, attribution)
    _draw_route(fmap, route, _safe_colour(colour or route.colour or PALETTE[0]),
                with_english(labels))
    return fmap


def overview_map(routes: Sequence[MapRoute], *, static_prefix: str = DEFAULT_STATIC_PREFIX,
                 tiles: str | None = OSM_TILES, attribution: str | None = OSM_ATTRIBUTION,
                 colours: Mapping[str, str] | None = None,
                 styles: Mapping[str, TeamStyle] | None = None,
                 labels: Mapping[str, str] | None = None) -> OfflineMap:
    """All routes on one map, a layer per team-day (switchable) and a legend of the
    teams. Each team has a colour, a marker shape, a letter before each stop number and
    a line dash, so the map reads without colour too. ``styles`` (from
    :func:`team_styles`) keeps them the same as the caller's own legend; without it they
    follow the order of ``routes`` and ``colours``."""
    labels = with_english(labels)
    fmap = _new_map(route_points(routes), static_prefix, tiles, attribution)
    teams = [r.team for r in routes]
    given = {**{r.team: r.colour for r in routes if r.colour}, **(colours or {})}
    chosen = dict(styles or {})
    missing = [t for t in teams if t not in chosen]
    if missing:
        extra = team_styles([*chosen, *missing], {**{t: st.colour for t, st in chosen.items()},
                                                  **given})
        chosen.update({t: extra[t] for t in missing})
    for route in routes:
        layer = folium.FeatureGroup(name=escape(f"{route.team} {as_text(route.day)}"))
        _draw_route(layer, route, chosen[route.team].colour, labels, style=chosen[route.team])
        layer.add_to(fmap)
    if len(routes) > 1:
        folium.LayerControl(collapsed=True).add_to(fmap)
    shown = dict.fromkeys(teams)
    legend = "".join(
        f"<div>{_team_marker(chosen[t], chosen[t].letter)}{_dash_sample(chosen[t])}"
        f"{escape(t)}</div>" for t in shown)
    fmap.add_child(_Legend(legend))
    return fmap


def _team_marker(style: TeamStyle, text: str) -> str:
    colour = _safe_colour(style.colour)
    return (f'<div class="rp-stop rp-team rp-{style.shape}" style="background:{colour}">'
            f"<span>{escape(text)}</span></div>")


def _dash_sample(style: TeamStyle) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    return (f'<svg width="30" height="8" aria-hidden="true"><line x1="0" y1="4" x2="30" '
            f'y2="4" stroke="{_safe_colour(style.colour)}" stroke-width="4"{dash}/></svg>')


def render(fmap: folium.Map, *, title: str | None = None) -> str:
    """The map as a complete HTML page. Element ids are numbered in document order
    instead of folium's random ones, so the same route renders the same bytes."""
    root = fmap.get_root()
    if title is not None and isinstance(root, Figure):
        root.title = escape(title)
    _stable_ids(root)
    return root.render()







def external_assets(html: str, static_prefix: str = DEFAULT_STATIC_PREFIX) -> list[str]:
    """URLs of scripts and stylesheets in ``html`` that are not under
    ``static_prefix``: an empty list means the page loads nothing from elsewhere."""
    urls = re.findall(r"<script[^>]*\bsrc\s*=\s*[\"']([^\"']*)", html, re.I)
    urls += re.findall(r"<link[^>]*\bhref\s*=\s*[\"']([^\"']*)", html, re.I)
    return [u for u in urls if not u.startswith(static_prefix)]


def _new_map(points: list[tuple[float, float]], static_prefix: str, tiles: str | None,
             attribution: str | None) -> OfflineMap:
    centre = _centre(points)
    fmap = OfflineMap(location=list(centre), zoom_start=13, tiles=None,
                      static_prefix=static_prefix, control_scale=True)
    root = fmap.get_root()
    # The referrer would tell the tile server which page (and route) is open.
    root.header.add_child(Element('<meta name="referrer" content="no-referrer">'),
                          name="referrer")
    root.header.add_child(Element(_MARKER_CSS), name="rp_css")
    if tiles:
        folium.TileLayer(tiles=tiles, attr=attribution or "", max_zoom=19).add_to(fmap)
    if len(points) > 1:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(30, 30))
    return fmap


def _draw_route(parent: Any, route: MapRoute, colour: str, labels: Mapping[str, str],
                style: TeamStyle | None = None) -> None:
    path = [p for p in (route.start,) if p is not None]
    for number, stop in enumerate(route.stops, start=1):
        if not is_located(stop):
            continue
        point = (float(stop.lat), float(stop.lon))  # type: ignore[arg-type]
        path.append(point)
        if style is None:
            html = f'<div class="rp-stop" style="background:{colour}">{number}</div>'
        else:
            html = _team_marker(style, f"{style.letter}{number}")
        marker = folium.Marker(
            location=list(point),
            icon=folium.DivIcon(html=html, icon_size=(28, 28), icon_anchor=(14, 14),
                                popup_anchor=(0, -14), class_name="rp-stop-icon"),
        )
        marker.add_child(_BoundPopup(_popup_html(number, stop, labels)))
        marker.add_to(parent)
    end = route.end or route.start
    if end is not None:
        path.append(end)
    for base in dict.fromkeys(p for p in (route.start, route.end) if p is not None):
        marker = folium.Marker(
            location=list(base),
            icon=folium.DivIcon(html='<div class="rp-base">&#8962;</div>',
                                icon_size=(22, 22), icon_anchor=(11, 11),
                                popup_anchor=(0, -11), class_name="rp-base-icon"),
        )
        base_text = f"<b>{escape(labels['base'])}</b><br>{escape(route.team)}"
        marker.add_child(_BoundPopup(base_text))
        marker.add_to(parent)
    if len(path) > 1:
        dash = {"dash_array": style.dash} if style is not None and style.dash else {}
        folium.PolyLine(path, color=colour, weight=4, opacity=0.8, **dash).add_to(parent)


def _popup_html(number: int, stop: MapStop, labels: Mapping[str, str]) -> str:
    lines = [f"<b>{escape(labels['stop'])} {number}: {escape(stop.label)}</b>"]
    if stop.address:
        lines.append(escape(stop.address))
    if stop.eta is not None:
        lines.append(f"{escape(labels['eta'])} {escape(as_text(stop.eta))}")
    if stop.start is not None:
        lines.append(f"{escape(labels['start'])} {escape(as_text(stop.start))}")
    return "<br>".join(lines)


def _stable_ids(element: Element, counter: list[int] | None = None) -> None:
    counter = counter if counter is not None else [0]
    counter[0] += 1
    element._id = f"{counter[0]:04d}"
    children = list(element._children.values())
    if isinstance(element, Figure):
        children = [element.header, element.html, element.script, *children]
    for child in children:
        _stable_ids(child, counter)
    # Marker(icon=...) creates the icon and its SetIcon outside the child tree.
    for attr in ("icon", "set_icon"):
        extra = getattr(element, attr, None)
        if isinstance(extra, Element) and extra._parent is None:
            _stable_ids(extra, counter)


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    if not points:
        return (55.68, 12.57)  # Copenhagen: a sensible view for an empty plan
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)



def _safe_colour(colour: str) -> str:
    # Colours go into a style attribute; anything but a plain colour could inject CSS.
    if not _COLOUR.match(colour):
        raise ValueError(f"not a colour: {colour!r} (use #rgb, #rrggbb or a CSS name)")
    return colour
