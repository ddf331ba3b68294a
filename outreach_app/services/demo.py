"""A believable demo month: fictional citizens at real Copenhagen streets, cases on every rung.

The demo is a replay of the office's last weeks through the same services the pages
use, each step on the day it happened: the coordinator registers no-shows and climbs
the ladder, the team's outreach worker records visit outcomes from the field app, the
caseworker decides, the planner plans the coming weeks and the coordinator publishes
the first days' routes. Cases belong to the team that covers their district.

Each step is a unit of work of its own, as it was for the person who took it, so an
interrupted seed keeps what it did and a second run carries on from there.
Idempotent: every row has a natural key (user name, team name, citizen reference,
case reference) and is created only when missing, so running it twice changes nothing.
"""

from __future__ import annotations

import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from ..domain import (
    AbsenceReason,
    CaseStatus,
    DecisionOutcome,
    ExemptionReason,
    IllnessReport,
    LetterChannel,
    MeetingChannel,
    ReassessmentOutcome,
    Rung,
    VisitOutcome,
)
from ..domain import AttemptOutcome as O
from ..extensions import db
from ..models import Case, Citizen, Office, Team, User, Visit
from . import (
    accounts,
    calendar,
    case_commands,
    case_facts,
    case_state,
    citizens,
    clock,
    decisions,
    demo_plan,
    demo_sms,
    exemptions,
    field,
    noshow,
    partners,
    planning,
    teams,
)
from .demo_places import FICTION_PHONE_PREFIX, FIRST_NAMES, STREETS, SURNAMES, team_for
from .reference_data import ensure_reference_data
from .unit_of_work import unit_of_work

# Demo logins, printed by `flask seed-demo`. Public on purpose: never seed a production site.
DEMO_USERS = (
    ("koordinator", "coordinator", "Kim Koordinator", "demo-koordinator", None),
    ("sagsbehandler", "caseworker", "Sara Sagsbehandler", "demo-sagsbehandler", None),
    ("vaegter", "outreach", "Villy Vægter", "demo-vaegter", "Vægterkorps Nord"),
    ("admin", "admin", "Ali Admin", "demo-admin-1234", None),
)

OFFICE = ("Ydelsesservice (demo)", "Rådhuspladsen 1, 1550 København V", "+45 33 66 33 66",
          55.6761, 12.5683)

# name, mode, start address, lat, lon
TEAMS = (
    ("Vægterkorps Nord", "bicycle", "Hovedbrandstationen, H.C. Andersens Boulevard",
     55.6745, 12.5660),
    ("Opsøgende team City", "foot", "Rådhuspladsen 1", 55.6761, 12.5683),
    ("Vægterkorps Amager", "car", "Brandstation Islands Brygge", 55.6630, 12.5780),
)
WORKING_WEEK = (0, 1, 2, 3, 4)
# The other outreach workers, so that Nord is a pair team and every team has someone.
# Nobody logs in as them in the demo: their passwords are random and never printed.
TEAM_MEMBERS = (
    ("vaegter-vera", "Vera Vægter", "Vægterkorps Nord"),
    ("opsoeger-ole", "Ole Opsøger", "Opsøgende team City"),
    ("vaegter-asta", "Asta Vægter", "Vægterkorps Amager"),
)

