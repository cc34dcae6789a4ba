"""Where cleaning runs: inline in the crawler process, or in a pool of worker processes.

Cleaning is CPU work under the GIL, so threads would not let the reactor keep downloading; a
process pool does. ``concurrent.futures.ProcessPoolExecutor`` is not used because it cannot
abandon one stuck task (it can only be shut down whole) and because one dead worker breaks the
whole executor, failing every pending task. Here each worker process has its own pipe, a stuck
page kills and replaces only its worker, and a crash costs exactly the page that caused it.

Both runners return an :class:`Outcome` and never raise for a bad page: the callers (pipeline,
middleware) must not lose another item because one page failed.

This module must stay importable without Scrapy: worker processes import it to unpickle jobs.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ..errors import CleanArticleError
from ._procs import cpu_seconds, describe_exit, forkserver_pid, gone, wait_gone

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from ..config import CleanerConfig

logger = logging.getLogger(__name__)

JobKind = Literal["article", "html"]
MAX_MESSAGE_CHARS = 300
STARTUP_TIMEOUT = 20.0
START_ATTEMPTS = 2
# The time limit is CPU time, so a page's verdict does not depend on how busy the machine is;
# wall time stays as a far looser backstop for a worker that uses no CPU (frozen, swapped out).
WALL_BACKSTOP_FACTOR = 5.0
EXIT_WAIT = 5.0  # how long close() waits for killed workers to disappear
_DIRECT_SEND = 32 * 1024  # characters/bytes of page that surely fit in the pipe's buffer
_READY = "ready"


@dataclass(frozen=True)
class Job:
    """One page to clean. ``kind`` selects ``clean_article`` (a dict out) or ``clean_html``."""

    kind: JobKind
    data: str | bytes
    url: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to a job: ``value`` when it worked, else an error ``reason``.

    ``events`` reports pool housekeeping caused by this job (``timeout``, ``crash``,
    ``recycled``) so the caller can count it in its stats from the reactor thread.
    """

    value: Any = None
    error: str | None = None
    message: str = ""
    events: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


def short_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Make an error message safe for a one-line log: printable, bounded, never a page dump."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text[: limit * 2])
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def load_function(path: str) -> Callable[..., Any]:
    module_name, _, attr = path.rpartition(".")
    if not module_name:
        raise ImportError(f"{path!r} is not a dotted import path")
    func = getattr(importlib.import_module(module_name), attr)
    if not callable(func):
        raise TypeError(f"{path!r} is not callable")
    return func  # type: ignore[no-any-return]


