"""The length and shape of a citizen's and a case's text fields: one rule for forms and imports.

The database columns have these lengths; the edit form, the no-show form and the CSV
import all check against this table, so whatever is imported can be saved again
through the edit form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TextRule:
    max: int
    min: int = 0
    # A full match that the (stripped) value must make; None: any text.
    pattern: str | None = None


# References are the municipality's own keys: letters, digits and simple separators.
REFERENCE = r"[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå ._/-]*"

TEXT_RULES: dict[str, TextRule] = {
    "case_ref": TextRule(40, 1, REFERENCE),
    "citizen_reference": TextRule(40, 1, REFERENCE),
    "full_name": TextRule(120),
    "address": TextRule(200),
    "postcode": TextRule(4, 4, r"[0-9]{4}"),  # Danish postcodes
    "city": TextRule(80),
    "phone": TextRule(32),
    "access_notes": TextRule(1000),
}


def text_problem(name: str, value: str) -> tuple[str, dict] | None:
    """(code, params) when `value` breaks the rule for field `name`, else None.

    Codes: too_long {max}, too_short {min}, bad_shape. An empty value is not checked
    here: whether a field is required depends on the form.
    """
    rule = TEXT_RULES[name]
    value = value.strip()
    if not value:
        return None
    if len(value) > rule.max:
        return "too_long", {"max": rule.max, "length": len(value)}
    if len(value) < rule.min:
        return "too_short", {"min": rule.min}
    if rule.pattern and not re.fullmatch(rule.pattern, value):
        return "bad_shape", {}
    return None