# (stage, number of cases). Later stages are older no-shows.
STAGES = (
    ("registered", 6), ("letter", 6), ("case_file", 5), ("phone", 5), ("sms", 5),
    ("partners", 5), ("visit_planned", 10), ("visit_not_home", 4), ("contact_phone", 4),
    ("decided_existing_basis", 3), ("decided_with_contact", 2), ("decided_no_sanction", 2),
    ("reassessed_annulled", 1), ("appealed", 1), ("exempt", 1),
)
STAGE_AGE_DAYS = {
    "registered": 1, "letter": 3, "case_file": 4, "phone": 5, "sms": 6, "partners": 8,
    "visit_planned": 10, "visit_not_home": 18, "contact_phone": 7, "decided_existing_basis": 24,
    "decided_with_contact": 20, "decided_no_sanction": 20, "reassessed_annulled": 30,
    "appealed": 34, "exempt": 3,
}
# How far up the ladder each stage has climbed (the rungs done without contact).
CLIMBED = {
    "registered": 0, "letter": 1, "exempt": 1, "case_file": 2, "phone": 3, "contact_phone": 2,
    "sms": 4, "partners": 5, "visit_planned": 5, "visit_not_home": 6,
    "decided_existing_basis": 6, "decided_with_contact": 2, "decided_no_sanction": 2,
    "reassessed_annulled": 6, "appealed": 6,
}
DEMO_CASES = sum(n for _, n in STAGES)
# Days after the no-show on which the coordinator takes each step.
LETTER_DAY, FILE_DAY, PHONE_DAY, PARTNER_DAY, VISIT_ASKED_DAY, VISIT_DAY = 1, 2, 3, 5, 6, 12
STEP_TIME = time(10, 0)  # office hours: an SMS queued then is due at once


class DemoRefused(RuntimeError):
    """The demo would reach real people: its phone numbers are not reserved for fiction."""


@dataclass
class SeedResult:
    created: dict[str, int]
    logins: tuple[tuple[str, str, str], ...]


@dataclass
class Staff:
    coordinator: User
    caseworker: User
    admin: User
    teams: dict[str, Team]
    # The working days the coming visits are spread over (their "not before" days).
    visit_days: list[date]


def seed_demo(today: date, copies: int = 1) -> SeedResult:
    """Create whatever of the demo is missing; return what was created and the logins.

    `copies` repeats the month's mix of cases (benchmarks use it for a bigger office).
    Refused (DemoRefused) unless SMS go to the outbox, which sends nothing.
    """
    if current_app.config["SETTINGS"].sms_backend != "outbox":
        raise DemoRefused("The demo's phone numbers could belong to real people: "
                          "seed it only with SMS_BACKEND=outbox.")
    ensure_reference_data()
    created = {"users": 0, "teams": 0, "citizens": 0, "cases": 0}
    _office()
    staff = _staff(created, today)
    rng = random.Random(2026)  # same people every run, whatever day it is
    index = 0
    for stage, count in STAGES * copies:
        for _ in range(count):
            index += 1
            profile = _profile(index, rng)
            if noshow.case_ref_taken(profile.case_ref):
                continue
            case = _register(profile, stage, today, staff)
            _climb(case, profile, stage, today, staff)
            created["citizens"] += 1
            created["cases"] += 1
    # The replay's steps stored each case's state as of their own day; store today's.
    case_state.refresh_all(today)
    demo_sms.receipts_and_replies()
    demo_plan.plan_coming_weeks(_user("koordinator"), today)
    logins = tuple((u, r, p) for u, r, _n, p, _t in DEMO_USERS)
    return SeedResult(created=created, logins=logins)


def _office() -> Office:
    # There is no page for the office (it is configuration); the seeder writes it.
    name, address, phone, lat, lon = OFFICE
    office = db.session.scalar(select(Office).where(Office.name == name))
    if office is None:
        with unit_of_work():
            office = Office(name=name, address=address, phone=phone, lat=lat, lon=lon)
            db.session.add(office)
    return office


def _user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def _staff(created: dict[str, int], today: date) -> Staff:
    for username, role, full_name, password, _team in DEMO_USERS:
        if _user(username) is None:
            # The printed demo passwords are weak and public on purpose; the account
            # service rightly refuses them, so the seeder stores these four itself.
            with unit_of_work():
                user = User(username=username, role=role, full_name=full_name)
                user.set_password(password)
                db.session.add(user)
            created["users"] += 1
    for username, full_name, _team in TEAM_MEMBERS:
        if _user(username) is None:
            accounts.create_user(username, "outreach", secrets.token_urlsafe(24), full_name)
            created["users"] += 1
    admin = _user("admin")
    members: dict[str, list[int]] = {}
    for username, _r, _n, _p, team_name in DEMO_USERS:
        if team_name:
            members.setdefault(team_name, []).append(_user(username).id)
    for username, _n, team_name in TEAM_MEMBERS:
        members.setdefault(team_name, []).append(_user(username).id)
    by_name = {}
    for name, mode, address, lat, lon in TEAMS:
        team = db.session.scalar(select(Team).where(Team.name == name))
        if team is None:
            team = teams.save_team(None, teams.TeamInput(
                name=name, member_ids=tuple(members[name]), travel_mode=mode,
                start_address=address, start_lat=lat, start_lon=lon,
                shift_start=time(8, 0), shift_end=time(16, 0), weekdays=WORKING_WEEK,
            ), user=admin).team
            created["teams"] += 1
        by_name[name] = team
    return Staff(coordinator=_user("koordinator"), caseworker=_user("sagsbehandler"),
                 admin=admin, teams=by_name,
                 visit_days=demo_plan.working_days(today, 7 * 3)[:demo_plan.PLANNED_DAYS])


