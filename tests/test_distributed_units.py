"""Distributed mode without crawling: the leased queue, the scheduler shim, the add-on's
settings, the politeness reservation, the CLI, and the import boundary (no redis in the core).

Redis is fakeredis' TCP server in this process; scrapy-redis talks to it like to a real one.
"""

from __future__ import annotations

import inspect
import io
import re
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import scrapy_redis
from distributed_support import redis_server
from packaging.specifiers import SpecifierSet
from packaging.version import Version
from scrapy import Request
from scrapy.core.engine import _Slot
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.http import HtmlResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler
from scrapy_support import ROOT

from scrapy_cleanarticle.cli import main as cli_main
from scrapy_cleanarticle.errors import ConfigError
from scrapy_cleanarticle.scrapy.distributed import SCHEDULER_PATH, Keys
from scrapy_cleanarticle.scrapy.distributed.components import (
    UnbufferedFileFeedStorage,
    feed_uri_params,
    reserve_slot,
)
from scrapy_cleanarticle.scrapy.distributed.keys import LEASE_META_KEY, QueueKeys
from scrapy_cleanarticle.scrapy.distributed.queue import ReliableQueue
from scrapy_cleanarticle.scrapy.distributed.scheduler import RedisScheduler
from scrapy_cleanarticle.scrapy.spiders import ArticleSpider

ADDON = {"scrapy_cleanarticle.Addon": 500}


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


@pytest.fixture
def server(redis_url: str) -> redis.Redis:
    client = redis.Redis.from_url(redis_url)
    client.flushall()
    return client


def make_queue(server: redis.Redis, worker: str = "w1", lease: float = 60.0) -> ReliableQueue:
    queue = ReliableQueue(server, ArticleSpider(), Keys.for_crawl("t").requests)
    queue.bind(worker, lease)
    return queue


def page(spider: ArticleSpider, n: int, priority: int = 0) -> Request:
    return spider.page_request(f"http://example.com/{n}").replace(priority=priority)


# --------------------------------------------------------------------------- the shim


def test_scrapy_redis_still_has_what_the_shim_builds_on() -> None:
    """Fails loudly when a new scrapy-redis moves what the subclasses rely on."""
    pin = re.search(r'^redis = \["scrapy-redis([^"]+)"', (ROOT / "pyproject.toml").read_text(),
                    re.MULTILINE)
    assert pin, "the [redis] extra pins scrapy-redis first"
    spec = SpecifierSet(pin.group(1))
    assert Version(scrapy_redis.__version__) in spec, (scrapy_redis.__version__, spec)
    params = set(inspect.signature(Scheduler.__init__).parameters)
    assert {"server", "persist", "queue_key", "queue_cls", "dupefilter_key", "dupefilter_cls",
            "idle_before_close", "serializer"} <= params
    for name in ("from_settings", "open", "close", "enqueue_request", "next_request",
                 "has_pending_requests", "flush"):
        assert callable(getattr(Scheduler, name)), name
        if name in vars(RedisScheduler):  # an override of something the parent still has
            assert name in vars(Scheduler), name
    assert list(inspect.signature(Base.__init__).parameters) == [
        "self", "server", "spider", "key", "serializer"]
    for name in ("_encode_request", "_decode_request", "push", "pop", "clear", "__len__"):
        assert callable(getattr(Base, name)), name
    for name in ("from_spider", "log", "request_fingerprint"):
        assert callable(getattr(RFPDupeFilter, name)), name
    assert list(inspect.signature(RFPDupeFilter.__init__).parameters)[:3] == [
        "self", "server", "key"]  # ReliableQueue.push_unseen reads .key
    assert "write_mode" in vars(FileFeedStorage("x.jsonl"))
    # The engine's wake-up call (scheduler._wake); without it idle workers poll every 5 s.
    assert "nextcall" in inspect.signature(_Slot.__init__).parameters


