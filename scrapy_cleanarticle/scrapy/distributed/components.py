"""The pieces of distributed mode that sit around the scheduler.

- :class:`DistributedSpiderMiddleware` seeds the spider's start requests exactly once per crawl
  (whichever worker starts first; the others wait and then share the queue), and tells the
  scheduler's lease tracker what each response produced, so a lease is acknowledged only when
  its work is durable.
- :class:`SharedDomainDelay` spaces requests to one domain across *all* workers: Scrapy's
  ``DOWNLOAD_DELAY`` and per-domain concurrency only hold within one process, so N workers
  would otherwise hit a site N times as hard.
- :class:`UnbufferedFileFeedStorage` writes each feed line straight to the file: a lease is
  acknowledged right after the item is exported, and a buffered line would die with a killed
  worker although Redis already counts it as done.
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from itemadapter import is_item
from redis.exceptions import WatchError
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy_redis.connection import get_redis_from_settings
from twisted.internet import reactor
from twisted.internet.task import deferLater

from ..runtime import StatsRecorder, config_for
from .keys import LEASE_META_KEY, Keys
from .queue import server_time
from .scheduler import POLL_INTERVAL, STATS, lease_of, tracker_for

if TYPE_CHECKING:
    from redis import Redis
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self

    from ..settings import RedisSettings

SEED_DONE = b"done"


async def sleep(seconds: float) -> None:
    """Wait without blocking the reactor, whichever reactor it is."""
    await maybe_deferred_to_future(deferLater(reactor, seconds))


def _redis_conf(crawler: Crawler) -> RedisSettings:
    conf = config_for(crawler).redis
    if conf is None:
        raise NotConfigured("CLEANARTICLE_REDIS_URL is not set")
    return conf


def crawl_keys(crawler: Crawler, conf: RedisSettings) -> Keys:
    if conf.crawl:
        return Keys.for_crawl(conf.crawl)
    if crawler.spider is None:
        raise RuntimeError("the crawl's Redis keys are named after the spider, which is not open")
    return Keys.for_crawl(crawler.spider.name)


class DistributedSpiderMiddleware:
    """Seeds once across workers; reports each response's outputs to the lease tracker."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.conf = _redis_conf(crawler)
        self.server: Redis = get_redis_from_settings(crawler.settings)
        self.stats = StatsRecorder(crawler.stats, STATS)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """Pass the start requests through only in the worker that wins the seed claim.

        The claim expires unless the seeding worker keeps it fresh, so a worker killed while
        seeding is replaced by the next one; the shared dupefilter drops what the first one
        already queued, so a repeated seed adds nothing twice.
        """
        key = crawl_keys(self.crawler, self.conf).seed
        if not await self._claim(key):
            self.stats.inc("seed/skipped")
            return
        ttl = max(1, math.ceil(self.conf.lease))
        refreshed = time.monotonic()
        async for item_or_request in start:
            yield item_or_request
            self.stats.inc("seed/requests")
            if time.monotonic() - refreshed > ttl / 3:
                self.server.set(key, self._claim_value(), xx=True, ex=ttl)
                refreshed = time.monotonic()
        self.server.set(key, SEED_DONE)

    def _claim_value(self) -> str:
        return f"seeding:{self.conf.worker}"

    async def _claim(self, key: str) -> bool:
        ttl = max(1, math.ceil(self.conf.lease))
        while True:
            if self.server.set(key, self._claim_value(), nx=True, ex=ttl):
                return True
            state = self.server.get(key)
            if state == SEED_DONE:
                return False
            if state is not None:  # another worker is seeding: wait for it, or for its claim
                await sleep(POLL_INTERVAL)  # to expire if it died

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any],
                                    spider: Spider | None = None) -> AsyncIterator[Any]:
        tracker = tracker_for(self.crawler)
        entry = lease_of(response)
        if tracker is None or entry is None:
            async for output in result:
                yield output
            return
        try:
            async for output in result:
                if isinstance(output, Request):
                    output.meta.pop(LEASE_META_KEY, None)  # a child never inherits a lease
                    tracker.started(entry, output)
                elif is_item(output):
                    tracker.started(entry)
                yield output
        finally:
            tracker.output_done(entry)


def reserve_slot(server: Redis, key: str, delay: float) -> float:
    """Book the next free moment for one domain; returns how long to wait for it."""
    with server.pipeline() as pipe:
        while True:
            try:
                pipe.watch(key)  # type: ignore[no-untyped-call]
                now = server_time(pipe)
                raw = pipe.get(key)
                start = max(now, float(raw) if raw else 0.0)
                pipe.multi()
                pipe.set(key, repr(start + delay), px=math.ceil((start - now + delay) * 1000) + 1)
                pipe.execute()
            except WatchError:
                continue
            return start - now


class SharedDomainDelay:
    """``CLEANARTICLE_REDIS_DOMAIN_DELAY`` seconds between requests to a domain, all workers
    together (the download slot is the host, or ``meta["download_slot"]``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.conf = _redis_conf(crawler)
        if self.conf.domain_delay <= 0:
            raise NotConfigured("CLEANARTICLE_REDIS_DOMAIN_DELAY is 0")
        self.server: Redis = get_redis_from_settings(crawler.settings)
        self.stats = StatsRecorder(crawler.stats, STATS)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        slot = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        key = crawl_keys(self.crawler, self.conf).delay(str(slot))
        wait = reserve_slot(self.server, key, self.conf.domain_delay)
        if wait > 0:
            self.stats.inc("politeness/delayed")
            await sleep(wait)


class UnbufferedFileFeedStorage(FileFeedStorage):  # type: ignore[misc]
    """``FileFeedStorage`` whose every write reaches the OS at once (see the module docs)."""

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)


def feed_uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """``FEED_URI_PARAMS``: adds ``%(worker)s`` so each worker writes its own feed."""
    conf = config_for(spider.crawler).redis
    return {**params, "worker": conf.worker if conf is not None else "local"}


__all__ = ["DistributedSpiderMiddleware", "SharedDomainDelay", "UnbufferedFileFeedStorage",
           "feed_uri_params", "reserve_slot", "sleep"]
