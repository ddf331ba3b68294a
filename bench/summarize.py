"""Markdown tables from bench/results/*.jsonl (the rows bench/compare.py recorded).

    .venv/bin/python bench/summarize.py > /tmp/tables.md
"""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def rows(suite: str) -> list[dict]:
    """The recorded rows of one suite, in order."""
    path = RESULTS / f"{suite}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def label(r: dict) -> str:
    """Engine name with its worker count."""
    w = r.get("workers")
    return f"{r['engine']}" + (f" x{w}" if w and w > 1 else "")


def tsplib() -> str:
    """Gap to the optimum per instance and engine."""
    data = rows("tsplib")
    names = list(dict.fromkeys(r["instance"] for r in data))
    engines = list(dict.fromkeys(label(r) for r in data))
    out = ["| engine | " + " | ".join(names) + " | avg gap | max gap |",
           "|---" * (len(names) + 3) + "|"]
    for e in engines:
        cells, gaps = [], []
        for n in names:
            r = next((r for r in data if label(r) == e and r["instance"] == n), None)
            if r is None or "gap_pct" not in r:
                cells.append("-")
                continue
            gaps.append(r["gap_pct"])
            t = r.get("solve_s", r.get("wall_s"))
            cells.append(f"{r['gap_pct']:.2f} % ({t:.2f} s)")
        avg = f"{sum(gaps) / len(gaps):.2f} %" if gaps else "-"
        mx = f"{max(gaps):.2f} %" if gaps else "-"
        out.append(f"| {e} | " + " | ".join(cells) + f" | {avg} | {mx} |")
    return "\n".join(out)


def month(suite: str) -> str:
    """Travel, ratio to the best, time, memory and unplaced per engine."""
    data = [r for r in rows(suite) if "travel_s" in r]
    # Short runs first, then the long reference runs (stable within each group).
    data.sort(key=lambda r: bool(r.get("reference")))
    if not data:
        return "(no results)"
    best = min(r["travel_s"] for r in data)
    out = ["| engine | time limit | travel (s) | vs best | solve s | wall s | peak MB | routes"
           " | unplaced | rule violations |", "|---" * 10 + "|"]
    for r in data:
        out.append(
            f"| {label(r)} | {r['limit']:g} s | {r['travel_s']} | "
            f"{100 * (r['travel_s'] - best) / best:+.2f} % | {r['solve_s']:.1f} | "
            f"{r['wall_s']:.1f} | {r['peak_mb']} | {r['routes']} | "
            f"{sum(r['unplaced'].values())} {r['unplaced'] or ''} | {len(r['violations'])} |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    print("## TSPLIB\n\n" + tsplib())
    print("\n## Copenhagen month\n\n" + month("copenhagen"))
    print("\n## Scale\n\n" + month("scale"))
