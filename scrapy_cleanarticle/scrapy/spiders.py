"""``ArticleSpider`` (``scrapy crawl article``): pages in, raw-page items out.

The spider never extracts anything itself: it yields the raw bytes and the Content-Type header
(see :func:`page_item`) and lets ``CleanArticlePipeline`` do the work, so the same cleaning runs
whatever spider produced the page. It opts out of ``CleanHtmlMiddleware`` because the pipeline
needs the untouched page (JSON-LD and meta tags live in parts the middleware removes).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from ..urls import without_www
from .middlewares import ORIGINAL_BODY_META_KEY, SKIP_META_KEY
from .runtime import FatalConfigError

_CHECKOUT = Path(__file__).resolve().parents[2]
#: The demo pages of a source checkout; an installed copy has none (see ``_fixture_urls``).
FIXTURES_DIR = _CHECKOUT / "fixtures" / "html"
SOURCES = "-a url=, -a urls_file=, -a sitemap= or -a feed="
DEPTH_META_KEY = "cleanarticle_depth"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
_URL_SCHEMES = frozenset({"http", "https", "file", "ftp", "s3", "data"})
_FEED_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True,
                               remove_comments=True)
_FEED_LINKS = etree.XPath(
    "//*[local-name()='item']/*[local-name()='link']/text()"
    " | //*[local-name()='entry']/*[local-name()='link'][not(@rel) or @rel='alternate']/@href")


def page_item(response: Response, **extra: Any) -> dict[str, Any]:
    """The item ``CleanArticlePipeline`` wants: raw bytes plus the Content-Type header.

    Not ``response.text``: Scrapy decodes by the declared charset and falls back to a guess,
    which is wrong for undeclared or mislabelled cp1251, Shift_JIS, GB18030 or UTF-16 pages.
    The cleaner's decoder checks the result and detects the real encoding when needed.
    The page is the one the server sent even when ``CleanHtmlMiddleware`` cleaned the body
    for the callback: the pipeline reads metadata from parts the cleaning drops.
    """
    content_type = response.headers.get(b"Content-Type")
    body = response.meta.get(ORIGINAL_BODY_META_KEY, response.body)
    return {"url": response.url, "html": body,
            "content_type": content_type.decode("latin-1") if content_type else None, **extra}


class SpiderArgumentError(FatalConfigError):
    """A ``-a`` argument the spider cannot use: one line naming it, exit status 1."""


def _positive_int(name: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SpiderArgumentError(f"-a {name}= must be an integer, not {value!r}") from None
    if number < 0:
        raise SpiderArgumentError(f"-a {name}= must be >= 0, not {number}")
    return number


def _url_list(name: str, value: str | None) -> list[str]:
    """Comma-separated URLs; a local path without a scheme becomes a ``file://`` URL."""
    urls = []
    for raw in (value or "").split(","):
        raw = raw.strip()
        if not raw:
            continue
        if urlsplit(raw).scheme.lower() in _URL_SCHEMES:
            urls.append(raw)
        elif Path(raw).expanduser().is_file():
            urls.append(Path(raw).expanduser().resolve().as_uri())
        else:
            raise SpiderArgumentError(f"-a {name}={raw}: not a URL (http://, https://, file://) "
                                      "and no such file")
    return urls


