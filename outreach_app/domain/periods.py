"""Suspension periods and exemptions: dates on which a no-show cannot be sanctioned."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .vocabulary import ExemptionReason

__all__ = [
    "COVID_19_SUSPENSION",
    "PRELOADED_SUSPENSION_PERIODS",
    "Exemption",
    "SuspensionPeriod",
    "exemptions_covering",
    "suspensions_covering",
]


@dataclass(frozen=True)
class SuspensionPeriod:
    """A window (inclusive dates) in which the availability duty was suspended.

    A no-show inside any suspension period cannot lead to a sanction.
    ``meetings_voluntary`` says that meetings in the window were voluntary, so
    contact wording (e.g. SMS) must say so.
    """

    name: str
    start: date
    end: date
    meetings_voluntary: bool = True

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"suspension period {self.name!r}: end is before start")

    def covers(self, day: date) -> bool:
        """True when ``day`` lies inside the period (both ends included)."""
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Exemption:
    """A citizen's exemption from sanctions, from ``start`` to ``end`` (None: open-ended)."""

    reason: ExemptionReason
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("exemption: end is before start")

    def covers(self, day: date) -> bool:
        """True when ``day`` lies inside the exemption (both ends included)."""
        return self.start <= day and (self.end is None or day <= self.end)


def suspensions_covering(
    day: date, periods: Iterable[SuspensionPeriod]
) -> tuple[SuspensionPeriod, ...]:
    """The suspension periods that cover ``day``, in start order."""
    return tuple(sorted((p for p in periods if p.covers(day)), key=lambda p: p.start))


def exemptions_covering(day: date, exemptions: Iterable[Exemption]) -> tuple[Exemption, ...]:
    """The exemptions that cover ``day``, in start order."""
    return tuple(sorted((e for e in exemptions if e.covers(day)), key=lambda e: e.start))


#: The COVID-19 partial suspension of the employment effort (domain.md §8, seed 002):
#: STAR suspended the active effort on 12 Mar 2020; the partial reopening came on
#: 27 May 2020. Participation in conversations was voluntary in between.
COVID_19_SUSPENSION = SuspensionPeriod(
    name="COVID-19: delvis suspension af beskæftigelsesindsatsen",
    start=date(2020, 3, 12),
    end=date(2020, 5, 26),
    meetings_voluntary=True,
)

#: Suspension periods the app seeds into a new database.
PRELOADED_SUSPENSION_PERIODS: tuple[SuspensionPeriod, ...] = (COVID_19_SUSPENSION,)
