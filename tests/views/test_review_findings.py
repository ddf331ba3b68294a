"""Findings of the outside review (engineer F's probe of the running demo): what a Danish
user sees after bad input, and texts that describe what the app really does."""

from __future__ import annotations

from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import Case
from tests.views.ladder_helpers import days_ago, register


def _case_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def test_empty_required_field_is_explained_in_danish(coordinator):
    response = register(coordinator, "", no_show=days_ago(3), las35=None, citizen_ref="P-1")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="case_ref-error">Feltet skal udfyldes.</p>' in page
    assert "This field is required." not in page
    assert _case_count() == 0


def test_impossible_date_is_explained_in_danish(coordinator):
    response = register(coordinator, "JC-1", no_show="2026-02-31", las35=None,
                        citizen_ref="P-1")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<p class="error" id="no_show_date-error">Ikke en gyldig dato.</p>' in page
    assert "Not a valid date value." not in page
    assert _case_count() == 0


def test_wtforms_messages_follow_the_chosen_language(coordinator):
    coordinator.submit("/language", {"lang": "en", "next": "/noshows/new"},
                       form_url="/noshows/new")
    response = register(coordinator, "", no_show="2026-02-31", las35=None, citizen_ref="P-1")
    page = response.get_data(as_text=True)
    assert "This field is required." in page
    assert "Not a valid date value." in page