def _urls_file(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise SpiderArgumentError(f"-a urls_file={path}: {exc.strerror or exc}") from None
    return path


def _host(url: str) -> str:
    return without_www((urlsplit(url).hostname or "").lower())


class ArticleSpider(Spider):
    """Crawl articles from ``-a url=``, ``urls_file=``, ``sitemap=`` or ``feed=``.

    ``-a depth=N`` follows links within the start hosts N levels deep (default 0: none),
    at most ``-a max_pages=N`` followed pages (default 1000). With no source it crawls the
    bundled ``fixtures/html/*.html`` through ``file://`` URLs (from a source checkout only).
    A bad argument stops the crawl before it starts with one line naming it.
    """

    name = "article"
    # A <meta http-equiv=refresh> pointing at javascript: (XSS pages do this) makes Scrapy fail
    # the whole download; the page itself is what we want. `-s METAREFRESH_ENABLED=1` wins.
    custom_settings: dict[str, Any] | None = {"METAREFRESH_ENABLED": False}  # noqa: RUF012

    def __init__(self, url: str | None = None, urls_file: str | None = None,
                 sitemap: str | None = None, feed: str | None = None, depth: Any = 0,
                 max_pages: Any = 1000, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = _url_list("url", url)
        self.urls_file = _urls_file(urls_file)
        self.sitemaps = _url_list("sitemap", sitemap)
        self.feeds = _url_list("feed", feed)
        self.demo_urls: list[str] = []
        if not (self.urls or self.urls_file or self.sitemaps or self.feeds):
            self.demo_urls = _fixture_urls()
        self.depth = _positive_int("depth", depth)
        self.max_pages = _positive_int("max_pages", max_pages)
        self.hosts: set[str] = set()
        self.followed = 0

    async def start(self) -> AsyncIterator[Any]:
        if not (self.urls or self.urls_file or self.sitemaps or self.feeds):
            for url in self.demo_urls:
                yield self.page_request(url)
            return
        for url in self.urls:
            yield self.page_request(url)
        if self.urls_file:
            for url in self._read_urls_file(self.urls_file):
                yield self.page_request(url)
        for url in self.sitemaps:
            yield Request(url, callback=self.parse_sitemap, meta={SKIP_META_KEY: True})
        for url in self.feeds:
            yield Request(url, callback=self.parse_feed, meta={SKIP_META_KEY: True})

    def page_request(self, url: str, depth: int = 0) -> Request:
        if depth == 0 and not url.startswith("file:"):
            self.hosts.add(_host(url))
        return Request(url, callback=self.parse_page,
                       meta={SKIP_META_KEY: True, DEPTH_META_KEY: depth})

    def parse_page(self, response: Response) -> Iterator[Any]:
        yield page_item(response)
        depth = int(response.meta.get(DEPTH_META_KEY, 0))
        start_url = response.meta.get("redirect_urls", [response.url])[0]
        if depth == 0 and not start_url.startswith("file:"):  # maybe queued by another worker
            self.hosts.add(_host(start_url))
        if depth < self.depth and isinstance(response, TextResponse):
            yield from self._follow(response, depth + 1)

    def _follow(self, response: TextResponse, depth: int) -> Iterator[Request]:
        try:
            links = LinkExtractor().extract_links(response)
        except (ValueError, TypeError, etree.LxmlError) as exc:
            self.logger.info("cleanarticle: no links followed from %s: %s",
                             response.url[:500], type(exc).__name__)
            return
        for link in links:
            if self.followed >= self.max_pages:
                return
            if _host(link.url) in self.hosts:
                self.followed += 1
                yield self.page_request(link.url, depth)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        if urlsplit(response.url).path.endswith("/robots.txt") and isinstance(response,
                                                                             TextResponse):
            for url in sitemap_urls_from_robots(response.text, base_url=response.url):
                yield Request(url, callback=self.parse_sitemap, meta={SKIP_META_KEY: True})
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except (OSError, EOFError, ValueError):
                self.logger.warning("cleanarticle: bad gzip sitemap %s", response.url[:500])
                return
        try:
            sitemap = Sitemap(body)
        except (etree.LxmlError, ValueError, AttributeError):
            self.logger.warning("cleanarticle: unreadable sitemap %s", response.url[:500])
            return
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield Request(loc, callback=self.parse_sitemap, meta={SKIP_META_KEY: True})
            else:
                yield self.page_request(loc)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        try:
            root = etree.fromstring(response.body, parser=_FEED_PARSER)
        except (etree.LxmlError, ValueError):
            root = None
        if root is None:
            self.logger.warning("cleanarticle: unreadable feed %s", response.url[:500])
            return
        for link in _FEED_LINKS(root):  # type: ignore[union-attr]
            url = str(link).strip()
            if url:
                yield self.page_request(urljoin(response.url, url))

    @staticmethod
    def _read_urls_file(path: str) -> Iterable[str]:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#"):
                    yield line


def _fixture_urls() -> list[str]:
    """The bundled demo pages, only in a source checkout (next to its ``pyproject.toml``):
    from an installed copy, ``parents[2]`` is ``site-packages`` and must not be searched."""
    pages = sorted(FIXTURES_DIR.glob("*.html")) if (_CHECKOUT / "pyproject.toml").is_file() else []
    if not pages:
        raise SpiderArgumentError(f"no pages to crawl: give {SOURCES} (the bundled demo pages "
                                  "exist only in a source checkout)")
    return [page.as_uri() for page in pages]


__all__ = ["FIXTURES_DIR", "ArticleSpider", "SpiderArgumentError", "page_item"]
