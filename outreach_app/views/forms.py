"""Flask-WTF forms shared by the blueprints. Labels are translated lazily."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..domain.dates import implausible
from ..domain.records import text_problem
from ..domain.safety import SAFETY_NOTE_MAX
from ..domain.text import clean_text
from ..models import Role
from ..services import clock
from . import labels
from .issue_text import TEXTS, text_of
from .wtforms_texts import translations

ROLE_LABELS = {
    Role.COORDINATOR.value: _l("Coordinator"),
    Role.CASEWORKER.value: _l("Caseworker"),
    Role.OUTREACH.value: _l("Outreach worker"),
    Role.ADMIN.value: _l("Administrator"),
}


def _clean(value):
    # NUL cannot be stored in PostgreSQL, and bidirectional controls make a name display
    # as something it is not: both go before validation, in every form.
    return clean_text(value) if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class Rule:
    """The domain's length and shape rule for a record field (domain/records.py)."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, form, field):
        found = text_problem(self.name, field.data or "")
        if found:
            raise ValidationError(text_of(found[0], found[1]))


def _is_select(field) -> bool:
    return field.type in {"SelectField", "SelectMultipleField", "RadioField"} or isinstance(
        field, SelectMultipleField)


class CleanForm(FlaskForm):
    """A form whose text is cleaned before validation and whose choices are enforced.

    A select field sent as spaces counts as empty, and no validator (not even Optional,
    which clears earlier errors) lets a value outside the field's choices through.
    Every typed date lies inside the plausible window (domain/dates.py): year 1 or 9999
    is a typo, and a typo in a period or an absence silently changes what is planned
    or sanctioned.
    """

    class Meta:
        def get_translations(self, form):
            return translations  # WTForms' own messages in the page's language

        def bind_field(self, form, unbound_field, options):
            extra = [_clean]
            if unbound_field.field_class.__name__ in {"SelectField", "RadioField"}:
                extra.append(_strip)
            filters = [*unbound_field.kwargs.get("filters", ()), *extra]
            return unbound_field.bind(form=form, filters=filters, **options)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            _unreadable_says_why(field)
            if not _is_select(field) or not getattr(field, "validate_choice", True) \
                    or field.choices is None or field.errors:
                continue
            allowed = {str(choice[0]) for choice in _flat_choices(field.choices)}
            values = field.data if isinstance(field.data, list | tuple) else [field.data]
            if any(v not in (None, "") and str(v) not in allowed for v in values):
                field.errors = [*field.errors, _l("Not a valid choice.")]
                ok = False
        return _dates_plausible(self) and ok


def _unreadable_says_why(field) -> None:
    # DataRequired sees the None of a date (or number) it could not read as missing and
    # clears the field's errors: a garbled "31.02.2026" then said "required". For a typed
    # value the reading error is the true one; an empty field stays "required".
    typed = any(str(value).strip() for value in field.raw_data or ())
    if typed and field.process_errors and field.errors \
            and not set(map(str, field.process_errors)) & set(map(str, field.errors)):
        field.errors = list(field.process_errors)


def _dates_plausible(form) -> bool:
    today, ok = clock.today(), True
    for field in form:
        # A datetime is a date too; a TimeField (a DateTimeField subclass) holds no day.
        if field.errors or not isinstance(field.data, date):
            continue
        day = field.data.date() if isinstance(field.data, datetime) else field.data
        if implausible(day, today):
            field.errors = [*field.errors, TEXTS["outside_window"]]
            ok = False
    return ok


class OnceForm(CleanForm):
    """A form that creates something: its one-time token makes a repeated submission harmless.

    The view saves through services.submissions.once(form.form_token.data, ...); the
    template renders {{ form.form_token }} beside the CSRF token.
    """

    form_token = HiddenField(default=lambda: str(uuid.uuid4()))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.is_submitted():
            try:
                # Sent by the page, not made up here: a POST without it is no form of ours.
                if not self.form_token.raw_data:
                    raise ValueError("missing")
                uuid.UUID(str(self.form_token.data))
            except ValueError:
                # Not from this site's form (or mangled): answered like a missing CSRF token.
                raise CSRFError("form token") from None
        return ok


def _flat_choices(choices):
    if callable(choices):
        choices = choices()
    if isinstance(choices, dict):  # optgroups
        return [c for group in choices.values() for c in group]
    return [c if isinstance(c, tuple | list) else (c, c) for c in choices]


MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id is an error, not a query


def optional_id(value):
    """An optional database id from a select box or query string ("", "0", "None": none).

    A ValueError becomes a field error in WTForms and the default in request.args.get.
    """
    if value in (None, "", "0", 0, "None"):
        return None
    number = int(value)
    if not 0 < number <= MAX_ID:
        raise ValueError("not an id")
    return number


class LoginForm(CleanForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "current-password"})


class LanguageForm(CleanForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class LogoutForm(CleanForm):
    pass


class UserCreateForm(OnceForm):
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=64)])
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))
    team_id = SelectField(_l("Team"), coerce=optional_id, validate_choice=False)
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=10, max=256,
                                           message=_l("At least 10 characters."))],
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(CleanForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), Length(max=256)],
                                     render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "new-password"})
    password_again = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class OneTimePasswordForm(CleanForm):
    password = PasswordField(_l("One-time password"),
                             validators=[DataRequired(), Length(max=256)],
                             render_kw={"autocomplete": "new-password"})


class UserEditForm(CleanForm):
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))
    team_id = SelectField(_l("Team"), coerce=optional_id, validate_choice=False)
    active = BooleanField(_l("Active (may log in)"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CitizenForm(CleanForm):
    # The record version the form showed: a save against a newer version is refused.
    version = HiddenField()
    full_name = StringField(_l("Name"), validators=[DataRequired(), Rule("full_name")])
    address = StringField(_l("Address"), validators=[DataRequired(), Rule("address")])
    postcode = StringField(_l("Postcode"), validators=[DataRequired(), Rule("postcode")])
    city = StringField(_l("City"), validators=[DataRequired(), Rule("city")])
    phone_mobile = StringField(_l("Mobile phone"), validators=[Optional(), Rule("phone")])
    phone_other = StringField(_l("Other phone"), validators=[Optional(), Rule("phone")])
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(min=-90, max=90)])
    lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(min=-180, max=180)])
    digital_post_exempt = BooleanField(_l("Exempt from Digital Post (letters on paper)"))
    sms_opt_out = BooleanField(_l("Does not want SMS"))
    access_notes = TextAreaField(_l("Access notes for the visit"),
                                 validators=[Optional(), Rule("access_notes")])
    safety_flags = MultiCheckboxField(_l("Safety at the door"),
                                      choices=[(f.value, label) for f, label
                                               in labels.SAFETY_FLAGS.items()])
    safety_note = StringField(
        _l("Safety note (short)"),
        validators=[Optional(), Length(max=SAFETY_NOTE_MAX)],
        description=_l("A few words about safety at the door, at most %(max)d characters. "
                       "Never health or case details.", max=SAFETY_NOTE_MAX))

    def expected_version(self) -> int:
        try:
            return int(self.version.data)
        except (TypeError, ValueError, OverflowError):
            return -1
