"""``RedisScheduler``: scrapy-redis' scheduler on today's Scrapy, with acknowledged leases.

The subclass keeps scrapy-redis' construction (connection, dupefilter, queue keys) and changes
what lags current Scrapy or loses work:

- stats are counted without the deprecated ``spider=`` argument;
- a popped request is *leased* (:class:`~.queue.ReliableQueue`) and acknowledged only when the
  response is fully handled: the callback's output is consumed, its new requests are in Redis,
  and its items have left the item pipeline (so the feed already has them);
- a request that a downloader middleware replaces (redirect, retry) is acknowledged once the
  replacement is in Redis;
- an idle worker only closes when the shared queue and every worker's leases are empty, and
  polls Redis twice a second meanwhile instead of waiting for Scrapy's 5-second heartbeat.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from ...errors import ConfigError
from ..runtime import StatsRecorder, config_for
from .keys import LEASE_META_KEY, Keys
from .queue import ReliableQueue, server_time

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

    from ..settings import RedisSettings

logger = logging.getLogger(__name__)

#: How often an idle worker looks for new shared work (Scrapy's own heartbeat is 5 s).
POLL_INTERVAL = 0.5
STATS = "cleanarticle/redis"
_TRACKERS: WeakKeyDictionary[Crawler, LeaseTracker] = WeakKeyDictionary()


@dataclass
class _Lease:
    pending: int = 0  # items in the pipeline and child requests not yet in Redis
    output_done: bool = False


class LeaseTracker:
    """This worker's leases and what each still waits for before it is acknowledged."""

    def __init__(self, queue: ReliableQueue, stats: StatsRecorder) -> None:
        self.queue = queue
        self.stats = stats
        self.leases: dict[str, _Lease] = {}
        self.children: WeakKeyDictionary[Request, str] = WeakKeyDictionary()

    def leased(self, entry: str) -> None:
        self.leases[entry] = _Lease()
        self.stats.inc("leased")

    def started(self, entry: str, child: Request | None = None) -> None:
        """An output of ``entry``'s response (an item, or ``child``) is on its way."""
        lease = self.leases.get(entry)
        if lease is not None:
            lease.pending += 1
            if child is not None:
                self.children[child] = entry

    def finished(self, entry: str) -> None:
        lease = self.leases.get(entry)
        if lease is not None and lease.pending > 0:
            lease.pending -= 1
            self._maybe_ack(entry, lease)

    def child_scheduled(self, child: Request) -> None:
        entry = self.children.pop(child, None)
        if entry is not None:
            self.finished(entry)

    def output_done(self, entry: str) -> None:
        lease = self.leases.get(entry)
        if lease is not None:
            lease.output_done = True
            self._maybe_ack(entry, lease)

    def _maybe_ack(self, entry: str, lease: _Lease) -> None:
        if lease.output_done and lease.pending == 0:
            self.ack(entry)

    def ack(self, entry: str) -> None:
        if self.leases.pop(entry, None) is not None:
            self.queue.ack([entry])
            self.stats.inc("acked")

    def ack_all(self) -> None:
        """Called when the engine is idle: every response this worker had is handled."""
        entries = list(self.leases)
        self.leases.clear()
        self.queue.ack(entries)
        self.stats.inc("acked", len(entries))


def tracker_for(crawler: Crawler) -> LeaseTracker | None:
    return _TRACKERS.get(crawler)


def lease_of(response: Any) -> str | None:
    """The queue entry behind a response (``None`` for failures and unleased requests)."""
    if isinstance(response, Response):
        entry = response.meta.get(LEASE_META_KEY)
        return entry if isinstance(entry, str) else None
    return None


