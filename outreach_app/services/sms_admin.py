"""Admins edit the SMS templates and the list of forbidden words and placeholders.

A template is saved only when the domain's content rules accept it (domain.sms_content):
nothing that names the reason for contact, benefits, sanctions, health or a case detail,
only the placeholders its kind allows, and a worst-case rendering within one segment.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from ..domain import sms_content
from ..domain.sms_content import SmsLength, TemplateKey, TemplateProblem
from ..extensions import db
from ..models import SmsForbiddenTerm, SmsTemplate, User
from . import audit
from .refusal import Refusal, Refusals
from .sms_outbox import office_name
from .unit_of_work import unit_of_work


@dataclass(frozen=True)
class TemplateView:
    row: SmsTemplate
    key: TemplateKey
    worst_case: str
    length: SmsLength


def forbidden_terms() -> list[SmsForbiddenTerm]:
    return list(db.session.scalars(select(SmsForbiddenTerm).order_by(SmsForbiddenTerm.term)))


def _office_phone() -> str:
    return current_app.config["SETTINGS"].office_phone


def measure(body: str) -> tuple[str, SmsLength]:
    """The worst-case rendering and its length, as the editor shows them."""
    text = sms_content.worst_case(body, _office_phone(), office_name())
    return text, sms_content.measure(text)


def _refusal(problem: TemplateProblem) -> Refusal:
    """A content rule's objection, beside the template's text."""
    if problem.length is not None:
        return Refusal(problem.kind, "body", chars=problem.length.characters,
                       encoding=problem.length.encoding, segments=problem.length.segments)
    return Refusal(problem.kind, "body", term=problem.term)


def check(key: TemplateKey, body: str) -> list[Refusal]:
    """Every content rule the template breaks, each as a refusal of its text."""
    problems = sms_content.check_template(key, body, [t.term for t in forbidden_terms()],
                                          _office_phone(), office_name())
    return [_refusal(p) for p in problems]


def templates() -> list[TemplateView]:
    rows = db.session.scalars(select(SmsTemplate).where(SmsTemplate.locale == "da")
                              .order_by(SmsTemplate.id)).all()
    views = []
    for row in rows:
        text, length = measure(row.body)
        views.append(TemplateView(row, TemplateKey(row.key), text, length))
    return views


def template(key: TemplateKey) -> SmsTemplate | None:
    return db.session.scalar(select(SmsTemplate).where(SmsTemplate.key == key.value,
                                                       SmsTemplate.locale == "da"))


@unit_of_work()
def save_template(key: TemplateKey, body: str, lead_minutes: int | None,
                  user: User) -> SmsTemplate:
    """Save the template if the content rules accept it; raise Refusals otherwise."""
    body = body.replace("\r\n", "\n").strip()
    refusals = check(key, body)
    if refusals:
        raise Refusals(refusals)
    row = template(key)
    if row is None:
        row = SmsTemplate(key=key.value, locale="da", body=body)
        db.session.add(row)
    changed = [f for f, v in (("body", body), ("lead_minutes", lead_minutes))
               if getattr(row, f) != v]
    row.body = body
    if key in (TemplateKey.REMINDER_DAYS, TemplateKey.REMINDER_HOURS):
        row.lead_minutes = lead_minutes
    row.updated_by_id = user.id
    db.session.flush()
    audit.record("sms_template.update", object_type="sms_template", object_id=row.id,
                 user=user, details={"key": key.value, "fields": changed})
    return row


@unit_of_work()
def add_term(term: str, user: User) -> SmsForbiddenTerm:
    term = " ".join(term.split()).lower()
    if not term:
        raise Refusal("term_invalid", "term")
    if len(term) > 60:
        raise Refusal("term_invalid", "term")
    if db.session.scalar(select(SmsForbiddenTerm).where(SmsForbiddenTerm.term == term)):
        raise Refusal("term_exists", "term")
    row = SmsForbiddenTerm(term=term)
    db.session.add(row)
    db.session.flush()
    audit.record("sms_term.add", object_type="sms_term", object_id=row.id, user=user,
                 details={"term": term})
    return row


@unit_of_work()
def remove_term(term_id: int, user: User) -> bool:
    row = db.session.get(SmsForbiddenTerm, term_id)
    if row is None:
        return False
    audit.record("sms_term.remove", object_type="sms_term", object_id=row.id, user=user,
                 details={"term": row.term})
    db.session.delete(row)
    return True
