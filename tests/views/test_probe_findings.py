"""Findings 4, 5, 7, 8, 11 and 12 of the security probe: what the app accepts is what it can
show and edit again, every page that shows a citizen is audited, and small things give no
500."""

from __future__ import annotations

import io
import re
import uuid

import pytest
from sqlalchemy import func, select

from outreach_app.domain.safety import needs_pair
from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Citizen, ContactAttempt
from tests.views.ladder_helpers import case_id_from, days_ago, fill, register

HEADER = "case_ref;citizen_ref;name;address;postcode;city;target_group;no_show_date;no_show_kind"


def _row(**over) -> str:
    values = {"case_ref": "JC-1", "citizen_ref": "P-1", "name": "Anna Eksempel",
              "address": "Nørrebrogade 1", "postcode": "2200", "city": "København N",
              "target_group": "aktivitetsparat", "no_show_date": days_ago(3),
              "no_show_kind": "interview"}
    values.update(over)
    return ";".join(values[c] for c in HEADER.split(";"))


def _upload(client, *rows: str, confirm: bool = False):
    content = ("\n".join((HEADER, *rows)) + "\n").encode("utf-8")
    response = fill(client, "/noshows/import", {"file": (io.BytesIO(content), "liste.csv")},
                    content_type="multipart/form-data")
    if not confirm:
        return response
    return fill(client, "/noshows/import", {"content": content.decode(), "confirm": "1"})


# -- finding 4: CSV fields by the form's rules ------------------------------------------------

@pytest.mark.parametrize("column,value", [
    ("name", "N" * 121), ("case_ref", "C" * 41), ("citizen_ref", "P" * 41),
    ("postcode", "22000000123"), ("city", "K" * 81), ("address", "A" * 201),
    ("postcode", "22a0"), ("case_ref", "JC 1\u0007"),
])
def test_csv_field_too_long_or_misshapen_is_named_by_line_and_column(coordinator, column,
                                                                      value):
    response = _upload(coordinator, _row(case_ref="JC-0", citizen_ref="P-0"),
                       _row(**{column: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<td data-label="Linje">3</td><td data-label="Kolonne">{column}</td>' in page
    assert db.session.scalar(select(func.count()).select_from(Case)) == 0


def test_what_the_csv_imports_the_edit_form_saves_again(coordinator):
    longest = "Å" * 120
    response = _upload(coordinator, _row(name=longest, city="C" * 80, address="A" * 200),
                       confirm=True)
    assert response.status_code == 302
    citizen = db.session.scalar(select(Citizen))
    assert citizen.full_name == longest
    page = coordinator.get(f"/coordinator/citizens/{citizen.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = coordinator.submit(f"/coordinator/citizens/{citizen.id}/edit", {
        "full_name": citizen.full_name, "address": citizen.address,
        "postcode": citizen.postcode, "city": citizen.city, "version": version,
        "access_notes": "Ring på"})
    assert response.status_code == 302


# -- finding 5: every response that shows a citizen is audited --------------------------------

def _reads(citizen_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.citizen_id == citizen_id)))


@pytest.mark.parametrize("path,data", [
    ("/cases/{case}/visits/new", {"earliest_on": "not-a-date"}),
    ("/cases/{case}/steps/phone_call", {"on": "", "outcome": ""}),
    ("/cases/{case}/steps/hearing_letter", {"on": "2020-01-01", "outcome": "sent",
                                            "letter_channel": "pigeon"}),
    ("/citizens/{citizen}/partners", {"kind": "mentor", "name": ""}),
    ("/citizens/{citizen}/exemptions", {"reason": "", "starts_on": ""}),
    ("/coordinator/citizens/{citizen}/edit", {"full_name": ""}),
])
def test_a_post_that_shows_the_form_again_is_an_audited_read(coordinator, path, data):
    case_id = case_id_from(register(coordinator, "A-1", no_show=days_ago(10),
                                    las35=days_ago(40), citizen_ref="P-9"))
    citizen_id = db.session.get(Case, case_id).citizen_id
    url = path.format(case=case_id, citizen=citizen_id)
    before = len(_reads(citizen_id))
    response = fill(coordinator, url, data)
    assert response.status_code == 400
    assert "Ida Fiktivsen" in response.get_data(as_text=True)
    after = _reads(citizen_id)
    # The GET of the form is one read, the POST that shows it again is another.
    assert len(after) >= before + 2
    last = after[-1]
    assert last.details.get("method") == "POST" or last.action != "citizen.read"


