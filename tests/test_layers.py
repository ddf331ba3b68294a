"""ARCHITECTURE.md's layers, as import-linter contracts in pyproject.toml, hold."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> str:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    return exe


def test_layer_contracts_are_declared():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    names = [c["name"] for c in config["contracts"]]
    assert any("domain" in n for n in names)
    assert any("routes_planner" in n for n in names)
    assert any("views -> services" in n for n in names)


def test_import_linter_contracts_are_kept():
    result = subprocess.run([_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_import_linter_catches_a_layer_break(tmp_path):
    """A copy of the domain package that imports Flask must break the contract."""
    pkg = tmp_path / "outreach_app"
    shutil.copytree(ROOT / "outreach_app", pkg, ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "domain" / "leak.py").write_text("import flask  # a break on purpose\n")
    shutil.copytree(ROOT / "routes_planner", tmp_path / "routes_planner",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    env = {"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)}
    result = subprocess.run([_lint_imports(), "--no-cache"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode != 0
    assert "outreach_app.domain.leak" in result.stdout
