"""Planning a parsed JSON instance with several cores (the command line's entry).

The parallelism itself lives in :func:`routes_planner.solve.plan` (``workers``), so
the library, the command line and the app's planning jobs share it.
"""

from __future__ import annotations

from routes_planner.instance import Instance
from routes_planner.model import Plan
from routes_planner.solve import LARGE_WORK, plan

__all__ = ["LARGE_WORK", "plan_best_of", "work"]


def work(inst: Instance) -> int:
    """Visits x team-days: what the engines' effort grows with."""
    team_days = sum(1 for t in inst.teams for d in inst.days if t.works_on(d))
    return len(inst.visits) * team_days


def plan_best_of(inst: Instance, time_limit: float, seed: int, workers: int | None = None,
                 engine: str | None = None) -> Plan:
    """Plan ``inst`` with ``workers`` cores (default: all usable ones); see
    :func:`routes_planner.solve.plan`."""
    kwargs = {} if engine is None else {"engine": engine}
    return plan(inst.visits, inst.teams, inst.days, inst.travel, time_limit=time_limit,
                seed=seed, workers=workers, **kwargs)
