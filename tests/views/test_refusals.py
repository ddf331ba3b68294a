"""One helper puts any refusal onto a form: beside its field, else above the form."""

from __future__ import annotations

from datetime import date

from wtforms import StringField

from outreach_app.domain import Issue, IssueCode, Refused
from outreach_app.services.case_commands import StaleCase
from outreach_app.services.refusal import Refusal, Refusals
from outreach_app.views.forms import CleanForm
from outreach_app.views.issue_text import on_form, refusal_text


class _Form(CleanForm):
    name = StringField()
    on = StringField()


def test_a_refusal_goes_beside_its_field_in_the_users_language(app):
    with app.test_request_context("/", method="POST"):
        form = _Form(meta={"csrf": False})
        summary, status = on_form(form, Refusal("team_name_taken", "name"))
        assert (summary, status) == ([], 400)
        assert form.name.errors == ["Et andet hold har det navn."]


def test_a_field_the_form_lacks_goes_to_the_summary_or_the_fallback(app):
    with app.test_request_context("/", method="POST"):
        form = _Form(meta={"csrf": False})
        summary, _ = on_form(form, Refusal("meeting_past", "starts_at"))
        assert summary == ["Mødet skal ligge i fremtiden."] and not form.on.errors
        on_form(form, Refusal("meeting_past", "starts_at"), fallback="on")
        assert form.on.errors == ["Mødet skal ligge i fremtiden."]


def test_the_domains_issues_and_a_stale_form_use_the_same_helper(app):
    with app.test_request_context("/", method="POST"):
        form = _Form(meta={"csrf": False})
        refused = Refused((Issue(IssueCode.ATTEMPT_IN_FUTURE,
                                 {"date": "2099-01-01", "today": "2026-01-01"}),))
        summary, status = on_form(form, refused)
        assert status == 400 and summary == [] and "1. jan. 2099" in form.on.errors[0]
        summary, status = on_form(form, StaleCase())
        assert status == 409 and "En anden bruger" in summary[0]
        assert refusal_text(Refusal("day_over")) == "Den dag er forbi."


def test_every_reason_of_a_request_refused_at_once_goes_beside_its_field(app):
    """A form checked whole (the no-show form): the services' codes and a domain issue
    found on the way, each beside its field, worded by the one table."""
    with app.test_request_context("/", method="POST"):
        form = _Form(meta={"csrf": False})
        future = Issue(IssueCode.NO_SHOW_IN_FUTURE,
                       {"date": date(2099, 1, 1), "today": date(2026, 1, 1)})
        refused = Refusals([Refusal("required", "name"), Refusal.from_issue(future, "on"),
                            Refusal("case_ref_taken", "case_ref")])
        summary, status = on_form(form, refused)
        assert status == 400
        assert form.name.errors == ["Skal udfyldes."]
        assert form.on.errors[0].startswith("Udeblivelsesdatoen 1. jan. 2099 ligger i fremtiden")
        assert summary == ["Der er allerede registreret en sag med dette sagsnummer."]
