"""Issue 18 items 2-5: the pool when its forkserver dies, when Ctrl-C hits a starting worker,
on a busy machine (CPU-time limit) and at a forced shutdown."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import (
    FAULT_HOOK,
    FAULT_HOOK_HTML,
    SLEEP_MARKER,
    SPIN_MARKER,
    SlowStartCleaners,
)
from scrapy_support import CRASH_MARKER, FIXTURES, HANG_MARKER, marked_page

from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.scrapy._procs import describe_exit, forkserver_pid, gone, wait_gone
from scrapy_cleanarticle.scrapy.pool import Cleaners, Job, Outcome, PoolRunner

ARTICLE = (FIXTURES / "arc-wildfire-en.html").read_bytes()
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _pool(cleaners: Cleaners | None = None, *, workers: int = 1, timeout: float = 1.0) -> PoolRunner:
    return PoolRunner(cleaners or Cleaners(FAULT_HOOK, FAULT_HOOK_HTML, CleanerConfig()),
                      workers=workers, timeout=timeout, max_tasks_per_worker=100)


@pytest.fixture
def pool() -> Iterator[PoolRunner]:
    runner = _pool()
    yield runner
    runner.close()


def _kill_forkserver() -> int:
    pid = forkserver_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    assert wait_gone(pid, 5)
    return pid


def test_describe_exit_names_the_signal() -> None:
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(13) == "exited with code 13"


@pytest.mark.slow
def test_a_timed_out_worker_dies_even_when_the_forkserver_is_dead(pool: PoolRunner) -> None:
    """Issue 18.2: the old worker kept running at 100% CPU with ppid 1 after close()."""
    assert pool.run_blocking(Job("article", ARTICLE)).ok
    (old,) = pool.worker_pids()
    assert old is not None
    _kill_forkserver()
    outcome = pool.run_blocking(Job("article", marked_page(SPIN_MARKER), "http://x/spin"))
    assert outcome.error == "timeout"
    assert wait_gone(old, 5), "the stuck worker survived its replacement"
    assert pool.run_blocking(Job("article", ARTICLE)).ok  # a new forkserver, a new worker
    pids = pool.worker_pids()
    pool.close()
    assert all(pid is not None and gone(pid) for pid in pids)


def test_crash_message_does_not_claim_exit_code_255(pool: PoolRunner) -> None:
    assert pool.run_blocking(Job("article", ARTICLE)).ok
    _kill_forkserver()
    outcome = pool.run_blocking(Job("article", marked_page(CRASH_MARKER), "http://x/crash"))
    assert outcome.error == "worker_crash"
    assert "255" not in outcome.message and "forkserver" in outcome.message
    # with a live forkserver the real status is reported, in words
    again = pool.run_blocking(Job("article", marked_page(CRASH_MARKER), "http://x/crash"))
    assert "exited with code 13" in again.message


@pytest.mark.slow
def test_the_limit_is_cpu_time_not_wall_time(pool: PoolRunner) -> None:
    """Issue 18.4: waiting 2 s without using CPU is not over a 1 s limit; spinning is."""
    slow = pool.run_blocking(Job("article", marked_page(SLEEP_MARKER), "http://x/sleep"))
    assert slow.ok, slow.message
    spin = pool.run_blocking(Job("article", marked_page(SPIN_MARKER), "http://x/spin"))
    assert spin.error == "timeout" and "CPU" in spin.message


@pytest.mark.parametrize("padding", [0, 2_000_000], ids=["small", "larger-than-the-pipe"])
@pytest.mark.slow
def test_a_frozen_worker_is_caught_by_the_wall_backstop(pool: PoolRunner, padding: int) -> None:
    """A page larger than the pipe's buffer used to block in send() forever (a soak hang)."""
    assert pool.run_blocking(Job("article", ARTICLE)).ok
    (frozen,) = pool.worker_pids()
    assert frozen is not None
    os.kill(frozen, signal.SIGSTOP)
    page = ARTICLE + b"<!-- " + b"x" * padding + b" -->"
    outcome = pool.run_blocking(Job("article", page, "http://x/frozen"))
    assert outcome.error == "timeout" and "frozen" in outcome.message
    assert wait_gone(frozen, 5)


