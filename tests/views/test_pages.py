"""Error pages in the user's language, JSON errors under /api/, health, headers, language."""

from __future__ import annotations

import pytest

from outreach_app.extensions import db


def test_unknown_url_gets_the_404_page_in_danish(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.get_data(as_text=True)


def test_language_switch_shows_english_and_back(client):
    client.submit("/language", {"lang": "en", "next": "/login"}, form_url="/login")
    page = client.get("/login").get_data(as_text=True)
    assert "<html lang=\"en\">" in page and "User name" in page
    assert client.get("/no/such/page").get_data(as_text=True).count("Page not found") >= 1
    client.submit("/language", {"lang": "da", "next": "/login"}, form_url="/login")
    assert "Brugernavn" in client.get("/login").get_data(as_text=True)


def test_language_switch_ignores_unknown_languages_and_foreign_next(client):
    response = client.submit("/language", {"lang": "xx", "next": "https://evil.example/"},
                             form_url="/login")
    assert response.status_code == 302 and "evil.example" not in response.location
    assert "Brugernavn" in client.get("/login").get_data(as_text=True)


def test_api_errors_are_json(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json and response.json["error"] == 404 and response.json["message"]


def test_an_unexpected_error_shows_the_500_page_without_a_traceback(app_factory, make_user,
                                                                    caplog):
    app = app_factory({"TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @app.get("/coordinator/boom")
    def boom():
        raise RuntimeError("secret detail about Ida Fiktivsen")

    from outreach_app.views.access import ENDPOINT_ROLES

    ENDPOINT_ROLES["boom"] = "public"
    try:
        with app.app_context():
            response = app.test_client().get("/coordinator/boom")
        page = response.get_data(as_text=True)
        assert response.status_code == 500
        assert "Noget gik galt" in page
        assert "Traceback" not in page and "Ida Fiktivsen" not in page
        # The log says what broke, not whose data was involved.
        assert "RuntimeError" in caplog.text and "Ida Fiktivsen" not in caplog.text
    finally:
        del ENDPOINT_ROLES["boom"]


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(app_factory):
    app = app_factory({"SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent/dir/db.sqlite3"})
    with app.app_context():
        response = app.test_client().get("/healthz")
        db.engine.dispose()
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_csp_allows_only_this_sites_scripts_and_styles(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "http" not in csp.replace("https://", "")  # no third party unless configured
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("template,source", [
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
    ("https://data.kort.kommune.dk/wmts/{z}/{x}/{y}.png", "https://data.kort.kommune.dk"),
    ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
])
def test_a_configured_tile_server_may_be_shown_and_kept_offline(app_factory, template, source):
    app = app_factory(MAP_TILE_URL=template)
    csp = app.test_client().get("/login").headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    # Images on the maps, and the field app's service worker keeping the day's tiles.
    assert directives["img-src"] == f"'self' data: {source}"
    assert directives["connect-src"] == f"'self' {source}"


def test_tiles_from_this_site_need_no_exception(app_factory):
    csp = app_factory(MAP_TILE_URL="/tiles/{z}/{x}/{y}.png").test_client().get(
        "/login").headers["Content-Security-Policy"]
    assert "img-src 'self' data:;" in csp and "connect-src 'self';" in csp


def test_pages_load_no_asset_from_another_site(client, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    for url in ("/login", "/coordinator/"):
        page = client.get(url).get_data(as_text=True)
        assert "src=\"http" not in page and "href=\"http" not in page
        assert "<script>" not in page and " style=\"" not in page  # the CSP would block them


def test_every_form_field_has_a_label(client, make_user, make_citizen):
    import re

    make_user("boss", "admin")
    client.login("boss")
    page = client.get("/admin/users").get_data(as_text=True)
    tags = re.findall(r'<(?:input|select|textarea)[^>]*>', page)
    # Hidden inputs (CSRF and one-time form tokens) have no label to show.
    visible = [re.search(r'\bid="([^"]+)"', t).group(1) for t in tags
               if 'type="hidden"' not in t and re.search(r'\bid="', t)]
    assert visible
    for field_id in visible:
        assert f'for="{field_id}"' in page, field_id
