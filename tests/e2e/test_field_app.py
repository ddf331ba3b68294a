"""The field app on a phone (360x640, touch) in Debian's Chromium: installable, usable
offline, and every outcome reaching the server exactly once, also when answers get lost,
the server fails, two tabs send at once or the browser clears its storage.

Each test gets its own copy of the seeded demo database and its own server, so the server's
records can be counted exactly.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import itertools
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    ANDROID,
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORDS,
    ROOT,
    flask_server,
    run_cli,
    screenshot,
)

PHONE_SMALL = {"width": 360, "height": 640}
WAIT = 20_000  # ms; the machine is shared and slow at times


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("field-template")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
           "GEOCODER": "off"}
    run_cli(env, "init-db")
    run_cli(env, "seed-demo")
    # The demo publishes routes on working days only; these tests need a field day today,
    # whatever the calendar says, so Nord gets four of the open visits today.
    subprocess.run([sys.executable, "-c", TODAY_ROUTE], cwd=ROOT, env=env, check=True,
                   timeout=180)
    return folder / "demo.sqlite3"


TODAY_ROUTE = """
from outreach_app import create_app
from outreach_app.domain import OPEN_VISIT_STATUSES
from outreach_app.extensions import db
from outreach_app.models import Team, Visit
from outreach_app.services import clock, planning
app = create_app()
with app.app_context():
    today = clock.today()
    team = db.session.query(Team).filter_by(name="Vægterkorps Nord").one()
    visits = [v for v in db.session.query(Visit).order_by(Visit.id)
              if v.status in OPEN_VISIT_STATUSES and v.window_start is None][:4]
    for visit in visits:
        visit.earliest_on = today
    planning.plan_team_day(team, today, visits)
    db.session.commit()
"""


class Server:
    def __init__(self, url: str, db_path, env: dict):
        self.url = url
        self.db_path = db_path
        self.env = env
        # The demo's own history has field outcomes: a test counts only the ones after it.
        self.first_outcome = self.query("SELECT coalesce(max(id), 0) FROM field_outcomes")[0][0]
        self.seeded_visits = self._home_visits()

    def query(self, sql: str, *args):
        with sqlite3.connect(self.db_path) as conn:
            return conn.execute(sql, args).fetchall()

    def outcomes(self) -> list[tuple]:
        return self.query("SELECT client_id, visit_id, outcome, result FROM field_outcomes "
                          "WHERE id > ? ORDER BY id", self.first_outcome)

    def flag_first_stop(self, flags: list[str], note: str) -> None:
        """Safety flags on the citizen of today's first stop, as the coordinator sets them."""
        citizen = self.query(
            "SELECT c.citizen_id FROM route_stops s JOIN route_plans p ON p.id = s.route_plan_id "
            "JOIN visits v ON v.id = s.visit_id JOIN cases c ON c.id = v.case_id "
            "WHERE p.day = ? ORDER BY s.seq LIMIT 1",
            datetime.now(ZoneInfo("Europe/Copenhagen")).date().isoformat())[0][0]
        self.query("UPDATE citizens SET safety_flags = ?, safety_note = ? WHERE id = ?",
                   json.dumps(flags), note, citizen)

    def _home_visits(self) -> int:
        return self.query("SELECT count(*) FROM contact_attempts WHERE rung='home_visit'")[0][0]

    def home_visit_attempts(self) -> int:
        """Home-visit attempts recorded since the server started on the seeded demo."""
        return self._home_visits() - self.seeded_visits


@pytest.fixture
def serve(seeded_template, tmp_path):
    """Start the app on a copy of the seeded demo, with extra settings; stopped after the test."""
    started = itertools.count()
    with contextlib.ExitStack() as servers:
        def start(**settings) -> Server:
            db_path = tmp_path / f"field{next(started)}.sqlite3"
            shutil.copy(seeded_template, db_path)
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}",
                   "SECRET_KEY": "e2e-" + os.urandom(16).hex(),
                   "LOGIN_RATE_LIMIT": "1000 per minute", "GEOCODER": "off", **settings}
            return Server(servers.enter_context(flask_server(env)), db_path, env)

        yield start


