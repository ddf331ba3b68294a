"""A case waiting for its hearing deadline reaches the caseworker's queue the day after the
deadline, and any open case the day after its last deduction day, from its stored step
alone: no job rewrites it as the days pass. From then on it is due by the decision's own day,
in its row and in the overdue and "due within 7 days" counts."""

from __future__ import annotations

import re
from datetime import timedelta

from babel.dates import format_date

from outreach_app.domain import AttemptOutcome as O
from outreach_app.domain import CaseStep, LetterChannel, Rung
from outreach_app.extensions import db
from outreach_app.models import Case
from outreach_app.services import case_commands, case_list, clock, hearing


def _waiting_case(make_user, make_case, target_group="jobparat"):
    """A case with the hearing letter sent today: a jobparat case (only the letter is
    required) then waits for the hearing deadline; an aktivitetsparat one climbs on."""
    kim = make_user("kim", "coordinator")
    today = clock.today()
    case = make_case(target_group=target_group, no_show_date=today - timedelta(days=3))
    case_commands.record_step(case.id, None, case_commands.NewAttempt(
        Rung.HEARING_LETTER, O.SENT, today, letter_channel=LetterChannel.DIGITAL_POST,
        reply_days=7), kim, today)
    if target_group == "jobparat":
        assert db.session.get(Case, case.id).step == CaseStep.WAIT
    return case, hearing.current_deadline(case.id, today)


def _page_on(client, monkeypatch, day, url) -> str:
    monkeypatch.setattr(clock, "today", lambda: day)
    return client.get(url).get_data(as_text=True)


def test_the_caseworker_sees_a_waiting_case_the_day_after_its_hearing_deadline(
        client, make_user, make_case, monkeypatch):
    case, last_day_to_reply = _waiting_case(make_user, make_case)
    make_user("sara", "caseworker")
    client.login("sara")
    assert case.case_ref not in _page_on(client, monkeypatch, clock.today(), "/caseworker/")
    assert case.case_ref not in _page_on(client, monkeypatch, last_day_to_reply, "/caseworker/")
    assert case.case_ref in _page_on(client, monkeypatch, last_day_to_reply + timedelta(days=1),
                                     "/caseworker/")
    db.session.expire_all()
    assert db.session.get(Case, case.id).step == CaseStep.WAIT  # nothing was rewritten


def test_the_coordinators_queue_files_it_under_the_decision_from_that_day(
        client, make_user, make_case, monkeypatch):
    case, last_day_to_reply = _waiting_case(make_user, make_case)
    client.login("kim")
    on = last_day_to_reply
    assert case.case_ref in _page_on(client, monkeypatch, on, "/coordinator/?rung=wait")
    assert case.case_ref not in _page_on(client, monkeypatch, on, "/coordinator/?rung=decide")
    on = last_day_to_reply + timedelta(days=1)
    assert case.case_ref in _page_on(client, monkeypatch, on, "/coordinator/?rung=decide")
    assert case.case_ref not in _page_on(client, monkeypatch, on, "/coordinator/?rung=wait")


def _count(page: str, chip: str) -> int:
    """The number on a count chip of the coordinator's page, e.g. chip='overdue=y'."""
    found = re.search(rf'href="/coordinator/\?{chip}"><strong>(\d+)</strong>', page)
    assert found, chip
    return int(found.group(1))


def test_from_the_day_after_its_hearing_deadline_it_is_due_by_the_decisions_day(
        app, client, make_user, make_case, monkeypatch):
    """Not overdue because the wait was due yesterday: counted by the decision's day."""
    case, last_day_to_reply = _waiting_case(make_user, make_case)
    decision_due = db.session.get(Case, case.id).decision_due_on
    make_user("sara", "caseworker")
    client.login("kim")
    caseworker = app.test_client()
    caseworker.login("sara")
    soon = f"due={case_list.DUE_SOON_DAYS}"

    page = _page_on(client, monkeypatch, last_day_to_reply + timedelta(days=2), "/coordinator/")
    assert (_count(page, "rung=decide"), _count(page, "overdue=y"), _count(page, soon)) == (
        1, 0, 0)
    assert format_date(decision_due, "medium", locale="da") in page
    assert case.case_ref not in _page_on(client, monkeypatch, last_day_to_reply + timedelta(
        days=2), "/coordinator/?overdue=y")

    page = _page_on(client, monkeypatch, decision_due - timedelta(days=3), "/coordinator/")
    assert (_count(page, "overdue=y"), _count(page, soon)) == (0, 1)
    assert case.case_ref in _page_on(client, monkeypatch, decision_due - timedelta(days=3),
                                     f"/coordinator/?{soon}")

    late = decision_due + timedelta(days=1)
    assert _count(_page_on(client, monkeypatch, late, "/coordinator/"), "overdue=y") == 1
    assert "1 overskredet" in _page_on(caseworker, monkeypatch, late, "/caseworker/")


def test_a_case_past_its_last_deduction_day_reaches_the_caseworker_with_nothing_rewritten(
        client, make_user, make_case, monkeypatch):
    """The ladder stopped at the case-file check; three months on no sanction is possible,
    and the caseworker must close it with a decision."""
    case, _last_day_to_reply = _waiting_case(make_user, make_case,
                                             target_group="aktivitetsparat")
    stored = db.session.get(Case, case.id)
    assert stored.step == CaseStep.CASE_FILE_CHECK
    make_user("sara", "caseworker")
    client.login("sara")
    last = stored.deadline_on
    assert case.case_ref not in _page_on(client, monkeypatch, last, "/caseworker/")
    page = _page_on(client, monkeypatch, last + timedelta(days=1), "/caseworker/")
    assert case.case_ref in page
    assert "1 overskredet" in page  # the decision was due a week before the last day
    db.session.expire_all()
    assert db.session.get(Case, case.id).step == CaseStep.CASE_FILE_CHECK  # not rewritten
