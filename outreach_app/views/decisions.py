"""The caseworker's pages: the decision form, the printable letter, reassessment and appeal."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import domain
from ..domain import (
    AbsenceReason,
    CaseEvent,
    CaseStatus,
    DecisionOutcome,
    IllnessReport,
    MeetingChannel,
    ProgressionFactor,
)
from ..domain.lifecycle import refusal
from ..services import case_page, clock
from ..services import decisions as service
from .case_forms import AppealOutcomeForm, AppealReceivedForm, DecisionForm, ReassessmentForm
from .cases import case_page_or_404, current_version, people
from .issue_text import REFUSALS, issue_texts, on_form
from .once import AlreadySubmitted, already_saved, once, say_already_saved

bp = Blueprint("decisions", __name__)

def _save(form, action, kind: str) -> tuple[list[str], int] | None:
    """Run a decision's follow-up once per form token; None when saved (or saved before),
    else what the page shows and its status."""
    try:
        with once(form, kind):
            action()
    except AlreadySubmitted:
        say_already_saved()  # the caller redirects as after a save
        return None
    except REFUSALS as refused:
        return on_form(form, refused)
    return None


def _contact_notes(view: case_page.CaseView) -> str:
    contact = [e.attempt for e in view.history
               if e.attempt.outcome == "contact" and not e.corrected_by]
    return contact[0].notes if contact else ""


def _decision_input(form: DecisionForm) -> service.DecisionInput:
    return service.DecisionInput(
        outcome=DecisionOutcome(form.outcome.data),
        absence_reason=AbsenceReason(form.absence_reason.data),
        overall_situation=form.overall_situation.data or "",
        medical_information=form.medical_information.data or "",
        progression_factors=tuple(ProgressionFactor(f)
                                  for f in form.progression_factors.data or ()),
        short_term_circumstances=form.short_term_circumstances.data or "",
        meeting_channel=(MeetingChannel(form.meeting_channel.data)
                         if form.meeting_channel.data else None),
        citizen_explanation=form.citizen_explanation.data or "",
        reasoning=form.reasoning.data or "",
        illness_report=(IllnessReport(form.illness_report.data)
                        if form.illness_report.data else None),
        closer_to_work=form.yes_no(),
        closer_to_work_reasons=form.closer_to_work_reasons.data or "",
        progression_reasoning=form.progression_reasoning.data or "",
        contact_reestablished_on=form.contact_reestablished_on.data,
        deduction_starts_on=form.deduction_starts_on.data,
        deduction_ends_on=form.deduction_ends_on.data,
        daily_rate=form.daily_rate.data,
        received_on=form.received_on.data,
    )


@bp.route("/cases/<int:case_id>/decision", methods=["GET", "POST"])
def decide(case_id: int):
    view = case_page_or_404(case_id)
    a = view.assessment
    form = DecisionForm()
    if request.method == "GET":
        # Facts already recorded are filled in; the choices (decision, reason, assessment)
        # are left to the caseworker.
        form.version.data = view.case.version
        form.citizen_explanation.data = _contact_notes(view)
        form.contact_reestablished_on.data = a.contact_on
    summary: list[str] = []
    status = 200
    who = people(view.citizen)
    refused = refusal(CaseStatus(view.case.status), CaseEvent.DECIDE)
    if refused is not None:
        summary = issue_texts([refused], who)
        status = 400 if request.method == "POST" else 200
    elif form.validate_on_submit():
        try:
            with once(form, "decision.create"):
                decision = service.decide(case_id, form.expected_version(),
                                          _decision_input(form), current_user, clock.today())
        except AlreadySubmitted:
            return already_saved(url_for("cases.show", case_id=case_id))
        except REFUSALS as refused:
            rest, status = on_form(form, refused, who)
            if status == 409:
                summary = rest
                form.version.data = current_version(case_id)
            elif isinstance(refused, domain.Refused):
                # An issue about a field goes beside it; what is missing beside the choice
                # it blocks.
                form.outcome.errors = [*form.outcome.errors, *rest]
            else:
                summary = rest
        else:
            flash(_("The decision is recorded and the letter is ready."), "success")
            return redirect(url_for("decisions.letter", decision_id=decision.id))
    elif form.errors:
        status = 400
    blocked = {outcome.value: issue_texts(issues, who)
               for outcome, issues in service.blocked_outcomes(view, clock.today()).items()}
    return render_template(
        "decisions/decide.html", v=view, a=a, form=form, summary=summary, people=who,
        blocked=blocked, evidence=service.evidence(view),
        exclusions=issue_texts(a.exclusions, who),
        needs_closer_to_work=domain.needs_closer_to_work(domain.TargetGroup(
            view.case.target_group)),
        runs_until_contact=domain.runs_until_contact(domain.NoShowKind(view.case.no_show_kind)),
        paper=view.citizen.digital_post_exempt,
    ), status


@bp.get("/decisions/<int:decision_id>/letter")
def letter(decision_id: int):
    decision = service.view_letter(decision_id)
    if decision is None:
        abort(404)
    # The letter is stored as text: title, a blank line, then sections separated by blank
    # lines; the first section is the letter's head, every other starts with its heading.
    title, _sep, body = decision.letter_text.partition("\n\n")
    head, *rest = [part.split("\n") for part in body.split("\n\n")]
    sections = [(None, head), *((lines[0], lines[1:]) for lines in rest)]
    return render_template("_letter.html", case_id=decision.case_id, title=title,
                           sections=sections)


def _decision_page(decision_id: int):
    decision = service.get_decision(decision_id)
    if decision is None:
        abort(404)
    view = case_page_or_404(decision.case_id)
    return decision, view


@bp.route("/decisions/<int:decision_id>/reassessment", methods=["GET", "POST"])
def reassess(decision_id: int):
    decision, view = _decision_page(decision_id)
    form = ReassessmentForm()
    if request.method == "GET":
        form.on.data = clock.today()
    summary: list[str] = []
    status = 200
    if form.validate_on_submit():
        failed = _save(form, lambda: service.reassess(
            decision_id, domain.ReassessmentOutcome(form.outcome.data), form.on.data,
            form.new_information.data, current_user, clock.today(),
            contact_reestablished_on=form.contact_reestablished_on.data), "reassessment.create")
        if failed is None:
            flash(_("The reassessment is recorded."), "success")
            return redirect(url_for("cases.show", case_id=decision.case_id))
        summary, status = failed
    elif form.errors:
        status = 400
    return render_template("decisions/reassess.html", v=view, decision=decision, form=form,
                           summary=summary), status


@bp.route("/decisions/<int:decision_id>/appeal", methods=["GET", "POST"])
def appeal(decision_id: int):
    decision, view = _decision_page(decision_id)
    waiting = service.open_appeal(decision)
    form = AppealOutcomeForm() if waiting else AppealReceivedForm()
    if request.method == "GET":
        form.on.data = clock.today()
    summary: list[str] = []
    status = 200
    if form.validate_on_submit():
        if waiting:
            failed = _save(form, lambda: service.record_appeal_outcome(
                decision_id, domain.AppealOutcome(form.outcome.data), form.on.data,
                current_user, clock.today()), "appeal.outcome")
        else:
            failed = _save(form, lambda: service.receive_complaint(
                decision_id, form.on.data, form.notes.data or "", current_user, clock.today()),
                "appeal.create")
        if failed is None:
            flash(_("The appeal outcome is recorded.") if waiting
                  else _("The complaint is recorded."), "success")
            return redirect(url_for("cases.show", case_id=decision.case_id))
        summary, status = failed
    elif form.errors:
        status = 400
    return render_template("decisions/appeal.html", v=view, decision=decision, form=form,
                           waiting=waiting, appeals=service.appeals_of(decision),
                           summary=summary,
                           deadline=domain.appeal_deadline(decision.received_on
                                                           or decision.decided_on)), status
