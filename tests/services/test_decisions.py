"""The caseworker's decisions: only what the domain allows, with the letter, never edited;
reassessment and appeal refused when they make no sense."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach_app import domain
from outreach_app.domain import (
    AbsenceReason,
    AppealOutcome,
    DecisionOutcome,
    LetterChannel,
    ReassessmentOutcome,
    Rung,
)
from outreach_app.domain import AttemptOutcome as O
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Decision
from outreach_app.services import case_commands, clock
from outreach_app.services import decisions as service
from outreach_app.services.refusal import Refusal


@pytest.fixture
def users(make_user):
    return make_user("kim", "coordinator"), make_user("sara", "caseworker")


def _ago(n):
    return clock.today() - timedelta(days=n)


def _step(case_id, user, rung, outcome, days_ago, **kw):
    case_commands.record_step(case_id, None,
                              case_commands.NewAttempt(rung, outcome, _ago(days_ago), **kw),
                              user, clock.today())


def _decide(case_id, user, outcome, **kw):
    # After contact the reason is assessed ("none"); on the existing basis it is unknown.
    reason = (AbsenceReason.NONE if outcome == DecisionOutcome.SANCTION_WITH_CONTACT
              else AbsenceReason.UNKNOWN)
    data = dict(outcome=outcome, absence_reason=reason,
                overall_situation="Samlet vurdering.", reasoning="Begrundelse.")
    if outcome != DecisionOutcome.NO_SANCTION:
        # The citizens here are aktivitetsparat: a sanction states that it brings them closer.
        data.update(closer_to_work=True, closer_to_work_reasons="Skaber mødestabilitet.")
    data.update(kw)
    return service.decide(case_id, None, service.DecisionInput(**data), user, clock.today())


def _contact_case(make_case, kim):
    case = make_case(no_show_date=_ago(10))
    _step(case.id, kim, Rung.HEARING_LETTER, O.SENT, 9, letter_channel=LetterChannel.DIGITAL_POST)
    _step(case.id, kim, Rung.PHONE_CALL, O.CONTACT, 8, notes="Havde glemt det.")
    return case


def _existing_basis_case(make_case, kim):
    case = make_case(no_show_date=_ago(25))
    _step(case.id, kim, Rung.HEARING_LETTER, O.SENT, 24, letter_channel=LetterChannel.DIGITAL_POST)
    _step(case.id, kim, Rung.CASE_FILE_CHECK, O.NO_CONTACT, 23)
    _step(case.id, kim, Rung.PHONE_CALL, O.NO_ANSWER, 22)
    _step(case.id, kim, Rung.SMS_PROMPT, O.SENT, 22)
    visit = case_commands.request_visit(case.id, None,
                                        case_commands.VisitRequest(clock.today()), kim,
                                        clock.today())
    case_commands.record_visit_outcome(case.id, None, visit.id, domain.VisitOutcome.NOT_AT_HOME,
                                       clock.today(), "", True, kim, clock.today())
    return case


def test_existing_basis_is_refused_until_the_visit_is_done_and_lists_what_is_missing(
        app, users, make_case):
    kim, sara = users
    case = make_case(no_show_date=_ago(25))
    _step(case.id, kim, Rung.HEARING_LETTER, O.SENT, 24, letter_channel=LetterChannel.DIGITAL_POST)
    with pytest.raises(domain.Refused) as refused:
        _decide(case.id, sara, DecisionOutcome.SANCTION_EXISTING_BASIS)
    open_rungs = [i["rung"] for i in refused.value.issues if i.code.value == "rung_open"]
    assert open_rungs == [Rung.CASE_FILE_CHECK, Rung.PHONE_CALL, Rung.SMS_PROMPT,
                          Rung.HOME_VISIT]
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0


def test_a_sanction_after_contact_writes_the_letter_and_closes_the_ladder(app, users, make_case):
    kim, sara = users
    case = _contact_case(make_case, kim)
    decision = _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT,
                       absence_reason=AbsenceReason.NONE,
                       meeting_channel=domain.MeetingChannel.PHONE,
                       citizen_explanation="Havde glemt det.\n\nUndskyldte.")
    assert "Afgørelse om fradrag i din hjælp" in decision.letter_text
    assert "Din forklaring: Havde glemt det.\nUndskyldte." in decision.letter_text
    assert db.session.get(Case, case.id).status == "decided"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "decision.create"))
    assert event.details["outcome"] == "sanction_with_contact"
    with pytest.raises(domain.Refused, match="case_decided"):
        _decide(case.id, sara, DecisionOutcome.NO_SANCTION)


def test_a_sanction_needs_written_reasons(app, users, make_case):
    kim, sara = users
    case = _contact_case(make_case, kim)
    with pytest.raises(domain.Refused) as refused:
        _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT, reasoning=" ",
                meeting_channel=domain.MeetingChannel.PHONE)
    assert [i.code.value for i in refused.value.issues] == ["reasoning_missing"]


def test_a_sanction_after_contact_records_the_meeting_channel(app, users, make_case):
    kim, sara = users
    case = _contact_case(make_case, kim)
    with pytest.raises(domain.Refused) as refused:
        _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT)
    assert [i.code.value for i in refused.value.issues] == ["meeting_channel_missing"]


def test_without_las35_guidance_only_no_sanction_is_possible(app, users, make_case):
    kim, sara = users
    case = make_case(no_show_date=_ago(10), las35_guidance_on=None)
    _step(case.id, kim, Rung.HEARING_LETTER, O.SENT, 9, letter_channel=LetterChannel.DIGITAL_POST)
    _step(case.id, kim, Rung.PHONE_CALL, O.CONTACT, 8)
    with pytest.raises(domain.Refused) as refused:
        _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT,
                meeting_channel=domain.MeetingChannel.PHONE)
    assert [i.code.value for i in refused.value.issues] == ["las35_guidance_missing"]
    assert _decide(case.id, sara, DecisionOutcome.NO_SANCTION).outcome == "no_sanction"


def test_an_exempt_citizen_cannot_be_sanctioned(app, users, make_case, make_citizen):
    from outreach_app.services import exemptions

    kim, sara = users
    citizen = make_citizen()
    exemptions.add_exemption(citizen.id, domain.ExemptionReason.HOSPITALISED, _ago(15), None,
                             "Indlagt.", kim)
    case = _contact_case(lambda **kw: make_case(citizen, **kw), kim)
    with pytest.raises(domain.Refused) as refused:
        _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT,
                meeting_channel=domain.MeetingChannel.PHONE)
    assert "exemption" in [i.code.value for i in refused.value.issues]


def test_reassessment_of_no_sanction_or_dated_before_the_decision_is_refused(
        app, users, make_case):
    kim, sara = users
    case = _contact_case(make_case, kim)
    decision = _decide(case.id, sara, DecisionOutcome.NO_SANCTION)
    with pytest.raises(domain.Refused) as refused:
        service.reassess(decision.id, ReassessmentOutcome.ANNULLED, _ago(1), "Ny info", sara,
                         clock.today())
    assert {i.code.value for i in refused.value.issues} == {"nothing_to_reassess",
                                                            "before_decision"}


def test_reassessment_annulled_on_payment_day_is_recorded_and_audited(app, users, make_case):
    kim, sara = users
    case = _contact_case(make_case, kim)
    decision = _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT,
                       meeting_channel=domain.MeetingChannel.PHONE)
    row = service.reassess(decision.id, ReassessmentOutcome.ANNULLED, clock.today(),
                           "Lægeerklæring på udbetalingsdagen.", sara, clock.today())
    assert row.outcome == "annulled"
    assert db.session.scalar(select(AuditEvent.details).where(
        AuditEvent.action == "decision.reassess")) == {"outcome": "annulled"}


def test_an_appeal_in_the_future_is_refused(app, users, make_case):
    kim, sara = users
    decision = _decide(_contact_case(make_case, kim).id, sara, DecisionOutcome.NO_SANCTION)
    with pytest.raises(domain.Refused) as refused:
        service.receive_complaint(decision.id, _ago(-3), "", sara, clock.today())
    assert [i.code.value for i in refused.value.issues] == ["date_in_future"]


def test_a_remitted_appeal_sends_the_case_back_and_the_new_decision_replaces_the_old(
        app, users, make_case):
    kim, sara = users
    case = _contact_case(make_case, kim)
    first = _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT,
                    meeting_channel=domain.MeetingChannel.PHONE)
    service.receive_complaint(first.id, clock.today(), "Klage pr. telefon.", sara, clock.today())
    with pytest.raises(Refusal, match="appeal_open"):
        service.receive_complaint(first.id, clock.today(), "", sara, clock.today())
    service.record_appeal_outcome(first.id, AppealOutcome.REMITTED, clock.today(), sara,
                                  clock.today())
    assert db.session.get(Case, case.id).status == "awaiting_decision"
    second = _decide(case.id, sara, DecisionOutcome.NO_SANCTION)
    assert second.corrects_id == first.id
    with pytest.raises(Refusal, match="replaced"):
        service.reassess(first.id, ReassessmentOutcome.MAINTAINED, clock.today(), "x", sara,
                         clock.today())


@pytest.mark.parametrize("outcome", [DecisionOutcome.SANCTION_WITH_CONTACT,
                                     DecisionOutcome.SANCTION_EXISTING_BASIS])
def test_a_reasonable_cause_for_the_absence_rules_out_a_sanction(app, users, make_case, outcome):
    kim, sara = users
    case = _contact_case(make_case, kim) if outcome == DecisionOutcome.SANCTION_WITH_CONTACT \
        else _existing_basis_case(make_case, kim)
    with pytest.raises(domain.Refused) as refused:
        _decide(case.id, sara, outcome, absence_reason=AbsenceReason.ILLNESS,
                meeting_channel=domain.MeetingChannel.PHONE,
                illness_report=domain.IllnessReport.REPORTED)
    assert [i.as_dict() for i in refused.value.issues] == [
        {"code": "reasonable_cause_found", "absence_reason": "illness"}]
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0
    assert _decide(case.id, sara, DecisionOutcome.NO_SANCTION,
                   absence_reason=AbsenceReason.ILLNESS).outcome == "no_sanction"


def test_after_contact_the_absence_reason_must_be_assessed_not_unknown(app, users, make_case):
    kim, sara = users
    case = _contact_case(make_case, kim)
    with pytest.raises(domain.Refused) as refused:
        _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT,
                absence_reason=AbsenceReason.UNKNOWN, meeting_channel=domain.MeetingChannel.PHONE)
    assert [i.code.value for i in refused.value.issues] == ["absence_reason_not_assessed"]


def test_an_appeal_outcome_cannot_predate_the_complaint(app, users, make_case):
    kim, sara = users
    case = _contact_case(make_case, kim)
    decision = _decide(case.id, sara, DecisionOutcome.SANCTION_WITH_CONTACT,
                       meeting_channel=domain.MeetingChannel.PHONE)
    decision.decided_on = _ago(10)  # decided earlier: room for dates between
    db.session.commit()
    service.receive_complaint(decision.id, _ago(2), "", sara, clock.today())
    with pytest.raises(domain.Refused) as refused:
        service.record_appeal_outcome(decision.id, AppealOutcome.UPHELD, _ago(5), sara,
                                      clock.today())
    assert [i.as_dict() for i in refused.value.issues] == [
        {"code": "before_complaint", "date": _ago(5).isoformat(),
         "received_on": _ago(2).isoformat()}]
    assert service.open_appeal(decision) is not None
    appeal = service.record_appeal_outcome(decision.id, AppealOutcome.UPHELD, _ago(2), sara,
                                           clock.today())
    assert appeal.outcome_on == _ago(2)
