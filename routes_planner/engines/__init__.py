"""Solver engines behind :func:`routes_planner.solve.plan`.

An engine is a function ``(problem, time_limit, seed) -> routes`` where ``routes``
has one list of visit indices per vehicle (team-day), locked stops first. Engines
are imported lazily so that only the default one is needed at run time; the others
come with the ``bench`` extra. An engine module may define ``prepare(problem)``,
which imports the libraries that problem needs (see :func:`prepare`).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

from routes_planner.errors import EngineError
from routes_planner.problem import Problem

Engine = Callable[[Problem, float, int], list[list[int]]]

#: Chosen by measurement, see bench/RESULTS.md.
DEFAULT_ENGINE = "hybrid"

ENGINES = {
    "ortools": "routes_planner.engines.ortools_engine",
    "pyvrp": "routes_planner.engines.pyvrp_engine",
    "vroom": "routes_planner.engines.vroom_engine",
    "baseline": "routes_planner.engines.baseline",
    "hybrid": "routes_planner.engines.hybrid",
}


def get_engine(name: str) -> Engine:
    """The engine called ``name``; EngineError when unknown or not installed."""
    if name not in ENGINES:
        raise EngineError(f"engine: unknown engine {name!r} (one of {', '.join(ENGINES)})")
    try:
        module = importlib.import_module(ENGINES[name])
    except ImportError as exc:
        raise EngineError(
            f"engine: {name!r} is not installed ({exc.name}); pip install 'outreach-planner[bench]'"
        ) from None
    return module.solve


def prepare(name: str, problem: Problem) -> float:
    """Let engine ``name`` import what ``problem`` needs; the seconds it took, which
    the caller keeps out of the search's time limit."""
    hook = getattr(importlib.import_module(ENGINES[name]), "prepare", None)
    if hook is None:
        return 0.0
    t0 = time.monotonic()
    hook(problem)
    return time.monotonic() - t0