class RedisScheduler(Scheduler):  # type: ignore[misc]
    """``SCHEDULER`` in distributed mode; see the module docstring."""

    crawler: Crawler
    conf: RedisSettings
    recorder: StatsRecorder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisScheduler:
        conf = config_for(crawler).redis
        if conf is None:
            raise ConfigError("RedisScheduler needs CLEANARTICLE_REDIS_URL")
        if not crawler.settings.getbool("SCHEDULER_PERSIST"):
            raise ConfigError("SCHEDULER_PERSIST must stay on in distributed mode: the first "
                              "worker to finish would clear the shared dupefilter")
        instance: RedisScheduler = cls.from_settings(crawler.settings)
        instance.crawler, instance.conf = crawler, conf
        instance.stats = crawler.stats
        instance.recorder = StatsRecorder(crawler.stats, STATS)
        instance._loop = LoopingCall(instance._tick)
        instance._ticks = 0
        instance._waiting = False
        for handler, signal in ((instance._item_done, signals.item_scraped),
                                (instance._item_done, signals.item_dropped),
                                (instance._item_done, signals.item_error),
                                (instance._idle, signals.spider_idle)):
            crawler.signals.connect(handler, signal=signal)
        return instance

    # ------------------------------------------------------------------ scrapy-redis API

    def open(self, spider: Spider) -> None:
        super().open(spider)
        if not isinstance(self.queue, ReliableQueue):
            raise ConfigError(f"SCHEDULER_QUEUE_CLASS must be ReliableQueue in distributed "
                              f"mode, not {type(self.queue).__name__}")
        self.queue.bind(self.conf.worker, self.conf.lease)
        self.keys = Keys.for_crawl(self.conf.crawl or spider.name)
        self.tracker = LeaseTracker(self.queue, self.recorder)
        _TRACKERS[self.crawler] = self.tracker
        self.recorder.inc("requeued", self.queue.requeue_expired(own=True))
        self._heartbeat("running")
        self._loop.start(POLL_INTERVAL, now=False)
        logger.info("cleanarticle: worker %s on %s (%d queued, %d leased)", self.conf.worker,
                    self.keys.prefix, len(self.queue), self.queue.in_flight())

    def close(self, reason: str) -> None:
        """Give unfinished leases back at once; never flush (the crawl is shared)."""
        if self._loop.running:
            self._loop.stop()
        self.recorder.inc("released", self.queue.release(self.tracker.leases))
        self.tracker.leases.clear()
        self._heartbeat(f"closed:{reason}")

    def enqueue_request(self, request: Request) -> bool:
        # A redirect or retry copies the meta of the leased request it replaces.
        replaced = request.meta.pop(LEASE_META_KEY, None)
        queued: bool = self.queue.push_unseen(request, self.df)
        if queued:
            self._count("scheduler/enqueued/redis")
        else:
            self.df.log(request, self.spider)
        # Only now is the request durable (or known to be a duplicate): release what waited.
        if isinstance(replaced, str):
            self.tracker.ack(replaced)
        self.tracker.child_scheduled(request)
        return queued

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop()
        if request is not None:
            self._count("scheduler/dequeued/redis")
            self.tracker.leased(request.meta[LEASE_META_KEY])
            self._waiting = False
        return request

    def _count(self, key: str) -> None:
        # scrapy-redis passes spider= here, which Scrapy deprecates.
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def has_pending_requests(self) -> bool:
        return len(self.queue) > 0

    # ------------------------------------------------------------------ signals and timer

    def _item_done(self, response: Any = None, **kwargs: Any) -> None:
        # Connected after the feed exporter (extensions exist before the scheduler), so the
        # item is in the feed file when its lease is acknowledged.
        entry = lease_of(response)
        if entry is not None:
            self.tracker.finished(entry)

    def _idle(self) -> None:
        self.tracker.ack_all()
        self.recorder.inc("requeued", self.queue.requeue_expired())
        if len(self.queue) or self.queue.in_flight():
            self._waiting = True
            raise DontCloseSpider("other workers still hold shared work")

    def _tick(self) -> None:
        self._ticks += 1
        if self._waiting and len(self.queue):
            self._waiting = False
            _wake(self.crawler)
        if self._ticks % max(1, int(self.conf.lease / 3 / POLL_INTERVAL)) == 0:
            self.queue.renew(self.tracker.leases)
            self.recorder.inc("requeued", self.queue.requeue_expired())
            self._heartbeat("running")

    def _heartbeat(self, state: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        record = {"state": state, "seen": server_time(self.server), "host": socket.gethostname(),
                  "pid": os.getpid(), "leased": len(self.tracker.leases),
                  "acked": stats.get(f"{STATS}/acked", 0),
                  "items": stats.get("item_scraped_count", 0)}
        self.server.hset(self.keys.workers, self.conf.worker, json.dumps(record))


def _wake(crawler: Crawler) -> None:
    """Ask the engine for requests now. Scrapy has no public call for this; without it the
    engine looks again at its next heartbeat (5 s), so losing it only costs time."""
    nextcall = getattr(getattr(crawler.engine, "_slot", None), "nextcall", None)
    if nextcall is not None:
        nextcall.schedule()


__all__ = ["POLL_INTERVAL", "LeaseTracker", "RedisScheduler", "lease_of", "tracker_for"]
