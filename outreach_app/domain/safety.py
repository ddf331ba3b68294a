"""Safety at the door: a short list of flags the field app and route sheets show.

A flag says what an outreach worker must know before ringing the bell, never why:
health and case details do not belong here (they would reach the phone). The free
text beside the flags is short for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class SafetyFlag(StrEnum):
    DOG = "dog"                      # a dog at the address
    THREATS = "threats"              # earlier threats or violence against staff
    PAIRS = "pairs"                  # visit in pairs
    OTHERS_PRESENT = "others"        # other people at the address may be hostile


#: Flags that mean nobody visits alone.
PAIR_FLAGS = frozenset({SafetyFlag.THREATS, SafetyFlag.PAIRS})

#: The short free text beside the flags.
SAFETY_NOTE_MAX = 200


def parse_flags(values: Iterable[str]) -> list[SafetyFlag]:
    """The known flags among `values`, each once, in vocabulary order (ValueError: unknown)."""
    chosen = {SafetyFlag(v) for v in values}
    return [flag for flag in SafetyFlag if flag in chosen]


def needs_pair(flags: Iterable[str]) -> bool:
    """Whether these flags mean the visit is made by two workers."""
    return any(flag in PAIR_FLAGS for flag in flags)
