"""Typed errors of the planner. Their message is one line a user can act on."""


class RoutesPlannerError(Exception):
    """Base class of every error the planner raises on purpose."""


class InstanceError(RoutesPlannerError, ValueError):
    """The input (an instance, visits, teams or days) is invalid.

    The message names the field and, where there is one, the visit or team, e.g.
    ``visits[3] (id 'v4'): deadline 2026-03-01 is before earliest 2026-03-05``.
    """


class TravelError(RoutesPlannerError):
    """Travel matrices could not be computed (no position, OSRM failed, ...)."""


class EngineError(RoutesPlannerError):
    """A solver engine is missing or failed."""
