"""A believable demo month: fictional citizens at real Copenhagen streets, cases on every rung.

Idempotent: every row has a natural key (user name, team name, citizen reference,
case reference) and is created only when missing, so running it twice changes nothing.
Every ladder step goes through services.case_commands, so the demo obeys the domain's rules.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from .. import domain
from ..domain import (
    AbsenceReason,
    CaseStatus,
    DecisionOutcome,
    IllnessReport,
    LetterChannel,
    MeetingChannel,
    ReassessmentOutcome,
    Rung,
    VisitEvent,
    VisitStatus,
    transition,
)
from ..domain import AttemptOutcome as O
from ..domain.safety import needs_pair
from ..extensions import db
from ..models import (
    Case,
    Citizen,
    Exemption,
    Office,
    Partner,
    RoutePlan,
    Team,
    User,
    Visit,
)
from . import case_commands, case_facts, case_state, decisions, planning
from .demo_places import FICTION_PHONE_PREFIX, FIRST_NAMES, STREETS, SURNAMES
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
ROUTE_STOPS_TODAY = 4
DEMO_CASES = sum(n for _, n in STAGES)


@dataclass
class SeedResult:
    created: dict[str, int]
    logins: tuple[tuple[str, str, str], ...]


@unit_of_work()
def seed_demo(today: date, copies: int = 1) -> SeedResult:
    """Create whatever of the demo is missing; return what was created and the logins.

    One unit of work: the reference data, the users and every case with its steps and
    decisions (through the same commands as the pages, joining this unit) commit once.

    `copies` repeats the month's mix of cases (benchmarks use it for a bigger office).
    """
    ensure_reference_data()
    created = {"users": 0, "teams": 0, "citizens": 0, "cases": 0}
    office = _office()
    teams = {}
    for name, mode, address, lat, lon in TEAMS:
        team = db.session.scalar(select(Team).where(Team.name == name))
        if team is None:
            team = Team(name=name, travel_mode=mode, start_address=address,
                        start_lat=lat, start_lon=lon, office=office,
                        shift_start=time(8, 0), shift_end=time(16, 0))
            db.session.add(team)
            created["teams"] += 1
        teams[name] = team
    db.session.flush()
    for username, role, full_name, password, team_name in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.username == username)) is None:
            user = User(username=username, role=role, full_name=full_name,
                        team=teams.get(team_name))
            user.set_password(password)
            db.session.add(user)
            created["users"] += 1
    for username, full_name, team_name in TEAM_MEMBERS:
        if db.session.scalar(select(User.id).where(User.username == username)) is None:
            user = User(username=username, role="outreach", full_name=full_name,
                        team=teams[team_name])
            user.set_password(secrets.token_urlsafe(24))
            db.session.add(user)
            created["users"] += 1

    coordinator = db.session.scalar(select(User).where(User.username == "koordinator"))
    rng = random.Random(2026)  # same people every run, whatever day it is
    index = 0
    new_visits_today: list[Visit] = []
    for stage, count in STAGES * copies:
        for _ in range(count):
            index += 1
            profile = _profile(index, rng)
            if db.session.scalar(select(Case.id).where(Case.case_ref == profile.case_ref)):
                continue
            citizen = _citizen(profile)
            case = _case(citizen, profile, stage, today, coordinator)
            visit = _climb(case, stage, today, coordinator, teams)
            if visit is not None and stage == "visit_planned":
                new_visits_today.append(visit)
            created["citizens"] += 1
            created["cases"] += 1
    _route_for_today(teams["Vægterkorps Nord"], new_visits_today, today)
    logins = tuple((u, r, p) for u, r, _n, p, _t in DEMO_USERS)
    return SeedResult(created=created, logins=logins)


def _office() -> Office:
    name, address, phone, lat, lon = OFFICE
    office = db.session.scalar(select(Office).where(Office.name == name))
    if office is None:
        office = Office(name=name, address=address, phone=phone, lat=lat, lon=lon)
        db.session.add(office)
    return office


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
        mobile=None if index % 9 == 0 else f"{FICTION_PHONE_PREFIX}{index:03d}",
        paper_letters=index % 7 == 0,
        sms_opt_out=index % 13 == 0,
        partners=partner_sets[index % len(partner_sets)],
        target_group="ressourceforloeb" if index % 5 == 0 else "aktivitetsparat",
        safety=index % 6 == 0,
    )


def _name(index: int) -> str:
    # The surname shifts each time the first names come round again: 60 different people.
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    surname = SURNAMES[(index * 7 + index // len(FIRST_NAMES)) % len(SURNAMES)]
    return f"{first} {surname}"


def _citizen(p: Profile) -> Citizen:
    citizen = db.session.scalar(select(Citizen).where(Citizen.reference == p.reference))
    if citizen is not None:
        return citizen
    street, postcode, city, _lat, _lon = p.street
    citizen = Citizen(
        reference=p.reference, full_name=p.name, address=f"{street} {p.house_number}",
        postcode=postcode, city=city, lat=p.lat, lon=p.lon, position_source="demo",
        phone_mobile=p.mobile, digital_post_exempt=p.paper_letters, sms_opt_out=p.sms_opt_out,
        access_notes="Ring på hos underboen, hvis hoveddøren er låst." if p.index % 4 == 0 else "",
        safety_flags=["dog", "pairs"] if p.safety else [],
    )
    for n, (kind, representative) in enumerate(p.partners):
        citizen.partners.append(Partner(
            kind=kind, name=f"{FIRST_NAMES[(p.index + n + 3) % len(FIRST_NAMES)]} Partnersen",
            organisation="Demo-organisation", phone=f"{FICTION_PHONE_PREFIX}{900 - p.index:03d}",
            is_representative=representative,
        ))
    db.session.add(citizen)
    db.session.flush()
    return citizen


def _case(citizen: Citizen, p: Profile, stage: str, today: date, user: User) -> Case:
    no_show = today - timedelta(days=STAGE_AGE_DAYS[stage] + p.index % 3)
    rules = case_facts.rule_set_for_date(no_show)
    case = Case(
        case_ref=p.case_ref, citizen=citizen, target_group=p.target_group,
        no_show_kind="interview" if p.index % 2 else "offer", no_show_date=no_show,
        las35_guidance_on=no_show - timedelta(days=45), las35_guidance_channel="digital_post",
        las35_guidance_wording=DEMO_GUIDANCE_WORDING,
        rule_set_key=rules.key, hearing_reply_days=rules.hearing_reply_days,
        created_by_id=user.id,
    )
    db.session.add(case)
    if stage == "exempt":
        db.session.add(Exemption(citizen=citizen, reason="hospitalised",
                                 note="Indlagt (demo)", starts_on=no_show - timedelta(days=3)))
    db.session.flush()
    return case


def _climb(case: Case, stage: str, today: date, user: User, teams: dict) -> Visit | None:
    """Record the ladder steps a case at `stage` has been through, day by day."""
    citizen = case.citizen
    day = case.no_show_date

    def step(rung, outcome, offset, **kw):
        on = min(case.no_show_date + timedelta(days=offset), today)
        return case_commands.record_attempt(case, case_commands.NewAttempt(
            rung, outcome, on, **kw), user, today)

    climbed = CLIMBED[stage]
    channel = LetterChannel.PAPER if citizen.digital_post_exempt else LetterChannel.DIGITAL_POST
    if climbed >= 1:
        step(Rung.HEARING_LETTER, O.SENT, 1, letter_channel=channel,
             reply_days=case.hearing_reply_days)
        for rep in (p for p in citizen.partners if p.is_representative):
            step(Rung.HEARING_LETTER, O.SENT, 1, partner_id=rep.id,
                 letter_channel=LetterChannel.DIGITAL_POST)
    if climbed >= 2:
        step(Rung.CASE_FILE_CHECK, O.NO_CONTACT, 2)
    if stage in ("contact_phone", "decided_with_contact", "decided_no_sanction"):
        step(Rung.PHONE_CALL, O.CONTACT, 3, notes="Borgeren forklarede fraværet.")
    elif climbed >= 3:
        step(Rung.PHONE_CALL, O.NO_ANSWER if citizen.phone_mobile else O.NO_NUMBER, 3)
    # The same status rule as the pages: contact or an excluded sanction puts the case on
    # the caseworker's desk, and the ladder stops there.
    case_state.refresh(case, today)
    if climbed >= 4 and case.status == CaseStatus.OPEN:
        if citizen.phone_mobile and not citizen.sms_opt_out:
            step(Rung.SMS_PROMPT, O.SENT, 3)
        else:
            step(Rung.SMS_PROMPT, O.SKIPPED, 3)
    if climbed >= 5 and case.status == CaseStatus.OPEN:
        for partner in citizen.partners:
            step(Rung.PARTNER_CONTACT, O.NO_CONTACT, 5, partner_id=partner.id)
    visit = None
    if climbed >= 5 and case.status == CaseStatus.OPEN:
        facts = case_facts.for_case(case, today)
        deadlines = domain.compute_deadlines(facts)
        visit = Visit(case=case, earliest_on=min(day + timedelta(days=6), today),
                      deadline_on=deadlines.latest_home_visit_day,
                      service_minutes=facts.rule_set.visit_service_minutes,
                      needs_pair=needs_pair(citizen.safety_flags or ()), priority=1)
        if case.id % 3 == 0:
            visit.window_start, visit.window_end = time(10, 0), time(13, 0)
        db.session.add(visit)
    if climbed >= 6:
        visit.status = transition(visit.status or VisitStatus.REQUESTED,
                                  VisitEvent.RECORD_OUTCOME)
        visit.outcome = "not_at_home"
        visit.card_left = True
        step(Rung.HOME_VISIT, O.NO_CONTACT, 12, notes="Ikke hjemme, visitkort lagt.")
    case_state.refresh(case, today)
    if stage.startswith("decided") or stage in ("reassessed_annulled", "appealed"):
        _decide(case, stage, today, user)
    db.session.flush()
    return visit


DEMO_GUIDANCE_WORDING = (
    "Du skal stå til rådighed og møde op til samtaler og tilbud. Udebliver du uden rimelig "
    "grund, trækkes du i hjælpen for dagene, indtil du igen kontakter os (Københavns "
    "standardvejledning om rådighed og sanktioner, version 2024)."
)


def _decide(case: Case, stage: str, today: date, user: User) -> None:
    """Decide through the caseworker's own service, so the demo has real letters."""
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
    ), user, today)
    if stage == "reassessed_annulled":
        decisions.reassess(decision.id, ReassessmentOutcome.ANNULLED, today,
                           "Borgeren mødte op på udbetalingsdagen med lægeerklæring.",
                           user, today)
    if stage == "appealed":
        decisions.receive_complaint(decision.id, today, "", user, today)


def _route_for_today(team: Team, visits: list[Visit], today: date) -> None:
    """Plan a few of the new visits into today's published route, so the field app has a day."""
    if not visits or db.session.scalar(
        select(RoutePlan.id).where(RoutePlan.team_id == team.id, RoutePlan.day == today)
    ):
        return
    # Today's stops: visits that may happen today, without a window that the demo's
    # short list could not meet.
    candidates = [v for v in visits if v.earliest_on <= today <= v.deadline_on
                  and v.window_start is None][:ROUTE_STOPS_TODAY]
    planning.plan_team_day(team, today, candidates)
