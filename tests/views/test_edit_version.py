"""The case's and the citizen's version guard what people edit: a change the system makes
meanwhile (a visit planned on a route, the stored step refreshed, an address lookup that
failed) does not refuse an open form, while a colleague's save, or a change of what the
form shows, does (409, nothing saved)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, text

from outreach_app.domain import AttemptOutcome as O
from outreach_app.domain import LetterChannel, Rung, VisitStatus
from outreach_app.extensions import db
from outreach_app.models import Case, Citizen, ContactAttempt, User, Visit
from outreach_app.services import case_commands, clock, geocoding, planning
from tests.views.planning_helpers import make_team


def _ago(n):
    return clock.today() - timedelta(days=n)


def _requested_visit(make_case) -> Visit:
    """A case climbed to the home visit, with the visit requested (through the commands)."""
    kim = db.session.scalar(select(User).where(User.username == "koord"))
    case = make_case(no_show_date=_ago(25))
    for rung, outcome, days, kw in (
            (Rung.HEARING_LETTER, O.SENT, 20, dict(letter_channel=LetterChannel.DIGITAL_POST,
                                                   reply_days=7)),
            (Rung.CASE_FILE_CHECK, O.NO_CONTACT, 19, {}),
            (Rung.PHONE_CALL, O.NO_ANSWER, 18, {}),
            (Rung.SMS_PROMPT, O.SENT, 18, {})):
        case_commands.record_step(case.id, None, case_commands.NewAttempt(
            rung, outcome, _ago(days), **kw), kim, clock.today())
    return case_commands.request_visit(case.id, None, case_commands.VisitRequest(clock.today()),
                                       kim, clock.today())


def _open_form(client, url: str, hidden=("csrf_token", "form_token", "version")) -> dict:
    """What a browser holds after loading the form: its hidden fields."""
    page = client.get(url).get_data(as_text=True)
    return {name: re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)
            for name in hidden}


def _outcome(visit_id: int) -> str:
    return db.session.scalar(select(Visit.outcome).where(Visit.id == visit_id))


def test_a_visit_planned_while_the_outcome_form_is_open_does_not_refuse_it(
        coordinator, make_case):
    visit = _requested_visit(make_case)
    case_id, visit_id = visit.case_id, visit.id
    url = f"/cases/{case_id}/visits/{visit_id}/outcome"
    held = _open_form(coordinator, url)
    # Meanwhile the planner puts the visit on tomorrow's route: the case row changes.
    team = make_team("Nord")
    planning.plan_team_day(team, clock.today() + timedelta(days=1),
                           [db.session.get(Visit, visit_id)])
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Case, case_id).visit_planned_on is not None
    response = coordinator.post(url, data={**held, "outcome": "not_at_home",
                                           "on": clock.today().isoformat(), "card_left": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert _outcome(visit_id) == "not_at_home"
    assert db.session.get(Visit, visit_id).status == VisitStatus.DONE


def test_refreshed_steps_while_a_step_form_is_open_do_not_refuse_it(app, coordinator,
                                                                    make_case):
    case = make_case(no_show_date=_ago(10))
    url = f"/cases/{case.id}/steps/hearing_letter"
    held = _open_form(coordinator, url)
    # The upgrade that added stored steps left this case without one; refresh-steps fills it.
    db.session.execute(text("UPDATE cases SET step = NULL, step_due_on = NULL WHERE id = :id"),
                       {"id": case.id})
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["refresh-steps"])
    assert "Done: 1 case(s) changed." in result.output
    response = coordinator.post(url, data={**held, "on": _ago(9).isoformat(), "outcome": "sent",
                                           "partner_id": "0", "letter_channel": "digital_post",
                                           "reply_days": "7"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert db.session.scalar(select(func.count()).select_from(ContactAttempt)) == 1


def test_a_colleagues_save_after_a_planned_visit_still_refuses_the_open_form(
        app, coordinator, make_case, make_user):
    visit = _requested_visit(make_case)
    case_id, visit_id = visit.case_id, visit.id
    url = f"/cases/{case_id}/visits/{visit_id}/outcome"
    held = _open_form(coordinator, url)
    planning.plan_team_day(make_team("Nord"), clock.today() + timedelta(days=1),
                           [db.session.get(Visit, visit_id)])
    db.session.commit()
    make_user("kaj", "coordinator")
    kaj = app.test_client()
    kaj.login("kaj")
    colleague = _open_form(kaj, url)
    assert kaj.post(url, data={**colleague, "outcome": "not_at_home",
                               "on": clock.today().isoformat()}).status_code == 302
    response = coordinator.post(url, data={**held, "outcome": "met",
                                           "on": clock.today().isoformat(),
                                           "explanation": "Borgeren var hjemme."})
    assert response.status_code == 409
    assert "En anden bruger har ændret sagen" in response.get_data(as_text=True)
    assert _outcome(visit_id) == "not_at_home"


# The citizen's record: its version moves with what a person edits on it (name, address,
# phones, position, letters, SMS, door notes), not with what the system notes for itself.

def _citizen_form(client, citizen_id: int) -> tuple[str, dict]:
    url = f"/coordinator/citizens/{citizen_id}/edit"
    held = _open_form(client, url, ("csrf_token", "version"))
    return url, {**held, "full_name": "Ida Holm", "address": "Vej 2", "postcode": "2200",
                 "city": "København N"}


def _holding_open_form(make_citizen, coordinator):
    citizen = make_citizen(full_name="Ida Holm", address="Ukendt Vej 1", lat=None, lon=None,
                           position_source=None)
    url, held = _citizen_form(coordinator, citizen.id)
    return citizen, url, held


def test_an_address_lookup_that_fails_while_the_citizen_form_is_open_does_not_refuse_it(
        coordinator, make_citizen):
    from tests.services.test_geocoding import FAST, FakeNominatim

    citizen, url, held = _holding_open_form(make_citizen, coordinator)
    # Meanwhile the batch lookup finds nothing for the old address and notes why.
    geocoding.locate_citizen(citizen.id, FakeNominatim(), **FAST)
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).geocode_failure is not None
    response = coordinator.post(url, data={**held, "phone_mobile": "20 30 40 50"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    saved = db.session.get(Citizen, citizen.id)
    assert (saved.address, saved.phone_mobile) == ("Vej 2", "+4520304050")


def test_a_position_found_while_the_citizen_form_is_open_still_refuses_it(
        coordinator, make_citizen):
    from tests.services.test_geocoding import FAST, FakeNominatim, _at

    citizen, url, held = _holding_open_form(make_citizen, coordinator)
    # The lookup finds the position, which the open form shows empty: saving it would
    # take the position away again.
    geocoding.locate_citizen(citizen.id, FakeNominatim({citizen.full_address: _at(55.69, 12.55)}),
                             **FAST)
    response = coordinator.post(url, data={**held, "phone_mobile": "20 30 40 50"})
    assert response.status_code == 409
    assert "Intet er gemt" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).lat == 55.69
