"""One unit of work: nothing in the app commits but services/unit_of_work.py, so a service
call commits once at its end or rolls back whole. A commit anywhere else would save half
of a refused command, or split one change into two that can each fail alone."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "outreach_app"
THE_ONE_PLACE = APP / "services" / "unit_of_work.py"


def commits(source: str) -> list[int]:
    """The lines that end a transaction by hand: ``.commit()`` on anything (a session, a
    connection) and a session's ``.begin()``, whose block commits when it ends."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = node.func.value
        if isinstance(receiver, ast.Call):  # db.session().begin()
            receiver = receiver.func
        named = receiver.attr if isinstance(receiver, ast.Attribute) else getattr(
            receiver, "id", "")
        if node.func.attr == "commit" or (node.func.attr == "begin" and named == "session"):
            found.append(node.lineno)
    return found


def test_nothing_commits_outside_the_unit_of_work():
    found = [f"{path.relative_to(ROOT)}:{line}"
             for path in sorted(APP.rglob("*.py")) if path != THE_ONE_PLACE
             for line in commits(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_unit_of_work_is_where_the_app_commits():
    # The one exemption names a file that commits: a moved or renamed module cannot
    # leave the rule guarding nothing.
    assert commits(THE_ONE_PLACE.read_text(encoding="utf-8"))


def test_the_check_finds_a_commit():
    assert commits("db.session.commit()") == [1]
    assert commits("def save():\n    session = db.session\n    session.commit()\n") == [3]
    assert commits("with db.engine.connect() as connection:\n    connection.commit()\n") == [2]
    assert commits("(db.session\n .commit())") == [1]
    assert commits("with db.session.begin():\n    pass\n") == [1]
    assert commits("with db.session().begin():\n    pass\n") == [1]
    assert not commits('"""Never db.session.commit() here."""\n# nor db.session.commit()\n')
    assert not commits("with unit_of_work():\n    audit.record('x')\n")
    assert not commits("job.begin()\n")