@pytest.fixture
def server(serve):
    return serve()


@pytest.fixture
def phone(browser):
    """A phone-sized touch context; closed after the test even when it fails, so that its
    timers and routes cannot reach into the next test."""
    contexts = []

    def make(**kw):
        context = browser.new_context(viewport=PHONE_SMALL, has_touch=True, is_mobile=True,
                                      user_agent=ANDROID, locale="da-DK", **kw)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def log_in(page, server: Server, username: str = "vaegter", password: str | None = None):
    page.goto(server.url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or DEMO_PASSWORDS[username])
    page.click("button[type=submit].primary")
    page.wait_for_url("**/field/")
    page.locator("#stops > li").first.wait_for(timeout=WAIT)


def sw_ready(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=WAIT)


def record(page, stop_index: int, outcome: str = "not_at_home", **fields):
    stop = page.locator("#stops > li").nth(stop_index)
    stop.get_by_role("button", name=re.compile("Registrér udfald")).click()
    dialog = page.locator("#outcome-dialog")
    dialog.locator(f"input[name=outcome][value={outcome}]").check()
    if outcome == "not_at_home":
        dialog.locator("input[name=card_left][value=yes]").check()
    for name, value in fields.items():
        dialog.locator(f"[name={name}]").fill(value)
    dialog.get_by_role("button", name="Gem").click()
    expect(dialog).to_be_hidden()


def waiting(page):
    return page.locator("#sync-waiting")


def expect_waiting(page, n: int):
    expect(waiting(page)).to_have_attribute("data-count", str(n), timeout=WAIT)


IDB_ROWS = """async (store) => {
    const db = await new Promise(r => { const q = indexedDB.open("outreach-field");
                                        q.onsuccess = () => r(q.result); });
    if (!db.objectStoreNames.contains(store)) { db.close(); return []; }
    const rows = await new Promise(r => { const q = db.transaction(store).objectStore(store)
                                          .getAll(); q.onsuccess = () => r(q.result); });
    db.close();
    return rows;
}"""


def outbox(page) -> list[dict]:
    """The phone's unconfirmed outcomes, read straight from IndexedDB (any page of the site)."""
    return page.evaluate(IDB_ROWS, "outbox")


def send_now(page):
    page.get_by_role("button", name="Send nu").click()


# -- the scenario of the issue --------------------------------------------------------------

