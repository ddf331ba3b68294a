"""The hearing pages: the printable hearing letter and extending the hearing deadline."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..services import clock
from ..services import hearing as service
from .case_forms import HearingExtensionForm
from .cases import case_page_or_404, people
from .issue_text import REFUSALS, on_form
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("hearing", __name__)


@bp.get("/cases/<int:case_id>/hearing-letters/<int:attempt_id>")
def letter(case_id: int, attempt_id: int):
    page = service.hearing_letter(case_id, attempt_id)
    if page is None:
        abort(404)
    return render_template("_letter.html", case_id=page.case_id, title=page.letter.title,
                           sections=page.letter.sections)


@bp.route("/cases/<int:case_id>/hearing-extension", methods=["GET", "POST"])
def extend(case_id: int):
    view = case_page_or_404(case_id)
    form = HearingExtensionForm()
    if request.method == "GET":
        form.version.data = view.case.version
    summary: list[str] = []
    status = 200
    if form.validate_on_submit():
        try:
            with once(form, "hearing.extend"):
                service.extend_deadline(case_id, form.expected_version(), form.new_deadline.data,
                                        form.notes.data or "", current_user, clock.today())
        except AlreadySubmitted:
            return already_saved(url_for("cases.show", case_id=case_id))
        except REFUSALS as refused:
            summary, status = on_form(form, refused, people(view.citizen))
        else:
            flash(_("The hearing deadline is extended."), "success")
            return redirect(url_for("cases.show", case_id=case_id))
    elif form.errors:
        status = 400
    return render_template("hearing/extend.html", v=view, form=form, summary=summary,
                           deadline=view.assessment.deadlines.hearing_reply_deadline), status
