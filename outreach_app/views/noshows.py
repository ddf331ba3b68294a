"""Registering no-shows: one at a time with a form, or a job-centre list as CSV."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..services import accounts, clock, csv_import, geocode_batch, noshow
from ..services.refusal import Conflict, Refusals
from .case_forms import ImportForm, NoShowForm
from .forms import optional_id
from .issue_text import on_form, refusal_text, text_of
from .once import AlreadySubmitted, already_saved, once

bp = Blueprint("noshows", __name__, url_prefix="/noshows")


def _team_choices():
    return [(0, "–")] + [(t.id, t.name) for t in accounts.list_teams()]


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = NoShowForm()
    form.team_id.choices = _team_choices()
    known = None
    if request.method == "GET":
        form.no_show_date.data = clock.today()
        ref = request.args.get("citizen", type=optional_id)
        if ref:
            known = noshow.citizen_by_id(ref)
            if known is not None:
                form.citizen_reference.data = known.reference
    status = 200
    if form.validate_on_submit():
        data = noshow.NoShowInput(
            case_ref=form.case_ref.data, citizen_reference=form.citizen_reference.data,
            full_name=form.full_name.data or "", address=form.address.data or "",
            postcode=form.postcode.data or "", city=form.city.data or "",
            phone_mobile=form.phone_mobile.data or "", phone_other=form.phone_other.data or "",
            digital_post_exempt=form.digital_post_exempt.data,
            target_group=form.target_group.data, no_show_kind=form.no_show_kind.data,
            no_show_date=form.no_show_date.data, las35_guidance_on=form.las35_guidance_on.data,
            las35_guidance_channel=form.las35_guidance_channel.data or None,
            las35_guidance_wording=form.las35_guidance_wording.data or "",
            team_id=form.team_id.data, hearing_reply_days=form.hearing_reply_days.data,
        )
        try:
            with once(form, "case.create"):
                case = noshow.register_no_show(data, current_user, clock.today())
        except AlreadySubmitted:
            return already_saved(url_for("coordinator.index"))
        except Refusals as refused:
            _rest, status = on_form(form, refused, fallback="case_ref")
        else:
            flash(_("Case %(ref)s is registered.", ref=case.case_ref), "success")
            return redirect(url_for("cases.show", case_id=case.id))
    elif form.errors:
        status = 400
    return render_template("noshows/new.html", form=form, known=known), status


@bp.route("/import", methods=["GET", "POST"])
def import_csv():
    form = ImportForm()
    preview = None
    errors: list[tuple[int, str, str]] = []
    content = ""
    status = 200
    if form.validate_on_submit():
        if request.form.get("confirm") and form.content.data:
            content = form.content.data
            try:
                imported, skipped = csv_import.import_csv(content, current_user, clock.today())
            except csv_import.ImportRefused as refused:
                preview, status = refused.preview, 400
            except Conflict as conflict:
                flash(refusal_text(conflict), "error")
                return redirect(url_for("noshows.import_csv")), 303
            else:
                flash(_("%(n)s cases imported; %(m)s were already registered and skipped.",
                        n=imported, m=skipped), "success")
                job = geocode_batch.start_if_useful(current_user)
                if job is not None:
                    flash(_("%(n)s addresses without a position are being looked up in the "
                            "background (see Positions).", n=job.total), "success")
                return redirect(url_for("coordinator.index"))
        else:
            upload = form.file.data
            if upload is None or not getattr(upload, "filename", ""):
                form.file.errors = [*form.file.errors, text_of("not_csv", {})]
                status = 400
            else:
                content = csv_import.decode(upload.read(csv_import.MAX_BYTES + 1))
                preview = csv_import.preview(content, clock.today())
                status = 200 if preview.ok else 400
    elif form.errors:
        status = 400
    if preview is not None:
        errors = [(e.line, e.column, text_of(e.code, e.params)) for e in preview.errors]
    return render_template("noshows/import.html", form=form, preview=preview, errors=errors,
                           content=content if preview is not None and preview.ok else "",
                           columns=COLUMN_DOCS), status


COLUMN_DOCS = (
    ("case_ref", True, _l("The municipality's case reference; unique. A row whose case is "
                          "already registered is skipped.")),
    ("citizen_ref", True, _l("The municipality's person reference (never a CPR number). A known "
                             "reference reuses that citizen.")),
    ("name", True, _l("The citizen's full name.")),
    ("address", True, _l("Street and number.")),
    ("postcode", True, _l("Postcode, e.g. 2200.")),
    ("city", True, _l("City, e.g. København N.")),
    ("target_group", True, _l("aktivitetsparat, ressourceforloeb (or ressourceforløb), "
                              "jobparat or uddannelsesparat.")),
    ("no_show_date", True, _l("The day of the no-show: YYYY-MM-DD or DD-MM-YYYY; not in the "
                              "future.")),
    ("no_show_kind", True, _l("interview (jobsamtale), offer (tilbud), late_arrival "
                              "(forsinkelse) or partial_absence (delvis udeblivelse).")),
    ("phone", False, _l("Mobile phone; Danish numbers without +45 are fine.")),
    ("lat", False, _l("Latitude (decimal degrees); give both lat and lon, or neither.")),
    ("lon", False, _l("Longitude (decimal degrees).")),
    ("las35_guidance_date", False, _l("When written LAS § 35 guidance was given. Without it no "
                                      "sanction is possible.")),
    ("las35_guidance_channel", False, _l("digital_post, paper or in_person.")),
    ("las35_guidance_wording", False, _l("What the guidance said, or the name and version of "
                                         "the standard text. Without channel and wording no "
                                         "sanction is possible.")),
)
