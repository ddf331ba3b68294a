"""One-time form tokens: a creating form saved twice (double click, reload, twenty threads)
creates one row.

Every creating form carries a random token. Saving claims it: a ClientSubmission row
under the token's primary key, in the same transaction as the row the form creates.
The database's unique key decides between concurrent submissions; the loser is told
the form was already saved. A refused save rolls back, claim included, so the user can
correct the form and send it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import ClientSubmission, User
from .unit_of_work import unit_of_work


class AlreadySubmitted(Exception):
    """This form was saved before; nothing new was created."""


def _claim(token: str, kind: str, user: User | None) -> None:
    try:
        token = str(uuid.UUID(token))
    except (TypeError, ValueError, AttributeError):
        raise AlreadySubmitted() from None  # a mangled token can only be a replay
    if db.session.get(ClientSubmission, token) is not None:
        raise AlreadySubmitted()
    db.session.add(ClientSubmission(client_id=token, kind=kind[:32],
                                    user_id=user.id if user else None, response={}))
    try:
        db.session.flush()  # on PostgreSQL a concurrent claim waits here for the first
    except IntegrityError:
        db.session.rollback()
        raise AlreadySubmitted() from None


@contextmanager
def once(token: str, kind: str, user: User | None) -> Iterator[None]:
    """Run the creating action in the block once per token, in one unit of work with it.

    The action's own unit joins this one: the claim and the change commit together, and
    a refused change takes the claim with it. Raises AlreadySubmitted, before the block
    runs, when the token was used already.
    """
    with unit_of_work():
        _claim(token, kind, user)
        yield