def test_route_offline_two_outcomes_confirmed_once_and_a_resend_changes_nothing(phone, server):
    server.flag_first_stop(["dog", "threats"], "Ring på hos naboen først.")
    context = phone()
    page = context.new_page()
    # 1. Log in and see today's route, with the first stop's safety flags in words.
    log_in(page, server)
    expect(page.locator("#stops > li")).to_have_count(4)
    first = page.locator("#stops > li").first
    expect(first.locator(".safety li")).to_have_text(
        ["Hund på adressen", "Tidligere trusler eller vold", "Ring på hos naboen først."])
    expect(page.locator("#stops > li").nth(1).locator(".safety")).to_have_count(0)
    expect(first.locator(".eta")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    assert first.get_by_role("link", name="Navigér til stop 1").get_attribute(
        "href").startswith("geo:")
    expect(page.get_by_role("link", name=re.compile("Ring til kontoret"))).to_have_attribute(
        "href", re.compile(r"^tel:\+45"))
    sw_ready(page)
    names = [n.strip() for n in page.locator("#stops .stop-name").all_inner_texts()]
    # 2. Offline, a reload is served by the service worker, with the route from the phone.
    context.set_offline(True)
    page.reload()
    page.locator("#stops > li").first.wait_for(timeout=WAIT)
    expect(page.locator("#stops .stop-name").first).to_have_text(names[0])
    # 3. Two outcomes recorded offline wait on the phone.
    record(page, 0, "not_at_home")
    record(page, 1, "met", explanation="Var syg.", next_step="Ringer mandag.")
    expect_waiting(page, 2)
    expect(waiting(page)).to_have_text("2 venter på at blive sendt")
    expect(page.locator("#sync-info")).to_have_text(re.compile("^Gemt på telefonen"))
    expect(page.locator("#stops > li").nth(0)).to_have_attribute("data-state", "waiting")
    saved = outbox(page)
    assert len(saved) == 2 and server.outcomes() == []
    screenshot(page, "field_offline_two_waiting_360")
    # 4. Online again: both are confirmed by the server, which holds exactly two.
    context.set_offline(False)
    expect_waiting(page, 0)
    expect(page.locator("#sync-receipt")).to_have_text(re.compile("Senest bekræftet"))
    expect(page.locator("#sync-info")).to_have_text("")  # no stale "saved, waiting" line
    stored = server.outcomes()
    assert sorted(r[0] for r in stored) == sorted(i["client_id"] for i in saved)
    assert [r[3] for r in stored] == ["applied", "applied"]
    expect(page.locator("#stops > li").nth(0)).to_have_attribute("data-state", "not_met")
    expect(page.locator("#stops > li").nth(1)).to_have_attribute("data-state", "done")
    attempts = server.home_visit_attempts()
    # 5. The phone sends the same ids again: nothing changes on the server.
    for item in saved:
        page.evaluate("item => FieldOutbox.put(Object.assign(item, {state: 'waiting', "
                      "next_try: 0}))", item)
    send_now(page)
    expect_waiting(page, 0)
    assert server.outcomes() == stored and server.home_visit_attempts() == attempts
    screenshot(page, "field_confirmed_360")
    context.close()


def test_the_app_is_installable_with_no_errors(browser_type, server, tmp_path):
    # Chromium reports "in-incognito" for a throwaway context: a real profile is needed.
    context = browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        viewport=PHONE_SMALL, has_touch=True, is_mobile=True, user_agent=ANDROID)
    page = context.pages[0] if context.pages else context.new_page()
    log_in(page, server)
    sw_ready(page)
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = cdp.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest.get("errors")
    context.close()


# -- what the anchors got wrong -----------------------------------------------------------

def test_answer_lost_after_the_server_committed_is_resent_and_stored_once(phone, server):
    context = phone(service_workers="block")
    page = context.new_page()
    log_in(page, server)
    lost = {"n": 0}

    def lose_the_answer(route):
        route.fetch()  # the server stores it...
        lost["n"] += 1
        route.abort("connectionreset")  # ...and the phone never hears back

    page.route("**/api/v1/outcomes", lose_the_answer)
    record(page, 0)
    expect(page.locator("#stops > li").first).to_have_attribute("data-state", "waiting")
    assert _eventually(page, lambda: lost["n"] >= 1)
    assert len(server.outcomes()) == 1
    expect_waiting(page, 1)  # not confirmed: still waiting, honestly
    page.unroute("**/api/v1/outcomes")
    send_now(page)
    expect_waiting(page, 0)
    assert len(server.outcomes()) == 1 and server.home_visit_attempts() >= 1
    context.close()


def _eventually(page, check, seconds: float = 20) -> bool:
    # Waiting through Playwright, so that its route handlers run meanwhile.
    for _ in range(int(seconds * 5)):
        if check():
            return True
        page.wait_for_timeout(200)
    return False


def test_a_500_during_replay_keeps_the_item_and_a_later_send_succeeds(phone, server):
    context = phone(service_workers="block")
    page = context.new_page()
    log_in(page, server)
    page.route("**/api/v1/outcomes", lambda route: route.fulfill(
        status=500, content_type="application/json", body='{"error": 500}'))
    record(page, 0)
    record(page, 1)
    expect_waiting(page, 2)
    send_now(page)
    expect_waiting(page, 2)
    assert all(i["state"] == "waiting" and i["attempts"] >= 1 for i in outbox(page))
    assert server.outcomes() == []
    page.unroute("**/api/v1/outcomes")
    send_now(page)
    expect_waiting(page, 0)
    assert len(server.outcomes()) == 2
    context.close()


