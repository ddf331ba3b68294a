"""Command line: ``python -m routes_planner solve INSTANCE.json [--time-limit S] [--seed N]``.

Prints the plan as JSON on standard output. Bad input ends with exit code 2 and one
line on standard error naming the field and the visit; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from routes_planner.errors import RoutesPlannerError
from routes_planner.instance import parse_instance, plan_to_json


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="routes-planner", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("solve", help="plan an instance and print the plan as JSON")
    s.add_argument("instance", help="instance JSON file (routes_planner/README.md); - = stdin")
    s.add_argument("--time-limit", type=float, default=5.0, help="seconds of search (default 5)")
    s.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    s.add_argument("--engine", default=None, help="solver engine (default: the built-in choice)")
    s.add_argument(
        "--workers", type=int, default=None,
        help="cores the search may use: seeds in parallel processes, or threads on large "
             "instances (default: every core this process may use; 1 = this process only)",
    )
    s.add_argument("--indent", type=int, default=None, help="indent the JSON output")
    return ap


def _load(path: str):
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except OSError as exc:
        raise RoutesPlannerError(f"instance: cannot read {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise RoutesPlannerError(
            f"instance: not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``routes-planner`` and ``python -m routes_planner``."""
    args = _parser().parse_args(argv)
    try:
        if args.time_limit <= 0:
            raise RoutesPlannerError("--time-limit: must be positive")
        if args.workers is not None and args.workers < 1:
            raise RoutesPlannerError("--workers: must be at least 1")
        doc = _load(args.instance)
        inst = parse_instance(doc)
        from routes_planner.parallel import plan_best_of

        result = plan_best_of(inst, args.time_limit, args.seed, args.workers, args.engine)
    except RoutesPlannerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        json.dump(plan_to_json(result), sys.stdout, indent=args.indent)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error of the plan.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
