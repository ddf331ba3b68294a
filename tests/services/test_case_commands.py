"""The coordinator's steps: the domain's refusals save nothing, every step is audited with it,
contact ends the search, corrections append, and two coordinators cannot overwrite each other."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from outreach_app import domain
from outreach_app.domain import AttemptOutcome as O
from outreach_app.domain import LetterChannel, Rung, VisitOutcome
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, ContactAttempt, Visit
from outreach_app.services import case_commands, case_facts, clock
from outreach_app.services.refusal import Refusal
from outreach_app.services.unit_of_work import unit_of_work


@pytest.fixture
def kim(make_user):
    return make_user("kim", "coordinator")


def _ago(n):
    return clock.today() - timedelta(days=n)


def _step(case, user, rung, outcome, days_ago, **kw):
    db.session.expire_all()
    version = db.session.get(Case, case.id).version
    return case_commands.record_step(case.id, version, case_commands.NewAttempt(
        rung, outcome, _ago(days_ago), **kw), user, clock.today())


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _audits(action):
    return _count(AuditEvent, AuditEvent.action == action)


def _climb_to_partners(case, user):
    _step(case, user, Rung.HEARING_LETTER, O.SENT, 20, letter_channel=LetterChannel.DIGITAL_POST,
          reply_days=7)
    _step(case, user, Rung.CASE_FILE_CHECK, O.NO_CONTACT, 19)
    _step(case, user, Rung.PHONE_CALL, O.NO_ANSWER, 18)
    _step(case, user, Rung.SMS_PROMPT, O.SENT, 18)


def test_a_step_out_of_order_is_refused_and_nothing_is_saved(app, kim, make_case):
    case = make_case(no_show_date=_ago(10))
    with pytest.raises(domain.Refused) as refused:
        _step(case, kim, Rung.PHONE_CALL, O.NO_ANSWER, 5)
    assert {(i.code.value, i["missing_rung"]) for i in refused.value.issues} == {
        ("rung_out_of_order", Rung.HEARING_LETTER), ("rung_out_of_order", Rung.CASE_FILE_CHECK)}
    assert _count(ContactAttempt) == 0 and _audits("attempt.create") == 0


@pytest.mark.parametrize("days_ago, code", [(12, "attempt_before_no_show"),
                                            (-1, "attempt_in_future")])
def test_a_date_before_the_no_show_or_in_the_future_is_refused(app, kim, make_case, days_ago,
                                                               code):
    case = make_case(no_show_date=_ago(10))
    with pytest.raises(domain.Refused) as refused:
        _step(case, kim, Rung.HEARING_LETTER, O.SENT, days_ago,
              letter_channel=LetterChannel.DIGITAL_POST)
    assert code in [i.code.value for i in refused.value.issues]
    assert _count(ContactAttempt) == 0


def test_each_step_is_audited_in_the_same_transaction_and_bumps_the_case_version(
        app, kim, make_case):
    case = make_case(no_show_date=_ago(10))
    before = case.version
    _step(case, kim, Rung.HEARING_LETTER, O.SENT, 9, letter_channel=LetterChannel.PAPER)
    db.session.expire_all()
    assert db.session.get(Case, case.id).version == before + 1
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "attempt.create"))
    assert event.citizen_id == case.citizen_id and event.user_id == kim.id
    assert event.details == {"rung": "hearing_letter", "outcome": "sent"}


def test_contact_at_any_rung_moves_the_case_to_awaiting_decision_and_drops_the_visit(
        app, kim, make_case):
    case = make_case(no_show_date=_ago(25))
    _climb_to_partners(case, kim)
    visit = case_commands.request_visit(case.id, None,
                                        case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())
    assert visit.status == "requested"
    _step(case, kim, Rung.PHONE_CALL, O.CONTACT, 0, notes="Borgeren ringede selv.")
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == "awaiting_decision"
    assert db.session.get(Visit, visit.id).status == "cancelled"
    assert _audits("visit.cancel") == 1


def test_a_stale_version_is_refused_and_nothing_is_saved(app, kim, make_case):
    case = make_case(no_show_date=_ago(10))
    old = case.version
    _step(case, kim, Rung.HEARING_LETTER, O.SENT, 9, letter_channel=LetterChannel.DIGITAL_POST)
    with pytest.raises(case_commands.StaleCase):
        case_commands.record_step(case.id, old, case_commands.NewAttempt(
            Rung.CASE_FILE_CHECK, O.NO_CONTACT, _ago(8)), kim, clock.today())
    assert _count(ContactAttempt) == 1


def test_a_concurrent_writer_between_load_and_commit_makes_the_save_fail_whole(
        app, kim, make_case):
    case = make_case(no_show_date=_ago(10))
    with pytest.raises(case_commands.StaleCase), unit_of_work():
        loaded = case_commands.lock_case(case.id, case.version)
        case_commands.record_attempt(loaded, case_commands.NewAttempt(
            Rung.HEARING_LETTER, O.SENT, _ago(9), letter_channel=LetterChannel.DIGITAL_POST),
            kim, clock.today())
        # Another coordinator's save lands first: the row's version moves on underneath us.
        db.session.execute(text("UPDATE cases SET version = version + 1 WHERE id = :id"),
                           {"id": case.id})
        case_commands.store_case(loaded, clock.today())
    assert _count(ContactAttempt) == 0 and _audits("attempt.create") == 0


def test_a_correction_is_a_new_entry_that_names_the_old_one(app, kim, make_case):
    case = make_case(no_show_date=_ago(10))
    wrong = _step(case, kim, Rung.HEARING_LETTER, O.SENT, 9,
                  letter_channel=LetterChannel.DIGITAL_POST)
    fixed = _step(case, kim, Rung.HEARING_LETTER, O.SENT, 8, letter_channel=LetterChannel.PAPER,
                  corrects_id=wrong.id)
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert [a.id for a in case.attempts] == [wrong.id, fixed.id]  # history kept
    assert [a.id for a in case_facts.live_attempts(case)] == [fixed.id]
    assert db.session.get(ContactAttempt, fixed.id).corrects_id == wrong.id
    with pytest.raises(Refusal):
        _step(case, kim, Rung.HEARING_LETTER, O.SENT, 7, letter_channel=LetterChannel.PAPER,
              corrects_id=wrong.id)


def test_a_home_visit_before_the_partners_is_refused_as_out_of_order(app, kim, make_citizen,
                                                                      make_case):
    case = make_case(make_citizen(partners=[("mentor", False)]), no_show_date=_ago(25))
    _climb_to_partners(case, kim)
    with pytest.raises(domain.Refused) as refused:
        case_commands.request_visit(case.id, None,
                                        case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())
    assert [i["missing_rung"] for i in refused.value.issues] == [Rung.PARTNER_CONTACT]
    assert _count(Visit) == 0


def test_a_home_visit_gets_the_domains_latest_visit_day_and_only_one_waits(app, kim, make_case):
    case = make_case(no_show_date=_ago(25))
    _climb_to_partners(case, kim)
    visit = case_commands.request_visit(case.id, None,
                                        case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())
    facts = case_facts.for_case(db.session.get(Case, case.id), clock.today())
    assert visit.deadline_on == domain.compute_deadlines(facts).latest_home_visit_day
    assert visit.service_minutes == facts.rule_set.visit_service_minutes
    with pytest.raises(Refusal, match="visit_open"):
        case_commands.request_visit(case.id, None,
                                        case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())


def test_not_at_home_closes_the_ladder_and_the_case_awaits_the_decision(app, kim, make_case):
    case = make_case(no_show_date=_ago(25))
    _climb_to_partners(case, kim)
    visit = case_commands.request_visit(case.id, None,
                                        case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())
    case_commands.record_visit_outcome(case.id, None, visit.id, VisitOutcome.NOT_AT_HOME,
                                       clock.today(), "Visitkort lagt.", True, kim, clock.today())
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).status == "done"
    assert db.session.get(Case, case.id).status == "awaiting_decision"
    last = db.session.scalar(select(ContactAttempt).order_by(ContactAttempt.id.desc()))
    assert (last.rung, last.outcome) == ("home_visit", "no_contact")
    with pytest.raises(domain.Refused, match="visit_done"):
        case_commands.record_visit_outcome(case.id, None, visit.id, VisitOutcome.MET, clock.today(),
                                           "", False, kim, clock.today())


def test_deciding_the_case_cancels_its_open_visit_and_no_outcome_can_follow(
        app, kim, make_case, make_user):
    from outreach_app.services import decisions

    sara = make_user("sara", "caseworker")
    case = make_case(no_show_date=_ago(25))
    _climb_to_partners(case, kim)
    visit = case_commands.request_visit(case.id, None,
                                        case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())
    decisions.decide(case.id, None, decisions.DecisionInput(
        outcome=domain.DecisionOutcome.NO_SANCTION, absence_reason=domain.AbsenceReason.UNKNOWN,
        overall_situation="Samlet vurdering."), sara, clock.today())
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).status == "cancelled"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "visit.cancel"))
    assert (event.object_id, event.details) == (visit.id, {"reason": "decided"})
    attempts = _count(ContactAttempt)
    with pytest.raises(domain.Refused, match="case_decided"):
        case_commands.record_visit_outcome(case.id, None, visit.id, VisitOutcome.NOT_AT_HOME,
                                           clock.today(), "", True, kim, clock.today())
    db.session.expire_all()
    assert _count(ContactAttempt) == attempts
    assert db.session.get(Visit, visit.id).status == "cancelled"


def test_the_home_visit_rung_is_not_a_generic_step(app, kim, make_case):
    case = make_case(no_show_date=_ago(25))
    _climb_to_partners(case, kim)
    visit = case_commands.request_visit(case.id, None,
                                        case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())
    with pytest.raises(Refusal, match="home_visit_via_visit"):
        _step(case, kim, Rung.HOME_VISIT, O.NO_CONTACT, 0)
    db.session.expire_all()
    assert _count(ContactAttempt, ContactAttempt.rung == "home_visit") == 0
    assert db.session.get(Visit, visit.id).status == "requested"
