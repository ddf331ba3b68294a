"""Services say what they refuse with codes; only the views word it (issue 9, item 4).

A service that imports the translation library would word a message itself, beside
the one table in views/issue_text.py, and in whatever language its caller happened to
run in (a background worker has no reader).
"""

from __future__ import annotations

import ast
from pathlib import Path

SERVICES = Path(__file__).resolve().parent.parent / "outreach_app" / "services"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_service_imports_the_translation_library():
    offenders = sorted(p.name for p in SERVICES.rglob("*.py") if "flask_babel" in _imports(p))
    assert offenders == [], f"word these in views/issue_text.py instead: {offenders}"


def test_the_check_sees_an_import_hidden_in_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from flask_babel import lazy_gettext\n")
    assert "flask_babel" in _imports(sample)


def test_every_code_a_service_refuses_with_has_a_sentence(app):
    """Each literal code in `raise Refusal("code", ...)` (or Conflict) is in the one table."""
    from outreach_app.views.issue_text import TEXTS

    codes = set()
    for path in SERVICES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call)
                    and getattr(node.func, "id", "") in ("Refusal", "Conflict")
                    and node.args and isinstance(node.args[0], ast.Constant)):
                codes.add(node.args[0].value)
    assert codes, "no refusals found: the scan is broken"
    assert sorted(c for c in codes if c not in TEXTS) == []


def test_every_reason_an_sms_template_is_refused_has_a_sentence(app):
    """The template check refuses with the domain's ProblemKind as its code."""
    from outreach_app.domain.sms_content import ProblemKind
    from outreach_app.views.issue_text import TEXTS

    assert [kind for kind in ProblemKind if kind not in TEXTS] == []