@dataclass
class Profile:
    index: int
    case_ref: str
    reference: str
    name: str
    street: tuple
    house_number: int
    lat: float
    lon: float
    mobile: str | None
    paper_letters: bool
    sms_opt_out: bool
    partners: tuple[tuple[str, bool], ...]  # (kind, is representative)
    target_group: str
    safety: bool


def _profile(index: int, rng: random.Random) -> Profile:
    street = STREETS[index % len(STREETS)]
    # A few hundred metres of scatter along the street, still well inside the district.
    lat = street[3] + rng.uniform(-0.002, 0.002)
    lon = street[4] + rng.uniform(-0.003, 0.003)
    partner_sets = ((), (("mentor", True),), (("support_contact_person", False),),
                    (("mentor", False), ("housing_adviser", False)),
                    (("homeless_unit", False),), (("activation_provider", False),))
    return Profile(
        index=index,
        case_ref=f"DEMO-{index:04d}",
        reference=f"DEMO-P{index:04d}",
        name=_name(index),
        street=street,
        house_number=rng.randint(1, 180),
        lat=round(lat, 6),
        lon=round(lon, 6),
        mobile=None if index % 9 == 0 else _phone(index),
        paper_letters=index % 7 == 0,
        sms_opt_out=index % 13 == 0,
        partners=partner_sets[index % len(partner_sets)],
        target_group="ressourceforloeb" if index % 5 == 0 else "aktivitetsparat",
        safety=index % 6 == 0,
    )


def _phone(n: int) -> str:
    return f"{FICTION_PHONE_PREFIX}{n % 10000:04d}"


