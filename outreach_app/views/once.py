"""Creating forms save once per form token (services/submissions.py); a repeat is told so."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from ..services import submissions
from ..services.submissions import AlreadySubmitted

__all__ = ["AlreadySubmitted", "already_saved", "once", "say_already_saved"]


def once(form, kind: str):
    """`with once(form, "partner.create"): service call` - raises AlreadySubmitted on a repeat."""
    return submissions.once(form.form_token.data, kind, current_user._get_current_object())


def say_already_saved() -> None:
    flash(_("This form had already been sent. It was saved once; nothing was added."), "info")


def already_saved(url: str):
    """The answer to a repeated submission: nothing new, and where the first one went."""
    say_already_saved()
    return redirect(url)