def test_a_409_keeps_the_item_visible_and_does_not_block_the_next(phone, server):
    context = phone(service_workers="block")
    page = context.new_page()
    log_in(page, server)
    context.set_offline(True)
    record(page, 0)
    record(page, 1)
    expect_waiting(page, 2)
    first = sorted(outbox(page), key=lambda i: i["recorded_at"])[0]
    # The phone's own sends fail until the other copy is in (no race with `online`).
    page.route("**/api/v1/outcomes", lambda route: route.abort("connectionreset"))
    context.set_offline(False)
    # Another copy with the same id but other content reached the server first.
    other = {**first["body"], "card_left": False}
    answer = page.request.post(server.url + "/api/v1/outcomes", data=other,
                               headers={"Content-Type": "application/json"})
    assert answer.status == 200
    page.unroute("**/api/v1/outcomes")
    send_now(page)
    failed = page.locator("#failed-list > li")
    expect(failed).to_have_count(1, timeout=WAIT)
    expect(failed.first).to_contain_text("allerede modtaget med andet indhold")
    expect_waiting(page, 0)  # the other one went through
    assert len(server.outcomes()) == 2
    items = outbox(page)
    assert [i["state"] for i in items] == ["conflict"]
    screenshot(page, "field_409_360")
    context.close()


def test_bad_input_goes_to_could_not_be_sent_without_looping_or_blocking(phone, server):
    context = phone(service_workers="block")
    page = context.new_page()
    log_in(page, server)
    posts = []
    page.on("request", lambda r: posts.append(r) if r.url.endswith("/api/v1/outcomes")
            and r.method == "POST" else None)
    record(page, 0, "met", updated_phone="12")
    record(page, 1, "not_at_home")
    failed = page.locator("#failed-list > li")
    expect(failed).to_have_count(1, timeout=WAIT)
    expect(failed.first).to_contain_text("Telefonnummeret er ikke gyldigt.")
    expect_waiting(page, 0)
    assert [r[2] for r in server.outcomes()] == ["not_at_home"]
    sent = len(posts)
    send_now(page)
    page.wait_for_timeout(1500)
    send_now(page)
    page.wait_for_timeout(1500)
    assert len(posts) == sent  # the refused one is not sent again by itself
    expect(failed).to_have_count(1)
    context.close()


def test_two_tabs_replaying_at_once_store_each_outcome_once(phone, server):
    context = phone(service_workers="block")
    one = context.new_page()
    log_in(one, server)
    two = context.new_page()
    two.goto(server.url + "/field/")
    two.locator("#stops > li").first.wait_for(timeout=WAIT)
    context.set_offline(True)
    record(one, 0)
    record(one, 1, "refused", explanation="Ville ikke tale.")
    expect_waiting(one, 2)
    context.set_offline(False)
    # Both tabs get `online` and send at the same moment.
    expect_waiting(one, 0)
    two.evaluate("FieldOutbox.send({force: true})")
    two.reload()
    two.locator("#stops > li").first.wait_for(timeout=WAIT)
    expect_waiting(two, 0)
    assert len(server.outcomes()) == 2 and server.home_visit_attempts() >= 2
    context.close()


def test_storage_cleared_by_the_browser_the_app_recovers_from_the_server(phone, server):
    context = phone()
    page = context.new_page()
    log_in(page, server)
    sw_ready(page)
    record(page, 0)
    expect_waiting(page, 0)
    cdp = context.new_cdp_session(page)
    cdp.send("Storage.clearDataForOrigin", {
        "origin": server.url,
        # What eviction or "clear site data" for storage removes; the login cookie stays.
        "storageTypes": "indexeddb,cache_storage,service_workers,local_storage"})
    page.reload()
    page.locator("#stops > li").first.wait_for(timeout=WAIT)
    # The route is fetched again and the server's record shows the visit as handled.
    expect(page.locator("#stops > li").first).to_have_attribute("data-state", "not_met",
                                                                timeout=WAIT)
    expect_waiting(page, 0)
    assert len(server.outcomes()) == 1
    context.close()


