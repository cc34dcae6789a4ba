"""Cleaning runners: inline and the process pool (time limit, crash, recycling).

The unit tests drive ``PoolRunner`` directly (no reactor); the crawl test shows the same
behaviour inside a real Scrapy crawl, with the outcomes counted in stats.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy_support import (
    CRASH_MARKER,
    FIXTURES,
    HANG_MARKER,
    HOOK,
    HOOK_HTML,
    marked_page,
    run_crawl,
    serve,
)

from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.scrapy.pool import (
    Cleaners,
    InlineRunner,
    Job,
    PoolRunner,
    make_runner,
    short_message,
)

ARTICLE = (FIXTURES / "inquirer-kursk.html").read_bytes()


@pytest.fixture
def pool() -> Iterator[PoolRunner]:
    # the forkserver inherits sys.path, so workers can import the test hook
    runner = PoolRunner(Cleaners(HOOK, HOOK_HTML, CleanerConfig()), workers=1, timeout=4,
                        max_tasks_per_worker=3)
    yield runner
    runner.close()


def test_make_runner_zero_is_inline() -> None:
    cleaners = Cleaners(HOOK, HOOK_HTML, CleanerConfig())
    assert isinstance(make_runner(cleaners, workers=0, timeout=1, max_tasks_per_worker=1),
                      InlineRunner)


def test_inline_errors_become_outcomes() -> None:
    cleaners = Cleaners("scrapy_cleanarticle.api.clean_article",
                        "scrapy_cleanarticle.api.clean_html", CleanerConfig())
    bad = cleaners.run(Job("article", b"\x00\x01\x02\xff" * 500, "http://x/"))
    assert not bad.ok and bad.error and bad.value is None
    good = cleaners.run(Job("article", ARTICLE, "http://x/a"))
    assert good.ok and good.value["articleBody"]
    html = cleaners.run(Job("html", ARTICLE, "http://x/a"))
    assert html.ok and isinstance(html.value, str) and "<script" not in html.value


def test_bad_function_path_is_an_outcome_not_a_crash() -> None:
    cleaners = Cleaners("no_such_module.clean", "no_such_module.clean", CleanerConfig())
    outcome = cleaners.run(Job("article", ARTICLE))
    assert outcome.error == "internal_error" and "no_such_module" in outcome.message


def test_short_message_is_one_bounded_line() -> None:
    message = short_message("line one\nline two\x00" + "x" * 5000)
    assert "\n" not in message and "\x00" not in message and len(message) <= 300


def test_pool_cleans(pool: PoolRunner) -> None:
    outcome = pool.run_blocking(Job("article", ARTICLE, "http://x/a"))
    assert outcome.ok and outcome.value["articleBody"]
    assert outcome.value["url"] == "http://x/a"


@pytest.mark.slow
def test_pool_abandons_a_stuck_page_and_replaces_the_worker(pool: PoolRunner) -> None:
    pool.run_blocking(Job("article", ARTICLE))
    (before,) = pool.worker_pids()
    outcome = pool.run_blocking(Job("article", marked_page(HANG_MARKER), "http://x/hang"))
    assert outcome.error == "timeout" and "timeout" in outcome.events
    (after,) = pool.worker_pids()
    assert after != before
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # type: ignore[arg-type]
    assert pool.run_blocking(Job("article", ARTICLE)).ok  # the next page is not affected


def test_a_crash_costs_exactly_one_page(pool: PoolRunner) -> None:
    outcome = pool.run_blocking(Job("article", marked_page(CRASH_MARKER), "http://x/crash"))
    assert outcome.error == "worker_crash" and "crash" in outcome.events
    assert "13" in outcome.message  # the exit code of the dead worker
    assert pool.run_blocking(Job("article", ARTICLE)).ok


def test_workers_are_recycled(pool: PoolRunner) -> None:
    pids = []
    recycled = 0
    for _ in range(7):
        pids.append(pool.worker_pids()[0] if pool.worker_pids() else None)
        outcome = pool.run_blocking(Job("html", ARTICLE))
        assert outcome.ok
        recycled += "recycled" in outcome.events
    assert recycled == 2  # max 3 tasks per worker: after page 3 and page 6
    assert len({p for p in pids if p is not None}) == 3


def test_closed_pool_stops_its_workers(pool: PoolRunner) -> None:
    pool.run_blocking(Job("html", ARTICLE))
    (pid,) = pool.worker_pids()
    pool.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # type: ignore[arg-type]


@pytest.mark.slow
def test_pool_crawl_timeout_crash_and_recycling(tmp_path: Path) -> None:
    normal = {f"/ok/{i}": (marked_page(b"fine", f"Story number {i}"), "text/html")
              for i in range(8)}
    pages = {**normal, "/bad/hang": (marked_page(HANG_MARKER), "text/html"),
             "/bad/crash": (marked_page(CRASH_MARKER), "text/html")}
    with serve(pages) as server:
        result = run_crawl(tmp_path, args={"url": ",".join(server.urls())}, settings={
            "CLEANARTICLE_WORKERS": 2, "CLEANARTICLE_TIMEOUT": 6,
            "CLEANARTICLE_MAX_TASKS_PER_WORKER": 2, "CLEANARTICLE_CLEAN_FUNCTION": HOOK})
        hang_url, crash_url = server.url("/bad/hang"), server.url("/bad/crash")
        normal_urls = [server.url(p) for p in normal]
    assert result.returncode == 0, result.stderr[-2000:]
    items = result.by_url()
    assert len(result.items) == len(pages)
    for url in normal_urls:
        assert items[url]["articleBody"], url
    assert items[hang_url]["metadata"]["error"] == "timeout"
    assert items[crash_url]["metadata"]["error"] == "worker_crash"
    assert result.stat("cleanarticle/timeouts") == 1
    assert result.stat("cleanarticle/errors/timeout") == 1
    assert result.stat("cleanarticle/errors/worker_crash") == 1
    assert result.stat("cleanarticle/pool/crash") == 1
    assert result.stat("cleanarticle/cleaned") == len(normal)
    assert result.stat("cleanarticle/pool/recycled") >= 3
    assert result.signals["item_error"] == []
    warnings = result.records("WARNING")
    assert sum(hang_url in w for w in warnings) == 1
    assert sum(crash_url in w for w in warnings) == 1


def test_workers_that_cannot_start_fall_back_to_inline(caplog: pytest.LogCaptureFixture) -> None:
    from scrapy_support import unpicklable_cleaners

    runner = PoolRunner(unpicklable_cleaners(), workers=2, timeout=5, max_tasks_per_worker=10)
    try:
        outcomes = [runner.run_blocking(Job("article", ARTICLE, "http://x/a")) for _ in range(3)]
    finally:
        runner.close()
    assert all(o.ok and o.value["articleBody"] for o in outcomes)
    errors = [r for r in caplog.records if "cannot start" in r.getMessage()]
    assert len(errors) == 1 and errors[0].levelname == "ERROR"


def test_the_forkserver_warm_up_imports_what_the_cleaner_imports_lazily() -> None:
    # CLD2 and readability are imported by the first page that needs them; the warm-up page
    # needs neither, and without the warm-up's own imports each worker paid for them
    code = ("import sys, scrapy_cleanarticle.scrapy._warmup; "
            "missing = [m for m in ('pycld2', 'readability') if m not in sys.modules]; "
            "sys.exit(' '.join(missing) or None)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
