"""CleanArticlePipeline: item types, keep/drop, failures, item-class checks."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import generate_one
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from scrapy_support import (
    ARTICLE_FIELDS,
    ArticleData,
    ArticleItem,
    TinyItem,
    fixture_pages,
    is_article_fixture,
    run_crawl,
    serve,
)

from scrapy_cleanarticle.errors import ConfigError
from scrapy_cleanarticle.scrapy.pipelines import CleanArticlePipeline
from scrapy_cleanarticle.scrapy.runtime import runner_for

TYPED_SPIDER = "scrapy_support.TypedItemSpider"
GARBAGE = bytes(range(256)) * 64  # binary, served as text/html
MARKER_RU = "реконструкции старого моста"


# Served under a path that says nothing of the page's type (``/article/`` would say "article").
NEUTRAL = "/pages/"


def make_pipeline(**settings: Any) -> CleanArticlePipeline:
    crawler = get_crawler(settings_dict=settings)
    pipeline = CleanArticlePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def process(pipeline: CleanArticlePipeline, item: Any) -> Any:
    return asyncio.run(pipeline.process_item(item))


def cp1251_page() -> bytes:
    """A cp1251 article that does not declare its charset."""
    return generate_one("cp1251_undeclared")[0]


# --------------------------------------------------------------------------- direct use


def test_fills_article_fields_and_removes_raw_page() -> None:
    pipeline = make_pipeline()
    page = fixture_pages()
    body = next(iter(page.values()))[0]
    item = process(pipeline, {"url": "http://example.test/a", "html": body,
                              "content_type": "text/html", "extra": 1})
    assert set(ARTICLE_FIELDS) <= set(item)
    assert "html" not in item and "content_type" not in item and item["extra"] == 1
    assert item["articleBody"] and item["url"] == "http://example.test/a"
    stats = pipeline.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["cleanarticle/items"] == stats["cleanarticle/cleaned"] == 1
    assert any(k.startswith("cleanarticle/removed/") for k in stats)


def test_uses_content_type_to_decode_raw_bytes() -> None:
    pipeline = make_pipeline()
    item = process(pipeline, {"url": "http://example.test/ru", "html": cp1251_page(),
                              "content_type": b"text/html; charset=windows-1251"})
    assert MARKER_RU in item["articleBody"]


def test_accepts_str_html_and_keeps_it_when_asked() -> None:
    pipeline = make_pipeline(CLEANARTICLE_KEEP_HTML=True)
    html = cp1251_page().decode("cp1251")
    item = process(pipeline, {"url": "http://example.test/ru", "html": html})
    assert item["html"] == html and MARKER_RU in item["articleBody"]


def test_only_the_configured_fields_are_written() -> None:
    pipeline = make_pipeline(CLEANARTICLE_FIELDS=["articleBody", "metadata"],
                             CLEANARTICLE_HTML_FIELD="page", CLEANARTICLE_URL_FIELD="link")
    item = process(pipeline, {"link": "http://example.test/ru", "page": cp1251_page()})
    assert set(item) == {"link", "articleBody", "metadata"}


def test_items_without_html_pass_untouched() -> None:
    pipeline = make_pipeline()
    item = {"url": "http://example.test/", "price": 3}
    assert process(pipeline, dict(item)) == item
    assert pipeline.crawler.stats.get_value("cleanarticle/skipped/no_html") == 1  # type: ignore[union-attr]


def test_failure_is_kept_with_the_error_by_default(caplog: pytest.LogCaptureFixture) -> None:
    pipeline = make_pipeline()
    with caplog.at_level(logging.WARNING):
        item = process(pipeline, {"url": "http://example.test/bin", "html": GARBAGE,
                                   "content_type": "text/html"})
    assert item["articleBody"] == "" and item["metadata"]["error"]
    assert "html" not in item
    reason = item["metadata"]["error"]
    assert pipeline.crawler.stats.get_value(f"cleanarticle/errors/{reason}") == 1  # type: ignore[union-attr]
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "http://example.test/bin" in record.getMessage() and len(record.getMessage()) < 2048


def test_failure_dropped_when_configured() -> None:
    pipeline = make_pipeline(CLEANARTICLE_ON_ERROR="drop")
    item = {"url": "http://example.test/bin", "html": GARBAGE, "content_type": "text/html"}
    with pytest.raises(DropItem) as info:
        process(pipeline, item)
    assert info.value.log_level == "DEBUG"
    assert "html" not in item  # Scrapy logs the dropped item: the page must not be in it
    stats = pipeline.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert sum(v for k, v in stats.items() if k.startswith("cleanarticle/dropped/")) == 1



def test_a_page_arriving_after_a_forced_shutdown_is_recorded_not_raised(
        caplog: pytest.LogCaptureFixture) -> None:
    """A second Ctrl-C closes the pool while the scraper still has pages: each ends as a
    ``shutdown`` error, counted, and no exception reaches Scrapy (which would log a traceback).
    The pool's one warning reports the stop; a warning per queued page would bury it."""
    pipeline = make_pipeline(CLEANARTICLE_WORKERS=1)
    runner_for(pipeline.crawler).close()  # what the reactor's shutdown trigger does
    caplog.set_level(logging.DEBUG)
    body = next(iter(fixture_pages().values()))[0]
    item = process(pipeline, {"url": "http://example.test/late", "html": body,
                              "content_type": "text/html"})
    assert item["metadata"]["error"] == "shutdown" and "html" not in item
    assert pipeline.crawler.stats.get_value("cleanarticle/errors/shutdown") == 1  # type: ignore[union-attr]
    (record,) = [r for r in caplog.records if "/late" in r.getMessage()]
    assert record.levelno == logging.DEBUG