def test_the_decision_form_shown_again_is_audited(client, make_user, make_case):
    make_user("sara", "caseworker")
    case = make_case()
    client.login("sara")
    response = fill(client, f"/cases/{case.id}/decision", {"outcome": "no_sanction",
                                                           "overall_situation": ""})
    assert response.status_code in (400, 409)
    posts = [e for e in _reads(case.citizen_id) if e.details.get("method") == "POST"]
    assert posts and posts[0].action == "citizen.read" and posts[0].ip == "127.0.0.1"


def test_a_redirect_after_a_save_is_not_a_read(coordinator):
    case_id = case_id_from(register(coordinator, "A-2", no_show=days_ago(10),
                                    las35=days_ago(40), citizen_ref="P-8"))
    citizen_id = db.session.get(Case, case_id).citizen_id
    response = fill(coordinator, f"/citizens/{citizen_id}/partners",
                    {"kind": "mentor", "name": "Mona"})
    assert response.status_code == 302
    assert not [e for e in _reads(citizen_id) if e.details.get("method") == "POST"]


# -- finding 8: select fields of spaces, values outside the choices ---------------------------

@pytest.mark.parametrize("value", ["   ", " digital_post ", "pigeon", "\t"])
def test_a_letter_channel_of_spaces_or_unknown_is_a_form_error(coordinator, value):
    case_id = case_id_from(register(coordinator, "S-1", no_show=days_ago(10),
                                    las35=days_ago(40), citizen_ref="P-3"))
    response = fill(coordinator, f"/cases/{case_id}/steps/hearing_letter", {
        "on": days_ago(0), "outcome": "sent", "letter_channel": value, "reply_days": "7"})
    assert response.status_code in (302, 400)
    if value.strip() not in ("", "digital_post"):
        assert response.status_code == 400
        assert db.session.scalar(select(func.count()).select_from(ContactAttempt)) == 0


@pytest.mark.parametrize("field", ["meeting_channel", "outcome", "absence_reason",
                                   "progression_factors"])
@pytest.mark.parametrize("value", ["   ", "made-up"])
def test_decision_selects_of_spaces_or_unknown_give_no_500(client, make_user, make_case, field,
                                                           value):
    make_user("sara", "caseworker")
    case = make_case()
    client.login("sara")
    response = fill(client, f"/cases/{case.id}/decision", {
        "outcome": "no_sanction", "absence_reason": "unknown", "overall_situation": "x",
        field: value})
    assert response.status_code < 500


# -- finding 11: bidi controls and LIKE wildcards ---------------------------------------------

BIDI = "\u202e\u2066\u202a"


def test_bidi_controls_are_stripped_from_names_addresses_and_notes(coordinator, make_citizen):
    citizen = make_citizen()
    page = coordinator.get(f"/coordinator/citizens/{citizen.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    response = coordinator.submit(f"/coordinator/citizens/{citizen.id}/edit", {
        "full_name": f"Anna{BIDI} Eksempel\u2069", "address": "Jagtvej\u202d 3",
        "postcode": "2200", "city": "København\u2067 N", "access_notes": f"Ring{BIDI} to gange",
        "version": version})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Citizen, citizen.id)
    assert (stored.full_name, stored.address, stored.city, stored.access_notes) == (
        "Anna Eksempel", "Jagtvej 3", "København N", "Ring to gange")


def test_bidi_controls_are_stripped_from_the_csv_import(coordinator):
    response = _upload(coordinator, _row(name="Bo\u202e Eksempel", address="Vej\u2066 1"),
                       confirm=True)
    assert response.status_code == 302
    citizen = db.session.scalar(select(Citizen))
    assert (citizen.full_name, citizen.address) == ("Bo Eksempel", "Vej 1")


def test_bidi_controls_never_reach_the_database_by_any_way(app, make_citizen):
    citizen = make_citizen(full_name=f"Cecilie{BIDI} Test")  # not through a form at all
    db.session.expire_all()
    assert db.session.get(Citizen, citizen.id).full_name == "Cecilie Test"