def _personal_data_left(page, words: list[str]) -> list[str]:
    return page.evaluate(
        """async (words) => {
            const found = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                    const text = await (await cache.match(request)).text();
                    for (const w of words) {
                        if (text.includes(w)) found.push(name + ' ' + request.url + ' ' + w);
                    }
                }
            }
            const db = await new Promise(r => {
                const q = indexedDB.open("outreach-field");
                q.onsuccess = () => r(q.result);
            });
            for (const store of db.objectStoreNames) {
                const rows = await new Promise(r => {
                    const q = db.transaction(store).objectStore(store).getAll();
                    q.onsuccess = () => r(q.result);
                });
                const text = JSON.stringify(rows);
                for (const w of words) if (text.includes(w)) found.push('idb ' + store + ' ' + w);
            }
            return found;
        }""", words)


def test_logout_with_unsent_items_warns_keeps_them_and_clears_personal_data(phone, server):
    context = phone()
    page = context.new_page()
    log_in(page, server)
    sw_ready(page)
    names = [n.strip() for n in page.locator("#stops .stop-name").all_inner_texts()]
    addresses = [a.strip() for a in page.locator("#stops .stop-address").all_inner_texts()]
    context.set_offline(True)
    record(page, 0)
    expect_waiting(page, 1)
    page.get_by_role("button", name="Log ud").click()
    dialog = page.locator("#logout-dialog")
    expect(dialog).to_be_visible(timeout=WAIT)
    expect(dialog).to_contain_text("1 udfald er ikke bekræftet")
    screenshot(page, "field_logout_warning_360")
    dialog.get_by_role("button", name="Forbliv logget ind").click()
    expect_waiting(page, 1)
    page.get_by_role("button", name="Log ud").click()
    dialog.get_by_role("button", name="Log ud alligevel").click()
    expect(page.get_by_role("status").filter(has_text="Du er logget ud på telefonen")) \
        .to_be_visible(timeout=WAIT)
    expect(page.locator("#stops")).to_be_hidden()
    # The unsent outcome stays; the route and everything else personal is gone.
    assert _personal_data_left(page, names[1:] + addresses[1:]) == []
    assert len(outbox(page)) == 1
    assert page.evaluate(IDB_ROWS, "data") == []
    assert server.outcomes() == []
    # With network again, opening the app ends the server session too, and the kept
    # outcome is delivered (by Background Sync, or at the next login): exactly once.
    context.set_offline(False)
    page.goto(server.url + "/field/")
    page.wait_for_url("**/login", timeout=WAIT)
    log_in(page, server)
    expect_waiting(page, 0)
    assert len(server.outcomes()) == 1
    assert outbox(page) == []


def test_after_logout_caches_and_indexeddb_hold_no_personal_data(phone, server):
    context = phone()
    page = context.new_page()
    log_in(page, server)
    sw_ready(page)
    names = [n.strip() for n in page.locator("#stops .stop-name").all_inner_texts()]
    addresses = [a.strip() for a in page.locator("#stops .stop-address").all_inner_texts()]
    record(page, 0, "met", explanation="Havde glemt mødet.")
    expect_waiting(page, 0)
    assert _personal_data_left(page, names) != []  # the route is on the phone while working
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/login", timeout=WAIT)
    assert _personal_data_left(page, names + addresses + ["Havde glemt mødet."]) == []
    assert outbox(page) == []
    # And the server session is over: the API answers 401.
    assert page.request.get(server.url + "/api/v1/route").status == 401
    context.close()


# -- a shared phone, and a phone that changes network ----------------------------------------

ANNA_PASSWORD = "Trold-Kaffe-Mandag-1947!"


def _second_worker_on_the_same_team(server: Server) -> None:
    """Anna, an outreach worker on Villy's team, so the server would take his visits from her."""
    run_cli(server.env, "create-user", "anna", "--role", "outreach", "--full-name",
            "Anna Andersen", stdin=ANNA_PASSWORD + "\n")
    server.query("UPDATE users SET team_id = (SELECT team_id FROM users WHERE username = ?) "
                 "WHERE username = ?", "vaegter", "anna")