def test_not_an_article_kept_and_flagged_or_dropped() -> None:
    empty = b"<html><body><script>var x = 1;</script><style>p{}</style></body></html>"
    kept = process(make_pipeline(), {"url": "http://example.test/e", "html": empty})
    assert kept["articleBody"] == "" and kept["metadata"]["reason"]
    pipeline = make_pipeline(CLEANARTICLE_ON_EMPTY="drop", CLEANARTICLE_DROP_LOG_LEVEL="INFO")
    with pytest.raises(DropItem) as info:
        process(pipeline, {"url": "http://example.test/e", "html": empty})
    assert info.value.log_level == "INFO"
    reason = kept["metadata"]["reason"]
    assert pipeline.crawler.stats.get_value(f"cleanarticle/empty/{reason}") == 1  # type: ignore[union-attr]
    assert pipeline.crawler.stats.get_value(f"cleanarticle/dropped/{reason}") == 1  # type: ignore[union-attr]


@pytest.mark.parametrize("item_class", [ArticleItem, ArticleData])
def test_declared_item_class_that_fits(item_class: type) -> None:
    """A declared class that can hold the fields opens, and its items come back cleaned in it."""
    pipeline = make_pipeline(CLEANARTICLE_ITEM_CLASSES=[item_class])
    out = process(pipeline, item_class(url="http://example.test/ru", html=cp1251_page()))
    assert type(out) is item_class
    adapter = ItemAdapter(out)
    assert MARKER_RU in adapter["articleBody"] and adapter.get("html") is None  # the page is gone


def test_declared_item_class_that_cannot_hold_the_fields_fails_at_open() -> None:
    with pytest.raises(ConfigError, match=r"TinyItem cannot hold .*articleBody"):
        make_pipeline(CLEANARTICLE_ITEM_CLASSES=["scrapy_support.TinyItem"])


def test_dataclass_raw_page_is_set_to_none() -> None:
    item = ArticleData(url="http://example.test/ru", html=cp1251_page())  # type: ignore[call-arg]
    out = process(make_pipeline(), item)
    assert out.html is None and MARKER_RU in out.articleBody


# --------------------------------------------------------------------------- real crawls


