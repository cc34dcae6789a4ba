"""The cyclic garbage collector, paused while one page is cleaned.

Cleaning a page allocates hundreds of thousands of short-lived containers (the text index's
lists, one tuple per block, the units' features), and each is freed by reference counting as
soon as its stage ends. The cyclic collector does not know that: every 700 net allocations it
runs a generation-0 pass, and now and then a full one over every object of the process, and
on 2025 pages those passes found nothing to collect while costing about a twentieth of the
pipeline's time (docs/topics/body-speed.md, "The cyclic collector").

The pause is process-wide, since the collector is, and nests: threads that clean pages at the
same time share one pause, and the collector is switched back on when the last of them leaves.
A collector that was already off (the caller's choice) is left off. Cycles made during a page
(an exception's traceback) are collected by the first pass after it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """How many pages are inside the pause, and whether it was this module that switched the
    collector off (a lock, since threads enter and leave in any order)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inside = 0
        self.switched_off = False


_PAUSE = _Pause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the duration of the block, on again after it (see the
    module's docstring for why and for threads)."""
    pause = _PAUSE
    with pause.lock:
        if pause.inside == 0 and gc.isenabled():
            gc.disable()
            pause.switched_off = True
        pause.inside += 1
    try:
        yield
    finally:
        with pause.lock:
            pause.inside -= 1
            if pause.inside == 0 and pause.switched_off:
                pause.switched_off = False
                gc.enable()


__all__ = ["collector_paused"]
