"""``CleanArticlePipeline``: turn an item carrying a raw page into an item carrying an Article.

Each item leaves in exactly one state, counted once: ``cleaned``, ``empty/<reason>`` (not an
article), ``errors/<type>`` (failed to clean), ``skipped/no_html`` (nothing to clean, passed
through) or ``skipped/not_html`` (an image, a PDF...: kept or dropped like an empty page). Those
that the settings say to drop are also counted under ``dropped/<reason>``. Nothing here raises
anything but ``DropItem`` for a bad page, so no page can fire ``item_error`` or take another
item with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import Item
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object

from ..article import Article
from ..errors import ConfigError
from .pool import Job, Outcome, Runner
from .runtime import StatsRecorder, config_for, failure_level, log_line, logger, runner_for
from .sniff import is_html

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

BAD_ITEM_CLASS = "bad_item_class"
#: ``metadata.reason`` and stats key of a page whose Content-Type (or first bytes) is not HTML.
NOT_HTML = "not_html"


class CleanArticlePipeline:
    """Fills zyte-common-items ``Article`` fields from the raw page in ``CLEANARTICLE_HTML_FIELD``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.conf = config_for(crawler)
        self.stats = StatsRecorder(crawler.stats)
        self._class_problems: dict[type, str | None] = {}
        self._runner: Runner | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    # ``spider`` is optional so Scrapy 2.13, which still passes it, works; 2.14+ passes nothing.
    def open_spider(self, spider: Spider | None = None) -> None:
        for declared in self.conf.item_classes:
            item_class = load_object(declared) if isinstance(declared, str) else declared
            problem = self.class_problem(item_class, declared=True)
            if problem:
                raise ConfigError(problem)
        self._runner = runner_for(self.crawler)

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        self.stats.inc("items")
        adapter = ItemAdapter(item)
        page = adapter.get(self.conf.html_field)
        if page is None:
            self.stats.inc("skipped/no_html")
            return item
        problem = self.class_problem(type(item), declared=False)
        if problem:
            self._strip_raw(item, adapter)
            self._drop(BAD_ITEM_CLASS)
        url = _as_text(adapter.get(self.conf.url_field))
        content_type = _as_text(adapter.get(self.conf.content_type_field))
        page = _as_page(page)
        if (isinstance(page, str) and content_type is None) or is_html(content_type, page):
            job = Job("article", page, url, content_type)
            if self._runner is None:  # open_spider not called (direct use in tests)
                self._runner = runner_for(self.crawler)
            outcome = await self._runner.run(job)
        else:  # an image or a PDF: not worth a worker's time, and not a failure either
            self.stats.inc(f"skipped/{NOT_HTML}")
            outcome = _not_html(content_type)
        self.stats.events(outcome)
        article = self._article(outcome, url)
        reason = _empty_reason(article)
        if outcome.ok and reason is None:
            self.stats.inc("cleaned")
        drop = self._record(outcome, reason, url) if reason != NOT_HTML else \
            self.conf.on_empty == "drop"
        self._strip_raw(item, adapter)
        if drop:
            self._drop(reason or str(outcome.error))
        unwanted = self._unwanted_type(article) if outcome.ok and reason is None else None
        if unwanted:
            self._drop(f"page_type/{unwanted}")
        for name in self.conf.fields:
            adapter[name] = article.get(name)
        return item

    # ------------------------------------------------------------------ outcomes

    def _article(self, outcome: Outcome, url: str | None) -> dict[str, Any]:
        if outcome.ok and isinstance(outcome.value, dict):
            article: dict[str, Any] = outcome.value
            if article.get("url") is None:
                article["url"] = url
            for noise_class, count in (article.get("metadata") or {}).get("removed", {}).items():
                if isinstance(count, int):
                    self.stats.inc(f"removed/{noise_class}", count)
            return article
        error = outcome.error or "internal_error"
        metadata = {"error": error, "reason": error, "message": outcome.message}
        return Article(url=url, metadata=metadata).to_dict()

    def _record(self, outcome: Outcome, reason: str | None, url: str | None) -> bool:
        """Count and log a page that did not give an article; True if it is to be dropped."""
        if not outcome.ok:
            self.stats.inc(f"errors/{outcome.error}")
            logger.log(failure_level(outcome), "cleanarticle: failed to clean %s: %s (%s)",
                       log_line(url), outcome.error, outcome.message)
            return self.conf.on_error == "drop"
        if reason is None:
            return False
        self.stats.inc(f"empty/{reason}")
        logger.log(self.conf.empty_log_level, "cleanarticle: no article in %s: %s",
                   log_line(url), reason)
        return self.conf.on_empty == "drop"

    def _unwanted_type(self, article: dict[str, Any]) -> str | None:
        """The page's type when the crawl does not keep pages of that type (an article crawl
        meets section fronts, docs and shop pages; the cleaner gives their main text, and
        ``CLEANARTICLE_PAGE_TYPES`` says whether the crawl wants it)."""
        wanted = self.conf.page_types
        page_type = (article.get("metadata") or {}).get("pageType")
        if not wanted or not isinstance(page_type, str) or page_type in wanted:
            return None
        return page_type

    def _drop(self, reason: str) -> None:
        self.stats.inc(f"dropped/{reason}")
        raise DropItem(f"cleanarticle: {reason}", log_level=self.conf.drop_log_level)

    def _strip_raw(self, item: Any, adapter: ItemAdapter) -> None:
        """Remove the page before anything logs the item: a page in a log line is a bug."""
        if self.conf.keep_html:
            return
        for name in (self.conf.html_field, self.conf.content_type_field):
            if name not in adapter:
                continue
            if isinstance(item, (dict, Item)):
                del adapter[name]
            else:  # dataclass / attrs instances cannot lose an attribute
                adapter[name] = None

    # ------------------------------------------------------------------ item classes

    def class_problem(self, item_class: type, *, declared: bool) -> str | None:
        """Why ``item_class`` cannot receive the article, or None; checked once per class."""
        if item_class in self._class_problems:
            return self._class_problems[item_class]
        problem = self._find_problem(item_class, declared=declared)
        self._class_problems[item_class] = problem
        if problem and not declared:
            logger.error("%s", problem)
            self._close_spider()
        return problem

    def _find_problem(self, item_class: type, *, declared: bool) -> str | None:
        name = f"{item_class.__module__}.{item_class.__qualname__}"
        if not ItemAdapter.is_item_class(item_class):
            return f"cleanarticle: {name} is not an item class itemadapter supports"
        field_names = ItemAdapter.get_field_names_from_class(item_class)
        if field_names is None:  # dict-like: holds anything
            return None
        needed = list(self.conf.fields)
        if declared:
            needed += [self.conf.html_field, self.conf.url_field]
        missing = [f for f in dict.fromkeys(needed) if f not in field_names]
        if not missing:
            return None
        return (f"cleanarticle: item class {name} cannot hold the cleaned article: missing "
                f"field(s) {missing}. Declare them on the class, or list only the fields it "
                f"has in CLEANARTICLE_FIELDS.")

    def _close_spider(self) -> None:
        engine = self.crawler.engine
        if engine is None:
            return
        if hasattr(engine, "close_spider_async"):
            deferred_from_coro(engine.close_spider_async(reason="cleanarticle_" + BAD_ITEM_CLASS))
        elif self.crawler.spider is not None:  # Scrapy < 2.14
            engine.close_spider(self.crawler.spider, "cleanarticle_" + BAD_ITEM_CLASS)


def _not_html(content_type: str | None) -> Outcome:
    """The outcome of a page never sent to the cleaner: an empty Article saying why."""
    metadata = {"reason": NOT_HTML, "content_type": content_type}
    return Outcome(Article(metadata=metadata).to_dict())


def _empty_reason(article: dict[str, Any]) -> str | None:
    if (article.get("articleBody") or "").strip():
        return None
    metadata = article.get("metadata") or {}
    if metadata.get("error"):
        return None  # counted as an error, not as an empty page
    return str(metadata.get("reason") or "no_article")


def _as_text(value: Any) -> str | None:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return None if value is None else str(value)


def _as_page(value: Any) -> str | bytes:
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return str(value)


__all__ = ["CleanArticlePipeline"]
