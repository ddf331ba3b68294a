"""The one error a service raises when it refuses a request.

A refusal says what was refused (a stable code), where (the form field it belongs
beside, or None for the whole form) and the values a message needs (params). It carries
no text: the views turn codes into sentences in the user's language through one table
(views/issue_text.py), so services never import the translation library and every
message is worded in one place.

A service that checks a whole request at once (the no-show form, a planning request)
raises Refusals, every problem it found, each a Refusal. A domain Issue found on the way
becomes a Refusal with the issue's code (Refusal.from_issue), so it is worded by the same
table. The domain's own refusals (domain.Refused, a tuple of Issues) reach the views
unchanged; the views' one helper (issue_text.on_form) puts any kind onto a form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..domain import Issue


class Refusal(ValueError):
    """Nothing was saved, for the reason named by `code`."""

    #: A refusal because the record changed under the form (the answer is 409, not 400).
    conflict = False

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params: Mapping[str, Any] = params

    @classmethod
    def from_issue(cls, issue: Issue, field: str | None = None) -> Refusal:
        """A domain issue found while checking a request, beside `field`."""
        return cls(issue.code.value, field, **issue.params)


class Conflict(Refusal):
    """Someone else changed the record after the form was loaded; nothing was saved."""

    conflict = True


class Refusals(ValueError):
    """Every reason a request was refused, found in one pass; nothing was saved."""

    def __init__(self, refusals: Iterable[Refusal]) -> None:
        self.refusals = tuple(refusals)
        super().__init__(", ".join(r.code for r in self.refusals))

    def __iter__(self) -> Iterator[Refusal]:
        return iter(self.refusals)
