"""Importing the job centre's no-show lists (CSV): check every row, preview, then all or nothing.

Columns (header row required, names case-insensitive, order free, `;` or `,`):

    case_ref, citizen_ref, name, address, postcode, city, target_group,
    no_show_date, no_show_kind                                   -- required
    phone, lat, lon, las35_guidance_date, las35_guidance_channel,
    las35_guidance_wording                                       -- optional

Rows whose case_ref is already registered are skipped, so importing the same file
twice creates nothing the second time. A citizen_ref already known reuses that
citizen (the file does not overwrite the record). Errors name the line of the file
(the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..domain.text import clean_text
from ..extensions import db
from ..models import Case, Citizen, User
from . import audit, case_facts, noshow
from .refusal import Conflict
from .unit_of_work import unit_of_work

REQUIRED = ("case_ref", "citizen_ref", "name", "address", "postcode", "city", "target_group",
            "no_show_date", "no_show_kind")
OPTIONAL = ("phone", "lat", "lon", "las35_guidance_date", "las35_guidance_channel",
            "las35_guidance_wording")
COLUMNS = REQUIRED + OPTIONAL
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024

# Job-centre exports write the Danish words; both are accepted.
TARGET_GROUP_ALIASES = {"ressourceforløb": "ressourceforloeb"}
KIND_ALIASES = {"jobsamtale": "interview", "samtale": "interview", "tilbud": "offer",
                "forsinkelse": "late_arrival", "delvis udeblivelse": "partial_absence"}
GUIDANCE_ALIASES = {"digital post": "digital_post", "brev": "paper", "papir": "paper",
                    "møde": "in_person"}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")

# Which CSV column a problem in a NoShowInput field belongs to.
FIELD_TO_COLUMN = {
    "case_ref": "case_ref", "citizen_reference": "citizen_ref", "full_name": "name",
    "address": "address", "postcode": "postcode", "city": "city",
    "target_group": "target_group", "no_show_kind": "no_show_kind",
    "no_show_date": "no_show_date", "phone_mobile": "phone", "lat": "lat",
    "las35_guidance_on": "las35_guidance_date",
    "las35_guidance_channel": "las35_guidance_channel",
    "las35_guidance_wording": "las35_guidance_wording",
}


@dataclass(frozen=True)
class RowError:
    """A problem at `line` (1 = header) in `column`: a code and its params, worded by the
    views' one table (a row's problems are the no-show form's Refusals, by column)."""

    line: int
    column: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PreviewRow:
    line: int
    data: noshow.NoShowInput
    exists: bool  # the case_ref is registered already: the row will be skipped
    citizen_known: bool


@dataclass
class Preview:
    rows: list[PreviewRow]
    errors: list[RowError]

    @property
    def new_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if not r.exists]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


class ImportRefused(ValueError):
    def __init__(self, preview: Preview):
        super().__init__(f"{len(preview.errors)} error(s)")
        self.preview = preview


def decode(raw: bytes) -> str:
    """The file's text; UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _date(value: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _float(value: str) -> float:
    return float(value.replace(",", "."))


def _row_input(values: dict[str, str], line: int, errors: list[RowError]
               ) -> tuple[noshow.NoShowInput, set[str]]:
    """The row as the form's input, and the columns that could not be read (each already
    reported in `errors`; read as empty, so the row's other problems are found too)."""
    def get(name: str) -> str:
        return clean_text(values.get(name) or "").strip()

    parsed: dict = {}
    unreadable: set[str] = set()
    for column, target, read, code in (
            ("no_show_date", "no_show_date", _date, "bad_date"),
            ("las35_guidance_date", "las35_guidance_on", _date, "bad_date"),
            ("lat", "lat", _float, "bad_number"), ("lon", "lon", _float, "bad_number")):
        raw = get(column)
        try:
            parsed[target] = read(raw) if raw else None
        except ValueError:
            errors.append(RowError(line, column, code, params={"value": raw}))
            parsed[target] = None
            unreadable.add(column)
    target_group = get("target_group").lower()
    kind = get("no_show_kind").lower()
    channel = get("las35_guidance_channel").lower()
    return noshow.NoShowInput(
        case_ref=get("case_ref"), citizen_reference=get("citizen_ref"),
        full_name=get("name"), address=get("address"), postcode=get("postcode"),
        city=get("city"), phone_mobile=get("phone"),
        target_group=TARGET_GROUP_ALIASES.get(target_group, target_group),
        no_show_kind=KIND_ALIASES.get(kind, kind),
        las35_guidance_channel=GUIDANCE_ALIASES.get(channel, channel) or None,
        las35_guidance_wording=get("las35_guidance_wording"),
        **parsed,
    ), unreadable


