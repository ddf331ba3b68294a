"""Seeded generators of planning instances in the public JSON format.

``copenhagen``: visits in a 12 x 10 km box around 55.68 N 12.57 E, teams on foot, by
bicycle and by car (one team of two per three), 20 working days, shift 08:00-16:00,
20-40 min service, 30 % with time windows, 20 % needing a pair, earliest days and
deadlines spread over the month.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta

import numpy as np

CENTRE = (55.68, 12.57)
# 12 km east-west, 10 km north-south, in degrees at this latitude.
HALF_LON = 6.0 / (111.32 * np.cos(np.radians(CENTRE[0])))
HALF_LAT = 5.0 / 110.57


def working_days(first: date, n: int) -> list[date]:
    """The first ``n`` weekdays from ``first``."""
    out, d = [], first
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def copenhagen(n_visits: int = 60, n_teams: int = 3, n_days: int = 20, seed: int = 1) -> dict:
    """A month of home visits around Copenhagen (seeded, reproducible)."""
    rng = np.random.default_rng(seed)
    days = working_days(date(2026, 3, 2), n_days)
    modes = ["foot", "bicycle", "car"]
    teams = []
    for k in range(n_teams):
        lat = CENTRE[0] + rng.uniform(-0.3, 0.3) * HALF_LAT
        lon = CENTRE[1] + rng.uniform(-0.3, 0.3) * HALF_LON
        teams.append({
            "id": f"t{k + 1}", "size": 2 if k % 3 == 1 else 1, "mode": modes[k % 3],
            "start": {"lat": round(lat, 6), "lon": round(lon, 6)},
            "shift": ["08:00", "16:00"],
        })
    visits = []
    for i in range(n_visits):
        lat = CENTRE[0] + rng.uniform(-1, 1) * HALF_LAT
        lon = CENTRE[1] + rng.uniform(-1, 1) * HALF_LON
        e = int(rng.integers(0, n_days - 4))
        d = int(min(n_days - 1, e + rng.integers(3, 12)))
        v = {
            "id": f"v{i + 1}", "lat": round(lat, 6), "lon": round(lon, 6),
            "service_minutes": int(rng.integers(20, 41)),
            "earliest": days[e].isoformat(), "deadline": days[d].isoformat(),
        }
        if rng.random() < 0.3:
            h = int(rng.integers(8, 14))
            v["window"] = [f"{h:02d}:00", f"{h + 2:02d}:00"]
        if rng.random() < 0.2:
            v["pair"] = True
        visits.append(v)
    return {"days": [d.isoformat() for d in days], "teams": teams, "visits": visits}


def scale(seed: int = 2) -> dict:
    """1,000 visits, 10 teams, 20 working days, the same mix."""
    return copenhagen(n_visits=1000, n_teams=10, n_days=20, seed=seed)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["copenhagen", "scale"])
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    doc = copenhagen(seed=a.seed or 1) if a.kind == "copenhagen" else scale(seed=a.seed or 2)
    with open(a.out, "w") as fh:
        json.dump(doc, fh, indent=1)
