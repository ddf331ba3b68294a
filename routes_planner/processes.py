"""Running searches side by side in processes, where the caller allows it."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

#: Below this many seconds a fresh-interpreter worker (forkserver) is not worth it:
#: starting the server and loading the engines there costs one to several seconds.
FORKSERVER_MIN_SECONDS = 20.0


def in_processes(fn: Callable[..., Any], calls: Sequence[tuple],
                 seconds: float) -> list[Any] | None:
    """``fn(*args)`` for each ``args`` in ``calls``, each in its own process, results
    in order; None when this process may not start others (a daemonic worker, as
    some task queues run), when starting them would eat too much of ``seconds``, or
    when the pool broke: then the caller searches alone instead."""
    if multiprocessing.current_process().daemon:
        return None
    # Forking a process that runs other threads (a web server, a task queue) can copy
    # a lock mid-use; then a fresh interpreter per worker is the safe way.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    if method == "forkserver" and seconds < FORKSERVER_MIN_SECONDS:
        return None
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # Workers fork from a server that has the engines loaded already, instead of
        # each importing them inside the caller's time limit.
        context.set_forkserver_preload(["routes_planner.solve", "routes_planner.engines.hybrid",
                                        "routes_planner.engines.vroom_engine",
                                        "routes_planner.engines.pyvrp_engine"])
    try:
        with ProcessPoolExecutor(max_workers=len(calls), mp_context=context) as pool:
            futures = [pool.submit(fn, *args) for args in calls]
            return [f.result() for f in futures]
    except (OSError, BrokenProcessPool):
        return None
