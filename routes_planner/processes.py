"""Running searches side by side in processes, where the caller allows it.

PyVRP's search holds the GIL, so several seeds in threads would share one core:
processes are the only way to more cores. How they start depends on the caller:

- a process with one thread (the command line, a script) forks its workers: they
  start in milliseconds with everything loaded;
- a process that runs other threads (a web server, a task queue's thread workers)
  must not fork (a copied lock may be held mid-use), so its workers come from a
  *forkserver*: a fresh interpreter, started once per process, that loads the
  engines and then forks a worker per search cheaply. Starting it takes one to
  several seconds, so a short search that finds it not ready yet searches alone
  once while it starts in the background, and every later search uses it;
- a daemonic process (a task queue's process workers) may not start processes at
  all (multiprocessing forbids it): it searches alone.

Whenever the searches cannot run side by side, the caller searches alone and the
one-line reason (:class:`Parallel`) goes into the plan's ``stats.notes``.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, NamedTuple

from .model import PlanNote

#: Below this many seconds a search does not wait for the forkserver to start:
#: starting the server and loading the engines there costs one to several seconds.
FORKSERVER_MIN_SECONDS = 20.0

#: What the forkserver loads once, so that its workers fork with the engines ready.
PRELOAD = ["routes_planner.solve", "routes_planner.engines.hybrid",
           "routes_planner.engines.vroom_engine", "routes_planner.engines.pyvrp_engine"]

DAEMON_NOTE = ("one search instead of {n} side by side: a daemonic worker process (e.g. "
               "a task queue's process workers) may not start processes; thread workers can")
STARTING_NOTE = ("one search instead of {n} side by side this time: the worker processes "
                 "start in the background, and later plans in this process use them")
BROKEN_NOTE = "one search instead of {n} side by side: the worker processes failed ({error})"


def _note(template: str, code: str, **params) -> PlanNote:
    return PlanNote(template.format(**params), code, params)


class Parallel(NamedTuple):
    """The results of the calls in order, or None and the one-line reason why the
    caller should search alone."""

    results: list[Any] | None
    note: PlanNote | None = None


_lock = threading.Lock()
_ready = threading.Event()
#: The process whose forkserver is ready or starting (a forked child has none).
_server_pid: int | None = None


def ready() -> bool:
    """True when this process's forkserver is running with the engines loaded."""
    return _ready.is_set() and _server_pid == os.getpid()


def in_processes(fn: Callable[..., Any], calls: Sequence[tuple], seconds: float) -> Parallel:
    """``fn(*args)`` for each ``args`` in ``calls``, each in its own process."""
    if multiprocessing.current_process().daemon:
        return Parallel(None, _note(DAEMON_NOTE, "one_search_daemon", n=len(calls)))
    if threading.active_count() == 1:
        return _run(multiprocessing.get_context("fork"), fn, calls)
    context = _forkserver()
    if not ready() and seconds < FORKSERVER_MIN_SECONDS:
        _start_in_background(context)
        return Parallel(None, _note(STARTING_NOTE, "one_search_starting", n=len(calls)))
    found = _run(context, fn, calls)
    if found.results is not None:
        _mark_ready()
    return found


def _run(context, fn: Callable[..., Any], calls: Sequence[tuple]) -> Parallel:
    try:
        with ProcessPoolExecutor(max_workers=len(calls), mp_context=context) as pool:
            futures = [pool.submit(fn, *args) for args in calls]
            return Parallel([f.result() for f in futures])
    except (OSError, BrokenProcessPool) as error:
        return Parallel(None, _note(BROKEN_NOTE, "one_search_failed", n=len(calls),
                                    error=type(error).__name__))


def _forkserver():
    context = multiprocessing.get_context("forkserver")
    # Workers fork from a server that has the engines loaded already, instead of
    # each importing them inside the caller's time limit.
    context.set_forkserver_preload(PRELOAD)
    return context


def _mark_ready() -> None:
    global _server_pid
    with _lock:
        _server_pid = os.getpid()
        _ready.set()


def _start_in_background(context) -> None:
    """Start the forkserver and wait for its first worker in a daemon thread, once
    per process; :func:`ready` turns true when it has answered."""
    global _server_pid
    with _lock:
        if _server_pid == os.getpid():
            return  # ready, or starting already
        _server_pid = os.getpid()
        _ready.clear()

    def warm() -> None:
        if _run(context, os.getpid, [()]).results is not None:
            _ready.set()
        else:
            _forget()

    threading.Thread(target=warm, name="routes-planner-forkserver", daemon=True).start()


def _forget() -> None:
    global _server_pid
    with _lock:
        _server_pid = None
