"""routes_planner: travel times and multi-day home-visit planning, a library of its own.

No Flask, no database: visits, teams and days go in (see :mod:`routes_planner.model`),
a :class:`~routes_planner.model.Plan` comes out of :func:`routes_planner.solve.plan`.
"""

from routes_planner.model import (
    MODES,
    Locked,
    Place,
    Plan,
    PlanStats,
    Route,
    Shift,
    Stop,
    Team,
    Unplaced,
    UnplacedReason,
    Visit,
)

__all__ = [
    "MODES",
    "Locked",
    "Place",
    "Plan",
    "PlanStats",
    "Route",
    "Shift",
    "Stop",
    "Team",
    "Unplaced",
    "UnplacedReason",
    "Visit",
]