def test_scheduler_counts_stats_without_the_deprecated_spider_argument(redis_url: str) -> None:
    class StrictStats(MemoryStatsCollector):
        def inc_value(self, key: str, count: int = 1, start: int = 0, **kwargs: Any) -> None:
            assert not kwargs, f"inc_value({key!r}, {kwargs})"
            super().inc_value(key, count, start)

    scheduler, _ = open_scheduler(redis_url, STATS_CLASS=StrictStats)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ScrapyDeprecationWarning)
            assert scheduler.enqueue_request(page(scheduler.spider, 1))
            assert scheduler.next_request() is not None
        stats = scheduler.crawler.stats.get_stats()
        assert stats["scheduler/enqueued/redis"] == stats["scheduler/dequeued/redis"] == 1
    finally:
        scheduler.close("finished")


def open_scheduler(redis_url: str, **settings: Any) -> tuple[RedisScheduler, Any]:
    redis.Redis.from_url(redis_url).flushall()
    crawler = get_crawler(ArticleSpider, settings_dict={
        "ADDONS": ADDON, "CLEANARTICLE_REDIS_URL": redis_url, "CLEANARTICLE_REDIS_WORKER": "w1",
        "CLEANARTICLE_REDIS_CRAWL": "t", **settings})
    spider = ArticleSpider.from_crawler(crawler)
    crawler.spider = spider
    crawler.stats.open_spider()
    scheduler = RedisScheduler.from_crawler(crawler)
    scheduler.open(spider)
    return scheduler, crawler


# --------------------------------------------------------------------------- leases


def test_a_popped_request_is_leased_until_acknowledged(server: redis.Redis) -> None:
    queue, spider = make_queue(server), ArticleSpider()
    for n in range(3):
        queue.push(page(spider, n))
    first = queue.pop()
    assert first is not None and first.url.endswith("/0")
    entry = first.meta[LEASE_META_KEY]
    keys = QueueKeys.for_queue(queue.key)
    assert (len(queue), queue.in_flight()) == (2, 1)
    assert server.hget(keys.owners, entry) == b"w1"
    assert server.hexists(keys.data, entry)
    queue.ack([entry])
    assert (len(queue), queue.in_flight()) == (2, 0)
    assert not server.hexists(keys.data, entry)


def test_priority_first_then_oldest_first(server: redis.Redis) -> None:
    queue, spider = make_queue(server), ArticleSpider()
    for n, priority in ((0, 0), (1, 5), (2, 0), (3, 5)):
        queue.push(page(spider, n, priority))
    order = [r.url.rsplit("/", 1)[1] for r in iter(queue.pop, None)]
    assert order == ["1", "3", "0", "2"]


def test_expired_leases_go_back_first(server: redis.Redis) -> None:
    dead = make_queue(server, "dead", lease=-1)  # every lease it takes is already expired
    live = make_queue(server, "live")
    spider = ArticleSpider()
    for n in range(3):
        dead.push(page(spider, n))
    lost = dead.pop()
    assert lost is not None and live.in_flight() == 1
    assert live.requeue_expired() == 1
    again = live.pop()
    assert again is not None and again.url == lost.url  # re-queued ahead of older entries


def test_a_restarted_worker_takes_back_its_own_leases_at_once(server: redis.Redis) -> None:
    before, other = make_queue(server, "w1"), make_queue(server, "w2")
    spider = ArticleSpider()
    for n in range(4):
        before.push(page(spider, n))
    before.pop(), before.pop(), other.pop()
    restarted = make_queue(server, "w1")
    assert restarted.requeue_expired() == 0  # nothing expired yet
    assert restarted.requeue_expired(own=True) == 2  # but w1's leases cannot be alive
    assert (len(restarted), restarted.in_flight()) == (3, 1)


def test_release_gives_back_only_leases_still_held(server: redis.Redis) -> None:
    queue, spider = make_queue(server), ArticleSpider()
    for n in range(3):
        queue.push(page(spider, n))
    entries = [r.meta[LEASE_META_KEY] for r in (queue.pop(), queue.pop()) if r is not None]
    queue.ack(entries[:1])
    assert queue.release(entries) == 1
    assert (len(queue), queue.in_flight()) == (2, 0)


