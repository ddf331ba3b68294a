"""Small instances for the planner tests (short time limits; no network)."""

from __future__ import annotations

from datetime import date, time

import numpy as np
import pytest

from routes_planner.model import Place, Shift, Team, Visit
from routes_planner.travel import GivenMatrix

D1, D2, D3 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)
DAYS = [D1, D2, D3]
HOME = Place(55.68, 12.57)
LIMIT = 0.5


def near(k: int, lat: float = 55.68, lon: float = 12.57) -> dict:
    """A position roughly k x 300 m north-east of the centre."""
    return {"lat": lat + 0.002 * k, "lon": lon + 0.003 * k}


def team(tid: str = "t1", size: int = 1, mode: str = "car", **kw) -> Team:
    """A team starting and ending at HOME, 08:00-16:00 by default."""
    return Team(tid, HOME, size=size, mode=mode, **kw)


def visit(vid: str, k: int = 1, **kw) -> Visit:
    """A visit near HOME."""
    return Visit(vid, **near(k), **kw)


def matrix_travel(m) -> GivenMatrix:
    """A given matrix for every mode."""
    return GivenMatrix({"*": np.asarray(m, dtype=np.int64)})


@pytest.fixture
def day_shift() -> Shift:
    """The whole day."""
    return Shift(time(0, 0), time(23, 59))
