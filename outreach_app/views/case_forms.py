"""Forms of the contact ladder: no-shows, rung steps, visits, decisions, aftercare, admin."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from . import labels
from .forms import CleanForm, MultiCheckboxField, OnceForm, Rule, optional_id


def _choices(table: dict, blank: str | None = None) -> list[tuple[str, str]]:
    items = [(str(k), v) for k, v in table.items()]
    return [("", blank), *items] if blank is not None else items


GUIDANCE_CHANNELS = labels.GUIDANCE_CHANNELS


class VersionedForm(OnceForm):
    # The case version the page showed: saving against a newer version is refused.
    version = HiddenField()

    def expected_version(self) -> int:
        # A missing or mangled version can match no case: the save is refused, not forced.
        try:
            return int(self.version.data)
        except (TypeError, ValueError, OverflowError):
            return -1


class StepForm(VersionedForm):
    on = DateField(_l("Date"), validators=[InputRequired(message=_l("Give the date."))])
    outcome = SelectField(_l("Outcome"),
                          validators=[DataRequired(message=_l("Choose an outcome."))])
    partner_id = SelectField(_l("Recipient"), coerce=optional_id, validate_choice=False)
    letter_channel = SelectField(_l("Sent by"), choices=_choices(labels.LETTER_CHANNELS, "–"),
                                 validators=[Optional()])
    reply_days = IntegerField(_l("Reply deadline (days)"),
                              validators=[Optional(), NumberRange(min=1, max=60)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])


class VisitRequestForm(VersionedForm):
    earliest_on = DateField(_l("Earliest day"), validators=[InputRequired()])
    window_start = TimeField(_l("Time window from"), validators=[Optional()])
    window_end = TimeField(_l("Time window to"), validators=[Optional()])
    priority = SelectField(_l("Priority"), coerce=int, default=0,
                           choices=[(0, _l("Normal")), (1, _l("High"))])
    needs_pair = BooleanField(_l("Visit in pairs"))


class VisitOutcomeForm(VersionedForm):
    outcome = SelectField(_l("Outcome of the visit"), choices=_choices(labels.VISIT_OUTCOMES),
                          validators=[DataRequired()])
    on = DateField(_l("Date of the visit"), validators=[InputRequired()])
    card_left = BooleanField(_l("Visit card left"))
    explanation = TextAreaField(_l("What happened (the citizen's explanation if met)"),
                                validators=[Optional(), Length(max=2000)])


class NoShowForm(OnceForm):
    case_ref = StringField(_l("Case reference"), validators=[DataRequired(), Rule("case_ref")])
    citizen_reference = StringField(_l("Citizen reference"),
                                    validators=[DataRequired(), Rule("citizen_reference")])
    full_name = StringField(_l("Name"), validators=[Optional(), Rule("full_name")])
    address = StringField(_l("Address"), validators=[Optional(), Rule("address")])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Rule("postcode")])
    city = StringField(_l("City"), validators=[Optional(), Rule("city")])
    phone_mobile = StringField(_l("Mobile phone"), validators=[Optional(), Rule("phone")])
    phone_other = StringField(_l("Other phone"), validators=[Optional(), Rule("phone")])
    digital_post_exempt = BooleanField(_l("Exempt from Digital Post (letters on paper)"))
    target_group = SelectField(_l("Target group"), choices=_choices(labels.TARGET_GROUPS))
    no_show_kind = SelectField(_l("Did not attend"), choices=_choices(labels.NO_SHOW_KINDS))
    no_show_date = DateField(_l("No-show date"), validators=[InputRequired()])
    las35_guidance_on = DateField(_l("LAS § 35 guidance given on"), validators=[Optional()])
    las35_guidance_channel = SelectField(_l("LAS § 35 guidance given by"),
                                         choices=_choices(GUIDANCE_CHANNELS, "–"),
                                         validators=[Optional()])
    las35_guidance_wording = TextAreaField(_l("Wording of the LAS § 35 guidance"),
                                           validators=[Optional(), Length(max=4000)])
    team_id = SelectField(_l("Team"), coerce=optional_id, validate_choice=False)
    hearing_reply_days = IntegerField(_l("Hearing reply deadline (days)"),
                                      validators=[Optional(), NumberRange(min=1, max=60)])


class ImportForm(CleanForm):
    file = FileField(_l("CSV file from the job centre"))
    # The previewed file comes back with the confirmation, so the rows imported are
    # exactly the rows previewed; it travels in the POST body, never in a URL.
    content = HiddenField()


class CaseFilterForm(CleanForm):
    class Meta:
        csrf = False  # a GET filter with no personal data in it

    show = SelectField(_l("Show"), validate_choice=False)
    rung = SelectField(_l("Step"), validate_choice=False)
    target_group = SelectField(_l("Target group"),
                               choices=_choices(labels.TARGET_GROUPS, _l("All")),
                               validate_choice=False)
    team = SelectField(_l("Team"), validate_choice=False)
    overdue = BooleanField(_l("Only overdue"))


class CaseSearchForm(CleanForm):
    q = StringField(_l("Search name, case or citizen reference"),
                    validators=[DataRequired(), Length(min=2, max=80)])


YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


class DecisionForm(VersionedForm):
    # Nothing is pre-selected: the caseworker chooses (a form must not lead to a sanction).
    outcome = RadioField(_l("Decision"), choices=_choices(labels.DECISION_OUTCOMES),
                         validators=[InputRequired(message=_l("Choose the decision."))])
    absence_reason = SelectField(
        _l("Reason for the absence"), choices=_choices(labels.ABSENCE_REASONS, "–"),
        # DataRequired: a value of spaces is empty after the strip filter, so it is missing too.
        validators=[DataRequired(message=_l("Choose the reason for the absence."))])
    illness_report = RadioField(_l("Was the illness reported before the meeting?"),
                                choices=_choices(labels.ILLNESS_REPORTS),
                                validators=[Optional()])
    overall_situation = TextAreaField(_l("The citizen's overall situation"),
                                      validators=[DataRequired(), Length(max=4000)])
    medical_information = TextAreaField(_l("Medical information"),
                                        validators=[Optional(), Length(max=4000)])
    closer_to_work = RadioField(_l("Will a sanction bring the citizen closer to work or "
                                   "education?"), choices=YES_NO, validators=[Optional()])
    closer_to_work_reasons = TextAreaField(_l("Why (concretely)"),
                                           validators=[Optional(), Length(max=4000)])
    progression_factors = MultiCheckboxField(_l("Progression factors speaking against a "
                                                "sanction"),
                                             choices=_choices(labels.PROGRESSION_FACTORS))
    progression_reasoning = TextAreaField(
        _l("Why a sanction still brings the citizen closer to work despite these factors"),
        validators=[Optional(), Length(max=4000)])
    short_term_circumstances = TextAreaField(_l("Short-term circumstances"),
                                             validators=[Optional(), Length(max=4000)])
    meeting_channel = SelectField(_l("Channel of the meeting with the citizen"),
                                  choices=_choices(labels.MEETING_CHANNELS, "–"),
                                  validators=[Optional()])
    citizen_explanation = TextAreaField(_l("The citizen's explanation"),
                                        validators=[Optional(), Length(max=4000)])
    reasoning = TextAreaField(_l("Reasons for the decision (quoted in the letter)"),
                              validators=[Optional(), Length(max=4000)])
    contact_reestablished_on = DateField(_l("Contact re-established on"),
                                         validators=[Optional()])
    deduction_starts_on = DateField(_l("Deduction from"), validators=[Optional()])
    deduction_ends_on = DateField(_l("Deduction to (offers)"), validators=[Optional()])
    daily_rate = DecimalField(_l("Daily rate (kr.)"), places=2,
                              validators=[Optional(), NumberRange(min=0, max=100000)])
    received_on = DateField(_l("Paper letter received on (if known)"), validators=[Optional()])

    def yes_no(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.closer_to_work.data or "")


class ReassessmentForm(OnceForm):
    outcome = SelectField(_l("Result"), choices=_choices(labels.REASSESSMENT_OUTCOMES))
    on = DateField(_l("Reassessed on"), validators=[InputRequired()])
    contact_reestablished_on = DateField(_l("Contact re-established on"),
                                         validators=[Optional()])
    new_information = TextAreaField(_l("New information"),
                                    validators=[DataRequired(), Length(max=4000)])


class AppealReceivedForm(OnceForm):
    on = DateField(_l("Complaint received on"), validators=[InputRequired()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])


class AppealOutcomeForm(OnceForm):
    outcome = SelectField(_l("Outcome at the appeals board"),
                          choices=_choices(labels.APPEAL_OUTCOMES))
    on = DateField(_l("Outcome received on"), validators=[InputRequired()])


class ExemptionForm(OnceForm):
    reason = SelectField(_l("Reason"), choices=_choices(labels.EXEMPTION_REASONS))
    starts_on = DateField(_l("From"), validators=[InputRequired()])
    ends_on = DateField(_l("To (empty: until further notice)"), validators=[Optional()])
    note = TextAreaField(_l("Documentation"), validators=[Optional(), Length(max=1000)])


class ExemptionEndForm(CleanForm):
    ends_on = DateField(_l("Ends on"), validators=[InputRequired()])


class SuspensionPeriodForm(OnceForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    starts_on = DateField(_l("From"), validators=[InputRequired()])
    ends_on = DateField(_l("To"), validators=[InputRequired()])
    availability_duty_suspended = BooleanField(_l("The availability duty was suspended"),
                                               default=True)
    meetings_voluntary = BooleanField(_l("Meetings were voluntary (no consequence for the "
                                         "benefit)"), default=True)
    digital_meetings_allowed = BooleanField(_l("Meetings by phone or video were allowed"))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])


class HearingExtensionForm(VersionedForm):
    new_deadline = DateField(_l("New reply deadline"), validators=[InputRequired()])
    notes = TextAreaField(_l("Who asked, and why"), validators=[Optional(), Length(max=1000)])


class PartnerForm(OnceForm):
    kind = SelectField(_l("Kind"), choices=_choices(labels.PARTNER_KINDS))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=32)])
    email = StringField(_l("E-mail"), validators=[Optional(), Length(max=120)])
    is_representative = BooleanField(_l("Party representative (also gets the hearing letter)"))


__all__ = [
    "AppealOutcomeForm", "AppealReceivedForm", "CaseFilterForm", "CaseSearchForm",
    "DecisionForm", "ExemptionEndForm", "ExemptionForm", "GUIDANCE_CHANNELS",
    "HearingExtensionForm",
    "ImportForm", "NoShowForm", "PartnerForm", "ReassessmentForm", "StepForm",
    "SuspensionPeriodForm", "VisitOutcomeForm", "VisitRequestForm",
]
