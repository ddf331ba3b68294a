"""Rule sets: the parts of the law that change over time, as data with validity dates.

A :class:`RuleSet` says, for no-shows on dates inside its validity window, which
target groups may be sanctioned, which ladder rungs are required per target
group, the default deadlines and the legal-basis text keys. The rule set that
applies to a case is chosen by the date of the no-show (:func:`rule_set_for`).

The shipped rule sets live in :mod:`outreach_app.domain.rule_sets_shipped`;
:func:`rule_set_to_dict` / :func:`rule_set_from_dict` turn a rule set into plain
JSON-able data and back, so the app can store and show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from .vocabulary import LADDER_ORDER, NoShowKind, Rung, TargetGroup

__all__ = [
    "NoRuleSetError",
    "RuleSet",
    "rule_set_for",
    "rule_set_from_dict",
    "rule_set_to_dict",
    "overlapping_rule_sets",
]


class NoRuleSetError(LookupError):
    """Raised when no rule set is in force on the date asked for."""


@dataclass(frozen=True, eq=True)
class RuleSet:
    """One version of the sanction rules, in force from ``valid_from`` to ``valid_to``.

    Both dates are inclusive; ``valid_to=None`` means open-ended. A ``draft``
    rule set (e.g. a planned reform) is never chosen for a case unless drafts are
    explicitly asked for.

    ``required_rungs`` maps a target group to the rungs of the contact ladder
    that must be climbed before a decision on the existing basis; the rungs are
    kept in ladder order whatever order they were given in. ``legal_basis`` maps
    a no-show kind to text keys (e.g. ``"las_37"``) that the decision letter
    turns into legal references; ``legal_basis_by_group`` overrides it for a
    target group (e.g. ressourceforløb offers under LAS § 69 b).
    """

    key: str
    name: str
    valid_from: date
    valid_to: date | None
    sanctionable_target_groups: frozenset[TargetGroup]
    required_rungs: Mapping[TargetGroup, tuple[Rung, ...]]
    draft: bool = False
    hearing_reply_days: int = 7
    #: Extra days added to the hearing deadline when the letter went on paper
    #: (paper post arrives later than Digital Post; a municipal choice, not law).
    paper_letter_extra_days: int = 5
    visit_service_minutes: int = 20
    #: LAS § 35 stk. 3: deductions within 3 whole calendar months after the no-show.
    deduction_deadline_months: int = 3
    #: Days between the latest decision day and the last deduction day
    #: (notify the citizen, run payroll).
    decision_lead_days: int = 7
    #: Days between the latest home-visit day and the latest decision day.
    visit_lead_days: int = 7
    #: When set, LAS § 35 guidance older than this many months on the no-show
    #: date counts as missing (Ankestyrelsen 21-22: repeat at least every half year).
    las35_guidance_max_age_months: int | None = None
    #: The kinds of no-show this rule set lets a case be opened for. Late arrival
    #: and partial absence count only where the rule set names them.
    no_show_kinds: frozenset[NoShowKind] = frozenset({NoShowKind.INTERVIEW, NoShowKind.OFFER})
    #: Weekdays (Mon-Fri) after sending until a paper letter counts as received
    #: (the appeal clock starts then; Digital Post counts on the day it is available).
    #: Municipal practice (Slagelse: 6 delivery days), not statute.
    paper_post_delivery_days: int = 6
    #: Bumped whenever the shipped definition changes, so init-db and migrations
    #: can replace an installed copy of an older shipped revision.
    revision: int = 1
    legal_basis: Mapping[NoShowKind, tuple[str, ...]] = field(default_factory=dict)
    legal_basis_by_group: Mapping[TargetGroup, Mapping[NoShowKind, tuple[str, ...]]] = field(
        default_factory=dict
    )
    notes: str = ""

    def __post_init__(self) -> None:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"rule set {self.key}: valid_to is before valid_from")
        for name in (
            "hearing_reply_days",
            "paper_letter_extra_days",
            "visit_service_minutes",
            "deduction_deadline_months",
            "decision_lead_days",
            "visit_lead_days",
            "paper_post_delivery_days",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"rule set {self.key}: {name} must not be negative")
        ordered = {
            TargetGroup(group): tuple(r for r in LADDER_ORDER if r in {Rung(x) for x in rungs})
            for group, rungs in self.required_rungs.items()
        }
        object.__setattr__(self, "required_rungs", MappingProxyType(ordered))
        object.__setattr__(
            self,
            "sanctionable_target_groups",
            frozenset(TargetGroup(g) for g in self.sanctionable_target_groups),
        )
        object.__setattr__(
            self, "no_show_kinds", frozenset(NoShowKind(k) for k in self.no_show_kinds)
        )
        if (
            self.las35_guidance_max_age_months is not None
            and self.las35_guidance_max_age_months < 1
        ):
            raise ValueError(f"rule set {self.key}: las35_guidance_max_age_months must be >= 1")
        object.__setattr__(
            self,
            "legal_basis",
            MappingProxyType({NoShowKind(k): tuple(v) for k, v in self.legal_basis.items()}),
        )
        object.__setattr__(
            self,
            "legal_basis_by_group",
            MappingProxyType(
                {
                    TargetGroup(g): MappingProxyType(
                        {NoShowKind(k): tuple(v) for k, v in by_kind.items()}
                    )
                    for g, by_kind in self.legal_basis_by_group.items()
                }
            ),
        )

    def is_in_force_on(self, day: date) -> bool:
        """True when ``day`` lies inside this rule set's validity window (inclusive)."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def is_sanctionable(self, group: TargetGroup) -> bool:
        """True when citizens of ``group`` may be sanctioned under this rule set."""
        return group in self.sanctionable_target_groups

    def rungs_for(self, group: TargetGroup) -> tuple[Rung, ...]:
        """The rungs required for ``group`` before a decision on the existing basis, in order."""
        return self.required_rungs.get(group, (Rung.HEARING_LETTER,))

    def allows_no_show_kind(self, kind: NoShowKind) -> bool:
        """True when a case may be opened for a no-show of ``kind`` under this rule set."""
        return NoShowKind(kind) in self.no_show_kinds

    def legal_basis_keys(self, group: TargetGroup, kind: NoShowKind) -> tuple[str, ...]:
        """Legal-basis text keys for a no-show of ``kind`` by a citizen of ``group``."""
        by_group = self.legal_basis_by_group.get(group, {})
        if kind in by_group:
            return by_group[kind]
        return self.legal_basis.get(kind, ())


