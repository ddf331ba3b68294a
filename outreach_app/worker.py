"""The task queue's consumer entry point: ``huey_consumer outreach_app.worker.huey``.

Importing this module registers every task, so a consumer knows all of them. Add a
module that defines tasks (``@queue.task()``) to the imports below.
"""

from . import create_app
from .services import (  # noqa: F401  (importing a module registers its tasks)
    geocode_batch,
    planning_jobs,
    queue,
)
from .services.queue import huey

queue.app_factory = create_app

__all__ = ["huey"]
