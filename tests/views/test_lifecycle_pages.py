"""A move the lifecycle does not allow is refused on the page with the reason beside the action,
and nothing is saved; a case whose sanction is excluded shows one state everywhere."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from outreach_app.domain import AttemptOutcome as O
from outreach_app.domain import CaseStatus, LetterChannel, Rung, VisitStatus
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, ContactAttempt, Decision, Exemption, Visit
from outreach_app.services import case_commands, clock
from tests.views.ladder_helpers import fill


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _ago(n):
    return clock.today() - timedelta(days=n)


def _step(case_id, user, rung, outcome, days_ago, **kw):
    db.session.expire_all()
    version = db.session.get(Case, case_id).version
    case_commands.record_step(case_id, version,
                              case_commands.NewAttempt(rung, outcome, _ago(days_ago), **kw),
                              user, clock.today())


def _visit_requested(case, kim) -> Visit:
    _step(case.id, kim, Rung.HEARING_LETTER, O.SENT, 20,
          letter_channel=LetterChannel.DIGITAL_POST, reply_days=7)
    _step(case.id, kim, Rung.CASE_FILE_CHECK, O.NO_CONTACT, 19)
    _step(case.id, kim, Rung.PHONE_CALL, O.NO_ANSWER, 18)
    _step(case.id, kim, Rung.SMS_PROMPT, O.SENT, 18)
    return case_commands.request_visit(case.id, None,
                                       case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())


def _decision_form():
    return {"outcome": "no_sanction", "absence_reason": "unknown",
            "overall_situation": "Samlet vurdering."}


def test_deciding_a_decided_case_is_refused_beside_the_decision_and_saves_nothing(
        client, make_user, make_case):
    make_user("sara", "caseworker")
    case = make_case(no_show_date=_ago(25))
    client.login("sara")
    first = fill(client, f"/cases/{case.id}/decision", _decision_form())
    assert first.status_code == 302
    audits = _count(AuditEvent, AuditEvent.action == "decision.create")
    again = fill(client, f"/cases/{case.id}/decision", _decision_form())
    assert again.status_code == 400
    assert "Sagen er afgjort: kontaktforløbet er lukket." in again.get_data(as_text=True)
    assert _count(Decision) == 1
    assert _count(AuditEvent, AuditEvent.action == "decision.create") == audits


def test_an_outcome_on_a_cancelled_visit_is_refused_and_saves_nothing(
        client, make_user, make_case):
    kim = make_user("kim", "coordinator")
    case = make_case(no_show_date=_ago(25))
    visit = _visit_requested(case, kim)
    # Contact came another way meanwhile: the coordinator's open form now posts to a
    # visit that was cancelled.
    client.login("kim")
    page = client.get(f"/cases/{case.id}/visits/{visit.id}/outcome")
    assert page.status_code == 200
    db.session.get(Visit, visit.id).status = VisitStatus.CANCELLED
    db.session.commit()
    attempts = _count(ContactAttempt)
    response = fill(client, f"/cases/{case.id}/visits/{visit.id}/outcome",
                    {"outcome": "not_at_home", "on": clock.today().isoformat(),
                     "card_left": "y"})
    assert response.status_code == 400
    assert "Besøget er aflyst" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).status == VisitStatus.CANCELLED
    assert db.session.get(Visit, visit.id).outcome is None
    assert _count(ContactAttempt) == attempts


def test_a_visit_on_a_closed_case_is_refused_and_saves_nothing(client, make_user, make_case):
    make_user("kim", "coordinator")
    case = make_case(no_show_date=_ago(25), status=CaseStatus.CLOSED)
    client.login("kim")
    response = fill(client, f"/cases/{case.id}/visits/new",
                    {"earliest_on": clock.today().isoformat(), "priority": "0"})
    assert response.status_code == 400
    assert "Sagen er lukket" in response.get_data(as_text=True)
    assert _count(Visit) == 0
    show = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Bestil et hjemmebesøg" not in show  # nothing offers what the lifecycle refuses


def test_an_exempt_citizens_case_shows_one_state_and_only_what_applies(
        client, make_user, make_case):
    kim = make_user("kim", "coordinator")
    make_user("sara", "caseworker")
    case = make_case(no_show_date=_ago(3))
    db.session.add(Exemption(citizen=case.citizen, reason="hospitalised",
                             starts_on=_ago(5)))
    db.session.commit()
    _step(case.id, kim, Rung.HEARING_LETTER, O.SENT, 2,
          letter_channel=LetterChannel.DIGITAL_POST, reply_days=7)
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == CaseStatus.AWAITING_DECISION
    client.login("sara")
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Afventer afgørelse" in page
    assert "Kontaktforsøg i gang" not in page  # the header says one state
    assert "Sanktion er ikke mulig" in page
    # The decision card does not list the ladder's open rungs: they change nothing.
    decision_card = page[page.index('id="dec-h"'):]
    assert "den eneste mulige afgørelse er ingen sanktion" in decision_card
    assert "ikke gennemført endnu" not in decision_card