def test_push_unseen_queues_each_request_once(server: redis.Redis) -> None:
    queue, spider = make_queue(server), ArticleSpider()
    dupefilter = RFPDupeFilter(server, Keys.for_crawl("t").dupefilter)
    assert queue.push_unseen(page(spider, 1), dupefilter)
    assert not queue.push_unseen(page(spider, 1), dupefilter)
    assert queue.push_unseen(page(spider, 1).replace(dont_filter=True), dupefilter)
    assert len(queue) == 2 and server.scard(dupefilter.key) == 1


def test_a_request_marked_seen_meanwhile_is_taken_back(server: redis.Redis) -> None:
    """Another worker marks the request seen between our push and our mark: ours goes."""
    queue, spider = make_queue(server), ArticleSpider()
    dupefilter = RFPDupeFilter(server, Keys.for_crawl("t").dupefilter)
    request = page(spider, 1)
    real_push = queue.push

    def push_then_race(req: Request) -> str:
        entry = real_push(req)
        server.sadd(dupefilter.key, dupefilter.request_fingerprint(req))
        return entry

    queue.push = push_then_race  # type: ignore[method-assign]
    assert not queue.push_unseen(request, dupefilter)
    assert len(queue) == 0 and not server.hlen(QueueKeys.for_queue(queue.key).data)


def test_undecodable_entry_is_dropped_not_fatal(server: redis.Redis) -> None:
    queue, spider = make_queue(server), ArticleSpider()
    queue.push(page(spider, 1))
    keys = QueueKeys.for_queue(queue.key)
    (entry,) = server.hkeys(keys.data)
    server.hset(keys.data, entry, b"not a pickle")
    queue.push(page(spider, 2))
    request = queue.pop()
    assert request is not None and request.url.endswith("/2")
    assert queue.undecodable == 1 and queue.in_flight() == 1


# --------------------------------------------------------------------------- scheduler


def response_for(request: Request) -> HtmlResponse:
    return HtmlResponse(request.url, body=b"<html></html>", request=request)


def test_lease_is_acknowledged_when_items_and_children_are_done(redis_url: str) -> None:
    scheduler, _ = open_scheduler(redis_url)
    try:
        spider, tracker, queue = scheduler.spider, scheduler.tracker, scheduler.queue
        scheduler.enqueue_request(page(spider, 1))
        request = scheduler.next_request()
        assert request is not None
        entry = request.meta[LEASE_META_KEY]
        child = page(spider, 2)
        tracker.started(entry)  # one item
        tracker.started(entry, child)  # one new request
        tracker.output_done(entry)
        assert queue.in_flight() == 1  # item still in the pipeline, child not in Redis
        scheduler._item_done(response=response_for(request))
        assert queue.in_flight() == 1
        scheduler.enqueue_request(child)
        assert queue.in_flight() == 0 and len(queue) == 1
        assert scheduler.crawler.stats.get_value("cleanarticle/redis/acked") == 1
    finally:
        scheduler.close("finished")


def test_a_redirect_replaces_its_lease_with_a_queued_request(redis_url: str) -> None:
    scheduler, _ = open_scheduler(redis_url)
    try:
        scheduler.enqueue_request(page(scheduler.spider, 1))
        request = scheduler.next_request()
        assert request is not None
        redirected = request.replace(url="http://example.com/moved")
        assert LEASE_META_KEY in redirected.meta
        assert scheduler.enqueue_request(redirected)
        assert (len(scheduler.queue), scheduler.queue.in_flight()) == (1, 0)
        moved = scheduler.next_request()
        assert moved is not None and moved.url.endswith("/moved")
    finally:
        scheduler.close("finished")


def test_idle_worker_waits_for_other_workers_leases(redis_url: str) -> None:
    scheduler, _ = open_scheduler(redis_url)
    try:
        other = make_queue(redis.Redis.from_url(redis_url), "w2")
        other.key = scheduler.queue.key
        other.keys = scheduler.queue.keys
        other.push(page(scheduler.spider, 1))
        other_request = other.pop()
        assert other_request is not None
        with pytest.raises(DontCloseSpider):
            scheduler._idle()
        other.ack([other_request.meta[LEASE_META_KEY]])
        scheduler._idle()  # nothing queued, nothing leased anywhere: the worker may close
    finally:
        scheduler.close("finished")


