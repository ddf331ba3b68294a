"""A service call commits once or saves nothing: a command refused after its first write
leaves no trace, and a call composed of several changes commits once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from outreach_app import domain
from outreach_app.domain import AttemptOutcome as O
from outreach_app.domain import CaseStatus, LetterChannel, Rung
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, ContactAttempt, SmsMessage
from outreach_app.services import (
    audit,
    case_commands,
    case_state,
    clock,
    sms_inbox,
    sms_outbox,
)
from outreach_app.services.unit_of_work import UnitRolledBack, after_commit, unit_of_work


@pytest.fixture
def kim(make_user):
    return make_user("kim", "coordinator")


@pytest.fixture
def commits(app):
    """How many times the session committed (a list that grows with each commit)."""
    seen: list[int] = []
    session = db.session()

    def count(_session):
        seen.append(1)

    event.listen(session, "after_commit", count)
    yield seen
    event.remove(session, "after_commit", count)


def _ago(n):
    return clock.today() - timedelta(days=n)


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _step(case_id, user, rung, outcome, days_ago, **kw):
    return case_commands.record_step(case_id, None, case_commands.NewAttempt(
        rung, outcome, _ago(days_ago), **kw), user, clock.today())


def _up_to_the_sms_rung(case, user):
    _step(case.id, user, Rung.HEARING_LETTER, O.SENT, 9,
          letter_channel=LetterChannel.DIGITAL_POST, reply_days=7)
    _step(case.id, user, Rung.CASE_FILE_CHECK, O.NO_CONTACT, 8)
    _step(case.id, user, Rung.PHONE_CALL, O.NO_ANSWER, 8)


def _refuse_the_prompt(monkeypatch):
    """The outbox refuses the prompt: a refusal after the step's attempt was written."""
    def refuse(case, attempt, now):
        assert attempt.id is not None  # the attempt and its audit event are in the database
        raise domain.Refused((domain.Issue(domain.IssueCode.SMS_OPTED_OUT),))

    monkeypatch.setattr(sms_outbox, "queue_contact_prompt", refuse)


def test_a_step_refused_after_its_first_write_leaves_nothing(app, kim, make_case, monkeypatch):
    case = make_case(no_show_date=_ago(10))
    _up_to_the_sms_rung(case, kim)
    db.session.expire_all()
    version = db.session.get(Case, case.id).version
    attempts, trail = _count(ContactAttempt), _count(AuditEvent)
    _refuse_the_prompt(monkeypatch)
    with pytest.raises(domain.Refused):
        _step(case.id, kim, Rung.SMS_PROMPT, O.SENT, 1)
    db.session.expire_all()
    assert _count(ContactAttempt) == attempts and _count(AuditEvent) == trail
    stored = db.session.get(Case, case.id)
    assert stored.version == version and stored.step_due_on is not None
    assert _count(SmsMessage) == 0


def test_a_caller_that_swallows_a_failed_command_saves_nothing_of_its_unit(
        app, kim, make_case, monkeypatch):
    case = make_case(no_show_date=_ago(10))
    _up_to_the_sms_rung(case, kim)
    attempts = _count(ContactAttempt)
    _refuse_the_prompt(monkeypatch)
    with pytest.raises(UnitRolledBack), unit_of_work():
        audit.record("test.outer_write", user=kim)  # the outer unit's own write
        try:
            _step(case.id, kim, Rung.SMS_PROMPT, O.SENT, 1)
        except domain.Refused:
            pass  # carrying on would commit a half-written command: the unit refuses to
    assert _count(ContactAttempt) == attempts
    assert _count(AuditEvent, AuditEvent.action == "test.outer_write") == 0


def test_a_command_commits_once(app, kim, make_case, commits):
    case = make_case(no_show_date=_ago(10))
    commits.clear()
    _step(case.id, kim, Rung.HEARING_LETTER, O.SENT, 9,
          letter_channel=LetterChannel.DIGITAL_POST, reply_days=7)
    assert len(commits) == 1


def test_an_sms_reply_that_is_a_ladder_step_commits_once_with_the_message(
        app, kim, make_case, commits):
    case = make_case(no_show_date=_ago(10))
    _up_to_the_sms_rung(case, kim)
    _step(case.id, kim, Rung.SMS_PROMPT, O.SENT, 1)
    commits.clear()
    result = sms_inbox.receive_inbound({"MessageSid": "SM" + "1" * 32,
                                        "From": case.citizen.phone_mobile,
                                        "To": "+4570000000", "Body": "Jeg ringer i morgen"})
    assert len(commits) == 1
    db.session.expire_all()
    assert result.case_id == case.id
    assert _count(ContactAttempt, ContactAttempt.outcome == O.CONTACT.value) == 1
    assert db.session.get(Case, case.id).status == CaseStatus.AWAITING_DECISION



def _seen_by_another_session(app, action):
    """What a background task would find: another session, after this one's commit."""
    with app.app_context():
        return _count(AuditEvent, AuditEvent.action == action)


def test_work_handed_over_starts_after_the_outermost_commit_and_may_commit_itself(app, kim):
    found = []

    def task():
        found.append(_seen_by_another_session(app, "test.job"))
        with unit_of_work():  # the task's own unit commits: the handing unit has ended
            audit.record("test.task", user=kim)

    with unit_of_work():
        with unit_of_work():
            audit.record("test.job", user=kim)
            after_commit(task)
        assert found == []  # the inner unit joined the outer one: nothing committed yet
    assert found == [1]
    assert _seen_by_another_session(app, "test.task") == 1


def test_work_handed_over_by_a_unit_that_rolls_back_never_starts(app, kim):
    started = []
    with pytest.raises(domain.Refused), unit_of_work():
        audit.record("test.job", user=kim)
        after_commit(lambda: started.append(1))
        raise domain.Refused((domain.Issue(domain.IssueCode.SMS_OPTED_OUT),))
    with unit_of_work():
        pass  # a later unit does not start what the rolled-back one handed over
    assert started == [] and _count(AuditEvent, AuditEvent.action == "test.job") == 0


def test_a_batch_command_refuses_to_run_inside_a_unit(app, kim, make_case):
    """Its per-batch units would join the caller's, and emptying the session after a
    batch would drop the caller's unwritten change: it refuses before doing anything."""
    make_case(no_show_date=_ago(10))
    with pytest.raises(RuntimeError), unit_of_work():
        audit.record("test.outer_write", user=kim)
        case_state.refresh_all(clock.today())
    assert _count(AuditEvent, AuditEvent.action.in_(("test.outer_write",
                                                     "case.refresh_steps"))) == 0