class Cleaners:
    """The two cleaning functions, imported lazily so a bad path becomes an Outcome, not a
    worker that dies at start-up and is respawned forever."""

    def __init__(self, article_path: str, html_path: str, config: CleanerConfig) -> None:
        self.paths: dict[str, str] = {"article": article_path, "html": html_path}
        self.config = config
        self._loaded: dict[str, Callable[..., Any]] = {}

    def run(self, job: Job) -> Outcome:
        try:
            func = self._loaded.get(job.kind) or self._load(job.kind)
            if job.kind == "article":
                article = func(job.data, job.url, content_type=job.content_type,
                               config=self.config)
                value = article if isinstance(article, dict) else article.to_dict()
            else:
                value = func(job.data, job.url, config=self.config,
                             content_type=job.content_type)
            return Outcome(value)
        except CleanArticleError as exc:
            return Outcome(error=exc.reason, message=short_message(str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug on one page must not cost the crawl
            return Outcome(error="internal_error",
                           message=short_message(f"{type(exc).__name__}: {exc}"))

    def _load(self, kind: str) -> Callable[..., Any]:
        func = load_function(self.paths[kind])
        self._loaded[kind] = func
        return func


class Runner(Protocol):
    async def run(self, job: Job) -> Outcome: ...

    def prestart(self) -> None: ...

    def close(self) -> None: ...


class InlineRunner:
    """``CLEANARTICLE_WORKERS = 0``: clean in the calling thread (no time limit possible)."""

    def __init__(self, cleaners: Cleaners) -> None:
        self.cleaners = cleaners

    async def run(self, job: Job) -> Outcome:
        return self.cleaners.run(job)

    def prestart(self) -> None:
        return None

    def close(self) -> None:
        return None


# --------------------------------------------------------------------------- worker process side

def _worker_main(conn: Connection, cleaners: Cleaners) -> None:
    # Ctrl-C goes to the whole process group; the crawler decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        conn.send(_READY)
    except (OSError, ValueError):
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        outcome = cleaners.run(job)
        try:
            conn.send(outcome)
        except (OSError, ValueError):
            return


# --------------------------------------------------------------------------- crawler side

class _StuckError(Exception):
    pass


class _StartError(Exception):
    def __init__(self, message: str, *, interrupted: bool) -> None:
        super().__init__(message)
        self.interrupted = interrupted


class _DiedError(Exception):
    def __init__(self, before_send: bool) -> None:
        super().__init__()
        self.before_send = before_send


class _Sender(threading.Thread):
    def __init__(self, conn: Connection, job: Job) -> None:
        super().__init__(name="cleanarticle-send", daemon=True)
        self.conn = conn
        self.job = job
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.conn.send(self.job)
        # the worker died (OSError), or the pool closed the pipe under this thread after killing
        # a frozen worker (multiprocessing then fails on its closed handle with ValueError or
        # TypeError): call() reports it either way
        except (OSError, ValueError, TypeError) as exc:
            self.error = exc

    def failed(self) -> bool:
        """Whether the send failed; waits for it, as the worker has answered or is gone."""
        self.join(1.0)
        return self.error is not None


class _Worker:
    def __init__(self, ctx: BaseContext, cleaners: Cleaners) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, cleaners),  # type: ignore[attr-defined]
                                   daemon=True, name="cleanarticle-worker")
        self.process.start()
        child.close()
        self.server_pid = forkserver_pid()  # the server that holds its exit status
        self.conn: Connection = parent
        self.tasks = 0
        # Wait for the handshake, so a worker that cannot even start (broken environment,
        # unimportable __main__) is told apart from a page that crashes a working one.
        answered = parent.poll(STARTUP_TIMEOUT)
        try:
            ready = answered and parent.recv() == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            if answered:
                self.process.join(2.0)  # it is exiting: let it, to read how it ended
            self.stop(graceful=False)
            code = None if not answered else self.process.exitcode
            # A worker killed by a signal while starting was interrupted (shutdown, OOM
            # killer): that says nothing about whether workers *can* start.
            raise _StartError(f"worker {describe_exit(code)}" if answered else
                              f"worker did not answer within {STARTUP_TIMEOUT:g}s",
                              interrupted=code is not None and code < 0)

    def call(self, job: Job, timeout: float) -> Outcome:
        if len(job.data) < _DIRECT_SEND:
            try:
                self.conn.send(job)
            except (OSError, ValueError) as exc:
                raise _DiedError(before_send=True) from exc
            sender = None
        else:
            # A page larger than the pipe's buffer blocks send() until the worker reads it: a
            # frozen worker would hold this thread (and the crawl's shutdown) forever. Another
            # thread sends; killing the worker ends that send with EPIPE.
            sender = _Sender(self.conn, job)
        self._wait_for_answer(timeout)
        if sender is not None and sender.failed():
            raise _DiedError(before_send=True)
        try:
            outcome: Outcome = self.conn.recv()
        except (EOFError, OSError) as exc:
            raise _DiedError(before_send=False) from exc
        return outcome

    def _wait_for_answer(self, timeout: float) -> None:
        """Wait until the worker has spent ``timeout`` seconds of CPU on the job (or the wall
        backstop passes). The worker is single-threaded, so its CPU time grows no faster than
        the clock: each wait lasts as long as the CPU budget left, and few polls are needed."""
        start = time.monotonic()
        backstop = start + timeout * WALL_BACKSTOP_FACTOR
        cpu_start = self.cpu_seconds()
        wait = timeout
        while not self.conn.poll(wait):
            now = time.monotonic()
            cpu_now = self.cpu_seconds()
            if cpu_start is None or cpu_now is None:  # no /proc: wall time is all there is
                if now - start >= timeout:
                    raise _StuckError(f"cleaning took longer than {timeout:g}s")
                wait = timeout - (now - start)
                continue
            used = cpu_now - cpu_start
            if used >= timeout:
                raise _StuckError(f"cleaning used more than {timeout:g}s of CPU")
            if now >= backstop:
                raise _StuckError(f"no answer within {backstop - start:g}s while using only "
                                  f"{used:.1f}s of CPU (frozen or starved)")
            wait = max(min(timeout - used, backstop - now), 0.05)

    def stop(self, *, graceful: bool) -> None:
        """Stop the worker; with ``graceful`` it may first finish and exit on its own.

        The kill goes to the pid, not through ``Process``: with forkserver, once the server is
        dead ``is_alive()`` reads end-of-file from its pipe and reports exit code 255 for a
        worker that is still running, and ``Process.kill()`` then sends nothing.
        """
        pid = self.process.pid
        if graceful:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(None)
            wait_gone(pid, 2.0)
        if pid is not None and not gone(pid):
            self.kill()
        self.process.join(1.0)
        self.conn.close()

    def kill(self) -> None:
        if self.process.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)

    def cpu_seconds(self) -> float | None:
        return cpu_seconds(self.process.pid)

    def how_it_died(self) -> str:
        """Words for a crash log: the signal when known, never forkserver's stand-in 255."""
        self.process.join(1.0)  # reap it, to report how it died
        if self.server_pid is not None and gone(self.server_pid):
            # forkserver reports 255 for every worker once it is gone; that would be a lie
            return "exit status unknown: the forkserver that started it had died"
        return describe_exit(self.process.exitcode)


