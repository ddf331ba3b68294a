"""routes_planner's public surface: ``__all__`` is what the top level offers, and it
covers every name the app takes from it."""

from __future__ import annotations

import ast
import subprocess
import sys
import types
from pathlib import Path

import routes_planner

ROOT = Path(__file__).resolve().parents[2]


def test_every_name_in_all_resolves_and_nothing_public_is_left_out():
    assert len(set(routes_planner.__all__)) == len(routes_planner.__all__), "duplicates"
    for name in routes_planner.__all__:
        assert getattr(routes_planner, name) is not None, name
    defined = {
        name for name, value in vars(routes_planner).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
        and name not in {"annotations", "importlib", "TYPE_CHECKING", "Any"}
    }
    assert defined <= set(routes_planner.__all__), defined - set(routes_planner.__all__)


def test_star_import_gives_exactly_all():
    namespace: dict = {}
    exec("from routes_planner import *", namespace)  # noqa: S102 - the point of the test
    assert set(namespace) - {"__builtins__"} == set(routes_planner.__all__)


def test_unknown_name_is_an_attribute_error():
    try:
        routes_planner.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def _names_the_app_uses() -> set[str]:
    """Names the app takes from routes_planner: ``from routes_planner import X`` and
    ``rp.X`` after ``import routes_planner as rp``."""
    used: set[str] = set()
    for path in (ROOT / "outreach_app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "routes_planner":
                used.update(a.name for a in node.names)
            elif isinstance(node, ast.Import):
                aliases.update(a.asname or a.name for a in node.names
                               if a.name == "routes_planner")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases):
                used.add(node.attr)
    return used


def test_the_app_uses_only_exported_names():
    used = _names_the_app_uses()
    assert {"plan", "Visit", "Team", "GeocoderChain"} <= used  # the scan sees the app
    assert used <= set(routes_planner.__all__), used - set(routes_planner.__all__)


def test_planning_alone_does_not_load_the_map_or_geocoding_libraries():
    code = ("import sys, routes_planner; "
            "loaded = [m for m in ('folium', 'geopy') if m in sys.modules]; "
            "print(loaded); sys.exit(1 if loaded else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    code = ("import routes_planner as rp, sys; rp.route_map; rp.GeocoderChain; "
            "sys.exit(0 if {'folium', 'geopy'} <= set(sys.modules) else 1)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
