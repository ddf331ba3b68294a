"""Flask-WTF forms shared by the blueprints. Labels are translated lazily."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

from ..models import Role

ROLE_LABELS = {
    Role.COORDINATOR.value: _l("Coordinator"),
    Role.CASEWORKER.value: _l("Caseworker"),
    Role.OUTREACH.value: _l("Outreach worker"),
    Role.ADMIN.value: _l("Administrator"),
}


def _strip_nul(value):
    # PostgreSQL text cannot hold NUL characters; a pasted one must not become a 500.
    return value.replace("\x00", "") if isinstance(value, str) else value


class CleanForm(FlaskForm):
    """A form whose text fields drop NUL characters before validation."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            filters = [*unbound_field.kwargs.get("filters", ()), _strip_nul]
            return unbound_field.bind(form=form, filters=filters, **options)


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


class UserCreateForm(CleanForm):
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


class UserEditForm(CleanForm):
    full_name = StringField(_l("Full name"), validators=[Optional(), Length(max=120)])
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))
    team_id = SelectField(_l("Team"), coerce=optional_id, validate_choice=False)
    active = BooleanField(_l("Active (may log in)"))


class CitizenForm(CleanForm):
    full_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=200)])
    postcode = StringField(_l("Postcode"), validators=[DataRequired(), Length(min=4, max=8)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=80)])
    phone_mobile = StringField(_l("Mobile phone"), validators=[Optional(), Length(max=32)])
    phone_other = StringField(_l("Other phone"), validators=[Optional(), Length(max=32)])
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(min=-90, max=90)])
    lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(min=-180, max=180)])
    digital_post_exempt = BooleanField(_l("Exempt from Digital Post (letters on paper)"))
    sms_opt_out = BooleanField(_l("Does not want SMS"))
    access_notes = TextAreaField(_l("Access notes for the visit"),
                                 validators=[Optional(), Length(max=1000)])
    safety_note = TextAreaField(_l("Safety note (visit in pairs)"),
                                validators=[Optional(), Length(max=1000)])
