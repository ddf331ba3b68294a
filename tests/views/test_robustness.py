"""Nothing a user types can produce a 500: every form, as every role allowed to use it,
answers garbage with a page (or JSON) and a 4xx at worst."""

from __future__ import annotations

import re
import uuid

import pytest

from outreach_app.services.clock import today
from outreach_app.services.demo import DEMO_USERS, seed_demo
from outreach_app.views.access import allowed

GARBAGE = ("", " ", "x" * 5000, "-1", "0", "99999999999", "2026-13-45", "1e309", "NaN",
           "<script>alert(1)</script>", "'; DROP TABLE users; --", "🙂\u0000", "   ",
           "/x\r\nSet-Cookie: a=b", "\u202eevil")
NAME_RE = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
LOGINS = {role: (username, password) for username, role, _n, password, _t in DEMO_USERS}


def _url(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        url = url.replace(f"<int:{arg}>", "1").replace(f"<{arg}>", "x")
    return url


@pytest.mark.parametrize("role", sorted(LOGINS))
def test_garbage_in_every_form_gives_no_server_error(app, client, role):
    seed_demo(today())
    username, password = LOGINS[role]
    assert client.login(username, password).status_code == 302
    failures = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("auth.logout", "auth.login"):
            continue
        if not allowed(rule.endpoint, role):
            continue
        url = _url(rule)
        page = client.get(url).get_data(as_text=True) if "GET" in rule.methods else ""
        names = set(NAME_RE.findall(page)) - {"csrf_token", "form_token"} or {"field"}
        token = client.csrf_token(url if "GET" in rule.methods else "/")
        for n, value in enumerate(GARBAGE):
            data = {name: GARBAGE[(n + i) % len(GARBAGE)] for i, name in enumerate(names)}
            data["csrf_token"] = token
            # A fresh one-time token each time, so the garbage reaches the save itself.
            data["form_token"] = str(uuid.uuid4())
            response = client.post(url, data=data)
            if response.status_code >= 500:
                failures.append((rule.endpoint, value[:20], response.status_code))
    assert failures == []
