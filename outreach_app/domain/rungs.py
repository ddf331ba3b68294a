"""The state of each rung of the contact ladder, derived from the documented attempts.

A rung is *done* when it has a closing attempt (any outcome but ``aborted``).
The hearing-letter rung is done when a letter was sent to the citizen and to
every representative; the partner rung when every partner was contacted
(and it does not apply when the citizen has no partners). An SMS rung closed
by a ``skipped`` attempt counts as done, and is shown as skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from .facts import Attempt, CaseFacts, Ref
from .vocabulary import LADDER_ORDER, AttemptOutcome, Rung

__all__ = [
    "ALLOWED_OUTCOMES",
    "RungState",
    "RungStatus",
    "first_contact",
    "rung_statuses",
]

_O = AttemptOutcome

#: The outcomes that make sense on each rung.
ALLOWED_OUTCOMES: Mapping[Rung, frozenset[AttemptOutcome]] = MappingProxyType(
    {
        # ``contact`` on the hearing letter is the citizen's reply.
        Rung.HEARING_LETTER: frozenset({_O.SENT, _O.CONTACT}),
        # ``contact``: the file shows the citizen contacted the job centre.
        Rung.CASE_FILE_CHECK: frozenset({_O.CONTACT, _O.INFORMATION_OBTAINED, _O.NO_CONTACT}),
        Rung.PHONE_CALL: frozenset({_O.CONTACT, _O.NO_ANSWER, _O.MESSAGE_LEFT, _O.NO_NUMBER}),
        # ``contact`` on the SMS rung is the citizen's reply.
        Rung.SMS_PROMPT: frozenset({_O.SENT, _O.SKIPPED, _O.CONTACT}),
        # ``contact``: contact with the citizen was made through the partner;
        # ``no_contact``: the partner was reached but has no contact with the citizen;
        # ``no_answer`` / ``message_left``: the partner was not reached.
        Rung.PARTNER_CONTACT: frozenset(
            {_O.CONTACT, _O.NO_CONTACT, _O.NO_ANSWER, _O.MESSAGE_LEFT, _O.INFORMATION_OBTAINED}
        ),
        Rung.HOME_VISIT: frozenset({_O.CONTACT, _O.NO_CONTACT, _O.ABORTED}),
    }
)


class RungState(StrEnum):
    """Where a rung stands: open, done, skipped (SMS), not applicable, or not required."""

    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"
    NOT_APPLICABLE = "not_applicable"
    NOT_REQUIRED = "not_required"


#: States in which a rung no longer blocks the ladder.
CLOSED_STATES = frozenset(
    {RungState.DONE, RungState.SKIPPED, RungState.NOT_APPLICABLE, RungState.NOT_REQUIRED}
)


@dataclass(frozen=True)
class RungStatus:
    """The status of one rung for one case.

    ``done_on`` is the day the rung was completed (None while open or when it
    does not apply). ``pending_recipients`` lists who still needs the hearing
    letter (None stands for the citizen, other values are representative ids);
    ``pending_partners`` lists partners not contacted yet.
    """

    rung: Rung
    required: bool
    state: RungState
    done_on: date | None
    attempts: int
    pending_recipients: tuple[Ref | None, ...] = ()
    pending_partners: tuple[Ref, ...] = ()

    @property
    def closed(self) -> bool:
        """True when this rung no longer blocks the ladder."""
        return self.state in CLOSED_STATES


def _closes(attempt: Attempt) -> bool:
    return attempt.outcome != AttemptOutcome.ABORTED


def _first_dates(
    attempts: Iterable[Attempt], key: str, outcomes: frozenset[AttemptOutcome] | None = None
) -> dict[Ref | None, date]:
    """Earliest closing date per value of ``key`` (recipient or partner)."""
    firsts: dict[Ref | None, date] = {}
    for a in attempts:
        if outcomes is not None and a.outcome not in outcomes:
            continue
        if outcomes is None and not _closes(a):
            continue
        who = getattr(a, key)
        if who not in firsts or a.on < firsts[who]:
            firsts[who] = a.on
    return firsts


def _status(facts: CaseFacts, rung: Rung, required: bool) -> RungStatus:
    attempts = [a for a in facts.attempts if a.rung == rung]
    if rung == Rung.HEARING_LETTER:
        sent = _first_dates(attempts, "recipient", frozenset({AttemptOutcome.SENT}))
        needed: tuple[Ref | None, ...] = (None, *facts.representatives)
        pending = tuple(r for r in needed if r not in sent)
        if not required and not attempts:
            return RungStatus(rung, required, RungState.NOT_REQUIRED, None, 0)
        if pending:
            return RungStatus(rung, required, RungState.OPEN, None, len(attempts), pending)
        return RungStatus(
            rung, required, RungState.DONE, max(sent[r] for r in needed), len(attempts)
        )
    if rung == Rung.PARTNER_CONTACT:
        if not facts.partners:
            return RungStatus(rung, required, RungState.NOT_APPLICABLE, None, len(attempts))
        contacted = _first_dates(attempts, "partner")
        pending_p = tuple(p.id for p in facts.partners if p.id not in contacted)
        if not required and not attempts:
            return RungStatus(rung, required, RungState.NOT_REQUIRED, None, 0)
        if pending_p:
            return RungStatus(
                rung, required, RungState.OPEN, None, len(attempts), pending_partners=pending_p
            )
        done_on = max(contacted[p.id] for p in facts.partners)
        return RungStatus(rung, required, RungState.DONE, done_on, len(attempts))
    closing = sorted((a for a in attempts if _closes(a)), key=lambda a: a.on)
    if not closing:
        state = RungState.OPEN if required or attempts else RungState.NOT_REQUIRED
        return RungStatus(rung, required, state, None, len(attempts))
    skipped = all(a.outcome == AttemptOutcome.SKIPPED for a in closing)
    state = RungState.SKIPPED if skipped else RungState.DONE
    return RungStatus(rung, required, state, closing[0].on, len(attempts))


def rung_statuses(facts: CaseFacts) -> tuple[RungStatus, ...]:
    """The status of every rung, in ladder order, under the case's rule set."""
    required = set(facts.rule_set.rungs_for(facts.target_group))
    return tuple(_status(facts, rung, rung in required) for rung in LADDER_ORDER)


def first_contact(facts: CaseFacts) -> Attempt | None:
    """The earliest attempt that achieved contact with the citizen, or None."""
    contacts = [a for a in facts.attempts if a.outcome == AttemptOutcome.CONTACT]
    return min(contacts, key=lambda a: a.on) if contacts else None