def _context() -> BaseContext:
    # fork from a process running a reactor and threads is unsafe; forkserver forks from a
    # small clean server that has imported the cleaner once, so replacing a worker is cheap.
    if sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["scrapy_cleanarticle.scrapy._nosigint",
                                    "scrapy_cleanarticle.scrapy.pool",
                                    "scrapy_cleanarticle.scrapy._warmup"])
        return ctx
    return multiprocessing.get_context("spawn")


#: ``Outcome.error`` of a page lost because the pool was closed (a forced stop) before it.
SHUTDOWN = "shutdown"
_SHUTDOWN = Outcome(error=SHUTDOWN, message="the cleaning pool was shut down first")


class PoolRunner:
    """``CLEANARTICLE_WORKERS = N``: N worker processes, each driven by one waiting thread."""

    def __init__(self, cleaners: Cleaners, *, workers: int, timeout: float,
                 max_tasks_per_worker: int) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self.cleaners = cleaners
        self.size = workers
        self.timeout = timeout
        self.max_tasks = max_tasks_per_worker
        self._ctx = _context()
        self._idle: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._in_flight = 0  # pages handed to run_blocking and not answered yet
        self._broken: str | None = None  # why workers cannot start; then clean inline
        # Exactly one thread per worker: a thread always finds an idle worker at once.
        self._threads = ThreadPoolExecutor(max_workers=workers,
                                           thread_name_prefix="cleanarticle")

    async def run(self, job: Job) -> Outcome:
        # A forced stop closes the pool on this (the reactor's) thread while the scraper still
        # hands it pages: each must end as an outcome, never an exception out of the pipeline.
        if self._closed:
            return _SHUTDOWN
        return await _await_thread_future(self._threads.submit(self.run_blocking, job))

    def prestart(self) -> None:
        """Start the workers in the background, so the first pages do not wait for them."""
        self._threads.submit(self._start)

    def run_blocking(self, job: Job) -> Outcome:
        with self._lock:
            self._in_flight += 1
        try:
            return self._run_blocking(job)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _run_blocking(self, job: Job) -> Outcome:
        if self._closed:  # queued behind busy workers when close() ran
            return _SHUTDOWN
        self._start()
        worker = None if self._broken else self._idle.get()
        if worker is None:
            if self._closed:
                self._idle.put(None)  # pass close()'s wake-up on to the next waiting thread
                return _SHUTDOWN
            return self.cleaners.run(job)  # workers cannot start: still clean the page
        fresh, outcome = self._call(worker, job)
        if fresh is not None:
            self._idle.put(fresh)
        return outcome

    def _call(self, worker: _Worker, job: Job) -> tuple[_Worker | None, Outcome]:
        for attempt in (1, 2):
            try:
                outcome = worker.call(job, self.timeout)
            except _StuckError as stuck:
                logger.debug("cleanarticle: worker %s stuck on %s, replacing it",
                             worker.process.pid, job.url)
                return self._replace(worker, graceful=False), Outcome(
                    error="timeout", events=("timeout",),
                    message=f"{stuck}; worker replaced")
            except _DiedError as died:
                if self._closed:  # close() killed it: the page is lost to the shutdown
                    worker.stop(graceful=False)
                    return None, _SHUTDOWN
                how = worker.how_it_died()
                fresh = self._replace(worker, graceful=False)
                if died.before_send and attempt == 1 and fresh is not None:
                    worker = fresh  # it died idle: this page is not to blame, try once more
                    continue
                return fresh, Outcome(error="worker_crash", events=("crash",),
                                      message=f"cleaning process died ({how})")
            worker.tasks += 1
            if worker.tasks >= self.max_tasks:
                outcome = replace(outcome, events=(*outcome.events, "recycled"))
                return self._replace(worker, graceful=True), outcome
            return worker, outcome
        raise AssertionError("unreachable")  # pragma: no cover

    def _spawn(self) -> _Worker | None:
        error: _StartError | None = None
        failed = interrupted = 0  # counted apart: an interruption proves nothing about failing
        while failed < START_ATTEMPTS and interrupted < START_ATTEMPTS:
            if self._closed:
                return None  # shutting down: no new workers, and nothing to diagnose
            try:
                worker = _Worker(self._ctx, self.cleaners)
            except _StartError as exc:
                error = exc
                interrupted += exc.interrupted
                failed += not exc.interrupted
                continue
            with self._lock:
                self._all.add(worker)
                if self._closed:  # close() ran while it started: it has not seen this one
                    self._all.discard(worker)
                    worker.stop(graceful=False)
                    return None
            return worker
        if self._closed:
            return None
        if error is not None and error.interrupted:
            self._break(f"cleaning processes were interrupted while starting ({error})",
                        hint="")
        else:
            self._break(f"cleaning processes cannot start ({error})",
                        hint=" Is the crawl started from an importable script?")
        return None

    def _break(self, why: str, *, hint: str) -> None:
        with self._lock:
            first = self._broken is None
            self._broken = why
        if first:
            logger.error("cleanarticle: %s; cleaning inline from now on, without a time "
                         "limit.%s", why, hint)
            for _ in range(self.size):
                self._idle.put(None)  # wake the threads waiting for a worker

    def _replace(self, worker: _Worker, *, graceful: bool) -> _Worker | None:
        with self._lock:
            self._all.discard(worker)
        worker.stop(graceful=graceful)
        return self._spawn()

    def _start(self) -> None:
        with self._lock:
            if self._closed or self._started:  # closed: the caller finds no worker, and stops
                return
            self._started = True
        for _ in range(self.size):
            worker = self._spawn()
            if worker is None:
                return
            self._idle.put(worker)

    def worker_pids(self) -> list[int | None]:
        with self._lock:
            return [w.process.pid for w in self._all]

    def unfinished(self) -> int:
        """Pages handed to the pool and not answered yet."""
        with self._lock:
            return self._in_flight

    def close(self) -> None:
        """Stop every worker and check that each pid is gone.

        In a graceful stop no page is in the pool any more. After a forced one (a second
        Ctrl-C), Scrapy drops whatever is in flight: the pages still being cleaned are counted
        in a warning, their workers are killed at once, and those items are lost.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            unfinished = self._in_flight
            idle_now = list(self._all)
        if unfinished:
            logger.warning("cleanarticle: shutting down with %d page(s) still being cleaned in "
                           "the pool; their items are lost", unfinished)
            for worker in idle_now:  # busy ones too: their answers have nobody to go to
                worker.kill()  # its own thread sees the pipe close and tidies up
        for _ in range(self.size):
            self._idle.put(None)  # wake any thread waiting for a worker
        # Not cancelled: a queued page returns _SHUTDOWN at once, and a cancelled one would
        # raise CancelledError into the pipeline that awaits it.
        self._threads.shutdown(wait=True)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop(graceful=True)
        pids = [w.process.pid for w in [*idle_now, *workers] if w.process.pid is not None]
        alive = [pid for pid in pids if not wait_gone(pid, EXIT_WAIT)]
        if alive:
            logger.error("cleanarticle: cleaning processes %s are still alive after SIGKILL",
                         alive)


async def _await_thread_future(future: Future[Outcome]) -> Outcome:
    """Await a thread's result from Scrapy code, with or without the asyncio reactor."""
    import asyncio

    from scrapy.utils.asyncio import is_asyncio_available
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet.defer import Deferred

    if is_asyncio_available():
        return await asyncio.wrap_future(future)
    from twisted.internet import reactor

    deferred: Deferred[Outcome] = Deferred()

    def _done(fut: Future[Outcome]) -> None:
        exc = fut.exception()
        if exc is None:
            reactor.callFromThread(deferred.callback, fut.result())  # type: ignore[attr-defined]
        else:
            reactor.callFromThread(deferred.errback, exc)  # type: ignore[attr-defined]

    future.add_done_callback(_done)
    return await maybe_deferred_to_future(deferred)


def make_runner(cleaners: Cleaners, *, workers: int, timeout: float,
                max_tasks_per_worker: int) -> Runner:
    if workers == 0:
        return InlineRunner(cleaners)
    return PoolRunner(cleaners, workers=workers, timeout=timeout,
                      max_tasks_per_worker=max_tasks_per_worker)


__all__ = ["SHUTDOWN", "Cleaners", "InlineRunner", "Job", "Outcome", "PoolRunner", "Runner",
           "make_runner", "short_message"]
