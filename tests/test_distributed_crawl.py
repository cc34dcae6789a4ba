"""Real ``scrapy crawl article`` worker processes on one shared Redis frontier.

A local site of a few hundred linked pages (a sitemap lists most of them, links reach the
rest) is crawled by two workers at once. Every page must come out cleaned exactly once across
the workers' own feeds, including when one worker is SIGKILLed mid-crawl with requests in flight
and started again. The kill comes from inside the worker's cleaning hook, at its N-th page, so
it always lands mid-crawl and never between a feed write and its acknowledgement (the one
window, under a millisecond per page, where at-least-once delivery may repeat a page).
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from distributed_support import (
    KILL_AFTER_ENV,
    duplicates,
    linked_site,
    outputs,
    redis_server,
    start_worker,
)
from scrapy_support import serve

from scrapy_cleanarticle.cli import main as cli_main

PAGES = 240
IN_SITEMAP = 200
#: Short leases so the killed worker's requests come back within the test.
LEASE = 2

pytestmark = pytest.mark.slow


def status(redis_url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert cli_main(["status", "--redis", redis_url, "--json"]) == 0
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    return report


def stats_of(log: Path) -> str:
    return log.read_text("utf-8", "replace")


def test_two_workers_crawl_every_page_exactly_once(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with redis_server() as redis_url, serve({}) as site:
        site.pages.update(linked_site(PAGES, IN_SITEMAP, site.base))
        args = {"sitemap": site.url("/sitemap.xml"), "depth": 1}
        # One domain, both workers: the shared delay also keeps the crawl (240 pages, at least
        # 6 s) longer than one worker's start-up can lag behind the other's. At 5 ms a page the
        # first worker up crawled all 240 before the second began (CI, after cleaning got faster).
        polite = {"CLEANARTICLE_REDIS_DOMAIN_DELAY": "0.025"}
        workers = [start_worker(tmp_path, name, redis_url, args, polite) for name in ("w1", "w2")]
        assert [w.wait() for w in workers] == [0, 0], [stats_of(w.log)[-3000:] for w in workers]
        per_worker = outputs(tmp_path)
        report = status(redis_url, capsys)
    expected = {site.url(f"/p/{i}") for i in range(PAGES)}
    assert set(per_worker) == {"w1", "w2"}
    assert all(per_worker.values()), {k: len(v) for k, v in per_worker.items()}  # both worked
    assert duplicates(per_worker) == {}
    assert set().union(*per_worker.values()) == expected
    items = [json.loads(line) for path in (tmp_path / "out").glob("*.jsonl")
             for line in path.read_text("utf-8").splitlines()]
    assert all(i["articleBody"].startswith("Paragraph 0 of story") for i in items)
    seeded = ["'cleanarticle/redis/seed/requests': 1" in stats_of(w.log) for w in workers]
    assert sorted(seeded) == [False, True]  # the sitemap went in once, by one worker
    assert any("'cleanarticle/redis/politeness/delayed'" in stats_of(w.log) for w in workers)
    assert (report["queued"], report["leased"], report["seed"]) == (0, 0, "done")
    assert report["seen"] == PAGES + 1  # the pages and the sitemap
    assert set(report["workers"]) == {"w1", "w2"}  # type: ignore[arg-type]


def test_a_sigkilled_worker_loses_nothing(tmp_path: Path) -> None:
    settings = {"CLEANARTICLE_REDIS_LEASE": LEASE}
    with redis_server() as redis_url, serve({}) as site:
        site.pages.update(linked_site(PAGES, IN_SITEMAP, site.base))
        args = {"sitemap": site.url("/sitemap.xml"), "depth": 1}
        doomed = start_worker(tmp_path, "w1", redis_url, args, settings,
                              env={KILL_AFTER_ENV: "10"})  # early: the other worker may take most pages
        steady = start_worker(tmp_path, "w2", redis_url, args, settings)
        assert doomed.wait() == -signal.SIGKILL
        # A new process (a new name, as a fresh pod would get): the dead one's leases come back
        # when they expire, whichever worker notices first.
        restarted = start_worker(tmp_path, "w1-again", redis_url, args, settings)
        assert steady.wait() == 0, stats_of(steady.log)[-3000:]
        assert restarted.wait() == 0, stats_of(restarted.log)[-3000:]
        per_worker = outputs(tmp_path)
    expected = {site.url(f"/p/{i}") for i in range(PAGES)}
    assert 0 < len(per_worker["w1"]) < PAGES  # killed mid-crawl, after it wrote some pages
    assert duplicates(per_worker) == {}
    assert set().union(*per_worker.values()) == expected
    logs = stats_of(steady.log) + stats_of(restarted.log)
    assert "'cleanarticle/redis/requeued'" in logs  # the dead worker's in-flight requests


def test_seed_command_then_workers_without_arguments(tmp_path: Path) -> None:
    with redis_server() as redis_url, serve({}) as site:
        site.pages.update(linked_site(PAGES, IN_SITEMAP, site.base))
        listing = tmp_path / "urls.txt"
        wanted = [site.url(f"/p/{i}") for i in range(0, PAGES, 3)]
        listing.write_text("\n".join(wanted) + "\n")
        assert cli_main(["seed", "--redis", redis_url, str(listing)]) == 0
        worker = start_worker(tmp_path, "w1", redis_url, {})  # no url/sitemap: the queue
        assert worker.wait() == 0, stats_of(worker.log)[-3000:]
        per_worker = outputs(tmp_path)
    assert sorted(per_worker["w1"]) == sorted(wanted)  # not the bundled fixtures
