"""Several seeds in parallel processes, keeping the best plan.

Search engines are single-threaded; on a machine with two cores, two seeds searched
side by side find better plans in the same wall-clock time.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from routes_planner.instance import Instance
from routes_planner.model import Plan
from routes_planner.solve import plan

#: From this many visits x team-days on, one search using all cores (VROOM threads)
#: beats several single-core searches (bench/RESULTS.md, "Scale").
LARGE_WORK = 40_000


def _run(
    inst: Instance, time_limit: float, seed: int, engine: str | None, threads: int = 1
) -> Plan:
    kwargs = {} if engine is None else {"engine": engine}
    return plan(inst.visits, inst.teams, inst.days, inst.travel,
                time_limit=time_limit, seed=seed, threads=threads, **kwargs)


def work(inst: Instance) -> int:
    """Visits x team-days: what the engines' effort grows with."""
    team_days = sum(1 for t in inst.teams for d in inst.days if t.works_on(d))
    return len(inst.visits) * team_days


def plan_best_of(
    inst: Instance, time_limit: float, seed: int, workers: int = 1, engine: str | None = None
) -> Plan:
    """Plan with seeds ``seed .. seed+workers-1`` in parallel; the lowest objective wins.

    Ties go to the lowest seed, so the choice itself is deterministic. Large
    instances instead run one search that uses ``workers`` threads.
    """
    if workers <= 1:
        return _run(inst, time_limit, seed, engine)
    if work(inst) >= LARGE_WORK and engine in (None, "hybrid", "vroom"):
        return _run(inst, time_limit, seed, engine, threads=workers)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_run, inst, time_limit, seed + k, engine) for k in range(workers)]
        plans = [f.result() for f in futures]
    return min(plans, key=lambda pl: pl.stats.objective)
