"""The schema comes from the migrations, which match the models; the database holds the rules."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from outreach_app.extensions import db
from outreach_app.models import Case, ContactAttempt, User


def test_migrations_from_empty_create_every_table(app):
    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrations_match_the_models(app):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == [], "models changed without a migration: flask --app wsgi db migrate"


def test_foreign_keys_are_enforced_by_the_database(app):
    db.session.add(Case(case_ref="X-1", citizen_id=999999, target_group="aktivitetsparat",
                        no_show_kind="interview", no_show_date=date(2026, 1, 5),
                        rule_set_key="dk-2020"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_role_outside_the_vocabulary_is_refused_by_the_database(app):
    user = User(username="x", role="superuser")
    user.set_password("whatever-long")
    db.session.add(user)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_client_ids_are_unique_in_the_database(app, make_case):
    case = make_case()
    for _ in range(2):
        db.session.add(ContactAttempt(case_id=case.id, rung="phone_call", outcome="no_answer",
                                      occurred_on=case.no_show_date, client_id="same-uuid"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_not_null_columns_are_enforced(app):
    db.session.add(User(username="nopass", role="admin"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
