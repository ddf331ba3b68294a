"""A municipality's history for load tests: N cases over 5 years, about 10 attempts each.

`flask seed-volume --cases N` fills a (non-production) database so the work queues can
be measured at 1,000 / 10,000 / 50,000 cases (bench/work_queue.py). The rows are
written with bulk inserts, not one by one through the page services: what matters
here is the volume and shape of the data, and the demo (services.demo) already shows
every step going through the services. Cases older than about three months are
decided (the law's deadline has passed); the recent ones stand on the ladder, and
their stored step comes from the domain (case_state.refresh_all).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from ..domain import AttemptOutcome as O
from ..domain import CaseStatus, CaseStep, DecisionOutcome, LetterChannel, Rung
from ..domain.deadlines import last_deduction_day
from ..domain.rules import rule_set_for
from ..extensions import db
from ..models import Case, Citizen, ContactAttempt, Decision, Team, User
from . import audit, case_facts, case_state
from .demo_places import FICTION_PHONE_PREFIX, FIRST_NAMES, STREETS, SURNAMES
from .unit_of_work import unit_of_work

YEARS = 5
CHUNK = 1000
# The full ladder a decided case went through: ten attempts without contact.
FULL_LADDER = (
    (Rung.HEARING_LETTER, O.SENT, 1), (Rung.CASE_FILE_CHECK, O.NO_CONTACT, 2),
    (Rung.PHONE_CALL, O.NO_ANSWER, 3), (Rung.PHONE_CALL, O.NO_ANSWER, 4),
    (Rung.PHONE_CALL, O.NO_ANSWER, 5), (Rung.SMS_PROMPT, O.SENT, 5),
    (Rung.SMS_PROMPT, O.SENT, 7), (Rung.PHONE_CALL, O.NO_ANSWER, 8),
    (Rung.CASE_FILE_CHECK, O.NO_CONTACT, 9), (Rung.HOME_VISIT, O.NO_CONTACT, 14),
)


def seed_volume(cases: int, today: date, *, seed: int = 1,
                progress: Callable[[int, int], None] | None = None) -> int:
    """Add `cases` cases (with citizens, attempts, decisions); return how many were added.

    Each chunk of CHUNK cases is one unit of work with its audit event, so memory stays
    flat at 50,000 cases (bulk inserts, no objects kept), and an interrupted run keeps
    the chunks it finished; a second run adds after them.
    """
    rng = random.Random(seed)
    start = (db.session.scalar(select(func.count(Case.id))) or 0) + 1
    municipality = _Municipality(
        teams=list(db.session.scalars(select(Team.id))),
        decider=db.session.scalar(select(User.id).where(User.role == "caseworker")),
        recorder=db.session.scalar(select(User.id).where(User.role == "coordinator")),
        rule_sets=list(case_facts.rule_sets().values()))
    done = 0
    while done < cases:
        n = min(CHUNK, cases - done)
        with unit_of_work():
            _add_chunk(range(start + done, start + done + n), rng, today, municipality)
            audit.record("seed.volume", details={"cases": n})
        done += n
        if progress:
            progress(done, cases)
    # The cases still on the ladder: their status and step from the domain.
    case_state.refresh_all(today, only_missing=True)
    return cases


@dataclass(frozen=True)
class _Municipality:
    """What every chunk shares: the teams, who decides and records, the rule sets."""

    teams: list[int]
    decider: int | None
    recorder: int | None
    rule_sets: list


def _add_chunk(numbers: range, rng: random.Random, today: date,
               municipality: _Municipality) -> None:
    """Bulk-insert the citizens, cases, attempts and decisions numbered `numbers`."""
    teams, recorder = municipality.teams, municipality.recorder
    no_shows = [today - timedelta(days=rng.randint(1, 365 * YEARS)) for _ in numbers]
    citizen_ids = db.session.scalars(
        insert(Citizen).returning(Citizen.id, sort_by_parameter_order=True),
        [_citizen(i, rng) for i in numbers]).all()
    case_rows = []
    for i, citizen_id, no_show in zip(numbers, citizen_ids, no_shows, strict=True):
        rules = rule_set_for(no_show, municipality.rule_sets)
        decided = today > last_deduction_day(no_show, rules.deduction_deadline_months)
        case_rows.append(dict(
            case_ref=f"VOL-{i:07d}", citizen_id=citizen_id, target_group="aktivitetsparat",
            no_show_kind="interview" if i % 2 else "offer", no_show_date=no_show,
            las35_guidance_on=no_show - timedelta(days=40),
            las35_guidance_channel="digital_post", rule_set_key=rules.key,
            hearing_reply_days=rules.hearing_reply_days,
            status=CaseStatus.DECIDED if decided else CaseStatus.OPEN,
            # Decided cases have nothing left to do; the open ones get theirs below.
            step=CaseStep.DECIDED if decided else None,
            deadline_on=last_deduction_day(no_show, rules.deduction_deadline_months),
            team_id=teams[i % len(teams)] if teams and i % 3 else None,
            created_by_id=recorder, version=1))
    case_ids = db.session.scalars(
        insert(Case).returning(Case.id, sort_by_parameter_order=True), case_rows).all()
    attempts, decisions = [], []
    for case_id, row in zip(case_ids, case_rows, strict=True):
        no_show = row["no_show_date"]
        age = (today - no_show).days
        decided = row["status"] == CaseStatus.DECIDED
        for rung, outcome, offset in FULL_LADDER:
            if not decided and offset > min(age - 1, 4):
                break  # a recent case is still early on the ladder
            attempts.append(dict(
                case_id=case_id, rung=rung, outcome=outcome,
                occurred_on=no_show + timedelta(days=offset),
                letter_channel=LetterChannel.DIGITAL_POST
                if rung == Rung.HEARING_LETTER else None,
                reply_days=row["hearing_reply_days"] if rung == Rung.HEARING_LETTER
                else None, notes="", recorded_by_id=recorder))
        if decided:
            decisions.append(dict(
                case_id=case_id, outcome=DecisionOutcome.SANCTION_EXISTING_BASIS,
                absence_reason="unknown", overall_situation="Volumendata.",
                reasoning="Alle rimelige muligheder for kontakt er afprøvet.",
                letter_text="(volumendata)", decided_on=no_show + timedelta(days=20),
                decided_by_id=municipality.decider))
    if attempts:
        db.session.execute(insert(ContactAttempt), attempts)
    if decisions:
        db.session.execute(insert(Decision), decisions)


def _citizen(i: int, rng: random.Random) -> dict:
    street = STREETS[i % len(STREETS)]
    name, postcode, city, lat, lon = street
    return dict(
        reference=f"VOL-P{i:07d}",
        full_name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} "
                  f"{SURNAMES[(i * 7 + i // len(FIRST_NAMES)) % len(SURNAMES)]}",
        address=f"{name} {rng.randint(1, 180)}", postcode=postcode, city=city,
        lat=round(lat + rng.uniform(-0.002, 0.002), 6),
        lon=round(lon + rng.uniform(-0.003, 0.003), 6), position_source="demo",
        phone_mobile=f"{FICTION_PHONE_PREFIX}{i % 1000:03d}",
        digital_post_exempt=False, sms_opt_out=False, access_notes="", safety_note="")
