"""A route map opened in Chromium with every non-local request blocked still shows
its numbered markers and its path (tiles may be missing; nothing else may be)."""

from __future__ import annotations

import functools
import threading
from datetime import date, time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from routes_planner import OSM_TILES, MapRoute, MapStop, render, route_map

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "screenshots"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


def demo_route() -> MapRoute:
    return MapRoute(
        team="Team Nord", day=date(2026, 3, 2), start=(55.6761, 12.5683),
        stops=[
            MapStop("v1", 'Vestergade 5 <b>&</b> "Co"', 55.6795, 12.5712, time(8, 14)),
            MapStop("v2", "Nørregade 1, 1165 København K", 55.6820, 12.5690, time(8, 50)),
            MapStop("v3", "Gothersgade 10", 55.6835, 12.5790, time(9, 30)),
            MapStop("v4", "Store Kongensgade 40", 55.6840, 12.5880, time(10, 15)),
        ],
    )


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture()
def served_map(tmp_path):
    """The demo map and the app's static/ served from 127.0.0.1 on a free port."""
    # OSM tiles on purpose: the browser must ask for them, be refused, and still draw.
    (tmp_path / "map.html").write_text(render(route_map(demo_route(), tiles=OSM_TILES)),
                                       encoding="utf-8")
    (tmp_path / "static").symlink_to(REPO / "static", target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_route_map_draws_markers_and_path_with_the_network_blocked(browser, served_map):
    blocked: list[str] = []
    errors: list[str] = []

    def only_local(route):
        if route.request.url.startswith(served_map + "/"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route("**/*", only_local)
        page.goto(served_map + "/map.html", wait_until="load")

        page.wait_for_selector(".leaflet-marker-icon")
        assert page.locator(".leaflet-marker-icon").count() == 4 + 1  # stops + base
        numbers = page.locator(".rp-stop").all_inner_texts()
        assert numbers == ["1", "2", "3", "4"]
        assert page.locator(".leaflet-overlay-pane svg path").count() == 1
        assert page.evaluate("typeof L") == "object"  # Leaflet came from static/

        page.locator(".rp-stop", has_text="1").click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert 'Vestergade 5 <b>&</b> "Co"' in popup.inner_text()  # shown, not parsed
        assert popup.locator("b >> text='&'").count() == 0

        SCREENSHOTS.mkdir(exist_ok=True)
        # Leaflet fades popups in: finish the fade rather than shoot it half done.
        page.screenshot(path=str(SCREENSHOTS / "map_offline.png"), animations="disabled")
    finally:
        context.close()

    assert errors == []
    # Only tile requests left the machine's loopback, and all of them were refused.
    tile_host = OSM_TILES.split("/")[2]
    assert blocked and all(url.split("/")[2] == tile_host for url in blocked)