def test_another_users_unsent_outcome_waits_for_its_author_and_is_never_sent_as_theirs(
        phone, server):
    _second_worker_on_the_same_team(server)
    context = phone()
    page = context.new_page()
    log_in(page, server)
    sw_ready(page)
    context.set_offline(True)
    record(page, 0)
    expect_waiting(page, 1)
    page.get_by_role("button", name="Log ud").click()
    page.locator("#logout-dialog").get_by_role("button", name="Log ud alligevel").click()
    expect(page.get_by_role("status").filter(has_text="Du er logget ud på telefonen")) \
        .to_be_visible(timeout=WAIT)
    context.set_offline(False)
    page.goto(server.url + "/field/")
    page.wait_for_url("**/login", timeout=WAIT)
    # Anna logs in on the same phone: Villy's outcome is shown as his and stays unsent.
    log_in(page, server, "anna", ANNA_PASSWORD)
    others = page.locator("#others")
    expect(others).to_be_visible(timeout=WAIT)
    expect(others).to_contain_text("Registreret af Villy Vægter")
    expect(others).to_contain_text("Sendes når Villy Vægter logger ind på telefonen igen.")
    expect_waiting(page, 0)
    expect(page.locator("#stops > li").first).to_have_attribute("data-state", "other_user")
    expect(page.locator("#stops > li").first.locator(".stop-state")).to_contain_text(
        "Villy Vægter")
    screenshot(page, "field_other_users_outcome_360")
    send_now(page)
    assert page.evaluate("FieldOutbox.send({force: true})") == []
    # A tab that still believes Villy is logged in sends it anyway: the server refuses to
    # store it under Anna's name, and the phone keeps it for Villy.
    villy = server.query("SELECT id, full_name FROM users WHERE username = 'vaegter'")[0]
    page.evaluate("me => FieldOutbox.setData('me', me)", {"id": villy[0], "name": villy[1]})
    assert page.evaluate("FieldOutbox.send({force: true})") == ["other_user"]
    assert server.outcomes() == []
    items = outbox(page)
    assert len(items) == 1 and items[0]["state"] == "waiting"
    # Anna logs out without a warning (nothing of hers is unsent); Villy logs in again
    # and his outcome is sent, once, in his name.
    page.reload()
    expect(page.locator("#others")).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/login", timeout=WAIT)
    log_in(page, server)
    expect_waiting(page, 0)
    expect(page.locator("#others")).to_be_hidden()
    assert len(server.outcomes()) == 1
    assert server.query("SELECT u.username FROM field_outcomes f JOIN users u ON u.id = "
                        "f.user_id WHERE f.id > ?", server.first_outcome) == [("vaegter",)]
    assert outbox(page) == []


def _idle(server: Server, username: str, minutes: int) -> None:
    """Make the user's live sessions look `minutes` older than their last request."""
    rows = server.query("SELECT s.id, s.last_seen_at FROM user_sessions s JOIN users u "
                        "ON u.id = s.user_id WHERE u.username = ? AND s.ended_at IS NULL",
                        username)
    assert rows, f"{username} has no live session"
    for row_id, seen in rows:
        earlier = datetime.fromisoformat(seen) - timedelta(minutes=minutes)
        server.query("UPDATE user_sessions SET last_seen_at = ? WHERE id = ?",
                     earlier.strftime("%Y-%m-%d %H:%M:%S.%f"), row_id)


WIFI, MOBILE = "10.20.30.40", "100.70.1.2"


