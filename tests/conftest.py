"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set),
an app per test on that database, a client that speaks CSRF, and small factories.

Each test starts from empty tables plus the shipped reference data; the schema itself is
built once per session by running the migrations from nothing, as production does.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text

from outreach_app import create_app
from outreach_app.config import Settings
from outreach_app.extensions import db
from outreach_app.models import Case, Citizen, Partner, User
from outreach_app.services import queue
from outreach_app.services.reference_data import ensure_reference_data

# Background tasks run at once in the caller (Huey's immediate mode, its own memory
# storage): tests go through the real task path. tests/services/test_queue.py runs a
# real consumer on a SQLite queue.
queue.huey.immediate = True

# The machines are shared: a slow example is load, not a bug. CI replays the same examples
# every run (derandomize), so a red build always means the code changed.
hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

PASSWORD = "correct-horse-battery"
FORM_TOKEN_RE = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                     r'name="csrf_token" value="([^"]+)"')


def _reset_schema(url: str) -> None:
    """Drop everything, so the migrations really start from an empty database."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if os.path.exists(path):
            os.remove(path)
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    return url


def make_settings(**overrides) -> Settings:
    # No test reaches a real geocoder: tests that geocode put a fake in GEOCODER_PROVIDER.
    env = {"APP_TIMEZONE": "Europe/Copenhagen", "GEOCODER": "off"}
    env.update(overrides)
    return Settings.from_env(env)


@pytest.fixture(scope="session")
def migrated(database_url) -> str:
    """Run every migration on an empty database once per session."""
    from flask_migrate import upgrade

    _reset_schema(database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True},
                     settings=make_settings())
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app_factory(migrated):
    """Build an app on the test database; tables are emptied after the test."""
    apps = []

    def build(test_config: dict | None = None, **settings):
        config = {"SQLALCHEMY_DATABASE_URI": migrated, "TESTING": True}
        config.update(test_config or {})
        app = create_app(config, settings=make_settings(**settings))
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    cleanup = create_app({"SQLALCHEMY_DATABASE_URI": migrated, "TESTING": True},
                         settings=make_settings())
    with cleanup.app_context():
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def app(app_factory):
    app = app_factory()
    with app.app_context():
        ensure_reference_data()
        yield app
        db.session.remove()


class Client(FlaskClient):
    """A test client that fetches a page's CSRF token before posting its form.

    Each request runs in an application context of its own, as in production: the
    test's own context (used by the factories) would otherwise be reused, and with it
    `g`, the logged-in user and the database session of the previous request.
    """

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)

    def csrf_token(self, url: str) -> str:
        page = self.get(url, follow_redirects=True).get_data(as_text=True)
        match = CSRF_RE.search(page)
        assert match, f"no CSRF token on {url}"
        return match.group(1) or match.group(2)

    def form_tokens(self, url: str) -> dict:
        """The hidden tokens a browser sends back with the page's form (CSRF, one-time)."""
        page = self.get(url, follow_redirects=True).get_data(as_text=True)
        match = CSRF_RE.search(page)
        assert match, f"no CSRF token on {url}"
        tokens = {"csrf_token": match.group(1) or match.group(2)}
        once = FORM_TOKEN_RE.search(page)
        if once:
            tokens["form_token"] = once.group(1)
        return tokens

    def submit(self, url: str, data: dict, *, form_url: str | None = None, **kw):
        return self.post(url, data={**self.form_tokens(form_url or url), **data}, **kw)

    def login(self, username: str, password: str = PASSWORD):
        return self.submit("/login", {"username": username, "password": password})


@pytest.fixture
def client(app) -> Client:
    app.test_client_class = Client
    return app.test_client()


@pytest.fixture
def make_user(app):
    def make(username: str, role: str, password: str = PASSWORD, **kw) -> User:
        user = User(username=username, role=role, **kw)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_citizen(app):
    counter = {"n": 0}

    def make(**kw) -> Citizen:
        counter["n"] += 1
        n = counter["n"]
        data = dict(reference=f"T-{n:04d}", full_name=f"Testperson {n}",
                    address=f"Testvej {n}", postcode="2200", city="København N",
                    lat=55.69, lon=12.55, position_source="demo",
                    phone_mobile="+4520123456")
        partners = kw.pop("partners", ())
        data.update(kw)
        citizen = Citizen(**data)
        for kind, representative in partners:
            citizen.partners.append(Partner(kind=kind, name=f"Partner {kind}",
                                            is_representative=representative))
        db.session.add(citizen)
        db.session.commit()
        return citizen

    return make


@pytest.fixture
def make_case(app, make_citizen):
    counter = {"n": 0}

    def make(citizen: Citizen | None = None, **kw) -> Case:
        counter["n"] += 1
        citizen = citizen or make_citizen()
        no_show = kw.pop("no_show_date", date.today() - timedelta(days=5))
        data = dict(case_ref=f"C-{counter['n']:04d}", citizen=citizen,
                    target_group="aktivitetsparat", no_show_kind="interview",
                    no_show_date=no_show, las35_guidance_on=no_show - timedelta(days=30),
                    las35_guidance_channel="digital_post",
                    las35_guidance_wording="Vejledning om rådighed og sanktioner (test)",
                    rule_set_key="dk-2020", hearing_reply_days=7)
        data.update(kw)
        case = Case(**data)
        db.session.add(case)
        db.session.commit()
        return case

    return make
