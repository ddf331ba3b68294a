"""Teams and positions in Chromium: the admin sets a team's start point by clicking the
map; the coordinator places an address without position by clicking the map. Both pages
run under the strict CSP (no inline script) and fit a phone."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from tests.e2e.conftest import DESKTOP, login
from tests.e2e.test_case_walkthrough import _shoot_both


def _watch_console(page) -> list[str]:
    """Script errors, CSP refusals and failed requests (the browser's own favicon aside)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and "Failed to load resource" not in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400
            and not r.url.endswith("/favicon.ico") else None)
    return errors


def test_admin_sets_a_team_start_point_by_clicking_the_map(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = _watch_console(page)
    login(page, live_server, "admin")
    page.get_by_role("link", name="Hold", exact=True).click()
    assert "tomandshold" in page.locator("table").inner_text()
    _shoot_both(page, "teams_list")
    page.get_by_role("link", name="Vægterkorps Nord").click()
    page.wait_for_selector(".leaflet-container")
    before = page.input_value("#start_lat")
    page.locator("[data-position-map]").scroll_into_view_if_needed()
    box = page.locator("[data-position-map]").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.3)
    after = page.input_value("#start_lat")
    assert after != before and 55 < float(after) < 56
    _shoot_both(page, "team_edit")
    page.get_by_role("button", name="Gem").click()
    assert "Holdet er gemt." in page.locator(".flash").inner_text()
    page.get_by_role("link", name="Planlægningsindstillinger", exact=True).first.click()
    assert "Et besøg på 20 min" in page.locator("main").inner_text()
    _shoot_both(page, "planner_settings")
    page.get_by_role("link", name="Fravær", exact=True).first.click()
    _shoot_both(page, "absences")
    assert errors == []
    context.close()


def test_coordinator_places_an_address_without_position_on_the_map(browser, live_server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = _watch_console(page)
    login(page, live_server, "koordinator")
    # A new citizen whose address no geocoder can find (none is configured here).
    page.goto(live_server + "/noshows/new")
    name = "Positionsløs " + uuid.uuid4().hex[:6]
    page.fill("#case_ref", "E2E-POS-" + uuid.uuid4().hex[:6])
    page.fill("#citizen_reference", "E2E-P-" + uuid.uuid4().hex[:6])
    page.fill("#full_name", name)
    page.fill("#address", "Ukendt Vej 7")
    page.fill("#postcode", "2200")
    page.fill("#city", "København N")
    page.select_option("#target_group", "aktivitetsparat")
    page.select_option("#no_show_kind", "interview")
    page.fill("#no_show_date", (date.today() - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Registrér").last.click()
    page.get_by_role("link", name="Positioner").click()
    row = page.locator("tr", has_text=name)
    assert "ingen adresseopslag er sat op" in row.inner_text()
    _shoot_both(page, "positions_list")
    row.get_by_role("link", name="Sæt position").click()
    page.wait_for_selector(".leaflet-container")
    page.locator("[data-position-map]").scroll_into_view_if_needed()
    box = page.locator("[data-position-map]").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2)
    assert page.input_value("#lat") and page.input_value("#lon")
    assert page.locator(".leaflet-marker-icon").count() == 1
    _shoot_both(page, "position_edit")
    # Typed the Danish way, with decimal commas; the marker follows.
    page.fill("#lat", "55,6861")
    page.fill("#lon", "12,5531")
    page.get_by_role("button", name="Gem position").click()
    assert "Positionen er gemt" in page.locator(".flash").inner_text()
    assert name not in page.locator("main").inner_text()
    assert errors == []
    context.close()
