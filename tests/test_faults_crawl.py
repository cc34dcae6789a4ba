"""Issue 18's fault test: a real crawl of a few hundred local pages with the add-on and two
workers, whose forkserver is killed and one of whose workers is frozen mid-crawl.

The crawl runs in its own session (``start_new_session``), so every process it ever starts -
forkserver, workers, resource tracker, workers orphaned when the forkserver dies - carries its
session id, and "nothing left behind" is a scan of /proc for that id.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fault_support import COUNT_ENV, FAULT_HOOK, NAP_MARKER, cmdline, session_members
from scrapy_support import ARTICLE_SPIDER, FIXTURES, HANG_MARKER, ROOT, TESTS, marked_page, serve

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")]

PAGES = 300
RANDOM_PAGES = 10


def _pages() -> dict[str, tuple[bytes, str]]:
    fixtures = sorted(FIXTURES.glob("*.html"))
    pages = {}
    for i in range(PAGES - RANDOM_PAGES):
        page = marked_page(NAP_MARKER, f"Story {i}")
        if i % 3:  # a mix of real fixture pages, all napping so the crawl lasts a while
            page = fixtures[i % len(fixtures)].read_bytes().replace(
                b"</body>", b"<!-- " + NAP_MARKER + b" --></body>", 1)
        pages[f"/p/{i}"] = (page, "text/html")
    for i in range(RANDOM_PAGES):
        pages[f"/r/{i}"] = (random.Random(i).randbytes(20_000), "text/html")
    return pages


def _wait_for(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _start_crawl(tmp_path: Path, urls: list[str], count_file: Path,
                 timeout: float = 1.0) -> subprocess.Popen[bytes]:
    (tmp_path / "urls.txt").write_text("\n".join(urls))
    settings = {"LOG_LEVEL": "INFO", "LOG_FILE": str(tmp_path / "crawl.log"),
                "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
                "ADDONS": {"scrapy_cleanarticle.Addon": 500}, "CONCURRENT_REQUESTS": 16,
                "CLEANARTICLE_WORKERS": 2, "CLEANARTICLE_TIMEOUT": timeout,
                "CLEANARTICLE_MAX_TASKS_PER_WORKER": 1000, "CLEANARTICLE_CLEAN_FUNCTION": FAULT_HOOK}
    job = {"spider": ARTICLE_SPIDER, "args": {"urls_file": str(tmp_path / "urls.txt")},
           "settings": settings, "out": str(tmp_path / "result.json")}
    (tmp_path / "job.json").write_text(json.dumps(job))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)]),
           COUNT_ENV: str(count_file)}
    return subprocess.Popen(
        [sys.executable, "-c", "import scrapy_support as s, sys; s.crawl_main(sys.argv[1])",
         str(tmp_path / "job.json")], cwd=tmp_path, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _cleaned(count_file: Path) -> int:
    return count_file.stat().st_size if count_file.exists() else 0


def test_crawl_survives_a_dead_forkserver_and_a_frozen_worker(tmp_path: Path) -> None:
    count_file = tmp_path / "count"
    with serve(_pages()) as server:
        urls = server.urls()
        crawl = _start_crawl(tmp_path, urls, count_file)
        sid = crawl.pid
        try:
            # 1. mid-crawl, kill the forkserver (a child of the crawl running forkserver.main)
            assert _wait_for(lambda: _cleaned(count_file) >= 60, 60), "the crawl did not start"
            servers = [pid for pid, st in session_members(sid).items()
                       if st[1] == str(sid) and "forkserver" in cmdline(pid)]
            assert len(servers) == 1, session_members(sid)
            os.kill(servers[0], signal.SIGKILL)
            # 2. later, freeze a worker: a session member that is not a child of the crawl
            assert _wait_for(lambda: _cleaned(count_file) >= 120, 60)
            workers = [pid for pid, st in session_members(sid).items()
                       if pid != sid and st[1] != str(sid) and st[0] != "T"]
            assert workers, session_members(sid)
            os.kill(workers[0], signal.SIGSTOP)
            _, stderr = crawl.communicate(timeout=120)
            exited = time.monotonic()
            # 3. nothing of the crawl is left 10 s after it exits
            _wait_for(lambda: not session_members(sid), 10 - (time.monotonic() - exited))
            left = {pid: cmdline(pid) for pid in session_members(sid)}
        finally:
            for pid in session_members(sid):  # never leave a test's processes behind
                os.kill(pid, signal.SIGKILL)
            if crawl.poll() is None:
                crawl.kill()
    assert crawl.returncode == 0, stderr[-3000:]
    assert not left, f"processes of the crawl still alive 10 s after it exited: {left}"
    result = json.loads((tmp_path / "result.json").read_text())
    seen = [item["url"] for item in result["items"]]
    # every URL accounted for exactly once (an item each: articles, binary errors, timeouts)
    assert sorted(seen) == sorted(urls)
    assert result["signals"]["item_error"] == []
    stats = result["stats"]
    assert stats["cleanarticle/errors/binary"] == RANDOM_PAGES
    assert stats.get("cleanarticle/timeouts", 0) >= 1  # the frozen worker's page
    log = (tmp_path / "crawl.log").read_text("utf-8", "replace")
    assert "Traceback" not in log and "exit code 255" not in log
    assert "cannot start" not in log


def test_forced_shutdown_says_what_it_lost_and_leaves_no_process(tmp_path: Path) -> None:
    """Issue 18.5: two Ctrl-Cs lose the pages being cleaned; the log must say how many."""
    count_file = tmp_path / "count"
    pages = {"/hang": (marked_page(HANG_MARKER), "text/html"),
             **{f"/p/{i}": (marked_page(NAP_MARKER, f"Story {i}"), "text/html")
                for i in range(200)}}
    with serve(pages) as server:
        crawl = _start_crawl(tmp_path, server.urls(), count_file, timeout=30)
        sid = crawl.pid
        try:
            assert _wait_for(lambda: _cleaned(count_file) >= 20, 60), "the crawl did not start"
            os.kill(sid, signal.SIGINT)
            time.sleep(0.5)
            os.kill(sid, signal.SIGINT)  # forced: the hanging page is still in the pool
            crawl.communicate(timeout=60)
            exited = time.monotonic()
            _wait_for(lambda: not session_members(sid), 10 - (time.monotonic() - exited))
            left = {pid: cmdline(pid) for pid in session_members(sid)}
        finally:
            for pid in session_members(sid):
                os.kill(pid, signal.SIGKILL)
            if crawl.poll() is None:
                crawl.kill()
    assert not left, f"processes of the crawl still alive 10 s after it exited: {left}"
    log = (tmp_path / "crawl.log").read_text("utf-8", "replace")
    assert "forcing unclean shutdown" in log
    assert "page(s) still being cleaned in the pool; their items are lost" in log
    assert "worker_crash" not in log  # our own kill at shutdown is not a crash
    assert "Traceback" not in log
