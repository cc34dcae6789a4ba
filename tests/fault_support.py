"""Cleaning hooks and process helpers for the fault tests (tests/test_pool_faults.py,
tests/test_faults_crawl.py, benchmarks/soak.py). Workers import this module by name, so it
lives next to scrapy_support and holds nothing that needs Scrapy."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.scrapy._procs import proc_stat
from scrapy_cleanarticle.scrapy.pool import Cleaners

SLEEP_MARKER = b"cleanarticle-test:sleep"  # waits 2 s using no CPU
SPIN_MARKER = b"cleanarticle-test:spin"  # burns CPU until killed
NAP_MARKER = b"cleanarticle-test:nap"  # waits 50 ms (a crawl that lasts long enough to hit)
COUNT_ENV = "CLEANARTICLE_TEST_COUNT_FILE"  # each page cleaned appends a byte to this file
FAULT_HOOK = "fault_support.faulty_clean_article"
FAULT_HOOK_HTML = "fault_support.faulty_clean_html"


def _misbehave(html: str | bytes) -> None:
    data = html.encode("utf-8", "replace") if isinstance(html, str) else html
    if SLEEP_MARKER in data:
        time.sleep(2.0)
    if SPIN_MARKER in data:
        while True:
            pass
    if NAP_MARKER in data:
        time.sleep(0.05)
    count_file = os.environ.get(COUNT_ENV)
    if count_file:
        with open(count_file, "ab") as fh:
            fh.write(b".")


def faulty_clean_article(html: str | bytes, url: str | None = None, **kwargs: Any) -> Any:
    _misbehave(html)
    from scrapy_support import hooked_clean_article

    return hooked_clean_article(html, url, **kwargs)


def faulty_clean_html(html: str | bytes, url: str | None = None, **kwargs: Any) -> str:
    _misbehave(html)
    from scrapy_support import hooked_clean_html

    return hooked_clean_html(html, url, **kwargs)


class SlowStartCleaners(Cleaners):
    """Cleaners whose unpickling, in a new worker, writes the worker's pid to ``pid_file`` and
    then takes ``delay`` seconds: a start-up window wide enough to hit with a signal."""

    def __init__(self, pid_file: Path, delay: float, suicide: bool = False) -> None:
        super().__init__(FAULT_HOOK, FAULT_HOOK_HTML, CleanerConfig())
        self.pid_file = str(pid_file)
        self.delay = delay
        self.suicide = suicide

    def __setstate__(self, state: dict[str, Any]) -> None:
        with open(state["pid_file"], "a") as fh:
            fh.write(f"{os.getpid()}\n")
        if state["suicide"]:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(state["delay"])
        self.__dict__.update(state)


def session_members(sid: int) -> dict[int, list[str]]:
    """Live (non-zombie) processes in session ``sid``, with their /proc stat fields
    ([state, ppid, pgrp, session, ...])."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = proc_stat(int(entry.name))
        if fields and fields[3] == str(sid) and fields[0] not in ("Z", "X"):
            found[int(entry.name)] = fields
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8",
                                                                                  "replace")
    except OSError:
        return ""
