"""``CleanHtmlMiddleware``: an existing spider's selectors stop seeing page noise.

The body is replaced by ``clean_html()`` output with the head's metadata put back (see
``headmeta``), re-encoded in the encoding Scrapy settled on for the response (so
``response.encoding`` does not change under the spider), which a ``<meta charset>`` names.
The body as downloaded stays in ``request.meta`` so that ``page_item()`` hands the pipeline
the original page. Because our
decoder also fixes mislabelled charsets, the new body is correct in that encoding even where
the original was not.

A page that fails to clean is passed through unchanged: this middleware is an improvement,
never a reason to lose a response.
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from scrapy.http import Response, TextResponse

from ..headmeta import with_charset
from .pool import Job, Runner
from .runtime import StatsRecorder, config_for, failure_level, log_line, logger, runner_for
from .sniff import is_html

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from typing_extensions import Self

#: ``Request.meta`` key; a true value leaves that response untouched.
SKIP_META_KEY = "cleanarticle_skip"
#: ``Request.meta`` key under which the body as downloaded is kept for ``page_item``.
ORIGINAL_BODY_META_KEY = "cleanarticle_original_body"


class CleanHtmlMiddleware:
    """Downloader middleware replacing HTML response bodies with their cleaned version."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.conf = config_for(crawler)
        self.stats = StatsRecorder(crawler.stats, prefix="cleanarticle/middleware")
        self._runner: Runner | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    # ``spider`` is optional so Scrapy 2.13, which still passes it, works; 2.14+ passes nothing.
    async def process_response(self, request: Request, response: Response,
                               spider: Spider | None = None) -> Response:
        why_not = _skip_reason(request, response)
        if why_not:
            self.stats.inc(f"skipped/{why_not}")
            return response
        assert isinstance(response, TextResponse)
        content_type = response.headers.get(b"Content-Type")
        job = Job("html", response.body, response.url,
                  content_type.decode("latin-1") if content_type else None)
        if self._runner is None:
            self._runner = runner_for(self.crawler)
        outcome = await self._runner.run(job)
        self.stats.events(outcome)
        if not outcome.ok or not isinstance(outcome.value, str):
            error = outcome.error or "internal_error"
            self.stats.inc(f"errors/{error}")
            logger.log(failure_level(outcome), "cleanarticle: left response unchanged %s: %s (%s)",
                       log_line(response.url), error, outcome.message)
            return response
        encoding = _encodable(response.encoding)
        body = with_charset(outcome.value, encoding).encode(encoding, errors="xmlcharrefreplace")
        self.stats.inc("cleaned")
        request.meta[ORIGINAL_BODY_META_KEY] = response.body
        return response.replace(body=body, encoding=encoding)


def _skip_reason(request: Request, response: Response) -> str | None:
    if request.meta.get(SKIP_META_KEY):
        return "opted_out"
    content_type = response.headers.get(b"Content-Type")
    if not isinstance(response, TextResponse) or not is_html(
            content_type.decode("latin-1") if content_type else None, response.body):
        return "not_html"
    return None


def _encodable(encoding: str) -> str:
    """UTF-16/32 bodies are re-encoded as UTF-8: a BOM-less re-encoding would not round-trip."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return "utf-8"
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


__all__ = ["ORIGINAL_BODY_META_KEY", "SKIP_META_KEY", "CleanHtmlMiddleware"]
