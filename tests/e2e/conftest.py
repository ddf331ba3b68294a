"""Browser tests: Debian's Chromium driven by Playwright, against the app served by a real
server process on a free 127.0.0.1 port, seeded with the demo month.

`playwright install` cannot download browsers here, so the launch points at
/usr/bin/chromium. Screenshots go to screenshots/ (git-ignored) to be looked at.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "screenshots"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/130.0 Mobile Safari/537.36")
# The demo logins that `flask seed-demo` prints.
DEMO_PASSWORDS = {
    "koordinator": "demo-koordinator",
    "sagsbehandler": "demo-sagsbehandler",
    "vaegter": "demo-vaegter",
    "admin": "demo-admin-1234",
}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it)")
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {seconds} s")


@contextlib.contextmanager
def flask_server(env: dict):
    """`flask run` with ``env`` on a free port; yields its URL once it answers, and
    stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port),
         "--no-reload"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        # The request log goes to stderr; an unread pipe would fill and stall the server.
        stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


def run_cli(env: dict, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                            env=env, input=stdin, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def serve_demo(folder):
    """Seed the demo into a new SQLite file in `folder` and serve it; yields (url, db path)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'e2e.sqlite3'}",
        "SECRET_KEY": "e2e-" + os.urandom(16).hex(),
        "LOGIN_ACCOUNT_FAILURES": "1000", "LOGIN_ADDRESS_FAILURES": "1000",
        "GEOCODER": "off",  # no browser test reaches a real geocoder
    }
    run_cli(env, "init-db")
    run_cli(env, "seed-demo")
    with flask_server(env) as url:
        yield url, folder / "e2e.sqlite3"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The demo app on SQLite, served by `flask run` in a process of its own."""
    for url, _ in serve_demo(tmp_path_factory.mktemp("e2e")):
        yield url


def login(page, base_url: str, username: str, password: str | None = None) -> None:
    """Log in through the form, as a person would."""
    page.goto(base_url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or DEMO_PASSWORDS[username])
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