def _name(index: int) -> str:
    # The surname shifts each time the first names come round again: 60 different people.
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    surname = SURNAMES[(index * 7 + index // len(FIRST_NAMES)) % len(SURNAMES)]
    return f"{first} {surname}"


DEMO_GUIDANCE_WORDING = (
    "Du skal stå til rådighed og møde op til samtaler og tilbud. Udebliver du uden rimelig "
    "grund, trækkes du i hjælpen for dagene, indtil du igen kontakter os (Københavns "
    "standardvejledning om rådighed og sanktioner, version 2024)."
)


def _register(p: Profile, stage: str, today: date, staff: Staff) -> Case:
    """The coordinator registers the no-show the day after (the no-show form's service)."""
    no_show = today - timedelta(days=STAGE_AGE_DAYS[stage] + p.index % 3)
    street, postcode, city, _lat, _lon = p.street
    # The pair team covers every address where nobody visits alone.
    team = staff.teams["Vægterkorps Nord" if p.safety else team_for(postcode)]
    case = noshow.register_no_show(noshow.NoShowInput(
        case_ref=p.case_ref, citizen_reference=p.reference, target_group=p.target_group,
        no_show_kind="interview" if p.index % 2 else "offer", no_show_date=no_show,
        full_name=p.name, address=f"{street} {p.house_number}", postcode=postcode, city=city,
        phone_mobile=p.mobile or "", digital_post_exempt=p.paper_letters,
        las35_guidance_on=no_show - timedelta(days=45),
        las35_guidance_channel="digital_post", las35_guidance_wording=DEMO_GUIDANCE_WORDING,
        team_id=team.id, lat=p.lat, lon=p.lon,
    ), staff.coordinator, min(no_show + timedelta(days=1), today))
    citizen = case.citizen
    if p.index % 4 == 0 or p.safety:
        _edit_citizen(citizen, access_notes="Ring på hos underboen, hvis hoveddøren er låst."
                      if p.index % 4 == 0 else "",
                      safety_flags=["dog", "pairs"] if p.safety else [])
    for n, (kind, representative) in enumerate(p.partners):
        partners.add_partner(citizen.id, {
            "kind": kind, "name": f"{FIRST_NAMES[(p.index + n + 3) % len(FIRST_NAMES)]} "
                                  "Partnersen",
            "organisation": "Demo-organisation", "phone": _phone(900 - p.index),
            "email": "", "is_representative": representative,
        }, staff.coordinator)
    if p.sms_opt_out and p.mobile:
        demo_sms.opt_out(citizen)
    return case_facts.load_case(case.id)


def _edit_citizen(citizen: Citizen, **changes) -> None:
    """Save the citizen through the edit form's service: every field as the form sends it."""
    fields = ("full_name", "address", "postcode", "city", "phone_mobile", "phone_other", "lat",
              "lon", "digital_post_exempt", "sms_opt_out", "access_notes", "safety_flags",
              "safety_note")
    data = {f: getattr(citizen, f) for f in fields}
    data["safety_flags"] = list(citizen.safety_flags or ())
    citizens.update_citizen(citizen.id, {**data, **changes})


def _at(day: date) -> datetime:
    return datetime.combine(day, STEP_TIME, tzinfo=clock.zone())


def _climb(case: Case, p: Profile, stage: str, today: date, staff: Staff) -> None:
    """The ladder steps a case at `stage` has been through, each taken on its own day."""
    citizen = case.citizen
    climbed = CLIMBED[stage]

    def day(offset: int) -> date:
        return min(case.no_show_date + timedelta(days=offset), today)

    def step(rung, outcome, offset, **kw):
        on = day(offset)
        case_commands.record_step(case.id, None, case_commands.NewAttempt(rung, outcome, on, **kw),
                             staff.coordinator, on, now=_at(on))
        db.session.refresh(case)

    channel = LetterChannel.PAPER if citizen.digital_post_exempt else LetterChannel.DIGITAL_POST
    if climbed >= 1:
        step(Rung.HEARING_LETTER, O.SENT, LETTER_DAY, letter_channel=channel,
             reply_days=case.hearing_reply_days)
        for rep in (p for p in citizen.partners if p.is_representative):
            step(Rung.HEARING_LETTER, O.SENT, LETTER_DAY, partner_id=rep.id,
                 letter_channel=LetterChannel.DIGITAL_POST)
    if stage == "exempt":
        # Found in hospital after the letter went out: the caseworker registers it.
        exemptions.add_exemption(citizen.id, ExemptionReason.HOSPITALISED,
                                 case.no_show_date - timedelta(days=3), None,
                                 "Indlagt (demo)", staff.caseworker)
        return
    if climbed >= 2:
        step(Rung.CASE_FILE_CHECK, O.NO_CONTACT, FILE_DAY)
    if stage in ("contact_phone", "decided_with_contact", "decided_no_sanction"):
        step(Rung.PHONE_CALL, O.CONTACT, PHONE_DAY, notes="Borgeren forklarede fraværet.")
    elif climbed >= 3:
        step(Rung.PHONE_CALL, O.NO_ANSWER if citizen.phone_mobile else O.NO_NUMBER, PHONE_DAY)
    # Contact or an excluded sanction puts the case on the caseworker's desk: the ladder
    # stops there (the service refuses further steps).
    if climbed >= 4 and case.status == CaseStatus.OPEN:
        sendable = citizen.phone_mobile and not citizen.sms_opt_out
        step(Rung.SMS_PROMPT, O.SENT if sendable else O.SKIPPED, PHONE_DAY)
        if sendable:
            demo_sms.worker_pass(_at(day(PHONE_DAY)) + timedelta(minutes=5))
    if climbed >= 5 and case.status == CaseStatus.OPEN:
        for partner in citizen.partners:
            step(Rung.PARTNER_CONTACT, O.NO_CONTACT, PARTNER_DAY, partner_id=partner.id)
    if climbed >= 5 and case.status == CaseStatus.OPEN:
        asked = day(VISIT_ASKED_DAY)
        # The visits still to make are spread over the next two working weeks by their
        # "not before" day (the request form's earliest day), as an office with a
        # monthly target spreads its visits; the planner then fits each in from that day.
        earliest = asked if climbed >= 6 else max(
            asked, staff.visit_days[p.index % len(staff.visit_days)])
        visit = case_commands.request_visit(case.id, None, case_commands.VisitRequest(
            earliest_on=earliest,
            window_start=time(10, 0) if p.index % 3 == 0 else None,
            window_end=time(13, 0) if p.index % 3 == 0 else None,
        ), staff.coordinator, asked)
        if climbed >= 6:
            _visit_not_at_home(case, visit.id, day(VISIT_DAY), staff)
    if stage.startswith("decided") or stage in ("reassessed_annulled", "appealed"):
        _decide(case, stage, today, staff.caseworker)


def _visit_not_at_home(case: Case, visit_id: int, on: date, staff: Staff) -> None:
    """The team went on a working day; its worker recorded "not at home" in the field app."""
    team = db.session.get(Team, case.team_id)
    days = [d.day for d in calendar.team_days(on - timedelta(days=7), on, [team])]
    visit_day = days[-1]
    visit = db.session.get(Visit, visit_id)
    with unit_of_work():
        planning.plan_team_day(team, visit_day, [visit], user=staff.coordinator)
    worker = team.active_members[0]
    field.submit_outcome(worker, field.OutcomeSubmission(
        client_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{case.case_ref}:visit")),
        visit_id=visit_id, outcome=VisitOutcome.NOT_AT_HOME,
        recorded_at=datetime.combine(visit_day, time(11, 20), tzinfo=clock.zone()),
        explanation="Ikke hjemme, visitkort lagt.", card_left=True))


def _decide(case: Case, stage: str, today: date, caseworker: User) -> None:
    """The caseworker decides through the decision page's service: real letters."""
    outcome = {
        "decided_with_contact": DecisionOutcome.SANCTION_WITH_CONTACT,
        "decided_no_sanction": DecisionOutcome.NO_SANCTION,
    }.get(stage, DecisionOutcome.SANCTION_EXISTING_BASIS)
    reason = {
        DecisionOutcome.NO_SANCTION: AbsenceReason.ILLNESS,
        DecisionOutcome.SANCTION_WITH_CONTACT: AbsenceReason.NONE,
    }.get(outcome, AbsenceReason.UNKNOWN)
    with_contact = outcome != DecisionOutcome.SANCTION_EXISTING_BASIS
    decision = decisions.decide(case.id, None, decisions.DecisionInput(
        outcome=outcome, absence_reason=reason,
        overall_situation="Demo: samlet vurdering af borgerens situation.",
        meeting_channel=MeetingChannel.PHONE if with_contact else None,
        citizen_explanation="Borgeren forklarede fraværet i telefonen." if with_contact else "",
        reasoning="" if outcome == DecisionOutcome.NO_SANCTION else
        "Alle rimelige muligheder for kontakt er afprøvet, og en sanktion vurderes at "
        "fremme borgerens rådighed.",
        illness_report=IllnessReport.REPORTED if reason == AbsenceReason.ILLNESS else None,
        closer_to_work=None if outcome == DecisionOutcome.NO_SANCTION else True,
        closer_to_work_reasons="" if outcome == DecisionOutcome.NO_SANCTION else
        "Borgeren har brug for, at jobcentret får etableret kontakt og fulgt op på hjælp og "
        "støtte; sanktionen skaber mødestabilitet.",
        daily_rate=None if outcome == DecisionOutcome.NO_SANCTION else Decimal("400.00"),
    ), caseworker, today)
    if stage == "reassessed_annulled":
        decisions.reassess(decision.id, ReassessmentOutcome.ANNULLED, today,
                           "Borgeren mødte op på udbetalingsdagen med lægeerklæring.",
                           caseworker, today)
    if stage == "appealed":
        decisions.receive_complaint(decision.id, today, "", caseworker, today)
