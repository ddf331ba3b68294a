"""The coordinator plans a week in Chromium: the job goes through the real task queue to a
worker process of its own, the page follows its progress, the routes show ETAs, the
route map draws every stop, and the printed route sheet fits one A4 page."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    ROOT,
    flask_server,
    login,
    run_cli,
    screenshot,
)


@pytest.fixture(scope="module")
def server_with_worker(tmp_path_factory):
    """The demo app and a Huey consumer, two processes sharing one SQLite queue file."""
    folder = tmp_path_factory.mktemp("planning")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'app.sqlite3'}",
        "TASK_QUEUE_URL": f"sqlite:///{folder / 'huey.sqlite3'}",
        "SECRET_KEY": "e2e-" + os.urandom(16).hex(),
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "GEOCODER": "off",
    }
    env.pop("TEST_DATABASE_URL", None)
    run_cli(env, "init-db")
    run_cli(env, "seed-demo")
    worker = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "huey_consumer"),
         "outreach_app.worker.huey", "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with flask_server(env) as url:
            yield url
    finally:
        worker.terminate()
        worker.wait(timeout=15)


def _union(a: dict, b: dict) -> dict:
    x, y = min(a["x"], b["x"]), min(a["y"], b["y"])
    return {"x": x, "y": y, "width": max(a["x"] + a["width"], b["x"] + b["width"]) - x,
            "height": max(a["y"] + a["height"], b["y"] + b["height"]) - y}


def _next_working_day() -> date:
    day = date.today() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_plan_a_week_open_a_route_map_and_print_its_sheet(browser, server_with_worker):
    url = server_with_worker
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    page = context.new_page()
    login(page, url, "koordinator")
    page.goto(url + "/planning/")
    page.fill("input[name=day]", _next_working_day().isoformat())
    page.select_option("select[name=span]", "week")
    page.click("#plan-button")
    # The worker plans while the page polls; it reloads by itself when the job ends.
    page.wait_for_selector(".job-done", timeout=120_000)
    assert page.locator("#job-status").inner_text() == "Gennemført"
    rows = page.locator("#team-days tbody tr")
    assert rows.count() >= 1
    page.frame_locator("iframe.map-frame").locator(".rp-stop").first.wait_for(timeout=20_000)
    screenshot(page, "planning_page_1280")
    overview = page.locator("iframe.map-frame")
    overview.scroll_into_view_if_needed()
    overview.screenshot(path=str(ROOT / "screenshots" / "planning_overview_map.png"))
    # Without colour every stop still names its team: a letter before its number, in
    # the team's shape, as in the page's legend.
    first = page.frame_locator("iframe.map-frame").locator(".rp-team span").first
    assert re.fullmatch(r"[A-Z]\d+", first.inner_text())
    letters = page.locator(".legend li[data-team-letter]").evaluate_all(
        "items => items.map(li => li.dataset.teamLetter)")
    assert first.inner_text()[0] in letters and len(set(letters)) == len(letters)
    overview.evaluate("frame => { frame.style.filter = 'grayscale(1)'; }")
    page.locator("ul.legend").evaluate("ul => { ul.style.filter = 'grayscale(1)'; }")
    page.screenshot(path=str(ROOT / "screenshots" / "planning_overview_grey.png"),
                    clip=_union(page.locator("ul.legend").bounding_box(),
                                overview.bounding_box()))

    # The first team-day with stops: ETAs in order, and its map draws every stop.
    link = page.locator("#team-days tbody tr", has=page.locator("td:nth-child(3)",
                                                                  has_text=re.compile(r"\d")))
    link.first.locator("a").first.click()
    page.wait_for_selector("#stops")
    etas = [e.inner_text()[:5] for e in page.locator("#stops td.eta").all()]
    assert etas and etas == sorted(etas)
    frame = page.frame_locator("iframe.map-frame")
    frame.locator(".rp-stop").first.wait_for(timeout=20_000)
    assert frame.locator(".rp-stop").count() == len(etas)
    screenshot(page, "planning_team_day_1280")
    page.click("#route-map-link")
    page.wait_for_selector(".leaflet-container")
    assert page.locator(".rp-stop").count() == len(etas)
    screenshot(page, "planning_route_map_1280")
    page.go_back()

    # The printed sheet: one A4 page.
    page.click("text=Rutekort")
    page.wait_for_selector(".sheet-stops")
    page.frame_locator("iframe.sheet-map").locator(".rp-stop").first.wait_for(timeout=20_000)
    pdf = page.pdf(format="A4", print_background=True)
    (ROOT / "screenshots").mkdir(exist_ok=True)
    (ROOT / "screenshots" / "route_sheet.pdf").write_bytes(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    screenshot(page, "route_sheet_print")
    context.close()

    phone = browser.new_context(viewport=PHONE, locale="da-DK")
    page = phone.new_page()
    login(page, url, "koordinator")
    page.goto(url + "/planning/")
    screenshot(page, "planning_page_360")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the planning page is {width} px wide on a phone"
    phone.close()
