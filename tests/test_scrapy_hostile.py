"""Issue 5, requirement 7: a real crawl of the hostile corpus mixed with normal articles."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import EXPECT, MARKERS, generate_corpus
from scrapy_support import CrawlResult, fixture_pages, is_article_fixture, run_crawl, serve

from scrapy_cleanarticle.scrapy.sniff import is_html

MAX_LINE = 2048
BODY_HINTS = ("<html", "<p>", "<div", "<body", "lighthouse keeper", "\x00")


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[bytes, str | None]]:
    return generate_corpus(scale="small")


def _outcome(item: dict[str, Any]) -> tuple[str, str | None]:
    metadata = item.get("metadata") or {}
    if metadata.get("error"):
        return "errors", metadata["error"]
    if not (item.get("articleBody") or "").strip():
        return "empty", metadata.get("reason") or "no_article"
    return "cleaned", None


def _mentions(record: str, url: str) -> bool:
    return re.search(re.escape(url) + r"(?![\w.-])", record) is not None


@pytest.mark.parametrize(("workers", "on_error"), [(0, "keep"), (2, "drop")])
@pytest.mark.slow
def test_hostile_corpus_crawl(tmp_path: Path, corpus: dict[str, tuple[bytes, str | None]],
                              workers: int, on_error: str) -> None:
    normal = fixture_pages("/article/")
    hostile = {f"/hostile/{name}": entry for name, entry in corpus.items()}
    with serve({**normal, **hostile}) as server:
        listing = tmp_path / "urls.txt"
        listing.write_text("\n".join(server.urls()))
        result = run_crawl(tmp_path / "crawl", args={"urls_file": str(listing)},
                           settings={"CLEANARTICLE_WORKERS": workers,
                                     "CLEANARTICLE_ON_ERROR": on_error,
                                     "DOWNLOAD_MAXSIZE": 64 * 1024 * 1024})
        normal_urls = [server.url(p) for p in normal]
        hostile_urls = {server.url(f"/hostile/{n}"): n for n in corpus}
        # a PDF, random bytes, plain text: skipped by Content-Type or sniffing (issue 15)
        not_html = {server.url(f"/hostile/{n}") for n, (body, ctype) in corpus.items()
                    if not is_html(ctype, body)}

    # the crawl finishes and nothing goes through item_error
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.signals["close"]["reason"] == "finished"
    assert result.signals["item_error"] == []

    # every normal article comes out with a body
    items = result.by_url()
    for url in normal_urls:
        if is_article_fixture(url):
            assert items[url]["articleBody"].strip(), url

    # hostile pages that hold a story give it, decoded right, from raw bytes + Content-Type
    for url, name in hostile_urls.items():
        if EXPECT[name] == "article":
            for marker in MARKERS[name]:
                assert marker in items[url]["articleBody"], (name, marker)
        if url in not_html:
            assert _outcome(items[url]) == ("empty", "not_html"), name
        elif EXPECT[name] == "error" and on_error == "keep":
            assert _outcome(items[url])[0] == "errors", name

    # items scraped + items dropped == items that entered the pipeline (at spider close)
    close = result.signals["close"]
    total = len(normal) + len(hostile)
    assert close["entered"] == total
    assert close["scraped"] + close["dropped"] == close["entered"]
    assert result.stat("item_scraped_count") + result.stat("item_dropped_count") == total

    # every page is counted once, under its reason
    errors = result.stats_under("cleanarticle/errors/")
    empty = result.stats_under("cleanarticle/empty/")
    skipped = result.stat("cleanarticle/skipped/not_html")
    assert skipped == len(not_html) > 0
    assert (result.stat("cleanarticle/cleaned") + sum(errors.values()) + sum(empty.values())
            + skipped == total)
    every = set(hostile_urls) | set(normal_urls)
    if on_error == "keep":
        seen = Counter(_outcome(items[url]) for url in every)
        for (kind, reason), count in seen.items():
            if reason == "not_html":
                assert count == skipped
            elif kind == "errors":
                assert errors[str(reason)] == count, reason
            elif kind == "empty":
                assert empty[str(reason)] == count, reason
    else:
        assert sum(result.stats_under("cleanarticle/dropped/").values()) == sum(errors.values())
        assert close["dropped"] == sum(errors.values()) > 0
    bad = {url for url in every if url not in items or _outcome(items[url])[0] != "cleaned"}
    assert bad and all(url in hostile_urls or not is_article_fixture(url) for url in bad)
    _check_warnings(result, bad - not_html, every)


def _check_warnings(result: CrawlResult, bad: set[str], all_urls: set[str]) -> None:
    """Each bad URL is named once at WARNING, in a short line without page content."""
    warnings = result.records("WARNING")
    for record in warnings:
        assert len(record.encode("utf-8")) < MAX_LINE, record[:300]
        assert "\n" not in record, record[:300]
        lowered = record.lower()
        assert not any(hint in lowered for hint in BODY_HINTS), record[:300]
    for url in all_urls:
        count = sum(_mentions(record, url) for record in warnings)
        assert count == (1 if url in bad else 0), (url, count)