def test_close_gives_unfinished_leases_back(redis_url: str) -> None:
    scheduler, _ = open_scheduler(redis_url)
    scheduler.enqueue_request(page(scheduler.spider, 1))
    assert scheduler.next_request() is not None
    scheduler.close("shutdown")
    assert (len(scheduler.queue), scheduler.queue.in_flight()) == (1, 0)


def test_persist_must_stay_on(redis_url: str) -> None:
    with pytest.raises(ConfigError, match="SCHEDULER_PERSIST"):
        open_scheduler(redis_url, SCHEDULER_PERSIST=False)


# --------------------------------------------------------------------------- add-on, feeds


def test_without_a_redis_url_nothing_changes() -> None:
    plain = get_crawler(settings_dict={"ADDONS": ADDON}).settings
    bare = get_crawler(settings_dict={}).settings
    for name in ("SCHEDULER", "DUPEFILTER_CLASS", "FEED_URI_PARAMS", "SCHEDULER_PERSIST"):
        assert plain.get(name) == bare.get(name), name
    assert dict(plain.getwithbase("SPIDER_MIDDLEWARES")) == dict(
        bare.getwithbase("SPIDER_MIDDLEWARES"))
    assert dict(plain["FEED_STORAGES"]) == dict(bare["FEED_STORAGES"])


def test_redis_url_turns_on_the_shared_frontier() -> None:
    settings = get_crawler(settings_dict={
        "ADDONS": ADDON, "CLEANARTICLE_REDIS_URL": "redis://127.0.0.1:1/0",
        "CLEANARTICLE_REDIS_CRAWL": "news-0512", "CLEANARTICLE_REDIS_DOMAIN_DELAY": "0.5"}
    ).settings
    assert settings["SCHEDULER"] == SCHEDULER_PATH
    assert settings.getbool("SCHEDULER_PERSIST") is True
    assert settings["SCHEDULER_QUEUE_KEY"] == "cleanarticle:news-0512:requests"
    assert settings["SCHEDULER_DUPEFILTER_KEY"] == "cleanarticle:news-0512:dupefilter"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert any("DistributedSpiderMiddleware" in k for k in settings["SPIDER_MIDDLEWARES"])
    assert any("SharedDomainDelay" in k for k in settings["DOWNLOADER_MIDDLEWARES"])
    assert "Unbuffered" in settings["FEED_STORAGES"]["file"]
    default_crawl = get_crawler(settings_dict={"ADDONS": ADDON,
                                               "CLEANARTICLE_REDIS_URL": "redis://h/0"}).settings
    assert default_crawl["SCHEDULER_QUEUE_KEY"] == "cleanarticle:%(spider)s:requests"


def test_user_settings_still_win_in_distributed_mode() -> None:
    settings = get_crawler(settings_dict={
        "ADDONS": ADDON, "CLEANARTICLE_REDIS_URL": "redis://h/0",
        "FEED_STORAGES": {"file": "my.Storage"}, "FEED_URI_PARAMS": "my.params"}).settings
    assert settings["FEED_STORAGES"]["file"] == "my.Storage"
    assert settings["FEED_URI_PARAMS"] == "my.params"


@pytest.mark.parametrize(("name", "value"), [
    ("CLEANARTICLE_REDIS_URL", "http://localhost:6379"),
    ("CLEANARTICLE_REDIS_CRAWL", "two words"),
    ("CLEANARTICLE_REDIS_WORKER", "w%(x)s"),
    ("CLEANARTICLE_REDIS_LEASE", 0),
    ("CLEANARTICLE_REDIS_DOMAIN_DELAY", -1),
])
def test_bad_redis_settings_name_the_setting(name: str, value: Any) -> None:
    base = {"CLEANARTICLE_REDIS_URL": "redis://h/0"}
    with pytest.raises(ConfigError, match=name):
        get_crawler(settings_dict={"ADDONS": ADDON, **base, name: value})


