"""Registering a no-show: find or create the citizen, open the case under the rule set in force.

The same checks serve the form and the CSV import (services.csv_import). Every
problem is a Refusal beside its field (a domain Issue as one with the issue's code);
the form's service raises them together (Refusals) and the views word them. The
municipality's case reference is unique, which is what makes a repeated import harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import domain
from ..domain import CaseStatus
from ..domain.phones import InvalidPhoneNumber, normalise_phone
from ..domain.records import text_problem
from ..extensions import db
from ..models import Case, Citizen, Team, User
from . import audit, case_facts, case_state, geocoding
from .refusal import Refusal, Refusals
from .unit_of_work import unit_of_work


@dataclass(frozen=True)
class NoShowInput:
    case_ref: str
    citizen_reference: str
    target_group: str
    no_show_kind: str
    no_show_date: date | None
    full_name: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    phone_mobile: str = ""
    phone_other: str = ""
    digital_post_exempt: bool = False
    las35_guidance_on: date | None = None
    las35_guidance_channel: str | None = None
    las35_guidance_wording: str = ""
    team_id: int | None = None
    hearing_reply_days: int | None = None
    lat: float | None = None
    lon: float | None = None


def find_citizen(reference: str) -> Citizen | None:
    return db.session.scalar(select(Citizen).where(Citizen.reference == reference.strip()))


def case_ref_taken(case_ref: str) -> bool:
    return db.session.scalar(select(Case.id).where(Case.case_ref == case_ref.strip())) is not None


def _phone(raw: str) -> str | None:
    return normalise_phone(raw) if raw and raw.strip() else None


def check(data: NoShowInput, today: date, rule_sets: list[domain.RuleSet], *,
          citizen_known: bool) -> list[Refusal]:
    """Every problem with `data` (empty: it can be registered). The case ref is not checked."""
    problems: list[Refusal] = []
    required = ["case_ref", "citizen_reference"]
    if not citizen_known:
        required += ["full_name", "address", "postcode", "city"]
    for name in required:
        if not str(getattr(data, name) or "").strip():
            problems.append(Refusal("required", name))
    # Length and shape by the rule the edit form uses: what is registered can be edited.
    for name, rule in (("case_ref", "case_ref"), ("citizen_reference", "citizen_reference"),
                       ("full_name", "full_name"), ("address", "address"),
                       ("postcode", "postcode"), ("city", "city"),
                       ("phone_mobile", "phone"), ("phone_other", "phone")):
        found = text_problem(rule, str(getattr(data, name) or ""))
        if found:
            problems.append(Refusal(found[0], name, **found[1]))
    if data.target_group not in {g.value for g in domain.TargetGroup}:
        problems.append(Refusal("bad_value", "target_group", value=data.target_group))
    if data.no_show_kind not in {k.value for k in domain.NoShowKind}:
        problems.append(Refusal("bad_value", "no_show_kind", value=data.no_show_kind))
    if data.no_show_date is None:
        problems.append(Refusal("required", "no_show_date"))
    else:
        kind = (domain.NoShowKind(data.no_show_kind)
                if data.no_show_kind in {k.value for k in domain.NoShowKind} else None)
        not_in_rules = domain.IssueCode.NO_SHOW_KIND_NOT_IN_RULE_SET
        problems += [Refusal.from_issue(
                         i, "no_show_kind" if i.code == not_in_rules else "no_show_date")
                     for i in domain.validate_no_show(data.no_show_date, today, rule_sets,
                                                      kind=kind)]
    if data.las35_guidance_on is not None and data.las35_guidance_on > today:
        problems.append(Refusal("in_future", "las35_guidance_on", date=data.las35_guidance_on))
    channel = data.las35_guidance_channel
    if channel and channel not in {c.value for c in domain.GuidanceChannel}:
        problems.append(Refusal("bad_value", "las35_guidance_channel",
                                value=data.las35_guidance_channel))
    if not citizen_known:
        for name in ("phone_mobile", "phone_other"):
            try:
                _phone(getattr(data, name))
            except InvalidPhoneNumber:
                problems.append(Refusal("bad_phone", name))
        if (data.lat is None) != (data.lon is None):
            problems.append(Refusal("position_pair", "lat"))
        elif data.lat is not None and not (-90 <= data.lat <= 90 and -180 <= data.lon <= 180):
            problems.append(Refusal("position_range", "lat"))
    if data.team_id is not None and db.session.get(Team, data.team_id) is None:
        problems.append(Refusal("bad_value", "team_id", value=data.team_id))
    return problems


def new_citizen(data: NoShowInput, position_source: str) -> Citizen:
    """Add a citizen from no-show data (no commit); the creation is audited."""
    citizen = Citizen(
        reference=data.citizen_reference.strip(), full_name=data.full_name.strip(),
        address=data.address.strip(), postcode=data.postcode.strip(), city=data.city.strip(),
        phone_mobile=_phone(data.phone_mobile), phone_other=_phone(data.phone_other),
        digital_post_exempt=data.digital_post_exempt, lat=data.lat, lon=data.lon,
        position_source=position_source if data.lat is not None else None,
    )
    db.session.add(citizen)
    db.session.flush()
    audit.record("citizen.create", object_type="citizen", object_id=citizen.id,
                 citizen_id=citizen.id, details={"via": position_source})
    return citizen


def open_case(data: NoShowInput, citizen: Citizen, user: User, today: date,
              *, via: str) -> Case:
    """Add the case (no commit): rule set by the no-show date, status from the domain."""
    rules = case_facts.rule_set_for_date(data.no_show_date)
    case = Case(
        case_ref=data.case_ref.strip(), citizen=citizen, target_group=data.target_group,
        no_show_kind=data.no_show_kind, no_show_date=data.no_show_date,
        las35_guidance_on=data.las35_guidance_on,
        las35_guidance_channel=data.las35_guidance_channel or None,
        las35_guidance_wording=data.las35_guidance_wording.strip(),
        rule_set_key=rules.key,
        hearing_reply_days=data.hearing_reply_days or rules.hearing_reply_days,
        team_id=data.team_id, created_by_id=user.id, status=CaseStatus.OPEN,
    )
    db.session.add(case)
    db.session.flush()
    audit.record("case.create", object_type="case", object_id=case.id,
                 citizen_id=citizen.id, user=user,
                 details={"via": via, "rule_set": rules.key})
    # A case whose sanction is excluded from the start (e.g. a no-show in the COVID-19
    # suspension) goes straight to the caseworker for a no-sanction decision.
    case_state.refresh(case, today)
    return case


def register_no_show(data: NoShowInput, user: User, today: date) -> Case:
    """Register one no-show from the form; raise Refusals with every problem."""
    citizen = find_citizen(data.citizen_reference) if data.citizen_reference.strip() else None
    problems = check(data, today, list(case_facts.rule_sets().values()),
                     citizen_known=citizen is not None)
    if data.case_ref.strip() and case_ref_taken(data.case_ref):
        problems.insert(0, Refusal("case_ref_taken", "case_ref"))
    if problems:
        raise Refusals(problems)
    try:
        with unit_of_work():
            if citizen is None:
                citizen = new_citizen(data, "manual")
                # A new address without typed coordinates: a second with the geocoder at most.
                geocoding.locate_on_save(citizen)
            return open_case(data, citizen, user, today, via="form")
    except IntegrityError as error:
        # A double submit (or a colleague) registered the same case a moment ago.
        raise Refusals([Refusal("case_ref_taken", "case_ref")]) from error


def citizen_by_id(citizen_id: int) -> Citizen | None:
    """A citizen to register a no-show for (picked from their page); the read is audited."""
    citizen = db.session.get(Citizen, citizen_id)
    if citizen is not None:
        with unit_of_work():
            audit.record("citizen.view", object_type="citizen", object_id=citizen.id,
                         citizen_id=citizen.id, details={"via": "noshow_form"})
    return citizen
