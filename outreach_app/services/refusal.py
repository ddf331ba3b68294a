"""The one error a service raises when it refuses a request.

A refusal says what was refused (a stable code), where (the form field it belongs
beside, or None for the whole form) and the values a message needs (params). It carries
no text: the views turn codes into sentences in the user's language through one table
(views/issue_text.py), so services never import the translation library and every
message is worded in one place.

The domain's own refusals (domain.Refused, a tuple of Issues) reach the views unchanged;
the views' one helper (issue_text.on_form) puts either kind onto a form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Refusal(ValueError):
    """Nothing was saved, for the reason named by `code`."""

    #: A refusal because the record changed under the form (the answer is 409, not 400).
    conflict = False

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params: Mapping[str, Any] = params


class Conflict(Refusal):
    """Someone else changed the record after the form was loaded; nothing was saved."""

    conflict = True
