"""The job centre's CSV list: every row checked, all or nothing, bad rows named by line and
column, and a second import of the same file creates nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach_app.extensions import db
from outreach_app.models import AuditEvent, Case, Citizen
from outreach_app.services import clock, csv_import
from outreach_app.services.refusal import Conflict

HEADER = ("case_ref;citizen_ref;name;address;postcode;city;target_group;no_show_date;"
          "no_show_kind;phone;lat;lon;las35_guidance_date")


def _day(n: int) -> str:
    return (clock.today() - timedelta(days=n)).isoformat()


def _csv(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


def _good_rows():
    return (
        f"JC-1;P-1;Anna Eksempel;Nørrebrogade 12;2200;København N;aktivitetsparat;{_day(3)};"
        f"interview;20123456;55.69;12.55;{_day(60)}",
        f"JC-2;P-2;Bo Eksempel;Jagtvej 3;2200;København N;ressourceforløb;{_day(4)};tilbud;;;;",
        f"JC-3;P-1;Anna Eksempel;Nørrebrogade 12;2200;København N;jobparat;{_day(5)};"
        f"jobsamtale;;;;",
    )


@pytest.fixture
def coordinator(make_user):
    return make_user("kim", "coordinator")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_good_file_imports_every_row_and_reuses_a_citizen_named_twice(app, coordinator):
    imported, skipped = csv_import.import_csv(_csv(*_good_rows()), coordinator, clock.today())
    assert (imported, skipped) == (3, 0)
    assert _count(Case) == 3 and _count(Citizen) == 2
    case = db.session.scalar(select(Case).where(Case.case_ref == "JC-2"))
    assert (case.target_group, case.no_show_kind) == ("ressourceforloeb", "offer")
    anna = db.session.scalar(select(Citizen).where(Citizen.reference == "P-1"))
    assert anna.phone_mobile == "+4520123456" and anna.position_source == "import"
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case.import"))
    assert event.details == {"imported": 3, "skipped": 0}


def test_the_same_good_file_twice_imports_once(app, coordinator):
    text = _csv(*_good_rows())
    csv_import.import_csv(text, coordinator, clock.today())
    assert csv_import.import_csv(text, coordinator, clock.today()) == (0, 3)
    assert _count(Case) == 3 and _count(Citizen) == 2


def test_one_bad_row_imports_nothing_and_names_line_and_column(app, coordinator):
    rows = list(_good_rows())
    rows.insert(1, f"JC-9;P-9;Cecilie;Istedgade 1;1650;København V;aktivitetsparat;"
                   f"{_day(-2)};interview;;;;")
    with pytest.raises(csv_import.ImportRefused) as refused:
        csv_import.import_csv(_csv(*rows), coordinator, clock.today())
    [error] = refused.value.preview.errors
    assert (error.line, error.column, error.code) == (3, "no_show_date", "no_show_in_future")
    assert _count(Case) == 0 and _count(Citizen) == 0


@pytest.mark.parametrize("row, column, code", [
    ("JC-9;P-9;C;Vej 1;2200;Kbh;kontanthjælp;{d};interview;;;;", "target_group", "bad_value"),
    ("JC-9;P-9;C;Vej 1;2200;Kbh;jobparat;{d};møde;;;;", "no_show_kind", "bad_value"),
    ("JC-9;P-9;C;Vej 1;2200;Kbh;jobparat;31-02-2026;offer;;;;", "no_show_date", "bad_date"),
    ("JC-9;P-9;;Vej 1;2200;Kbh;jobparat;{d};offer;;;;", "name", "required"),
    ("JC-9;P-9;C;Vej 1;2200;Kbh;jobparat;{d};offer;12;;;", "phone", "bad_phone"),
    ("JC-9;P-9;C;Vej 1;2200;Kbh;jobparat;{d};offer;;55.6;;", "lat", "position_pair"),
    ("JC-9;P-9;C;Vej 1;2200;Kbh;jobparat;{d};offer;;abc;12;", "lat", "bad_number"),
    ("JC-9;P-9;C;Vej 1;2200;Kbh;jobparat;{d};offer;;;", "-", "column_count"),
])
def test_each_kind_of_bad_value_is_named_with_its_column(app, coordinator, row, column, code):
    text = _csv(_good_rows()[0], row.format(d=_day(2)))
    preview = csv_import.preview(text, clock.today())
    assert [(e.line, e.column, e.code) for e in preview.errors] == [(3, column, code)]
    assert not preview.ok


def test_missing_required_column_is_an_error_in_line_1(app):
    text = "case_ref;citizen_ref;name\nJC-1;P-1;Anna\n"
    preview = csv_import.preview(text, clock.today())
    missing = {e.column for e in preview.errors if e.code == "missing_column"}
    assert missing == {"address", "postcode", "city", "target_group", "no_show_date",
                       "no_show_kind"}
    assert {e.line for e in preview.errors} == {1}


def test_a_case_reference_twice_in_one_file_is_refused(app):
    first = _good_rows()[0]
    preview = csv_import.preview(_csv(first, first), clock.today())
    assert [(e.line, e.column, e.code) for e in preview.errors] == [
        (3, "case_ref", "duplicate_in_file")]


def test_comma_separated_windows_1252_file_with_danish_dates(app, coordinator):
    text = ("case_ref,citizen_ref,name,address,postcode,city,target_group,no_show_date,"
            "no_show_kind\n"
            f"JC-7,P-7,Søren Æblesen,Åboulevard 1,2200,København N,aktivitetsparat,"
            f"{(clock.today() - timedelta(days=2)).strftime('%d-%m-%Y')},interview\n")
    decoded = csv_import.decode(text.encode("cp1252"))
    assert csv_import.import_csv(decoded, coordinator, clock.today()) == (1, 0)
    assert db.session.scalar(select(Citizen.full_name)) == "Søren Æblesen"


def test_an_empty_file_is_refused(app):
    assert [e.code for e in csv_import.preview("", clock.today()).errors] == ["empty"]
    assert [e.code for e in csv_import.preview(HEADER + "\n", clock.today()).errors] == ["empty"]


def test_a_no_show_in_the_covid_suspension_goes_straight_to_a_decision(app, coordinator):
    text = _csv("JC-20;P-20;D;Vej 1;2200;Kbh;aktivitetsparat;2020-04-01;interview;;;;"
                "2020-02-01")
    csv_import.import_csv(text, coordinator, clock.today())
    assert db.session.scalar(select(Case.status)) == "awaiting_decision"


def test_a_case_registered_by_a_colleague_meanwhile_leaves_nothing_of_the_file(
        app, coordinator, monkeypatch):
    """The file was checked; before its rows are written a colleague registers JC-3.
    The import fails at its third case, after two cases and their citizens were written:
    none of them is saved, nor the import's audit event."""
    checked = csv_import.preview

    def colleague_meanwhile(text, today):
        found = checked(text, today)
        monkeypatch.setattr(csv_import, "preview", checked)  # the colleague's own check
        csv_import.import_csv(_csv(_good_rows()[2].replace("P-1", "P-8")), coordinator, today)
        return found

    monkeypatch.setattr(csv_import, "preview", colleague_meanwhile)
    with pytest.raises(Conflict) as refused:
        csv_import.import_csv(_csv(*_good_rows()), coordinator, clock.today())
    assert refused.value.code == "import_conflict"
    db.session.expire_all()
    assert set(db.session.scalars(select(Case.case_ref))) == {"JC-3"}
    assert set(db.session.scalars(select(Citizen.reference))) == {"P-8"}
    assert [e.details["imported"] for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "case.import"))] == [1]