def test_the_session_survives_wifi_to_4g_and_a_quiet_hour_of_the_shift(browser, phone, serve):
    server = serve(TRUSTED_PROXIES="1")  # behind one proxy, which says where requests come from
    context = phone()
    context.set_extra_http_headers({"X-Forwarded-For": WIFI})
    page = context.new_page()
    log_in(page, server)
    sw_ready(page)
    # Out of the door: the phone's requests now come from the mobile network.
    context.set_extra_http_headers({"X-Forwarded-For": MOBILE})
    page.reload()
    page.locator("#stops > li").first.wait_for(timeout=WAIT)
    assert page.url.endswith("/field/")
    record(page, 0)
    expect_waiting(page, 0)
    expect(page.locator("#stops > li").first).to_have_attribute("data-state", "not_met")
    addresses = set(server.query(
        "SELECT action, ip FROM audit_events WHERE action IN ('login', 'visit.field_outcome') "
        "AND ip IS NOT NULL"))  # the demo's own history was made without requests
    assert addresses == {("login", WIFI), ("visit.field_outcome", MOBILE)}
    # Three quarters of an hour without a request between visits: a desk session (30 min)
    # would be over, the worker's (a shift) is not.
    desk = browser.new_context(viewport=PHONE_SMALL)
    desk_page = desk.new_page()
    desk_page.goto(server.url + "/login")
    desk_page.fill("input[name=username]", "koordinator")
    desk_page.fill("input[name=password]", DEMO_PASSWORDS["koordinator"])
    desk_page.click("button[type=submit].primary")
    desk_page.wait_for_load_state()
    assert "/login" not in desk_page.url
    _idle(server, "koordinator", 45)
    _idle(server, "vaegter", 45)
    desk_page.goto(server.url + "/")
    assert "/login" in desk_page.url
    assert server.query("SELECT end_reason FROM user_sessions s JOIN users u ON u.id = "
                        "s.user_id WHERE u.username = 'koordinator'") == [("idle",)]
    desk.close()
    page.reload()
    page.locator("#stops > li").first.wait_for(timeout=WAIT)
    record(page, 1)
    expect_waiting(page, 0)
    assert len(server.outcomes()) == 2
    # A whole shift without a request ends the session like any other.
    _idle(server, "vaegter", 10 * 60)
    page.goto(server.url + "/field/")
    page.wait_for_url(re.compile(r"/login\?next="), timeout=WAIT)
    assert server.query("SELECT end_reason FROM user_sessions s JOIN users u ON u.id = "
                        "s.user_id WHERE u.username = 'vaegter'") == [("idle",)]
    context.close()


# -- the day's map without network -------------------------------------------------------------

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e"
                       "6kgAAAABJRU5ErkJggg==")


class TileServer:
    """A local stand-in for the municipality's tile server (the real one is not reachable
    here): answers every /tiles/z/x/y.png with a small PNG, CORS allowed, and counts."""

    def __init__(self):
        self.requests: list[tuple[int, int, int]] = []
        tiles = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                match = re.fullmatch(r"/tiles/(\d+)/(\d+)/(\d+)\.png", self.path)
                if not match:
                    self.send_error(404)
                    return
                tiles.requests.append(tuple(int(g) for g in match.groups()))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Content-Length", str(len(PNG)))
                self.end_headers()
                self.wfile.write(PNG)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.template = f"http://127.0.0.1:{self.httpd.server_port}/tiles/{{z}}/{{x}}/{{y}}.png"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


def _tile(lat: float, lon: float, z: int) -> tuple[int, int, int]:
    """The Web Mercator tile holding a point (the slippy-map formula)."""
    n = 2 ** z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return z, int((lon + 180) / 360 * n), int(y)


@pytest.fixture
def tile_server():
    tiles = TileServer()
    yield tiles
    tiles.close()


