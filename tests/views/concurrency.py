"""The same form, with one browser's cookie and form token, posted by many threads at
the same moment: what twenty impatient clicks (or retries) do on a real database."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import pytest

from tests.conftest import Client

#: Concurrent writers need a real server database; SQLite serialises them anyway.
needs_postgresql = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="concurrent writers need PostgreSQL (CI sets TEST_DATABASE_URL)")


def post_at_once(app, username: str, url: str, form: Callable[[Client], dict],
                 times: int = 20) -> list[int]:
    """Log ``username`` in, build the form with that browser (``form(browser)``, so it
    carries the browser's tokens), then post it ``times`` times at once with the same
    session cookie. Returns the status codes, sorted."""
    app.test_client_class = Client
    browser = app.test_client()
    browser.login(username)
    data = form(browser)
    cookie = browser.get_cookie("session").value
    start = threading.Barrier(times)
    codes: list[int] = []

    def post():
        client = app.test_client()
        client.set_cookie("session", cookie)
        start.wait()
        codes.append(client.post(url, data=data).status_code)

    threads = [threading.Thread(target=post) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(codes)
