"""CleanHtmlMiddleware: what an existing spider's selectors see."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.test import get_crawler
from scrapy_support import FIXTURES, run_crawl, serve

from scrapy_cleanarticle.scrapy.middlewares import SKIP_META_KEY, CleanHtmlMiddleware
from scrapy_cleanarticle.scrapy.runtime import runner_for

SELECTOR_SPIDER = "scrapy_support.SelectorSpider"
NOISY = (FIXTURES / "inquirer-kursk.html").read_bytes()
STORY = "North Korea confirmed for the first time it had deployed troops to Russia"
NOISE = ("Subscribe to our daily newsletter", "We use cookies")
RUSSIAN = "Городской совет утвердил план реконструкции старого моста через реку."
RU_PAGE = (f"<html><head><title>Мост</title></head><body><p>{RUSSIAN}</p>"
           f"<div class='newsletter'>Subscribe to our daily newsletter</div></body></html>")
GARBAGE = bytes(range(256)) * 64


def middleware(**settings: Any) -> CleanHtmlMiddleware:
    return CleanHtmlMiddleware.from_crawler(get_crawler(settings_dict=settings))


def run(mw: CleanHtmlMiddleware, request: Request, response: Response) -> Response:
    return asyncio.run(mw.process_response(request, response))


def test_html_body_is_cleaned_and_encoding_kept() -> None:
    mw = middleware()
    request = Request("http://example.test/ru")
    response = HtmlResponse(request.url, body=RU_PAGE.encode("cp1251"), request=request,
                            headers={"Content-Type": "text/html; charset=windows-1251"})
    out = run(mw, request, response)
    assert isinstance(out, TextResponse)
    assert out.encoding == response.encoding == "cp1251"
    assert RUSSIAN in out.text and "<script" not in out.text


def test_non_html_and_opted_out_responses_are_untouched() -> None:
    mw = middleware()
    for response in (
        TextResponse("http://example.test/a.json", body=b'{"a": "<p>x</p>"}',
                     headers={"Content-Type": "application/json"}),
        Response("http://example.test/a.png", body=b"\x89PNG\r\n",
                 headers={"Content-Type": "image/png"}),
    ):
        assert run(mw, Request(response.url), response) is response
    request = Request("http://example.test/", meta={SKIP_META_KEY: True})
    html = HtmlResponse(request.url, body=NOISY, request=request)
    assert run(mw, request, html) is html
    stats = mw.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert stats["cleanarticle/middleware/skipped/not_html"] == 2
    assert stats["cleanarticle/middleware/skipped/opted_out"] == 1


def test_a_page_that_fails_to_clean_passes_through() -> None:
    mw = middleware()
    request = Request("http://example.test/bin")
    response = HtmlResponse(request.url, body=GARBAGE, request=request,
                            headers={"Content-Type": "text/html"})
    assert run(mw, request, response) is response
    stats = mw.crawler.stats.get_stats()  # type: ignore[union-attr]
    assert sum(v for k, v in stats.items() if k.startswith("cleanarticle/middleware/errors/")) == 1



def test_a_response_after_a_forced_shutdown_passes_through(
        caplog: pytest.LogCaptureFixture) -> None:
    """The pool closed by a second Ctrl-C answers ``shutdown``; nothing is raised into Scrapy."""
    mw = middleware(CLEANARTICLE_WORKERS=1)
    runner_for(mw.crawler).close()
    caplog.set_level(logging.DEBUG)
    request = Request("http://example.test/late")
    response = HtmlResponse(request.url, body=NOISY, request=request)
    assert run(mw, request, response) is response
    assert mw.crawler.stats.get_value("cleanarticle/middleware/errors/shutdown") == 1  # type: ignore[union-attr]
    (record,) = [r for r in caplog.records if "/late" in r.getMessage()]
    assert record.levelno == logging.DEBUG  # the pool's one warning reports the stop


def test_crawl_existing_spider_sees_clean_pages(tmp_path: Path) -> None:
    pages = {
        "/noisy": (NOISY, "text/html"),
        "/ru-declared": (RU_PAGE.encode("cp1251"), "text/html; charset=windows-1251"),
        "/ru-mislabelled": (RU_PAGE.encode("cp1251"), "text/html; charset=utf-8"),
        "/plain": (b"Subscribe to our daily newsletter, plain text.", "text/plain"),
        "/garbage": (GARBAGE, "text/html"),
    }
    with serve(pages) as server:
        result = run_crawl(tmp_path, spider=SELECTOR_SPIDER,
                           args={"urls": ",".join(server.urls())},
                           settings={"CLEANARTICLE_CLEAN_RESPONSES": True})
        out = {url.rsplit("/", 1)[1]: item for url, item in result.by_url().items()}
    assert result.returncode == 0
    assert STORY in out["noisy"]["text"]
    assert not any(noise in out["noisy"]["text"] for noise in NOISE)
    assert out["ru-declared"]["encoding"] == "cp1251" and RUSSIAN in out["ru-declared"]["text"]
    # mislabelled charset: Scrapy alone would show mojibake; the cleaned body is right
    assert out["ru-mislabelled"]["encoding"] == "utf-8"
    assert RUSSIAN in out["ru-mislabelled"]["text"]
    assert out["plain"]["length"] == len(pages["/plain"][0])
    assert out["garbage"]["length"] == len(GARBAGE)
    assert result.stat("cleanarticle/middleware/cleaned") == 3
    assert result.stat("cleanarticle/middleware/skipped/not_html") == 1
    warnings = [r for r in result.records("WARNING") if "cleanarticle" in r]
    assert len(warnings) == 1 and "/garbage" in warnings[0] and len(warnings[0]) < 2048


def test_crawl_opt_out_and_pool_mode(tmp_path: Path) -> None:
    with serve({"/noisy": (NOISY, "text/html")}) as server:
        opted = run_crawl(tmp_path / "optout", spider=SELECTOR_SPIDER,
                          args={"urls": server.url("/noisy"), "opt_out": "1"},
                          settings={"CLEANARTICLE_CLEAN_RESPONSES": True})
        pooled = run_crawl(tmp_path / "pool", spider=SELECTOR_SPIDER,
                           args={"urls": server.url("/noisy")},
                           settings={"CLEANARTICLE_CLEAN_RESPONSES": True,
                                     "CLEANARTICLE_WORKERS": 1})
    assert opted.items[0]["length"] == len(NOISY)
    assert NOISE[0] in opted.items[0]["text"]
    assert STORY in pooled.items[0]["text"] and NOISE[0] not in pooled.items[0]["text"]