def test_the_days_map_tiles_are_kept_ahead_and_shown_offline(phone, serve, tile_server):
    server = serve(MAP_TILE_URL=tile_server.template)
    context = phone()
    page = context.new_page()
    log_in(page, server)
    sw_ready(page)
    info = page.locator("#map-info")
    expect(info).to_contain_text("Kortet over ruten er gemt på telefonen", timeout=WAIT)
    kept = int(info.get_attribute("data-kept"))
    stops = page.request.get(server.url + "/api/v1/route").json()["today"]["stops"]
    fetched = set(tile_server.requests)
    # The streets around every stop, at the zooms a worker looks for the door with.
    for stop in stops:
        for z in (16, 17):
            assert _tile(stop["lat"], stop["lon"], z) in fetched
    assert 0 < kept == len(fetched) <= 300  # bounded, each tile once
    assert {z for z, _, _ in fetched} <= {z for z in range(10, 18)}
    # In the stairwell: the reloaded app shows the map from the phone, tiles included.
    context.set_offline(True)
    tile_server.requests.clear()
    page.reload()
    page.locator("#stops > li").first.wait_for(timeout=WAIT)
    expect(info).to_contain_text(f"({kept} kortbrikker)")
    expect(page.locator("#route-map .stop-marker")).to_have_count(len(stops))
    tiles = page.locator("#route-map img.leaflet-tile")
    expect(tiles.first).to_be_visible(timeout=WAIT)
    page.wait_for_function("""() => {
        const imgs = [...document.querySelectorAll('#route-map img.leaflet-tile')];
        return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0);
    }""", timeout=WAIT)
    page.locator(".leaflet-control-zoom-in").click()  # one step closer: kept too
    page.wait_for_function("""() => {
        const imgs = [...document.querySelectorAll('#route-map img.leaflet-tile')];
        return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0);
    }""", timeout=WAIT)
    assert tile_server.requests == []
    screenshot(page, "field_map_offline_tiles_360")
    # The tiles show where the visits are: they leave the phone with the route.
    context.set_offline(False)
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url("**/login", timeout=WAIT)
    assert page.evaluate("caches.has('field-tiles')") is False


def test_without_a_tile_server_the_map_shows_the_stops_on_a_plain_background_offline(
        phone, server):
    context = phone()
    page = context.new_page()
    log_in(page, server)
    sw_ready(page)
    context.set_offline(True)
    page.reload()
    page.locator("#stops > li").first.wait_for(timeout=WAIT)
    stops = page.locator("#stops > li").count()
    expect(page.locator("#route-map .stop-marker")).to_have_count(stops)
    expect(page.locator("#route-map")).to_have_class(re.compile("position-map-blank"))
    assert page.locator("#route-map img.leaflet-tile").count() == 0
    expect(page.locator("#map-info")).to_have_count(0)
    screenshot(page, "field_map_offline_blank_360")


# -- "am I at the address?" on the phone -------------------------------------------------------

def test_the_address_check_runs_on_the_phone_and_sends_only_yes_or_no(phone, server):
    context = phone(permissions=["geolocation"],
                    geolocation={"latitude": 0, "longitude": 0, "accuracy": 10})
    page = context.new_page()
    log_in(page, server)
    stops = page.request.get(server.url + "/api/v1/route").json()["today"]["stops"]
    bodies = []
    page.on("request", lambda r: bodies.append(r.post_data)
            if r.url.endswith("/api/v1/outcomes") and r.method == "POST" else None)
    dialog = page.locator("#outcome-dialog")
    # At the first door (about 20 m off), then 400 m away from the second.
    for index, (north, answer) in enumerate([(0.0002, "Ja: inden for 100 m af adressen."),
                                             (0.0036, "Nej: mere end 100 m fra adressen.")]):
        stop = stops[index]
        context.set_geolocation({"latitude": stop["lat"] + north, "longitude": stop["lon"],
                                 "accuracy": 10})
        page.locator("#stops > li").nth(index).get_by_role(
            "button", name=re.compile("Registrér udfald")).click()
        dialog.locator("input[name=outcome][value=refused]").check()
        dialog.get_by_role("button", name="Tjek at jeg er ved adressen").click()
        expect(dialog.locator("#near-result")).to_have_text(answer, timeout=WAIT)
        if index == 0:
            screenshot(page, "field_outcome_near_check_360")
        dialog.get_by_role("button", name="Gem").click()
        expect(dialog).to_be_hidden()
    expect_waiting(page, 0)
    stored = [json.loads(p) for (p,) in server.query(
        "SELECT payload FROM field_outcomes WHERE id > ? ORDER BY id", server.first_outcome)]
    assert [p["near_address"] for p in stored] == [True, False]
    # Nothing of the position left the phone: no coordinates in what was sent.
    sent = [json.loads(b) for b in bodies]
    assert len(sent) >= 2
    for body in sent:
        assert not {"lat", "lon", "latitude", "longitude", "accuracy"} & set(body)
        for stop in stops[:2]:
            for value in (stop["lat"], stop["lon"]):
                assert f"{value:.4f}"[:-1] not in json.dumps(body)
