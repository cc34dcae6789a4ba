"""Distributed crawls: N worker processes on one shared Redis frontier (scrapy-redis).

Switched on by ``CLEANARTICLE_REDIS_URL`` through the add-on (:func:`enable`), which sets
scrapy-redis' shared dupefilter and our scheduler, queue and middlewares. We reuse scrapy-redis
where it still fits today's Scrapy (connection, dupefilter, request encoding) and replace what
does not: its scheduler passes the deprecated ``spider=`` to stats, its ``RedisSpider`` only
knows ``start_requests``, and its queue loses every request a killed worker had in flight.

Importing this package does not import redis; the submodules that talk to Redis do.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ...errors import ConfigError
from .keys import Keys

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from ..settings import RedisSettings

_PKG = "scrapy_cleanarticle.scrapy.distributed"
SCHEDULER_PATH = f"{_PKG}.scheduler.RedisScheduler"
QUEUE_PATH = f"{_PKG}.queue.ReliableQueue"
SPIDER_MIDDLEWARE_PATH = f"{_PKG}.components.DistributedSpiderMiddleware"
DELAY_MIDDLEWARE_PATH = f"{_PKG}.components.SharedDomainDelay"
FEED_STORAGE_PATH = f"{_PKG}.components.UnbufferedFileFeedStorage"
FEED_URI_PARAMS_PATH = f"{_PKG}.components.feed_uri_params"
DUPEFILTER_PATH = "scrapy_redis.dupefilter.RFPDupeFilter"
#: Outermost spider middleware: it must see the output after every other one filtered it.
SPIDER_MIDDLEWARE_ORDER = 10
#: Before the downloader's own slots (which only know this process) and after robots.txt.
DELAY_MIDDLEWARE_ORDER = 150


def enable(settings: BaseSettings, conf: RedisSettings) -> None:
    """Write the distributed-mode settings at ``addon`` priority (user settings still win)."""
    try:
        import_module("scrapy_redis.scheduler")
    except ImportError as exc:
        raise ConfigError(f"CLEANARTICLE_REDIS_URL needs scrapy-redis and redis ({exc}): "
                          "pip install 'scrapy-cleanarticle[redis]'") from exc
    keys = Keys.for_crawl(conf.crawl or "%(spider)s")
    values = {
        "REDIS_URL": conf.url,
        "SCHEDULER": SCHEDULER_PATH,
        "SCHEDULER_QUEUE_CLASS": QUEUE_PATH,
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "DUPEFILTER_CLASS": DUPEFILTER_PATH,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        # Off, the first worker to finish clears the shared dupefilter and others crawl again.
        "SCHEDULER_PERSIST": True,
        "FEED_URI_PARAMS": settings.get("FEED_URI_PARAMS") or FEED_URI_PARAMS_PATH,
    }
    for name, value in values.items():
        settings.set(name, value, priority="addon")
    _add(settings, "SPIDER_MIDDLEWARES", SPIDER_MIDDLEWARE_PATH, SPIDER_MIDDLEWARE_ORDER)
    if conf.domain_delay > 0:
        _add(settings, "DOWNLOADER_MIDDLEWARES", DELAY_MIDDLEWARE_PATH, DELAY_MIDDLEWARE_ORDER)
    # A killed worker must not take feed lines it already acknowledged with it.
    for scheme in ("", "file"):
        _add(settings, "FEED_STORAGES", scheme, FEED_STORAGE_PATH)


def _add(settings: BaseSettings, name: str, key: str, value: object) -> None:
    """Set one entry of a dict setting unless the user has it (even as ``None``)."""
    components = settings[name]
    if key not in components:
        components[key] = value


__all__ = ["Keys", "enable"]
