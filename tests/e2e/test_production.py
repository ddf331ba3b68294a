"""The README's production setup, as written: gunicorn with two workers on PostgreSQL behind
one trusted proxy. A module-level state that only works in one process (sessions, CSRF,
failed-login counts) fails here."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.e2e.conftest import DESKTOP, ROOT, free_port, run_cli, screenshot, wait_until_up

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgresql"),
    reason="needs TEST_DATABASE_URL pointing at PostgreSQL (CI sets it)",
)


def _fresh_database(name: str) -> str:
    """A database of its own, so the per-test cleanup of the main test database is untouched."""
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(DATABASE_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def production_server():
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        # Named after this run's test database: engineers testing at the same time on one
        # server must not drop each other's production database mid-test.
        "DATABASE_URL": _fresh_database(f"{make_url(DATABASE_URL).database}_production"),
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "TRUSTED_PROXIES": "1",
        "LOGIN_ADDRESS_FAILURES": "8",
    }
    run_cli(env, "init-db")
    run_cli(env, "create-user", "chef", "--role", "coordinator", stdin="a-long-password\n")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://localhost:{port}"
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=15)


def _workers(master_pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True,
                         text=True).stdout
    return [int(pid) for pid in out.split()]


def test_gunicorn_with_two_workers_logs_in_and_keeps_the_session(browser, production_server):
    url, process = production_server
    assert len(_workers(process.pid)) == 2
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(url + "/login")
    page.fill("input[name=username]", "chef")
    page.fill("input[name=password]", "a-long-password")
    page.click("button[type=submit].primary")
    assert page.url == url + "/coordinator/"
    # Many requests, spread over both workers: the session and CSRF hold in each.
    for _ in range(8):
        page.goto(url + "/coordinator/")
        assert page.locator("h1").first.inner_text() == "Arbejdsliste"
    page.get_by_role("button", name="English").click()
    assert page.locator("h1").first.inner_text() == "Work queue"
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["session"]["secure"] and cookies["session"]["httpOnly"]
    screenshot(page, "production_gunicorn_1280")
    context.close()


def _log_in(page, url: str, password: str) -> int:
    page.goto(url + "/login")
    page.fill("input[name=username]", "chef")
    page.fill("input[name=password]", password)
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.click("button[type=submit].primary")
    return response.value.status


def test_failed_logins_are_counted_by_every_worker(browser, production_server):
    url, _process = production_server
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    answers = [_log_in(page, url, "wrong-password") for _ in range(6)]
    # Five failures for the account in all, whichever worker answered each one.
    assert answers == [400, 400, 400, 400, 400, 429]
    assert "Vent 5 minutter" in page.content()
    context.close()


def test_two_clients_behind_the_proxy_are_counted_apart(browser, production_server):
    url, _process = production_server
    # Both reach the app from 127.0.0.1, the proxy; the proxy names each client.
    guesser = browser.new_context(viewport=DESKTOP,
                                  extra_http_headers={"X-Forwarded-For": "198.51.100.7"})
    colleague = browser.new_context(viewport=DESKTOP,
                                    extra_http_headers={"X-Forwarded-For": "198.51.100.8"})
    page = guesser.new_page()
    for n in range(8):
        page.goto(url + "/login")
        page.fill("input[name=username]", f"guess{n}")
        page.fill("input[name=password]", "wrong-password")
        page.click("button[type=submit].primary")
    assert _log_in(page, url, "a-long-password") == 429  # this address waits
    assert _log_in(colleague.new_page(), url, "a-long-password") == 302  # the office does not
    guesser.close()
    colleague.close()


def test_a_copied_cookie_is_worthless_after_logout(browser, production_server):
    url, _process = production_server
    owner = browser.new_context(viewport=DESKTOP)
    page = owner.new_page()
    assert _log_in(page, url, "a-long-password") == 302
    thief = browser.new_context(viewport=DESKTOP)
    thief.add_cookies(owner.cookies())
    stolen = thief.new_page()
    stolen.goto(url + "/coordinator/")
    assert stolen.url == url + "/coordinator/"
    page.goto(url + "/coordinator/")
    page.locator("form[action$='/logout'] button").click()
    stolen.goto(url + "/coordinator/")
    assert "/login" in stolen.url
    owner.close()
    thief.close()