def _header_errors(header: list[str]) -> list[RowError]:
    errors = [RowError(1, name, "missing_column") for name in REQUIRED if name not in header]
    errors += [RowError(1, name or "?", "unknown_column") for name in header
               if name not in COLUMNS]
    seen = set()
    for name in header:
        if name in seen:
            errors.append(RowError(1, name, "duplicate_column"))
        seen.add(name)
    return errors


def preview(text: str, today: date) -> Preview:
    """Parse and check every row; nothing is written."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return Preview([], [RowError(1, "-", "too_large")])
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        return Preview([], [RowError(1, "-", "empty")])
    errors = _header_errors(header)
    if errors:
        return Preview([], errors)
    rule_sets = list(case_facts.rule_sets().values())
    known_cases = set(db.session.scalars(select(Case.case_ref)))
    known_citizens = set(db.session.scalars(select(Citizen.reference)))
    rows: list[PreviewRow] = []
    seen_refs: dict[str, int] = {}
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                errors.append(RowError(line, "-", "too_many_rows", params={"max": MAX_ROWS}))
                break
            if len(values) != len(header):
                errors.append(RowError(line, "-", "column_count",
                                       params={"found": len(values), "expected": len(header)}))
                continue
            data, unreadable = _row_input(dict(zip(header, values, strict=True)), line,
                                          errors)
            if unreadable & {"lat", "lon"}:
                unreadable |= {"lat", "lon"}  # not "both or neither" beside "not a number"
            known = data.citizen_reference in known_citizens
            for p in noshow.check(data, today, rule_sets, citizen_known=known):
                column = FIELD_TO_COLUMN.get(p.field, p.field)
                if column not in unreadable:  # "required" beside "not a date"
                    errors.append(RowError(line, column, p.code, p.params))
            if data.case_ref in seen_refs:
                errors.append(RowError(line, "case_ref", "duplicate_in_file",
                                       params={"line": seen_refs[data.case_ref]}))
            seen_refs.setdefault(data.case_ref, line)
            rows.append(PreviewRow(line, data, data.case_ref in known_cases, known))
    except csv.Error:
        errors.append(RowError(reader.line_num, "-", "unreadable"))
    if not rows and not errors:
        errors.append(RowError(1, "-", "empty"))
    return Preview(rows, errors)


def import_csv(text: str, user: User, today: date) -> tuple[int, int]:
    """Import every new row of the file, or none: returns (imported, skipped as known).

    Raises ImportRefused (with the preview and its errors) when any row is bad, and
    Conflict (import_conflict) when a concurrent import registered the same case first.
    """
    checked = preview(text, today)
    if not checked.ok:
        raise ImportRefused(checked)
    try:
        _register(checked, user, today)
    except IntegrityError as error:
        raise Conflict("import_conflict") from error
    imported = len(checked.new_rows)
    return imported, len(checked.rows) - imported


@unit_of_work()
def _register(checked: Preview, user: User, today: date) -> None:
    """Every new row's case (and citizen, when new), with one audit event: all or none."""
    citizens: dict[str, Citizen] = {}
    for row in checked.new_rows:
        ref = row.data.citizen_reference
        citizen = citizens.get(ref) or noshow.find_citizen(ref)
        if citizen is None:
            citizen = noshow.new_citizen(row.data, "import")
        citizens[ref] = citizen
        noshow.open_case(row.data, citizen, user, today, via="import")
    imported = len(checked.new_rows)
    audit.record("case.import", user=user,
                 details={"imported": imported, "skipped": len(checked.rows) - imported})
