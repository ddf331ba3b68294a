"""The case page (ladder timeline) and the coordinator's forms for each rung and the home visit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ..domain import ALLOWED_OUTCOMES, AttemptOutcome, LetterChannel, Rung, VisitOutcome
from ..domain.safety import needs_pair
from ..services import case_commands, case_page, clock, field, sms_inbox
from . import labels
from .case_forms import StepForm, VisitOutcomeForm, VisitRequestForm
from .issue_text import REFUSALS, issue_texts, on_form
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("cases", __name__, url_prefix="/cases")

def people(citizen) -> dict:
    """Partner and representative ids as readable names, for issue texts and the timeline."""
    return {p.id: f"{labels.PARTNER_KINDS.get(p.kind, p.kind)} {p.name}"
            for p in citizen.partners}


def case_page_or_404(case_id: int) -> case_page.CaseView:
    """The case page's data. A GET shows it: an audited read. A form's POST reads it for
    the change, which audits itself (a form shown again is audited as the request's read)."""
    read = (case_page.view_case if request.method == "GET"
            else case_page.view_case_for_change)
    view = read(case_id, clock.today())
    if view is None:
        abort(404)
    return view


def current_version(case_id: int) -> int:
    """The case's version now, for a form shown again after another user's change."""
    return case_page_or_404(case_id).case.version


@bp.get("/<int:case_id>")
def show(case_id: int):
    view = case_page_or_404(case_id)
    who = people(view.citizen)
    a = view.assessment
    return render_template(
        "cases/show.html", v=view, a=a, people=who,
        missing=issue_texts(a.missing, who), exclusions=issue_texts(a.exclusions, who),
        rungs=[r for r in a.rungs], today=clock.today(),
        sms_messages=sms_inbox.messages_of_case(case_id),
        field_flags=field.flagged_outcomes(case_id),
    )


@bp.post("/<int:case_id>/field-outcomes/<int:outcome_id>/handled")
def field_outcome_handled(case_id: int, outcome_id: int):
    """The coordinator has dealt with an outcome from the field that could not be applied."""
    if FlaskForm().validate_on_submit():
        try:
            row = field.mark_handled(outcome_id, current_user._get_current_object())
        except LookupError:
            abort(404)
        if row.case_id != case_id:
            abort(404)
        flash(_("Marked as handled."), "success")
    return redirect(url_for("cases.show", case_id=case_id))


def _step_form(view: case_page.CaseView, rung: Rung, corrects=None) -> StepForm:
    form = StepForm()
    outcomes = [o for o in AttemptOutcome if o in ALLOWED_OUTCOMES[rung]]
    form.outcome.choices = [("", "–")] + [(o.value, labels.ATTEMPT_OUTCOMES[o]) for o in outcomes]
    citizen = view.citizen
    if rung == Rung.HEARING_LETTER:
        form.partner_id.label.text = _("Recipient")
        form.partner_id.choices = [(0, _("The citizen"))] + [
            (p.id, _("Representative: %(name)s", name=people(citizen)[p.id]))
            for p in citizen.partners if p.is_representative]
    else:
        form.partner_id.label.text = _("Partner")
        form.partner_id.choices = [(p.id, people(citizen)[p.id]) for p in citizen.partners]
    if request.method == "GET":
        form.version.data = view.case.version
        form.on.data = clock.today()
        pending = next((s for s in view.assessment.next_steps if s.rung == rung), None)
        if rung == Rung.HEARING_LETTER:
            form.outcome.data = AttemptOutcome.SENT.value
            form.reply_days.data = view.case.hearing_reply_days
            form.partner_id.data = pending.recipient if pending else 0
            form.letter_channel.data = (LetterChannel.PAPER if citizen.digital_post_exempt
                                        else LetterChannel.DIGITAL_POST).value
        elif rung == Rung.PARTNER_CONTACT and pending:
            form.partner_id.data = pending.partner
        elif rung == Rung.SMS_PROMPT:
            form.outcome.data = (AttemptOutcome.SKIPPED if citizen.sms_opt_out
                                 or not citizen.phone_mobile else AttemptOutcome.SENT).value
        if corrects is not None:
            form.on.data = corrects.occurred_on
            form.outcome.data = corrects.outcome
            form.partner_id.data = corrects.partner_id or 0
            form.letter_channel.data = corrects.letter_channel or ""
            form.reply_days.data = corrects.reply_days
            form.notes.data = corrects.notes
    return form


@bp.route("/<int:case_id>/steps/<rung>", methods=["GET", "POST"])
def step(case_id: int, rung: str):
    try:
        rung_ = Rung(rung)
    except ValueError:
        abort(404)
    if rung_ == Rung.HOME_VISIT:
        # The home-visit rung is written only with its Visit (visit_outcome), never here.
        abort(404)
    view = case_page_or_404(case_id)
    corrects = None
    if request.args.get("corrects"):
        corrects = next((e.attempt for e in view.history
                         if str(e.attempt.id) == request.args["corrects"]
                         and e.attempt.rung == rung_.value), None)
        if corrects is None:
            abort(404)
    form = _step_form(view, rung_, corrects)
    summary: list[str] = []
    status = 200
    if form.validate_on_submit():
        is_letter = rung_ == Rung.HEARING_LETTER
        new = case_commands.NewAttempt(
            rung=rung_, outcome=AttemptOutcome(form.outcome.data), on=form.on.data,
            partner_id=(form.partner_id.data or None)
            if rung_ in (Rung.HEARING_LETTER, Rung.PARTNER_CONTACT) else None,
            letter_channel=(LetterChannel(form.letter_channel.data)
                            if is_letter and form.letter_channel.data else None),
            reply_days=form.reply_days.data if is_letter else None,
            notes=(form.notes.data or "").strip(),
            corrects_id=corrects.id if corrects else None,
        )
        try:
            with once(form, "attempt.create"):
                case_commands.record_step(case_id, form.expected_version(), new, current_user,
                                          clock.today())
        except AlreadySubmitted:
            return already_saved(url_for("cases.show", case_id=case_id))
        except REFUSALS as refused:
            summary, status = on_form(form, refused, people(view.citizen))
            if status == 409:  # changed meanwhile: show the case as it is now
                view = case_page_or_404(case_id)
                form.version.data = view.case.version
        else:
            flash(_("%(rung)s is recorded.", rung=labels.RUNGS[rung_]), "success")
            return redirect(url_for("cases.show", case_id=case_id))
    elif form.errors:
        status = 400
    return render_template("cases/step.html", v=view, form=form, rung=rung_,
                           corrects=corrects, summary=summary, people=people(view.citizen),
                           ), status


@bp.route("/<int:case_id>/visits/new", methods=["GET", "POST"])
def visit_request(case_id: int):
    view = case_page_or_404(case_id)
    form = VisitRequestForm()
    deadline = view.assessment.deadlines.latest_home_visit_day
    if request.method == "GET":
        form.version.data = view.case.version
        form.earliest_on.data = clock.today()
        form.needs_pair.data = needs_pair(view.citizen.safety_flags or ())
    summary: list[str] = []
    status = 200
    if form.validate_on_submit():
        req = case_commands.VisitRequest(
            earliest_on=form.earliest_on.data, window_start=form.window_start.data,
            window_end=form.window_end.data, priority=form.priority.data,
            needs_pair=form.needs_pair.data)
        try:
            with once(form, "visit.request"):
                case_commands.request_visit(case_id, form.expected_version(), req, current_user,
                                            clock.today())
        except AlreadySubmitted:
            return already_saved(url_for("cases.show", case_id=case_id))
        except REFUSALS as refused:
            summary, status = on_form(form, refused, people(view.citizen))
            if status == 409:
                form.version.data = current_version(case_id)
        else:
            flash(_("The home visit is requested; it must take place by %(date)s.",
                    date=format_date(deadline)), "success")
            return redirect(url_for("cases.show", case_id=case_id))
    elif form.errors:
        status = 400
    return render_template("cases/visit_request.html", v=view, form=form, summary=summary,
                           deadline=deadline), status


@bp.route("/<int:case_id>/visits/<int:visit_id>/outcome", methods=["GET", "POST"])
def visit_outcome(case_id: int, visit_id: int):
    view = case_page_or_404(case_id)
    visit = next((v for v in view.visits if v.id == visit_id), None)
    if visit is None:
        abort(404)
    form = VisitOutcomeForm()
    if request.method == "GET":
        form.version.data = view.case.version
        form.on.data = clock.today()
    summary: list[str] = []
    status = 200
    if form.validate_on_submit():
        try:
            with once(form, "visit.outcome"):
                case_commands.record_visit_outcome(
                    case_id, form.expected_version(), visit_id, VisitOutcome(form.outcome.data),
                    form.on.data, (form.explanation.data or "").strip(), form.card_left.data,
                    current_user, clock.today())
        except AlreadySubmitted:
            return already_saved(url_for("cases.show", case_id=case_id))
        except REFUSALS as refused:
            summary, status = on_form(form, refused, people(view.citizen))
            if status == 409:
                form.version.data = current_version(case_id)
        else:
            flash(_("The outcome of the home visit is recorded."), "success")
            return redirect(url_for("cases.show", case_id=case_id))
    elif form.errors:
        status = 400
    return render_template("cases/visit_outcome.html", v=view, visit=visit, form=form,
                           summary=summary), status