CASES = {"JC-1": "Anna 100% Hansen", "JC_7": "Bo Jensen", "JCX7": "Carl Olsen",
         "JC-4": "Dorte 1000 Berg"}


@pytest.mark.parametrize("term,found", [("100%", {"JC-1"}), ("_7", {"JC_7"}),
                                        ("C_7", {"JC_7"}), ("0% ", {"JC-1"})])
def test_percent_and_underscore_in_a_search_match_themselves(coordinator, term, found):
    for n, (ref, name) in enumerate(CASES.items()):
        case_id_from(register(coordinator, ref, no_show=days_ago(10), las35=days_ago(40),
                              citizen_ref=f"P-{n}", full_name=name))
    page = fill(coordinator, "/coordinator/", {"q": term}).get_data(as_text=True)
    shown = {ref for ref in CASES if f">{ref}<" in page}
    assert shown == found


# -- finding 7: the citizen edit form is locked optimistically --------------------------------

def test_a_stale_citizen_form_is_refused_with_409_and_saves_nothing(app, coordinator,
                                                                    make_user, make_citizen):
    citizen = make_citizen(phone_mobile="+4520123456")
    url = f"/coordinator/citizens/{citizen.id}/edit"
    stale = coordinator.form_tokens(url)
    page = coordinator.get(url).get_data(as_text=True)
    old_version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    # A colleague saves a new phone number first.
    make_user("lis", "coordinator")
    from tests.conftest import Client
    app.test_client_class = Client
    colleague = app.test_client()
    colleague.login("lis")
    base = {"full_name": citizen.full_name, "address": citizen.address, "postcode": "2200",
            "city": citizen.city}
    fresh = colleague.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', fresh).group(1)
    assert colleague.submit(url, {**base, "phone_mobile": "20 99 88 77",
                                  "version": version}).status_code == 302
    # The stale form would revert it.
    response = coordinator.post(url, data={**stale, **base, "phone_mobile": "20 12 34 56",
                                           "address": "Ny Adresse 1",
                                           "version": old_version})
    assert response.status_code == 409
    assert "Intet er gemt" in response.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(Citizen, citizen.id)
    assert stored.phone_mobile == "+4520998877" and stored.address == citizen.address


# -- finding 12: safety flags instead of free text -------------------------------------------

def test_safety_is_a_list_of_flags_with_a_short_note_and_a_warning(coordinator, make_citizen):
    citizen = make_citizen()
    url = f"/coordinator/citizens/{citizen.id}/edit"
    page = coordinator.get(url).get_data(as_text=True)
    assert "Helbreds- og sagsoplysninger hører ikke hjemme her" in page
    assert 'value="dog"' in page and 'value="threats"' in page and 'value="pairs"' in page
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    base = {"full_name": "A B", "address": "Vej 1", "postcode": "2200", "city": "Kbh",
            "version": version}
    too_long = coordinator.submit(url, {**base, "safety_note": "x" * 201})
    assert too_long.status_code == 400
    unknown = coordinator.submit(url, {**base, "safety_flags": ["dog", "diagnosis"]})
    assert unknown.status_code == 400
    response = coordinator.submit(url, {**base, "safety_flags": ["threats", "dog"],
                                        "safety_note": "Ring to gange"})
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Citizen, citizen.id)
    assert stored.safety_flags == ["dog", "threats"] and needs_pair(stored.safety_flags)
    shown = coordinator.get(f"/coordinator/citizens/{citizen.id}").get_data(as_text=True)
    assert "Hund på adressen" in shown and "Tidligere trusler eller vold" in shown


def test_a_form_posted_without_its_one_time_token_is_refused(coordinator, make_citizen):
    citizen = make_citizen()
    url = f"/citizens/{citizen.id}/partners"
    tokens = coordinator.form_tokens(url)
    response = coordinator.post(url, data={"csrf_token": tokens["csrf_token"],
                                           "kind": "mentor", "name": "Mona"})
    assert response.status_code == 400
    mangled = coordinator.post(url, data={**tokens, "form_token": "x" + str(uuid.uuid4()),
                                          "kind": "mentor", "name": "Mona"})
    assert mangled.status_code == 400
