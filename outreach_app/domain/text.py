"""Text typed or imported by people: what is removed before it is stored or searched.

Unicode bidirectional controls (embeddings, overrides, isolates and the invisible
direction marks) make a name or an address display differently from what it is, e.g.
reversed; they have no business in Danish records. NUL cannot be stored in PostgreSQL.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_REMOVED = re.compile(f"[\x00{BIDI_CONTROLS}]")


def clean_text(value: str) -> str:
    """`value` without NUL characters and bidirectional control characters."""
    return _REMOVED.sub("", value)


def like_pattern(term: str, escape: str = "\\") -> str:
    """A LIKE pattern that finds `term` anywhere, with % and _ in it matching themselves."""
    escaped = (term.replace(escape, escape * 2).replace("%", escape + "%")
               .replace("_", escape + "_"))
    return f"%{escaped}%"
