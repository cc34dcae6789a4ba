"""Per-crawler state shared by the pipeline and the middleware: one runner, one stats helper.

The pipeline and the middleware may both be enabled; they must share one worker pool rather
than start two, and the pool must be shut down when the spider closes even if only the
middleware used it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.utils.reactor import is_reactor_installed

from ..errors import ConfigError
from .pool import SHUTDOWN, Cleaners, Outcome, Runner, make_runner, short_message
from .settings import CleanArticleSettings

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger("scrapy_cleanarticle")

STATS_PREFIX = "cleanarticle"
MAX_URL_CHARS = 500

_RUNNERS: WeakKeyDictionary[Crawler, Runner] = WeakKeyDictionary()
_CONFIGS: WeakKeyDictionary[Crawler, CleanArticleSettings] = WeakKeyDictionary()


class FatalConfigError(ConfigError, SystemExit):
    """A setting or spider argument that makes the crawl pointless: one line, exit status 1.

    Scrapy starts a crawl in an asyncio task, and an ordinary exception raised there ends as
    an "exception was never retrieved" traceback that buries the message. ``SystemExit`` is the
    one exception a task re-raises out of the event loop, so ``scrapy crawl`` stops at once and
    Python prints ``code`` alone. It is still a :class:`ConfigError` (a ``ValueError``) for code
    that catches those, such as a script running its own ``CrawlerProcess``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.code = f"cleanarticle: {message}"


def config_for(crawler: Crawler) -> CleanArticleSettings:
    """Build (once per crawler) the checked configuration; raises NotConfigured when off."""
    conf = _CONFIGS.get(crawler)
    if conf is None:
        conf = checked_settings(crawler.settings)
        _CONFIGS[crawler] = conf
    return conf


def checked_settings(settings: BaseSettings) -> CleanArticleSettings:
    """``CleanArticleSettings.from_settings`` whose errors stop ``scrapy crawl`` in one line."""
    try:
        return CleanArticleSettings.from_settings(settings)
    except FatalConfigError:
        raise
    except ConfigError as exc:
        raise FatalConfigError(str(exc)) from None


def runner_for(crawler: Crawler) -> Runner:
    runner = _RUNNERS.get(crawler)
    if runner is None:
        conf = config_for(crawler)
        cleaners = Cleaners(conf.clean_function, conf.clean_html_function, conf.cleaner)
        runner = make_runner(cleaners, workers=conf.workers, timeout=conf.timeout,
                             max_tasks_per_worker=conf.max_tasks_per_worker)
        _RUNNERS[crawler] = runner
        runner.prestart()

        def _close() -> None:
            closing = _RUNNERS.pop(crawler, None)
            if closing is not None:
                closing.close()

        crawler.signals.connect(_close, signal=signals.engine_stopped, weak=False)
        # A forced stop (second Ctrl-C) stops the reactor without engine_stopped. Importing
        # the reactor would install one: only hook into a reactor that is already there.
        if is_reactor_installed():
            from twisted.internet import reactor

            reactor.addSystemEventTrigger("before", "shutdown", _close)  # type: ignore[arg-type]
    return runner


class StatsRecorder:
    """Writes ``cleanarticle/...`` keys; every counter the README lists goes through here."""

    def __init__(self, stats: StatsCollector | None, prefix: str = STATS_PREFIX) -> None:
        self.stats = stats
        self.prefix = prefix

    def inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None and count:
            self.stats.inc_value(f"{self.prefix}/{key}", count)

    def events(self, outcome: Outcome) -> None:
        """Pool housekeeping is counted under the global prefix, whoever ran the job."""
        if self.stats is None:
            return
        for event in outcome.events:
            key = "timeouts" if event == "timeout" else f"pool/{event}"
            self.stats.inc_value(f"{STATS_PREFIX}/{key}")


def failure_level(outcome: Outcome) -> int:
    """WARNING for a page that failed; DEBUG for one lost to a forced stop: the pool's one
    "still being cleaned" warning reports that stop, and hundreds of queued pages would bury it."""
    return logging.DEBUG if outcome.error == SHUTDOWN else logging.WARNING


def log_line(url: str | None) -> str:
    """A URL as it may appear in a log line: bounded and on one line."""
    return short_message(url or "<no url>", MAX_URL_CHARS)


__all__ = ["STATS_PREFIX", "FatalConfigError", "StatsRecorder", "checked_settings", "config_for",
           "failure_level", "log_line", "logger", "runner_for"]
