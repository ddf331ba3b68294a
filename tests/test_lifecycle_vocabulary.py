"""Statuses are the lifecycle's enums everywhere: no case, visit or route status is spelled
as a string literal outside domain/ and the migrations, so a renamed or added status cannot
leave a forgotten copy behind."""

from __future__ import annotations

import re
from pathlib import Path

from outreach_app.domain import CaseStatus, RoutePlanStatus, VisitStatus

ROOT = Path(__file__).resolve().parents[1]
WORDS = "|".join(s.value for s in (*CaseStatus, *VisitStatus, *RoutePlanStatus))
# A case, visit or route status compared, assigned or listed as a literal on the same line
# (other vocabularies, e.g. a background job's status, are not the lifecycle's).
LITERAL = re.compile(rf"(?:case|visit|plan|route)\w*\.status\b[^\n]*?[\"'](?:{WORDS})[\"']",
                     re.IGNORECASE)


def _sources():
    for path in (ROOT / "outreach_app").rglob("*.py"):
        if "domain" not in path.relative_to(ROOT / "outreach_app").parts[:1]:
            yield path
    yield from (ROOT / "templates").rglob("*.html")


def test_no_status_string_literal_outside_the_domain():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in _sources()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if LITERAL.search(line)]
    assert found == []


def test_the_check_finds_a_literal():
    assert LITERAL.search('if case.status == "decided":')
    assert LITERAL.search("{% if visit.status != 'cancelled' %}")
    assert LITERAL.search('.where(RoutePlan.status.in_(("published", "started")))')
    assert not LITERAL.search("if case.status == CaseStatus.DECIDED:")
    assert not LITERAL.search('if job.status == "cancelled":')
