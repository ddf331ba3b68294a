"""The field app's API: only the worker's own visits, and outcomes that reach the case's
ladder exactly once (insert or return on the phone's client id), with business conflicts
stored and flagged instead of refused, and malformed input refused with a JSON message."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from outreach_app.domain import CaseStatus, RoutePlanStatus, VisitStatus
from outreach_app.extensions import db
from outreach_app.models import (
    AuditEvent,
    Case,
    ContactAttempt,
    FieldOutcome,
    RoutePlan,
    RouteStop,
    Team,
    User,
    Visit,
)
from outreach_app.services import clock
from tests.conftest import Client


def _team(name: str) -> Team:
    team = Team(name=name, travel_mode="bicycle", start_address="x", start_lat=55.68,
                start_lon=12.57)
    db.session.add(team)
    db.session.commit()
    return team


def _route(team: Team, cases: list[Case], day,
           status: RoutePlanStatus = RoutePlanStatus.PUBLISHED) -> list[Visit]:
    plan = RoutePlan(team_id=team.id, day=day, status=status)
    visits = []
    for seq, case in enumerate(cases, start=1):
        visit = Visit(case=case, earliest_on=day, deadline_on=day + timedelta(days=10),
                      status=VisitStatus.PLANNED, service_minutes=20)
        plan.stops.append(RouteStop(visit=visit, seq=seq, arrival=time(9 + seq),
                                    start=time(9 + seq), departure=time(9 + seq, 20)))
        visits.append(visit)
    db.session.add(plan)
    db.session.commit()
    return visits


def _ready_for_visit(make_case):
    """A case whose ladder is climbed up to the home visit (so the visit rung may be written)."""
    from outreach_app.domain import AttemptOutcome, Rung
    from outreach_app.services import case_commands

    case = make_case(citizen=None)
    today = clock.today()
    steps = [
        (Rung.HEARING_LETTER, AttemptOutcome.SENT, dict(letter_channel="digital_post",
                                                        reply_days=7)),
        (Rung.CASE_FILE_CHECK, AttemptOutcome.NO_CONTACT, {}),
        (Rung.PHONE_CALL, AttemptOutcome.NO_ANSWER, {}),
        (Rung.SMS_PROMPT, AttemptOutcome.SENT, {}),
        (Rung.PARTNER_CONTACT, AttemptOutcome.SKIPPED, {}),
    ]
    from outreach_app.domain import LetterChannel

    for rung, outcome, extra in steps:
        if "letter_channel" in extra:
            extra = {**extra, "letter_channel": LetterChannel(extra["letter_channel"])}
        try:
            case_commands.record_step(case.id, None, case_commands.NewAttempt(
                rung, outcome, today - timedelta(days=1), **extra), None, today)
        except Exception:  # a rung the rule set does not need: the domain says so
            db.session.rollback()
    return case


@pytest.fixture
def field_day(app, make_user, make_case):
    nord, syd = _team("Nord"), _team("Syd")
    make_user("villy", "outreach", team_id=nord.id)
    make_user("sonja", "outreach", team_id=syd.id)
    today = clock.today()
    mine = _route(nord, [_ready_for_visit(make_case), _ready_for_visit(make_case)], today)
    theirs = _route(syd, [_ready_for_visit(make_case)], today)
    return {"mine": mine, "theirs": theirs, "today": today, "nord": nord, "syd": syd}


def _outcome(visit_id: int, outcome: str = "not_at_home", **extra) -> dict:
    body = {"client_id": str(uuid.uuid4()), "visit_id": visit_id, "outcome": outcome,
            "recorded_at": datetime.now(UTC).isoformat()}
    if outcome == "not_at_home":
        body["card_left"] = True
    body.update(extra)
    return body


def _post(client, body):
    return client.post("/api/v1/outcomes", json=body)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_route_holds_only_the_workers_own_visits(client, field_day):
    client.login("villy")
    data = client.get("/api/v1/route").json
    ids = [s["visit_id"] for s in data["today"]["stops"]]
    assert ids == [v.id for v in field_day["mine"]]
    assert data["tomorrow"] is None
    stop = data["today"]["stops"][0]
    assert stop["state"] == "todo" and stop["eta"] == "10:00" and stop["address"]
    assert data["office_phone"]


def test_the_citizens_safety_flags_reach_the_phone_in_words(client, field_day):
    visit = field_day["mine"][0]
    citizen = visit.case.citizen
    citizen.safety_flags, citizen.safety_note = ["dog", "threats"], "Ring på hos naboen først."
    db.session.commit()
    client.login("villy")
    stops = client.get("/api/v1/route").json["today"]["stops"]
    flagged = next(s for s in stops if s["visit_id"] == visit.id)
    assert flagged["safety_flags"] == [
        {"flag": "dog", "text": "Hund på adressen"},
        {"flag": "threats", "text": "Tidligere trusler eller vold"}]
    assert flagged["safety_note"] == "Ring på hos naboen først."
    other = next(s for s in stops if s["visit_id"] != visit.id)
    assert other["safety_flags"] == [] and other["safety_note"] == ""
    assert client.get(f"/api/v1/visits/{visit.id}").json["safety_flags"][0]["text"] == \
        "Hund på adressen"


def test_another_workers_visit_is_a_404_like_an_unknown_one(client, field_day):
    client.login("villy")
    assert client.get(f"/api/v1/visits/{field_day['mine'][0].id}").status_code == 200
    theirs = client.get(f"/api/v1/visits/{field_day['theirs'][0].id}")
    unknown = client.get("/api/v1/visits/999999")
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json["message"] == unknown.json["message"]
    response = _post(client, _outcome(field_day["theirs"][0].id))
    assert response.status_code == 404 and response.json["message"]
    assert _count(FieldOutcome) == 0


def test_tomorrows_route_shows_only_once_published(client, field_day, make_case):
    tomorrow = field_day["today"] + timedelta(days=1)
    draft = _route(field_day["nord"], [_ready_for_visit(make_case)], tomorrow,
                   status=RoutePlanStatus.DRAFT)
    client.login("villy")
    assert client.get("/api/v1/route").json["tomorrow"] is None
    plan = db.session.scalar(select(RoutePlan).where(RoutePlan.day == tomorrow))
    plan.status = RoutePlanStatus.PUBLISHED
    db.session.commit()
    data = client.get("/api/v1/route").json
    assert [s["visit_id"] for s in data["tomorrow"]["stops"]] == [draft[0].id]


def test_not_at_home_completes_the_visit_rung_with_the_phones_time(client, field_day):
    client.login("villy")
    visit = field_day["mine"][0]
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    response = _post(client, _outcome(visit.id, recorded_at=at.isoformat()))
    assert response.status_code == 200, response.json
    assert response.json["result"] == "applied" and response.json["note"] is None
    assert response.json["stop_state"] == "not_met"  # the phone shows what the server says
    db.session.expire_all()
    visit = db.session.get(Visit, visit.id)
    assert visit.status == VisitStatus.DONE and visit.outcome == "not_at_home" and visit.card_left
    stored = visit.outcome_at  # SQLite gives the UTC time back without its zone
    assert (stored if stored.tzinfo else stored.replace(tzinfo=UTC)) == at
    rung = db.session.scalars(select(ContactAttempt).where(
        ContactAttempt.case_id == visit.case_id, ContactAttempt.rung == "home_visit")).all()
    assert [a.outcome for a in rung] == ["no_contact"]
    assert client.get("/api/v1/route").json["today"]["stops"][0]["state"] == "not_met"


def test_meeting_the_citizen_ends_the_search_with_their_answers(client, field_day):
    client.login("villy")
    visit = field_day["mine"][1]
    body = _outcome(visit.id, "met", explanation="Var syg den dag.",
                    reason_category="illness", updated_phone="20 30 40 50",
                    next_step="Ringer til jobcentret mandag.")
    response = _post(client, body)
    assert response.status_code == 200, response.json
    assert response.json["stop_state"] == "done"
    db.session.expire_all()
    visit = db.session.get(Visit, visit.id)
    assert (visit.outcome, visit.reason_category, visit.updated_phone) == \
        ("met", "illness", "+4520304050")
    assert visit.next_step == "Ringer til jobcentret mandag."
    assert db.session.get(Case, visit.case_id).status == CaseStatus.AWAITING_DECISION


def test_a_repeat_gets_the_stored_answer_and_changes_nothing(client, field_day):
    client.login("villy")
    body = _outcome(field_day["mine"][0].id)
    first = _post(client, body)
    attempts = _count(ContactAttempt)
    again = _post(client, body)
    assert again.status_code == 200 and again.json == first.json
    assert _count(FieldOutcome) == 1 and _count(ContactAttempt) == attempts


def test_the_receipt_time_names_its_time_zone_first_and_on_a_repeat(client, field_day):
    # The phone turns it into its local clock time: a moment without an offset is read
    # as the phone's own time and may be off by an hour or more.
    client.login("villy")
    body = _outcome(field_day["mine"][0].id)
    for answer in (_post(client, body), _post(client, body)):
        received = datetime.fromisoformat(answer.json["received_at"])
        assert received.utcoffset() is not None


def test_an_outcome_recorded_by_another_user_is_never_stored_under_this_users_name(
        app, client, field_day, make_user):
    villy = db.session.scalar(select(User).where(User.username == "villy"))
    make_user("vera", "outreach", team_id=field_day["nord"].id, full_name="Vera Vægter")
    body = _outcome(field_day["mine"][0].id, recorded_by=villy.id)
    client.login("vera")
    route = client.get("/api/v1/route").json
    assert route["worker"]["name"] == "Vera Vægter"
    refused = _post(client, body)
    assert refused.status_code == 403 and refused.json["reason"] == "other_user"
    assert refused.json["message"]
    assert _count(FieldOutcome) == 0
    # The same outcome under its author's own login is stored, under their name.
    other = app.test_client()
    other.login("villy")
    assert other.get("/api/v1/route").json["worker"]["id"] == villy.id
    assert _post(other, body).status_code == 200
    assert db.session.scalar(select(FieldOutcome.user_id)) == villy.id


def test_the_same_id_with_other_content_is_a_409_and_the_first_stands(client, field_day):
    client.login("villy")
    body = _outcome(field_day["mine"][0].id)
    assert _post(client, body).status_code == 200
    changed = {**body, "card_left": False}
    response = _post(client, changed)
    assert response.status_code == 409 and response.json["message"]
    db.session.expire_all()
    assert db.session.get(Visit, field_day["mine"][0].id).card_left is True


def test_a_visit_cancelled_at_the_office_is_stored_flagged_and_answered_with_a_note(
        client, field_day):
    visit = field_day["mine"][0]
    visit.status = VisitStatus.CANCELLED
    db.session.commit()
    client.login("villy")
    response = _post(client, _outcome(visit.id, "met", explanation="Mødt."))
    assert response.status_code == 200
    assert response.json["result"] == "conflict" and response.json["message"]
    row = db.session.scalar(select(FieldOutcome))
    assert row.flagged and row.case_id == visit.case_id and row.payload["explanation"] == "Mødt."
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).status == VisitStatus.CANCELLED
    # The refused outcome left nothing of itself: no rung, no trail of an applied outcome.
    assert db.session.scalar(select(func.count(ContactAttempt.id)).where(
        ContactAttempt.rung == "home_visit")) == 0
    assert set(db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.action.like("visit.field%")))) == {"visit.field_conflict"}
    # The repeat gets the same note, and nothing more is stored.
    again = _post(client, {**row.payload, "recorded_at": row.payload["recorded_at"]})
    assert again.json == response.json and _count(FieldOutcome) == 1


@pytest.mark.parametrize("change,status,field", [
    ({"visit_id": 999999}, 404, "visit_id"),
    ({"recorded_at": (datetime.now(UTC) + timedelta(hours=2)).isoformat()}, 422,
     "recorded_at"),
    ({"outcome": "met", "reason_category": "bored"}, 422, "reason_category"),
    ({"outcome": "partied"}, 422, "outcome"),
    ({"client_id": "not-a-uuid"}, 400, "client_id"),
    ({"recorded_at": "2026-11-29T10:00:00"}, 400, "recorded_at"),
    ({"visit_id": "1"}, 400, "visit_id"),
    ({"surprise": 1}, 400, "surprise"),
    ({"updated_phone": "12"}, 422, "updated_phone"),
    ({"recorded_by": "villy"}, 400, "recorded_by"),
])
def test_bad_input_is_a_4xx_json_message_and_stores_nothing(client, field_day, change,
                                                             status, field):
    client.login("villy")
    response = _post(client, {**_outcome(field_day["mine"][0].id), **change})
    assert response.status_code == status
    assert response.is_json and response.json["message"]
    assert response.json.get("field") == field
    assert _count(FieldOutcome) == 0
    db.session.expire_all()
    assert db.session.get(Visit, field_day["mine"][0].id).status == VisitStatus.PLANNED


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"'])
def test_a_malformed_body_is_a_400_json_message(client, field_day, body):
    client.login("villy")
    response = client.post("/api/v1/outcomes", data=body, content_type="application/json")
    assert response.status_code == 400 and response.json["message"]


def test_a_form_post_or_a_foreign_origin_is_refused(client, field_day):
    client.login("villy")
    body = _outcome(field_day["mine"][0].id)
    assert client.post("/api/v1/outcomes", data={"x": "1"}).status_code == 415
    foreign = client.post("/api/v1/outcomes", json=body,
                          headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert _count(FieldOutcome) == 0


def test_a_coordinator_cannot_send_field_outcomes(client, field_day, make_user):
    make_user("anna", "coordinator")
    client.login("anna")
    assert _post(client, _outcome(field_day["mine"][0].id)).status_code == 403


def test_concurrent_repeats_store_one_outcome_and_one_rung(app, client, field_day):
    """Two phones (or tabs) send the same outcome at once: the unique constraint decides."""
    client.login("villy")
    cookie = client.get_cookie("session")
    body = _outcome(field_day["mine"][0].id)
    answers, errors = [], []
    start = threading.Barrier(4)

    def send():
        other = app.test_client()
        other.set_cookie("session", cookie.value)
        try:
            start.wait(timeout=10)
            response = other.post("/api/v1/outcomes", json=body)
            answers.append((response.status_code, response.json))
        except Exception as error:  # pragma: no cover - shown by the assert
            errors.append(repr(error))

    app.test_client_class = Client
    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    statuses = sorted(code for code, _ in answers)
    assert statuses == [200, 200, 200, 200], answers
    assert len({a["received_at"] for _, a in answers}) == 1
    assert _count(FieldOutcome) == 1
    home_visit = db.session.scalar(select(func.count(ContactAttempt.id)).where(
        ContactAttempt.rung == "home_visit"))
    assert home_visit == 1


def test_the_coordinator_sees_a_conflicting_outcome_on_the_case_and_marks_it_handled(
        client, field_day, make_user):
    visit = field_day["mine"][0]
    visit.status = VisitStatus.CANCELLED
    db.session.commit()
    client.login("villy")
    _post(client, _outcome(visit.id, "met", explanation="Borgeren var hjemme."))
    client.post("/api/v1/logout", json={})
    make_user("anna", "coordinator")
    client.login("anna")
    page = client.get(f"/cases/{visit.case_id}").get_data(as_text=True)
    assert "Borgeren var hjemme." in page
    row = db.session.scalar(select(FieldOutcome))
    response = client.submit(f"/cases/{visit.case_id}/field-outcomes/{row.id}/handled", {},
                             form_url=f"/cases/{visit.case_id}")
    assert response.status_code == 302
    assert "Borgeren var hjemme." not in client.get(f"/cases/{visit.case_id}").get_data(
        as_text=True)
    db.session.expire_all()
    assert db.session.get(FieldOutcome, row.id).handled_at is not None


# The optional check "within 100 m of the address" reaches the case page in words, with
# the visit's outcome and with a flagged one; a visit nobody checked says nothing of it.
WITHIN = "Placeringstjek på telefonen: inden for 100 m af adressen"
FAR = "Placeringstjek på telefonen: mere end 100 m fra adressen"


def _case_page(client, make_user, case_id: int) -> str:
    client.post("/api/v1/logout", json={})
    make_user("anna", "coordinator")
    client.login("anna")
    return client.get(f"/cases/{case_id}").get_data(as_text=True)


def test_the_visit_history_says_the_worker_was_within_100_m(client, field_day, make_user):
    client.login("villy")
    visit = field_day["mine"][0]
    assert _post(client, _outcome(visit.id, near_address=True)).status_code == 200
    page = _case_page(client, make_user, visit.case_id)
    assert WITHIN in page and FAR not in page


def test_the_visit_history_says_the_worker_was_farther_away_also_in_english(
        client, field_day, make_user):
    client.login("villy")
    visit = field_day["mine"][1]
    assert _post(client, _outcome(visit.id, "met", explanation="Hjemme.",
                                  near_address=False)).status_code == 200
    page = _case_page(client, make_user, visit.case_id)
    assert FAR in page and WITHIN not in page
    client.submit("/language", {"lang": "en", "next": f"/cases/{visit.case_id}"},
                  form_url=f"/cases/{visit.case_id}")
    english = client.get(f"/cases/{visit.case_id}").get_data(as_text=True)
    assert "Location check on the phone: more than 100 m from the address" in english


def test_an_unchecked_visit_says_nothing_about_the_distance(client, field_day, make_user):
    client.login("villy")
    visit = field_day["mine"][0]
    assert _post(client, _outcome(visit.id)).status_code == 200
    page = _case_page(client, make_user, visit.case_id)
    assert "Placeringstjek" not in page


def test_a_flagged_outcome_shows_its_check_too(client, field_day, make_user):
    visit = field_day["mine"][0]
    visit.status = VisitStatus.CANCELLED
    db.session.commit()
    client.login("villy")
    assert _post(client, _outcome(visit.id, near_address=True)).json["result"] == "conflict"
    assert WITHIN in _case_page(client, make_user, visit.case_id)
