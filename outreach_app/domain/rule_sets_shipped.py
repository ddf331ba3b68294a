"""The rule sets shipped with the product (data, not code).

Sources: domain.md §2-§7 and seed 000. Values that the law does not fix (the
hearing reply days, paper-post allowance, lead days) are municipal choices and
can be changed by storing an edited copy (see :func:`rule_set_from_dict`).
"""

from __future__ import annotations

from datetime import date

from .rules import RuleSet
from .vocabulary import LADDER_ORDER, NoShowKind, Rung, TargetGroup

__all__ = ["RULES_2020", "DRAFT_2027", "SHIPPED_RULE_SETS"]

_FULL_LADDER: tuple[Rung, ...] = LADDER_ORDER
_HEARING_ONLY: tuple[Rung, ...] = (Rung.HEARING_LETTER,)

_REQUIRED_RUNGS = {
    # Extended hearing with a duty of personal contact (Ankestyrelsen 2014/2015,
    # seed 000: "aktivitetsparate og ressourceforløbsborgere").
    TargetGroup.AKTIVITETSPARAT: _FULL_LADDER,
    TargetGroup.RESSOURCEFORLOEB: _FULL_LADDER,
    # Ordinary hearing (forvaltningsloven § 19) only.
    TargetGroup.JOBPARAT: _HEARING_ONLY,
    TargetGroup.UDDANNELSESPARAT: _HEARING_ONLY,
}

_LEGAL_BASIS = {
    NoShowKind.INTERVIEW: ("las_37",),
    NoShowKind.OFFER: ("las_36",),
}

# Ressourceforløbsydelse has its own deduction rule (LAS § 69 b, which applies
# § 36 stk. 2-3 correspondingly). The interview mapping is unverified.
_LEGAL_BASIS_BY_GROUP = {
    TargetGroup.RESSOURCEFORLOEB: {
        NoShowKind.INTERVIEW: ("las_69b",),
        NoShowKind.OFFER: ("las_69b", "las_36"),
    },
}

RULES_2020 = RuleSet(
    key="dk-2020",
    name="Enklere og skærpede sanktioner (lov nr. 1558 af 27/12/2019), 2020-2026",
    valid_from=date(2020, 1, 1),
    valid_to=date(2026, 12, 31),
    draft=False,
    sanctionable_target_groups=frozenset(TargetGroup),
    required_rungs=_REQUIRED_RUNGS,
    hearing_reply_days=7,
    paper_letter_extra_days=5,
    visit_service_minutes=20,
    deduction_deadline_months=3,
    decision_lead_days=7,
    visit_lead_days=7,
    legal_basis=_LEGAL_BASIS,
    legal_basis_by_group=_LEGAL_BASIS_BY_GROUP,
    notes=(
        "In force for no-shows from 1 Jan 2020 (L 66 2019-20) through the 1 Jul 2025 "
        "kontanthjælp reform and lov 1750/2025. Hearing reply days are a municipal choice: "
        "the law only requires a reasonable deadline."
    ),
)

DRAFT_2027 = RuleSet(
    key="dk-2027-draft",
    name="Planlagt sanktionsreform 2027 (udkast)",
    valid_from=date(2027, 1, 1),
    valid_to=None,
    draft=True,
    # KL's consultation reply (12 Nov 2025): aktivitetsparate "som udgangspunkt
    # ikke sanktioneres". Existing ressourceforløb continue as legacy cases.
    sanctionable_target_groups=frozenset(
        {TargetGroup.JOBPARAT, TargetGroup.UDDANNELSESPARAT, TargetGroup.RESSOURCEFORLOEB}
    ),
    required_rungs=_REQUIRED_RUNGS,
    hearing_reply_days=7,
    paper_letter_extra_days=5,
    visit_service_minutes=20,
    deduction_deadline_months=3,
    decision_lead_days=7,
    visit_lead_days=7,
    legal_basis=_LEGAL_BASIS,
    legal_basis_by_group=_LEGAL_BASIS_BY_GROUP,
    notes=(
        "DRAFT example of the planned 1 Jan 2027 change; details unverified (domain.md §2, "
        "§13 item 5). Never chosen for a case unless drafts are asked for."
    ),
)

#: All rule sets the product ships, oldest first.
SHIPPED_RULE_SETS: tuple[RuleSet, ...] = (RULES_2020, DRAFT_2027)
