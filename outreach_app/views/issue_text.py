"""The one table from a refusal's code to a sentence in the user's language.

The domain (Issue codes) and the services (services.refusal.Refusal codes) say *what*
is missing or refused, with dates, rungs and ids as parameters; this module says it in
Danish or English, and `on_form` puts it beside the form field it belongs to. `people`
maps partner / representative ids to a readable name, so "partner 7 not contacted"
reads "Mentor Ida Partnersen".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from ..domain import Issue, IssueCode, Refused
from ..domain.sms_content import ProblemKind
from ..services.refusal import Refusal, Refusals
from . import labels

C = IssueCode

TEXTS = {
    C.RUNG_OPEN: _l("%(rung)s is not done yet."),
    C.REPRESENTATIVE_NOT_HEARD: _l("The hearing letter has not been sent to the "
                                   "representative %(representative)s."),
    C.PARTNER_NOT_CONTACTED: _l("%(partner)s has not been contacted."),
    C.HEARING_DEADLINE_NOT_PASSED: _l("The hearing deadline has not passed: the citizen may "
                                      "reply until %(date)s."),
    C.CONTACT_ACHIEVED: _l("Contact with the citizen was achieved on %(date)s (%(rung)s): decide "
                           "with the citizen's explanation, not on the existing basis."),
    C.SUSPENSION_PERIOD: _l("The no-show lies in the suspension period \"%(name)s\" "
                            "(%(start)s – %(end)s): no sanction is possible."),
    C.EXEMPTION: _l("The citizen is exempt (%(reason)s) from %(start)s to %(end)s: "
                    "no sanction is possible."),
    C.LAS35_GUIDANCE_MISSING: _l("Written guidance under LAS § 35 before the no-show is not "
                                 "documented: no sanction is possible."),
    C.LAS35_GUIDANCE_OUTDATED: _l("LAS § 35 guidance: the last guidance, of %(date)s, was more "
                                  "than %(max_age_months)s months old on the no-show date "
                                  "%(no_show_date)s (it must be repeated at least every half "
                                  "year): no sanction is possible."),
    C.LAS35_GUIDANCE_UNDOCUMENTED: _l("LAS § 35 guidance of %(date)s: %(missing)s not recorded. "
                                      "The municipality must document how the guidance was "
                                      "given and its wording: no sanction is possible."),
    C.NO_SHOW_KIND_NOT_ALLOWED: _l("The rule set \"%(rule_set)s\" does not count %(kind)s as a "
                                   "no-show: no sanction is possible."),
    C.NO_SHOW_KIND_NOT_IN_RULE_SET: _l("The rule set \"%(rule_set)s\" in force on the no-show "
                                       "date does not count %(kind)s as a no-show."),
    C.CLOSER_TO_WORK_NOT_ASSESSED: _l("Assess whether the sanction brings the citizen closer to "
                                      "work or education: a sanction of an activity-ready "
                                      "citizen needs \"Yes\" with reasons."),
    C.CLOSER_TO_WORK_DENIED: _l("You assessed that a sanction does not bring the citizen closer "
                                "to work or education: no sanction is possible."),
    C.CLOSER_TO_WORK_REASONS_MISSING: _l("Give the concrete reasons why the sanction brings the "
                                         "citizen closer to work or education."),
    C.PROGRESSION_REASON_MISSING: _l("Progression factors are ticked (%(factors)s): write why a "
                                     "sanction still brings the citizen closer to work."),
    C.ILLNESS_REPORT_NOT_RECORDED: _l("The reason is illness: record whether the illness was "
                                      "reported before the meeting."),
    C.DEDUCTION_BEFORE_NO_SHOW: _l("The deduction period cannot start on %(date)s, before the "
                                   "no-show on %(no_show_date)s."),
    C.DEDUCTION_MISSED_DAY_EXCLUDED: _l("The deduction for a missed interview starts on the "
                                        "missed day, %(no_show_date)s: that day always counts."),
    C.DEDUCTION_END_BEFORE_START: _l("The deduction period cannot end on %(date)s, before it "
                                     "starts on %(start)s."),
    C.CONTACT_BEFORE_NO_SHOW: _l("Contact cannot have been re-established on %(date)s, before "
                                 "the no-show on %(no_show_date)s."),
    C.CONTACT_IN_FUTURE: _l("The date %(date)s is in the future (today is %(today)s)."),
    C.DAILY_RATE_INVALID: _l("The daily rate cannot be negative."),
    C.EXTENSION_NOT_AFTER_DEADLINE: _l("The new deadline %(date)s must be after the current "
                                       "deadline %(deadline)s: an extension cannot shorten it."),
    C.EXTENSION_WITHOUT_LETTER: _l("No hearing letter has been sent: there is no deadline to "
                                   "extend."),
    C.EXTENSION_AFTER_DECISION: _l("The case is decided: the hearing deadline can no longer be "
                                   "extended."),
    C.RECEIVED_BEFORE_SENT: _l("The letter cannot have been received on %(date)s, before it was "
                               "sent on %(sent_on)s."),
    C.TARGET_GROUP_NOT_SANCTIONABLE: _l("%(target_group)s cannot be sanctioned under the rule "
                                        "set %(rule_set)s."),
    C.DEDUCTION_DEADLINE_PASSED: _l("The last day for a deduction was %(date)s (3 whole "
                                    "calendar months after the no-show)."),
    C.ATTEMPT_BEFORE_NO_SHOW: _l("The date %(date)s is before the no-show on %(no_show_date)s."),
    C.ATTEMPT_IN_FUTURE: _l("The date %(date)s is in the future (today is %(today)s)."),
    C.RUNG_OUT_OF_ORDER: _l("%(rung)s cannot be recorded before %(missing_rung)s is done."),
    C.ATTEMPT_BEFORE_PREVIOUS_RUNG: _l("%(rung)s cannot be dated before %(previous_rung)s was "
                                       "done on %(date)s."),
    C.OUTCOME_NOT_ALLOWED: _l("The outcome \"%(outcome)s\" is not possible for %(rung)s."),
    C.SEARCH_ENDED: _l("Contact was already achieved on %(date)s (%(rung)s): the search has "
                       "ended. Record a correction if that entry is wrong."),
    C.PARTNER_MISSING: _l("Choose the partner who was contacted."),
    C.PARTNER_UNKNOWN: _l("The partner is not one of the citizen's partners."),
    C.PARTNER_NOT_EXPECTED: _l("A partner cannot be chosen for %(rung)s."),
    C.RECIPIENT_UNKNOWN: _l("The recipient is not one of the citizen's representatives."),
    C.RECIPIENT_NOT_EXPECTED: _l("A recipient cannot be chosen for %(rung)s."),
    C.REPLY_BEFORE_SENDING: _l("A reply cannot be recorded for %(rung)s before something was "
                               "sent to the citizen."),
    C.LETTER_CHANNEL_MISSING: _l("Choose how the letter was sent."),
    C.DIGITAL_POST_EXEMPT: _l("The citizen is exempt from Digital Post: the letter must go on "
                              "paper."),
    C.REPLY_DAYS_INVALID: _l("The reply deadline must be at least 1 day (not %(reply_days)s)."),
    C.SMS_NO_MOBILE: _l("The citizen has no mobile number: record the SMS as skipped."),
    C.SMS_OPTED_OUT: _l("The citizen does not want SMS: record the SMS as skipped."),
    C.SMS_SKIP_NOT_ALLOWED: _l("The citizen has a mobile number and accepts SMS: the SMS "
                               "cannot be skipped."),
    C.NO_CONTACT_ACHIEVED: _l("A sanction after contact needs contact with the citizen, and "
                              "none is recorded."),
    C.REASONABLE_CAUSE_FOUND: _l("The absence had a reasonable cause (%(absence_reason)s): no "
                                 "sanction is possible."),
    C.ABSENCE_REASON_NOT_ASSESSED: _l("There was contact with the citizen: assess the reason "
                                      "for the absence (\"No reasonable cause\" or the cause "
                                      "found), not \"Unknown\"."),
    C.REASONING_MISSING: _l("A sanction must state its reasons: they are quoted in the "
                            "letter (forvaltningsloven § 22)."),
    C.MEETING_CHANNEL_MISSING: _l("Record how the meeting with the citizen took place."),
    C.NOTHING_TO_REASSESS: _l("The decision was no sanction: there is nothing to reassess."),
    C.BEFORE_DECISION: _l("The date %(date)s is before the decision of %(decided_on)s."),
    C.BEFORE_COMPLAINT: _l("The date %(date)s is before the complaint was received on "
                           "%(received_on)s."),
    C.DATE_IN_FUTURE: _l("The date %(date)s is in the future (today is %(today)s)."),
    C.CASE_DECIDED: _l("The case has been decided: the contact ladder is closed."),
    C.CASE_CLOSED: _l("The case is closed: nothing more can be recorded on it."),
    C.CASE_NOT_DECIDED: _l("The case has not been decided yet."),
    C.VISIT_DONE: _l("The outcome of this visit has already been recorded."),
    C.VISIT_CANCELLED: _l("This visit has been cancelled: contact was made another way or the "
                          "case was decided."),
    C.TRANSITION_NOT_ALLOWED: _l("This is not possible in the current state (%(status)s)."),
    C.NO_SHOW_IN_FUTURE: _l("The no-show date %(date)s is in the future (today is %(today)s)."),
    C.NO_RULE_SET: _l("No rule set covers a no-show on %(date)s."),
    # -- the services' refusals (services/refusal.py) --------------------------------------
    "stale_case": _l("Another user changed this case while you were working on it. Nothing "
                     "was saved. The page now shows the case as it is; check it and try "
                     "again."),
    "not_correctable": _l("That entry cannot be corrected: it has been corrected already."),
    "visit_open": _l("A home visit is already requested for this case."),
    "earliest_past": _l("The earliest day cannot be in the past."),
    "deadline_passed": _l("The latest day for a home visit has passed: a visit can no longer "
                          "be planned in time."),
    "window": _l("Give both ends of the time window, the start before the end."),
    "home_visit_via_visit": _l("A home visit is recorded with the outcome of the requested "
                               "visit, not as a separate step."),
    "replaced": _l("This decision has been replaced by a newer one."),
    "appeal_open": _l("A complaint about this decision is already waiting for its outcome."),
    "no_open_appeal": _l("No complaint is waiting for an outcome."),
    "prompt_too_long": _l("The SMS prompt would not fit one SMS with the office's name and "
                          "phone number as they are now. Nothing was recorded. Ask an "
                          "administrator to shorten the SMS template."),
    "stale_citizen": _l("Another user changed this record while you were editing it. Nothing "
                        "was saved. The form now shows the record as it is; make your change "
                        "again."),
    "outside_window": _l("This date is not plausible: use a date at most ten years back and "
                         "two years ahead."),
    "end_before_start": _l("The last day cannot be before the first day."),
    "already_ended": _l("This exemption has already ended."),
    "period_name_taken": _l("A suspension period with this name exists."),
    "phone_invalid": _l("Not a valid phone number."),
    "position_incomplete": _l("Give both latitude and longitude, or neither."),
    "latitude_range": _l("Latitude is from -90 to 90."),
    "longitude_range": _l("Longitude is from -180 to 180."),
    "partner_in_use": _l("An attempt refers to this partner: it stays in the history."),
    "meeting_past": _l("The meeting must be in the future."),
    "reminder_too_long": _l("A reminder would not fit one SMS with the office's name and phone "
                            "number as they are now. Nothing was booked. Ask an administrator "
                            "to shorten the reminder template."),
    "term_exists": _l("That word is on the list already."),
    "term_invalid": _l("Write a word or a {placeholder}."),
    # an SMS template the content rules refuse (domain/sms_content.py)
    ProblemKind.FORBIDDEN_WORD: _l("The word “%(term)s” may not be used in an SMS: it can "
                                   "reveal what the message is about."),
    ProblemKind.FORBIDDEN_PLACEHOLDER: _l("The placeholder %(term)s may not be used in an "
                                          "SMS."),
    ProblemKind.UNKNOWN_PLACEHOLDER: _l("The placeholder %(term)s is not available in this "
                                        "template."),
    ProblemKind.TOO_LONG: _l("At its longest the message is %(chars)s characters "
                             "(%(encoding)s), %(segments)s SMS segments; it must fit in one."),
    ProblemKind.EMPTY: _l("Write the text of the message."),
    "team_name_missing": _l("A team needs a name."),
    "team_name_taken": _l("Another team has that name."),
    "members_not_different": _l("Choose two different people, or only one."),
    "members_too_many": _l("A team has one or two members."),
    "member_not_outreach": _l("Only active outreach workers can be team members."),
    "travel_mode_unknown": _l("Unknown travel mode."),
    "start_out_of_range": _l("Latitude is -90 to 90, longitude -180 to 180."),
    "shift_order": _l("The shift must end after it starts."),
    "no_working_day": _l("Choose at least one working day."),
    "absence_not_outreach": _l("Choose an outreach worker."),
    "absence_end_before_start": _l("The last day cannot be before the first."),
    "number_range": _l("Give a number from %(low)s to %(high)s."),
    "targets_order": _l("The upper target cannot be below the lower one."),
    "osrm_url": _l("Give a web address such as http://osrm.example:5000, or leave it empty."),
    "password_too_short": _l("The password must have at least 10 characters."),
    "password_too_long": _l("The password is too long (at most 256 characters)."),
    "password_contains_username": _l("The password must not contain the user name."),
    "password_too_common": _l("This password is too easy to guess: avoid common words, names, "
                              "dates and keyboard patterns. A few unrelated words make a good "
                              "password."),
    "username_mixed_script": _l("Use letters of one alphabet only, so the name cannot pass for "
                                "another."),
    "username_invisible": _l("The user name contains invisible characters."),
    "current_password_wrong": _l("The current password is wrong."),
    "password_unchanged": _l("Choose a new password, not the current one."),
    "team_unknown": _l("Unknown team."),
    "team_full": _l("That team already has two members."),
    "username_missing": _l("A user name is required."),
    "role_unknown": _l("Unknown role."),
    "username_taken": _l("That user name is taken."),
    "last_admin": _l("The last active administrator cannot be removed."),
    "visit_not_open": _l("This visit is no longer open."),
    "day_over": _l("That day is over."),
    "visit_days": _l("The visit must take place from %(a)s to %(b)s."),
    "team_not_working": _l("Team %(team)s does not work on %(day)s."),
    "team_not_pair": _l("The visit needs two workers and team %(team)s is not two on that "
                        "day."),
    "day_full": _l("The visit does not fit into that day: the route is full or the visit's "
                   "time window is outside the shift."),
    "not_on_route": _l("The visit is not on a route."),
    "route_started": _l("The route has started already; changes reach the phone at its next "
                        "sync."),
    # planning requests (services/planning_checks.py) and planning jobs' ends
    "period_order": _l("The period ends before it starts."),
    "period_past": _l("The period %(start)s to %(end)s is over: plan from today (%(today)s) "
                      "on."),
    "period_long": _l("Plan at most %(n)s days at a time."),
    "no_teams": _l("Choose at least one active team."),
    **dict.fromkeys(("team_no_members", "team_no_start", "team_no_working_days",
                     "team_inactive"), _l("Team %(team)s %(problem)s.")),
    "mode": _l("Choose how to plan."),
    "no_working_days": _l("No chosen team works on any day from %(start)s to %(end)s "
                          "(weekends, public holidays, absences). Choose a longer period or "
                          "another team."),
    "no_position": _l("%(n)s visit(s) have an address without a position. Set the position "
                      "on the map (or correct the address) and plan again."),
    "busy": _l("The period %(start)s to %(end)s is being planned already (job %(job)s). Wait "
               "for it to finish, or cancel it, before planning these days again."),
    "busy_overlap": _l("The period %(start)s to %(end)s, which shares days with the one you "
                       "chose, is being planned already (job %(job)s). Wait for it to finish, "
                       "or cancel it, before planning these days."),
    "busy_unknown": _l("This period is being planned already."),
    "run_searching": _l("Searching for the best routes"),
    "run_storing": _l("Storing the routes"),
    "run_cancelled": _l("Cancelled; the previous plan is unchanged."),
    "run_failed": _l("Planning failed; the previous plan is unchanged."),
    "run_done": _l("Planned %(n)s visits; %(m)s could not be placed."),
    # what the planner says about how it planned (routes_planner.PlanNote codes)
    "planner_tsp_missing": _l("Each day's stops were ordered without the route optimiser "
                              "fast-tsp (not installed): routes may be a little longer than "
                              "they need to be. Ask IT to install it."),
    "planner_one_search_daemon": _l("One search ran instead of %(n)s side by side: the "
                                    "planning worker may not start processes, so the plan "
                                    "may be a little less good. IT can run the task queue "
                                    "with thread workers."),
    "planner_one_search_starting": _l("One search ran instead of %(n)s side by side this "
                                      "time, while the search processes were starting; later "
                                      "plans use them."),
    "planner_one_search_failed": _l("One search ran instead of %(n)s side by side: the "
                                    "search processes failed, so the plan may be a little "
                                    "less good."),
    # a record's fields (domain/records.py), in forms and in the CSV import
    "too_long": _l("At most %(max)s characters (this has %(length)s)."),
    "too_short": _l("At least %(min)s characters."),
    "bad_shape": _l("Not in the expected form."),
    # registering a no-show (services/noshow.py) and importing them (services/csv_import.py)
    "required": _l("This is required."),
    "bad_value": _l("\"%(value)s\" is not one of the allowed values."),
    "in_future": _l("The date %(date)s is in the future."),
    "bad_phone": _l("Not a valid phone number."),
    "position_pair": _l("Give both latitude and longitude, or neither."),
    "position_range": _l("The position is outside the valid range."),
    "case_ref_taken": _l("A case with this reference is already registered."),
    "import_conflict": _l("Another import registered some of these cases at the same moment. "
                          "Nothing was imported; upload the file again."),
    "bad_date": _l("\"%(value)s\" is not a date (use YYYY-MM-DD or DD-MM-YYYY)."),
    "bad_number": _l("\"%(value)s\" is not a number."),
    "missing_column": _l("The required column is missing from the header."),
    "unknown_column": _l("Unknown column."),
    "duplicate_column": _l("The column appears twice in the header."),
    "duplicate_in_file": _l("The case reference already appears in line %(line)s."),
    "column_count": _l("The line has %(found)s fields; the header has %(expected)s."),
    "too_many_rows": _l("The file has more than %(max)s rows; split it."),
    "too_large": _l("The file is too large (at most 2 MB)."),
    "empty": _l("The file has no rows."),
    "unreadable": _l("The file cannot be read as CSV."),
    "not_csv": _l("Choose a CSV file."),
}

#: A team that cannot be planned, completing "Team %(team)s %(problem)s."
TEAM_PROBLEMS = {
    "no_members": _l("has no members: add one or two outreach workers to it"),
    "no_start": _l("has no start point: set one on the team's page"),
    "no_working_days": _l("has no working weekdays: choose them on the team's page"),
    "inactive": _l("is switched off"),
}

#: The form field an issue belongs beside; others go in the summary above the form.
FIELD_FOR_CODE = {
    C.ATTEMPT_BEFORE_NO_SHOW: "on", C.ATTEMPT_IN_FUTURE: "on",
    C.ATTEMPT_BEFORE_PREVIOUS_RUNG: "on", C.BEFORE_DECISION: "on", C.DATE_IN_FUTURE: "on",
    C.BEFORE_COMPLAINT: "on",
    C.OUTCOME_NOT_ALLOWED: "outcome", C.SMS_NO_MOBILE: "outcome", C.SMS_OPTED_OUT: "outcome",
    C.SMS_SKIP_NOT_ALLOWED: "outcome", C.REPLY_BEFORE_SENDING: "outcome",
    C.NOTHING_TO_REASSESS: "outcome",
    C.PARTNER_MISSING: "partner_id", C.PARTNER_UNKNOWN: "partner_id",
    C.RECIPIENT_UNKNOWN: "partner_id",
    C.LETTER_CHANNEL_MISSING: "letter_channel", C.DIGITAL_POST_EXEMPT: "letter_channel",
    C.REPLY_DAYS_INVALID: "reply_days",
    C.NO_SHOW_IN_FUTURE: "no_show_date", C.NO_RULE_SET: "no_show_date",
    C.REASONABLE_CAUSE_FOUND: "absence_reason", C.ABSENCE_REASON_NOT_ASSESSED: "absence_reason",
    C.REASONING_MISSING: "reasoning", C.MEETING_CHANNEL_MISSING: "meeting_channel",
    C.CLOSER_TO_WORK_NOT_ASSESSED: "closer_to_work", C.CLOSER_TO_WORK_DENIED: "closer_to_work",
    C.CLOSER_TO_WORK_REASONS_MISSING: "closer_to_work_reasons",
    C.PROGRESSION_REASON_MISSING: "progression_reasoning",
    C.ILLNESS_REPORT_NOT_RECORDED: "illness_report",
    C.DEDUCTION_BEFORE_NO_SHOW: "deduction_starts_on",
    C.DEDUCTION_MISSED_DAY_EXCLUDED: "deduction_starts_on",
    C.DEDUCTION_END_BEFORE_START: "deduction_ends_on",
    C.CONTACT_BEFORE_NO_SHOW: "contact_reestablished_on",
    C.CONTACT_IN_FUTURE: "contact_reestablished_on",
    C.DAILY_RATE_INVALID: "daily_rate",
    C.EXTENSION_NOT_AFTER_DEADLINE: "new_deadline", C.EXTENSION_WITHOUT_LETTER: "new_deadline",
    C.EXTENSION_AFTER_DECISION: "new_deadline",
    C.RECEIVED_BEFORE_SENT: "received_on",
    C.NO_SHOW_KIND_NOT_IN_RULE_SET: "no_show_kind",
}

_LABELLED = {
    "rung": labels.RUNGS, "missing_rung": labels.RUNGS, "previous_rung": labels.RUNGS,
    "outcome": labels.ATTEMPT_OUTCOMES, "reason": labels.EXEMPTION_REASONS,
    "target_group": labels.TARGET_GROUPS, "absence_reason": labels.ABSENCE_REASONS,
    "kind": labels.NO_SHOW_KINDS, "problem": TEAM_PROBLEMS,
}
_MISSING = {"channel": _l("the channel"), "wording": _l("the wording")}


def _as_day(value):
    # Services pass days as ISO text where the parameters are stored as JSON (a planning
    # run's messages); the reader sees "7. dec. 2026", not "2026-12-07".
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return value


def _value(key: str, value, people: Mapping) -> str:
    if value is None:
        return "–" if key != "end" else str(_l("open end"))
    value = _as_day(value)
    if isinstance(value, date):
        return format_date(value, "medium")
    if key in ("partner", "representative"):
        return people.get(value, str(value))
    if key in _LABELLED:
        return str(_LABELLED[key].get(value, value))
    if key == "factors":
        return ", ".join(str(labels.PROGRESSION_FACTORS.get(v, v)) for v in value)
    if key == "missing":
        return str(_l(" and ")).join(str(_MISSING.get(v, v)) for v in value)
    if key == "daily_rate":
        return str(value)
    return str(value)


def text_of(code: str, params: Mapping, people: Mapping | None = None) -> str:
    """A code with its parameters as a sentence in the current language."""
    people = people or {}
    values = {key: _value(key, value, people) for key, value in params.items()}
    template = TEXTS.get(code)
    if template is None:  # a code added later still says something useful
        return str(code)
    try:
        text = str(template) % values
    except (KeyError, TypeError, ValueError):
        text = str(template)
    return text[0].upper() + text[1:]


def issue_text(issue: Issue, people: Mapping | None = None) -> str:
    """One domain issue as a sentence in the current language."""
    return text_of(issue.code, issue.params, people)


def issue_texts(issues: Iterable[Issue], people: Mapping | None = None) -> list[str]:
    return [issue_text(i, people) for i in issues]


#: What a view catches around a service call: the domain's refusals and the services'.
REFUSALS = (Refused, Refusal, Refusals)
AnyRefusal = Refused | Refusal | Refusals


def refusal_texts(refused: AnyRefusal, people: Mapping | None = None
                  ) -> list[tuple[str | None, str]]:
    """Each reason of a refusal as (the form field it belongs beside or None, sentence)."""
    if isinstance(refused, Refusal):
        return [(refused.field, text_of(refused.code, refused.params, people))]
    if isinstance(refused, Refusals):
        return [(r.field, text_of(r.code, r.params, people)) for r in refused]
    return [(FIELD_FOR_CODE.get(i.code), issue_text(i, people)) for i in refused.issues]


def refusal_text(refused: AnyRefusal, people: Mapping | None = None) -> str:
    """A refusal as one message (for a flash after a redirect)."""
    return " ".join(text for _field, text in refusal_texts(refused, people))


def on_form(form, refused: AnyRefusal, people: Mapping | None = None, *,
            fallback: str | None = None) -> tuple[list[str], int]:
    """Put a refusal onto a form: each reason beside its field when the form has it,
    else beside the `fallback` field (for a page without a summary above its form).

    Returns the reasons left for the summary above the form, and the response status
    (409 when the record changed under the form, else 400).
    """
    rest = []
    for name, text in refusal_texts(refused, people):
        if not (name and name in form._fields):
            name = fallback
        if name and name in form._fields:
            form[name].errors = [*form[name].errors, text]
        else:
            rest.append(text)
    return rest, 409 if getattr(refused, "conflict", False) else 400