def test_ctrl_c_while_a_worker_starts_does_not_kill_it(tmp_path: Path) -> None:
    """Issue 18.3: the worker ignores SIGINT before it even unpickles its job."""
    pid_file = tmp_path / "pids"
    runner = _pool(SlowStartCleaners(pid_file, delay=1.5), timeout=5)
    try:
        runner.prestart()
        deadline = time.monotonic() + 30
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        starting = int(pid_file.read_text().split()[0])
        os.kill(starting, signal.SIGINT)  # mid-start: unpickling takes 1.5 s
        assert runner.run_blocking(Job("article", ARTICLE)).ok
        assert runner.worker_pids() == [starting]
    finally:
        runner.close()


def test_interrupted_start_is_not_called_cannot_start(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    runner = _pool(SlowStartCleaners(tmp_path / "pids", delay=0, suicide=True), timeout=5)
    try:
        assert runner.run_blocking(Job("article", ARTICLE)).ok  # cleaned inline instead
    finally:
        runner.close()
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    message = record.getMessage()
    assert "interrupted while starting" in message and "SIGKILL" in message
    assert "cannot start" not in message and "importable script" not in message


def test_cannot_start_keeps_its_hint(caplog: pytest.LogCaptureFixture) -> None:
    from scrapy_support import unpicklable_cleaners

    runner = _pool(unpicklable_cleaners())
    try:
        assert runner.run_blocking(Job("article", ARTICLE)).ok
    finally:
        runner.close()
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "cannot start" in record.getMessage() and "importable" in record.getMessage()


def test_forced_close_counts_the_pages_in_flight(pool: PoolRunner,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Issue 18.5: a forced shutdown says how many pages it loses, and leaves no worker."""
    assert pool.run_blocking(Job("article", ARTICLE)).ok
    (busy,) = pool.worker_pids()
    outcomes: list[Outcome] = []
    thread = threading.Thread(target=lambda: outcomes.append(pool.run_blocking(
        Job("article", marked_page(HANG_MARKER)))), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while pool.unfinished() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert pool.unfinished() == 1
    pool.close()
    thread.join(10)
    assert not thread.is_alive()
    assert busy is not None and gone(busy)
    assert [o.error for o in outcomes] == ["shutdown"]  # not a "worker_crash": we killed it
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("1 page(s) still being cleaned" in w for w in warnings), warnings


def test_pages_waiting_at_a_forced_close_end_as_shutdown_outcomes(
        pool: PoolRunner, caplog: pytest.LogCaptureFixture) -> None:
    """A page queued behind a busy worker, and one arriving after close(), end as ``shutdown``
    outcomes: an exception there escapes the pipeline and Scrapy logs a traceback."""

    async def crawl() -> list[Outcome]:
        busy = asyncio.ensure_future(pool.run(Job("article", marked_page(HANG_MARKER))))
        queued = asyncio.ensure_future(pool.run(Job("article", ARTICLE)))
        while pool.unfinished() == 0:
            await asyncio.sleep(0.01)
        pool.close()  # as the reactor does at a forced stop: on the thread awaiting the pages
        late = await pool.run(Job("article", ARTICLE))
        return [*await asyncio.gather(busy, queued), late]

    outcomes = asyncio.run(asyncio.wait_for(crawl(), 30))
    assert [o.error for o in outcomes] == ["shutdown"] * 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("1 page(s) still being cleaned" in w for w in warnings), warnings


def test_a_closed_pool_answers_shutdown_from_its_threads(pool: PoolRunner) -> None:
    """A page whose thread starts just after close() (the race of a forced stop) is lost to
    the shutdown, not failed with an exception."""
    pool.close()
    assert pool.run_blocking(Job("article", ARTICLE)).error == "shutdown"
