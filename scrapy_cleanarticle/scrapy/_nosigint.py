"""Imported first by the pool's forkserver process: make it, and so every worker, ignore SIGINT.

A worker forked from the forkserver gets back the signal handlers the server had after its
preload imports, and only then unpickles its job and reaches ``_worker_main``: 0.1-0.6 s under
load, during which a Ctrl-C (sent to the whole process group) killed the new worker and, twice
over, made the pool give up with a false "cannot start" diagnosis. Ignoring SIGINT here, in the
server, closes that window: a worker ignores it from its first instruction. The crawler decides
when workers stop. Never import this module in the crawler process itself.
"""

from __future__ import annotations

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
