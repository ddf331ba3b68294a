"""Running searches side by side in processes, where the caller allows it."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any


def in_processes(fn: Callable[..., Any], calls: Sequence[tuple]) -> list[Any] | None:
    """``fn(*args)`` for each ``args`` in ``calls``, each in its own process, results
    in order; None when this process may not start others (a daemonic worker, as
    some task queues run) or the pool broke, so the caller searches alone instead."""
    if multiprocessing.current_process().daemon:
        return None
    # Forking a process that runs other threads (a web server, a task queue) can copy
    # a lock mid-use; then a fresh interpreter per worker is the safe way.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    try:
        with ProcessPoolExecutor(max_workers=len(calls),
                                 mp_context=multiprocessing.get_context(method)) as pool:
            futures = [pool.submit(fn, *args) for args in calls]
            return [f.result() for f in futures]
    except (OSError, BrokenProcessPool):
        return None