def rule_set_for(
    no_show_date: date, rule_sets: Iterable[RuleSet], *, include_drafts: bool = False
) -> RuleSet:
    """Return the rule set in force on ``no_show_date``.

    Drafts are ignored unless ``include_drafts`` is true; then a draft in force
    on the date wins over a final rule set (that is what previewing a planned
    change means). Among several candidates the one with the latest
    ``valid_from`` wins. Raises :class:`NoRuleSetError` when none applies.
    """
    candidates = [rs for rs in rule_sets if rs.is_in_force_on(no_show_date)]
    finals = [rs for rs in candidates if not rs.draft]
    drafts = [rs for rs in candidates if rs.draft] if include_drafts else []
    pool = drafts or finals
    if not pool:
        raise NoRuleSetError(f"no rule set in force on {no_show_date.isoformat()}")
    return max(pool, key=lambda rs: rs.valid_from)


def overlapping_rule_sets(rule_sets: Iterable[RuleSet]) -> list[tuple[str, str]]:
    """Pairs of keys of non-draft rule sets whose validity windows overlap (should be empty)."""
    finals = sorted((rs for rs in rule_sets if not rs.draft), key=lambda rs: rs.valid_from)
    clashes: list[tuple[str, str]] = []
    for i, first in enumerate(finals):
        for second in finals[i + 1 :]:
            if first.valid_to is None or second.valid_from <= first.valid_to:
                clashes.append((first.key, second.key))
    return clashes


def rule_set_to_dict(rule_set: RuleSet) -> dict[str, Any]:
    """Plain, JSON-serialisable data for ``rule_set`` (dates as ISO strings)."""
    return {
        "key": rule_set.key,
        "name": rule_set.name,
        "valid_from": rule_set.valid_from.isoformat(),
        "valid_to": rule_set.valid_to.isoformat() if rule_set.valid_to else None,
        "draft": rule_set.draft,
        "sanctionable_target_groups": sorted(str(g) for g in rule_set.sanctionable_target_groups),
        "required_rungs": {
            str(g): [str(r) for r in rungs] for g, rungs in rule_set.required_rungs.items()
        },
        "hearing_reply_days": rule_set.hearing_reply_days,
        "paper_letter_extra_days": rule_set.paper_letter_extra_days,
        "visit_service_minutes": rule_set.visit_service_minutes,
        "deduction_deadline_months": rule_set.deduction_deadline_months,
        "decision_lead_days": rule_set.decision_lead_days,
        "visit_lead_days": rule_set.visit_lead_days,
        "las35_guidance_max_age_months": rule_set.las35_guidance_max_age_months,
        "no_show_kinds": sorted(str(k) for k in rule_set.no_show_kinds),
        "paper_post_delivery_days": rule_set.paper_post_delivery_days,
        "revision": rule_set.revision,
        "legal_basis": {str(k): list(v) for k, v in rule_set.legal_basis.items()},
        "legal_basis_by_group": {
            str(g): {str(k): list(v) for k, v in by_kind.items()}
            for g, by_kind in rule_set.legal_basis_by_group.items()
        },
        "notes": rule_set.notes,
    }


def rule_set_from_dict(data: Mapping[str, Any]) -> RuleSet:
    """Build a :class:`RuleSet` from data produced by :func:`rule_set_to_dict`.

    Unknown vocabulary values raise ``ValueError``; missing optional fields take
    the dataclass defaults.
    """
    optional = {
        name: data[name]
        for name in (
            "draft",
            "hearing_reply_days",
            "paper_letter_extra_days",
            "visit_service_minutes",
            "deduction_deadline_months",
            "decision_lead_days",
            "visit_lead_days",
            "las35_guidance_max_age_months",
            "paper_post_delivery_days",
            "revision",
            "notes",
        )
        if name in data
    }
    if "no_show_kinds" in data:
        optional["no_show_kinds"] = frozenset(NoShowKind(k) for k in data["no_show_kinds"])
    return RuleSet(
        key=data["key"],
        name=data["name"],
        valid_from=date.fromisoformat(data["valid_from"]),
        valid_to=date.fromisoformat(data["valid_to"]) if data.get("valid_to") else None,
        sanctionable_target_groups=frozenset(
            TargetGroup(g) for g in data["sanctionable_target_groups"]
        ),
        required_rungs={
            TargetGroup(g): tuple(Rung(r) for r in rungs)
            for g, rungs in data["required_rungs"].items()
        },
        legal_basis={NoShowKind(k): tuple(v) for k, v in data.get("legal_basis", {}).items()},
        legal_basis_by_group={
            TargetGroup(g): {NoShowKind(k): tuple(v) for k, v in by_kind.items()}
            for g, by_kind in data.get("legal_basis_by_group", {}).items()
        },
        **optional,
    )