def test_each_worker_writes_its_own_unbuffered_feed(tmp_path: Path) -> None:
    crawler = get_crawler(ArticleSpider, settings_dict={
        "ADDONS": ADDON, "CLEANARTICLE_REDIS_URL": "redis://h/0",
        "CLEANARTICLE_REDIS_WORKER": "pod-3"})
    spider = ArticleSpider.from_crawler(crawler)
    assert feed_uri_params({"name": "article"}, spider) == {"name": "article", "worker": "pod-3"}
    storage = UnbufferedFileFeedStorage(str(tmp_path / "out" / "pod-3.jsonl"))
    handle = storage.open(spider)
    try:
        assert isinstance(handle, io.FileIO)  # no Python buffer to lose on SIGKILL
        handle.write(b'{"url": "x"}\n')
        assert (tmp_path / "out" / "pod-3.jsonl").read_bytes() == b'{"url": "x"}\n'
    finally:
        handle.close()


# --------------------------------------------------------------------------- politeness


def test_domain_slots_are_spaced_across_callers(server: redis.Redis) -> None:
    key = Keys.for_crawl("t").delay("example.com")
    waits = [reserve_slot(server, key, 10.0) for _ in range(3)]  # as if from 3 workers
    assert waits[0] == pytest.approx(0, abs=1)
    assert waits[1] == pytest.approx(10, abs=1) and waits[2] == pytest.approx(20, abs=1)
    other = reserve_slot(server, Keys.for_crawl("t").delay("example.org"), 10.0)
    assert other == pytest.approx(0, abs=1)


# --------------------------------------------------------------------------- CLI


def test_seed_and_status_commands(redis_url: str, server: redis.Redis, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("# two pages\nhttp://example.com/a\n\nhttp://example.com/b\n")
    assert cli_main(["seed", "--redis", redis_url, "--crawl", "c1", str(listing)]) == 0
    assert "queued 2 URL(s), 0 already seen" in capsys.readouterr().out
    assert cli_main(["seed", "--redis", redis_url, "--crawl", "c1", str(listing)]) == 0
    assert "queued 0 URL(s), 2 already seen" in capsys.readouterr().out
    keys = Keys.for_crawl("c1")
    queue = ReliableQueue(server, ArticleSpider(), keys.requests)
    request = queue.pop()
    assert request is not None and request.callback.__name__ == "parse_page"
    assert cli_main(["status", "--redis", redis_url, "--crawl", "c1"]) == 0
    text = capsys.readouterr().out
    for line in ("queued   1", "leased   1", "seen     2", "seed     done", "workers  0"):
        assert line in text, text
    assert cli_main(["status", "--redis", "redis://127.0.0.1:1/0"]) == 1
    assert "ConnectionError" in capsys.readouterr().err


# --------------------------------------------------------------------------- import boundary


def test_standalone_cleaner_and_cli_never_import_redis() -> None:
    code = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("redis", "scrapy_redis", "fakeredis"):
                    raise ImportError(name + " is not installed")
                return None
        sys.meta_path.insert(0, Block())
        import scrapy_cleanarticle as s
        import scrapy_cleanarticle.cli
        import scrapy_cleanarticle.scrapy.distributed
        art = s.clean_article("<html><body><article>" + "<p>A real sentence of a story, long "
                              "enough to be prose, with commas, and more.</p>" * 6
                              + "</article></body></html>")
        assert "real sentence" in art.articleBody
        assert not [m for m in sys.modules if "redis" in m], sys.modules
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_distributed_mode_without_the_extra_says_what_to_install() -> None:
    code = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("redis", "scrapy_redis"):
                    raise ImportError(name)
                return None
        sys.meta_path.insert(0, Block())
        from scrapy.utils.test import get_crawler
        try:
            get_crawler(settings_dict={"ADDONS": {"scrapy_cleanarticle.Addon": 500},
                                       "CLEANARTICLE_REDIS_URL": "redis://h/0"})
        except Exception as exc:
            print(type(exc).__name__, exc)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, cwd=ROOT)
    assert "ConfigError" in out.stdout and "scrapy-cleanarticle[redis]" in out.stdout, out