def test_crawl_every_item_type(tmp_path: Path) -> None:
    pages = fixture_pages(NEUTRAL)
    with serve(pages) as server:
        result = run_crawl(tmp_path, spider=TYPED_SPIDER,
                           args={"urls": ",".join(server.urls()), "item_type": "all"})
    assert result.returncode == 0, result.stderr[-2000:]
    by_class: dict[str, list[dict[str, Any]]] = {}
    for item in result.items:
        by_class.setdefault(item["_class"], []).append(item)
    assert set(by_class) == {"dict", "ArticleItem", "ArticleData", "ArticleAttrs"}
    for name, items in by_class.items():
        if name == "dict":
            items = [i for i in items if "note" not in i]
            assert all("html" not in i for i in items)
        else:
            assert all(i.get("html") is None for i in items), name
        assert len(items) == len(pages), name
        # every fixture has a main text; those that are not stories say so in pageType
        assert all(i["articleBody"] and i["headline"] for i in items), name
        assert all((i["metadata"]["pageType"] == "article") == is_article_fixture(i["url"])
                   for i in items), name
    assert result.stat("cleanarticle/items") == 5 * len(pages)
    assert result.stat("cleanarticle/cleaned") == 4 * len(pages)
    assert result.stat("cleanarticle/skipped/no_html") == len(pages)
    assert result.signals["item_error"] == []


def test_crawl_with_one_binary_page(tmp_path: Path) -> None:
    pages = {**fixture_pages(), "/garbage.html": (GARBAGE, "text/html")}
    with serve(pages) as server:
        result = run_crawl(tmp_path, args={"url": ",".join(server.urls())})
        bad = server.url("/garbage.html")
    assert result.returncode == 0
    items = result.by_url()
    assert len(items) == len(pages)
    assert items[bad]["metadata"]["error"] and not items[bad]["articleBody"]
    assert all(i["articleBody"] for url, i in items.items() if url != bad)
    assert result.stat("cleanarticle/cleaned") == len(pages) - 1
    assert sum(result.stats_under("cleanarticle/errors/").values()) == 1
    failures = [w for w in result.records("WARNING") if "failed to clean" in w]
    assert len(failures) == 1 and bad in failures[0] and len(failures[0]) < 2048
    assert result.signals["close"]["entered"] == result.signals["scraped"] == len(pages)


def test_crawl_drop_mode(tmp_path: Path) -> None:
    empty = b"<html><body><script>x()</script></body></html>"
    pages = {**fixture_pages(NEUTRAL), "/garbage": (GARBAGE, None), "/empty": (empty, "text/html")}
    with serve(pages) as server:
        result = run_crawl(tmp_path, args={"url": ",".join(server.urls())},
                           settings={"CLEANARTICLE_ON_ERROR": "drop",
                                     "CLEANARTICLE_ON_EMPTY": "drop",
                                     "CLEANARTICLE_PAGE_TYPES": ["article"]})
    kept = sum(map(is_article_fixture, fixture_pages()))
    assert len(result.items) == kept
    assert all(i["metadata"]["pageType"] == "article" for i in result.items)
    dropped = len(pages) - kept
    assert len(result.signals["item_dropped"]) == dropped
    assert sum(result.stats_under("cleanarticle/dropped/").values()) == dropped
    not_stories = len(fixture_pages()) - kept  # the listing and the login page
    assert sum(result.stats_under("cleanarticle/dropped/page_type/").values()) == not_stories
    close = result.signals["close"]
    assert close["scraped"] + close["dropped"] == close["entered"] == len(pages)
    assert not any("Dropped:" in r for r in result.records("WARNING"))


def test_crawl_with_an_item_class_that_cannot_hold_the_article(tmp_path: Path) -> None:
    pages = fixture_pages()
    with serve(pages) as server:
        result = run_crawl(tmp_path, spider=TYPED_SPIDER,
                           args={"urls": ",".join(server.urls()), "item_type": "tiny"})
    errors = [r for r in result.records("ERROR") if "TinyItem cannot hold" in r]
    assert len(errors) == 1
    assert "KeyError" not in result.log
    assert result.signals["item_error"] == []
    assert result.signals["close"]["reason"] == "cleanarticle_bad_item_class"
    assert result.stat("cleanarticle/dropped/bad_item_class") >= 1
    assert not any(i.get("_class") == "TinyItem" for i in result.items)
    assert TinyItem.fields.keys() == {"url", "html"}


def test_crawl_declared_bad_item_class_fails_before_any_page(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, spider=TYPED_SPIDER,
                       args={"urls": "http://127.0.0.1:9/never", "item_type": "tiny"},
                       settings={"CLEANARTICLE_ITEM_CLASSES": ["scrapy_support.TinyItem"]})
    assert "TinyItem cannot hold the cleaned article" in result.log + result.stderr
    assert result.items == [] and result.stat("downloader/request_count") == 0
