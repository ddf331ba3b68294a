"""Forms for teams, absences, planner settings and positions. Labels are translated lazily."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from ..models import TravelMode
from .case_forms import MultiCheckboxField
from .forms import CleanForm, OnceForm, optional_id

TRAVEL_MODES = {
    TravelMode.FOOT.value: _l("On foot"),
    TravelMode.BICYCLE.value: _l("Bicycle"),
    TravelMode.CAR.value: _l("Car"),
}
WEEKDAY_LABELS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"),
                  _l("Friday"), _l("Saturday"), _l("Sunday"))

LAT_RANGE = NumberRange(min=-90, max=90, message=_l("Latitude is from -90 to 90."))
LON_RANGE = NumberRange(min=-180, max=180, message=_l("Longitude is from -180 to 180."))
NOT_A_NUMBER = _l("Give a number, e.g. 55.6761 (a point or a comma).")


class DecimalCommaFloatField(FloatField):
    """A float that also takes the Danish decimal comma ("55,6761").

    A text input with a decimal keyboard: a number input would drop a comma typed in a
    browser set to English, and the field would look empty to the server.
    """

    widget = TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist):
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].strip().replace(",", ".")]
        super().process_formdata(valuelist)
        if self.process_errors:
            self.process_errors = [NOT_A_NUMBER]


def latitude(label=None):
    return DecimalCommaFloatField(label or _l("Latitude"), validators=[Optional(), LAT_RANGE])


def longitude(label=None):
    return DecimalCommaFloatField(label or _l("Longitude"), validators=[Optional(), LON_RANGE])


class TeamForm(OnceForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    member_1 = SelectField(_l("Member"), coerce=optional_id, validate_choice=False)
    member_2 = SelectField(_l("Second member (a pair team)"), coerce=optional_id,
                           validate_choice=False)
    travel_mode = SelectField(_l("Travel mode"), choices=list(TRAVEL_MODES.items()))
    start_address = StringField(_l("Start address"), validators=[Optional(), Length(max=200)])
    start_lat = latitude()
    start_lon = longitude()
    shift_start = TimeField(_l("Shift starts"), validators=[InputRequired()])
    shift_end = TimeField(_l("Shift ends"), validators=[InputRequired()])
    weekdays = MultiCheckboxField(_l("Working days"), coerce=int,
                                  choices=list(enumerate(WEEKDAY_LABELS)))
    active = BooleanField(_l("Active (planned)"), default=True)


class AbsenceForm(OnceForm):
    user_id = SelectField(_l("Team member"), coerce=optional_id, validate_choice=False,
                          validators=[DataRequired(message=_l("Choose an outreach worker."))])
    starts_on = DateField(_l("First day away"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day away"), validators=[Optional()])


class PlannerSettingsForm(CleanForm):
    detour_factor = DecimalCommaFloatField(_l("Detour factor"), validators=[InputRequired()])
    speed_foot_kmh = DecimalCommaFloatField(_l("Walking speed (km/h)"),
                                            validators=[InputRequired()])
    speed_bicycle_kmh = DecimalCommaFloatField(_l("Cycling speed (km/h)"),
                                               validators=[InputRequired()])
    speed_car_kmh = DecimalCommaFloatField(_l("Driving speed (km/h)"),
                                           validators=[InputRequired()])
    service_minutes = IntegerField(_l("Default visit length (minutes)"),
                                   validators=[InputRequired()])
    time_limit_seconds = IntegerField(_l("Time limit for planning (seconds)"),
                                      validators=[InputRequired()])
    monthly_target_low = IntegerField(_l("Monthly visit target, from"),
                                      validators=[InputRequired()])
    monthly_target_high = IntegerField(_l("Monthly visit target, to"),
                                       validators=[InputRequired()])
    osrm_url = StringField(_l("OSRM server (optional)"), validators=[Optional(), Length(max=300)])


class PositionForm(CleanForm):
    lat = DecimalCommaFloatField(_l("Latitude"), validators=[
        InputRequired(message=_l("Give the latitude, or click the map.")), LAT_RANGE])
    lon = DecimalCommaFloatField(_l("Longitude"), validators=[
        InputRequired(message=_l("Give the longitude, or click the map.")), LON_RANGE])
