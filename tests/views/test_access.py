"""The authorisation walk: every registered endpoint, as anonymous and as each role,
answers exactly as views/access.py's table says. A new endpoint without a rule fails here."""

from __future__ import annotations

import pytest

from outreach_app.models import Role
from outreach_app.views.access import ENDPOINT_ROLES, PUBLIC, allowed

ROLES = [r.value for r in Role]


def _url(rule) -> str:
    # Any id will do: access is decided before the object is looked up.
    url = rule.rule
    for arg in rule.arguments:
        url = url.replace(f"<int:{arg}>", "1").replace(f"<{arg}>", "x").replace(
            f"<path:{arg}>", "css/app.css")
    return url


def _walk(app):
    # Logging out ends the walk's session, so it goes last.
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "auth.logout", r.rule))
    for rule in rules:
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"OPTIONS"})[0]
        yield rule, method, _url(rule)


def _token_after_redirect(client) -> str:
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    from tests.conftest import CSRF_RE

    match = CSRF_RE.search(page)
    return match.group(1) or match.group(2)


def test_every_endpoint_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(ENDPOINT_ROLES))
    assert missing == [], f"endpoints without a rule in ENDPOINT_ROLES: {missing}"


def test_access_table_names_no_endpoint_that_does_not_exist(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(set(ENDPOINT_ROLES) - endpoints) == []


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_reaches_exactly_what_the_table_allows(app, client, make_user, role):
    if role is not None:
        make_user(f"u-{role}", role)
        assert client.login(f"u-{role}").status_code == 302
    # A valid CSRF token, so that a refusal can only come from the access check.
    token = client.csrf_token("/login") if role is None else _token_after_redirect(client)
    wrong = []
    for rule, method, url in _walk(app):
        data = {"csrf_token": token} if method != "GET" else None
        response = client.open(url, method=method, data=data)
        refused_anonymous = response.status_code == 302 and "/login" in response.location
        refused = response.status_code in (401, 403) or (role is None and refused_anonymous)
        expected = allowed(rule.endpoint, role)
        if expected == refused:
            wrong.append((role, rule.endpoint, method, response.status_code))
    assert wrong == []


def test_unlisted_endpoint_is_refused_even_when_logged_in(app_factory, make_user):
    app = app_factory()

    @app.get("/unlisted")
    def unlisted():  # pragma: no cover - must never run
        return "secret"

    from tests.conftest import Client

    app.test_client_class = Client
    with app.app_context():
        from outreach_app.services.reference_data import ensure_reference_data

        ensure_reference_data()
        make_user("admin1", "admin")
        client = app.test_client()
        client.login("admin1")
        assert client.get("/unlisted").status_code == 403


def test_api_answers_json_401_to_anonymous(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.is_json and response.json["message"]


def test_public_endpoints_are_only_login_language_health_static_and_app_files():
    public = sorted(e for e, rule in ENDPOINT_ROLES.items() if rule == PUBLIC)
    assert public == ["auth.login", "field.manifest", "field.service_worker", "main.favicon",
                      "main.healthz", "main.set_language", "static"]
