"""The Dask side of ``--engine dask`` (imported only by that engine: it needs ``distributed``).

Each Dask worker keeps one cleaning pool for the whole run, held by a worker plugin, instead of
each task starting and stopping its own: a pool start (a fork from the forkserver, imports and
a handshake) costs a few hundred milliseconds of an otherwise idle cleaning process on a loaded
machine, once per input. The plugin's teardown, when the run unregisters it, stops the pool.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from .run import BulkOptions, CleanerPool, FileResult, clean_file
from .work import Clean

PLUGIN = "cleanarticle-pools"

#: Our own LocalCluster needs none of Dask's periodic housekeeping at its default rates: the
#: statistical profiler (10 ms stack samples of every task thread), the GIL and system monitors,
#: the 20 ms event-loop health tick, the 100 ms memory monitor, work stealing. Each costs
#: main-process CPU for every second the run lasts, so a loaded machine, which makes the run
#: longer, makes them cost more. With two tasks waiting: 3.8% of a core at the defaults, 0.6%
#: with these. A worker holds one input at a time (saturation 1.0, where the default 1.1 gives a
#: single-threaded worker two): the others wait on the scheduler, largest first, for whichever
#: worker is free first, so no input waits behind another on a busy worker while one is idle.
QUIET_LOCAL_CLUSTER = {"distributed.worker.profile.enabled": False,
                       "distributed.admin.system-monitor.interval": "5s",
                       "distributed.admin.system-monitor.gil.enabled": False,
                       "distributed.admin.tick.interval": "1s",
                       "distributed.worker.memory.monitor-interval": "1s",
                       "distributed.scheduler.work-stealing": False,
                       "distributed.scheduler.worker-saturation": 1.0}


class PoolPlugin(WorkerPlugin):  # type: ignore[misc]  # distributed's hints are partial
    """A pool for each Dask worker, with a cleaning process per worker thread, started by the
    first task that needs it. Pools are kept by worker: in a LocalCluster of threads, the
    workers may all be handed this very object."""

    name = PLUGIN

    def __init__(self, opts: BulkOptions) -> None:
        self.opts = opts
        self._pools: dict[str, CleanerPool] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"opts": self.opts}  # a pool and a lock do not travel

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.opts = state["opts"]
        self._pools = {}
        self._lock = threading.Lock()

    def clean(self, worker: Any) -> Clean:
        with self._lock:
            pool = self._pools.get(worker.id)
            if pool is None:
                pool = CleanerPool(replace(self.opts, workers=max(1, worker.state.nthreads)))
                self._pools[worker.id] = pool
            return pool.clean

    def teardown(self, worker: Any) -> None:
        with self._lock:
            pool = self._pools.pop(worker.id, None)
        if pool is not None:
            pool.close()


def task(path: str, out_dir: str, opts: BulkOptions) -> FileResult:
    """Clean one input on a Dask worker, with that worker's pool (or its own, if the plugin
    is missing: a worker that joined after the run registered it and lost it)."""
    worker = get_worker()
    plugin = worker.plugins.get(PLUGIN)
    if not isinstance(plugin, PoolPlugin):
        return clean_file(path, out_dir, options=opts)
    return clean_file(path, out_dir, options=opts, clean=plugin.clean(worker))


__all__ = ["PLUGIN", "QUIET_LOCAL_CLUSTER", "PoolPlugin", "task"]
