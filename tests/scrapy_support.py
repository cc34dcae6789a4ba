"""Helpers for the Scrapy tests: a local HTTP server, test spiders and items, cleaning hooks,
and a crawl runner.

Each crawl runs in its own subprocess: a Twisted reactor cannot be restarted inside one
process, and a subprocess also shows the plugin working the way users run it. The child writes
what the crawl produced (items, stats, signal counts, the spider-close check) to a JSON file.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import attrs
import scrapy

from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.scrapy.pool import Cleaners

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
FIXTURES = ROOT / "fixtures" / "html"
HANG_MARKER = b"cleanarticle-test:hang"
CRASH_MARKER = b"cleanarticle-test:crash"
ARTICLE_SPIDER = "scrapy_cleanarticle.scrapy.spiders.ArticleSpider"
HOOK = "scrapy_support.hooked_clean_article"
HOOK_HTML = "scrapy_support.hooked_clean_html"

# --------------------------------------------------------------------------- local HTTP server

Page = tuple[bytes, "str | None"]


class PageServer:
    """Serves ``{path: (body, content_type or None)}`` on 127.0.0.1, on a port the OS picks."""

    def __init__(self, pages: Mapping[str, Page]) -> None:
        self.pages = dict(pages)
        handler = _handler_for(self.pages)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def urls(self) -> list[str]:
        return [self.url(p) for p in self.pages]

    def __enter__(self) -> PageServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler_for(pages: dict[str, Page]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            page = pages.get(self.path)
            if page is None:
                body, ctype, status = b"not found", "text/plain", 404
            else:
                (body, ctype), status = page, 200
            self.send_response(status)
            if ctype is not None:
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Handler


@contextmanager
def serve(pages: Mapping[str, Page]) -> Iterator[PageServer]:
    with PageServer(pages) as server:
        yield server


def non_article_fixtures() -> set[str]:
    """Fixture pages (``<slug>.html``) whose expected file says they are not articles."""
    names = set()
    for path in FIXTURES.glob("*.expected.json"):
        if json.loads(path.read_text("utf-8")).get("expected", {}).get("isArticle") is False:
            names.add(path.name.replace(".expected.json", ".html"))
    return names


def is_article_fixture(url: str) -> bool:
    return url.rsplit("/", 1)[-1] not in non_article_fixtures()


def fixture_pages(prefix: str = "/article/") -> dict[str, Page]:
    """The bundled fixture articles, served without a charset (the decoder must cope)."""
    return {f"{prefix}{p.name}": (p.read_bytes(), "text/html")
            for p in sorted(FIXTURES.glob("*.html"))}


# --------------------------------------------------------------------------- cleaning hooks

def hooked_clean_article(html: str | bytes, url: str | None = None, **kwargs: Any) -> Any:
    """``clean_article`` that hangs or kills its process on a marked page (pool-mode tests)."""
    _misbehave(html)
    from scrapy_cleanarticle import clean_article

    return clean_article(html, url, **kwargs)


def hooked_clean_html(html: str | bytes, url: str | None = None, **kwargs: Any) -> str:
    _misbehave(html)
    from scrapy_cleanarticle import clean_html

    return clean_html(html, url, **kwargs)


def _misbehave(html: str | bytes) -> None:
    data = html.encode("utf-8", "replace") if isinstance(html, str) else html
    if HANG_MARKER in data:
        time.sleep(3600)
    if CRASH_MARKER in data:
        os._exit(13)


def marked_page(marker: bytes, title: str = "Marked page") -> bytes:
    """A real fixture article carrying ``marker`` (and ``title``) in a comment."""
    page = (FIXTURES / "arc-wildfire-en.html").read_bytes()
    note = b"<!-- " + marker + b" " + title.encode() + b" -->"
    return page.replace(b"</body>", note + b"</body>", 1)


# --------------------------------------------------------------------------- items and spiders

ARTICLE_FIELDS = ("url", "canonicalUrl", "headline", "description", "articleBody",
                  "articleBodyHtml", "articleBodyMarkdown", "authors", "datePublished",
                  "datePublishedRaw", "dateModified", "dateModifiedRaw", "inLanguage",
                  "mainImage", "images", "tags", "breadcrumbs", "siteName", "metadata")


class ArticleItem(scrapy.Item):
    html = scrapy.Field()
    content_type = scrapy.Field()
    locals().update({name: scrapy.Field() for name in ARTICLE_FIELDS})


class TinyItem(scrapy.Item):
    """Cannot hold an article: the pipeline must say so, clearly, before any KeyError."""

    url = scrapy.Field()
    html = scrapy.Field()


def _optional_fields() -> dict[str, Any]:
    return {name: dataclasses.field(default=None) for name in ARTICLE_FIELDS if name != "url"}


ArticleData = dataclasses.make_dataclass(
    "ArticleData",
    [("url", Any), ("html", Any, dataclasses.field(default=None)),
     ("content_type", Any, dataclasses.field(default=None)),
     *[(name, Any, f) for name, f in _optional_fields().items()]])
ArticleData.__module__ = __name__

ArticleAttrs = attrs.make_class(
    "ArticleAttrs",
    {"url": attrs.field(), "html": attrs.field(default=None),
     "content_type": attrs.field(default=None),
     **{name: attrs.field(default=None) for name in ARTICLE_FIELDS if name != "url"}})
ArticleAttrs.__module__ = __name__

ITEM_TYPES: dict[str, Any] = {"dict": dict, "item": ArticleItem, "dataclass": ArticleData,
                              "attrs": ArticleAttrs, "tiny": TinyItem}


class TypedItemSpider(scrapy.Spider):
    """Yields the raw page as the item type named by ``-a item_type=`` (``all``: one of each)."""

    name = "typed"

    def __init__(self, urls: str = "", item_type: str = "dict", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_urls = [u for u in urls.split(",") if u]
        self.item_classes = ([ITEM_TYPES[t] for t in ("dict", "item", "dataclass", "attrs")]
                             if item_type == "all" else [ITEM_TYPES[item_type]])

    async def start(self) -> Any:
        for url in self.page_urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response: scrapy.http.Response) -> Any:
        from itemadapter import ItemAdapter

        from scrapy_cleanarticle.scrapy.spiders import page_item

        page = page_item(response)
        for item_class in self.item_classes:
            names = ItemAdapter.get_field_names_from_class(item_class)
            yield item_class(**{k: v for k, v in page.items() if names is None or k in names})
        yield {"note": "an item without html passes through", "url": response.url}


class SelectorSpider(scrapy.Spider):
    """An 'existing' spider: what its selectors see after CleanHtmlMiddleware."""

    name = "selector"

    def __init__(self, urls: str = "", opt_out: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.page_urls = [u for u in urls.split(",") if u]
        self.opt_out = opt_out == "1"

    async def start(self) -> Any:
        for url in self.page_urls:
            yield scrapy.Request(url, callback=self.parse,
                                 meta={"cleanarticle_skip": self.opt_out})

    def parse(self, response: scrapy.http.Response) -> Any:
        text = response.text if isinstance(response, scrapy.http.TextResponse) else None
        yield {"url": response.url, "text": text, "length": len(response.body),
               "encoding": getattr(response, "encoding", None),
               "content_type": (response.headers.get(b"Content-Type") or b"").decode()}


# --------------------------------------------------------------------------- crawl runner

@dataclass
class CrawlResult:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    signals: dict[str, Any]
    log: str
    returncode: int
    stderr: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0))

    def stats_under(self, prefix: str) -> dict[str, int]:
        return {k[len(prefix):]: int(v) for k, v in self.stats.items() if k.startswith(prefix)}

    def records(self, level: str | None = None) -> list[str]:
        """Log records (continuation lines joined), optionally only those of one level."""
        out: list[str] = []
        for line in self.log.splitlines():
            if _RECORD_START.match(line) or not out:
                out.append(line)
            else:
                out[-1] += "\n" + line
        if level is None:
            return out
        return [r for r in out if f"] {level}: " in r.split("\n", 1)[0]]

    def by_url(self) -> dict[str, dict[str, Any]]:
        return {item["url"]: item for item in self.items if "url" in item}


_RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[")


def run_crawl(tmp_path: Path, *, spider: str = ARTICLE_SPIDER,
              args: Mapping[str, Any] | None = None, settings: Mapping[str, Any] | None = None,
              addon: bool = True, timeout: float = 120) -> CrawlResult:
    """Run one crawl in a fresh Python process and return what it produced."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    base: dict[str, Any] = {"LOG_LEVEL": "INFO", "LOG_FILE": str(tmp_path / "crawl.log"),
                            "LOG_FILE_APPEND": False, "TELNETCONSOLE_ENABLED": False,
                            "ROBOTSTXT_OBEY": False}
    if addon:
        base["ADDONS"] = {"scrapy_cleanarticle.Addon": 500}
    job = {"spider": spider, "args": dict(args or {}), "settings": {**base, **(settings or {})},
           "out": str(tmp_path / "result.json")}
    (tmp_path / "job.json").write_text(json.dumps(job))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)])}
    proc = subprocess.run(
        [sys.executable, "-c", "import scrapy_support as s, sys; s.crawl_main(sys.argv[1])",
         str(tmp_path / "job.json")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    log = (tmp_path / "crawl.log").read_text("utf-8", "replace") \
        if (tmp_path / "crawl.log").exists() else ""
    out = tmp_path / "result.json"
    if not out.exists():
        raise AssertionError(f"crawl produced no result (rc={proc.returncode})\n"
                             f"{proc.stderr[-3000:]}\n{log[-3000:]}")
    data = json.loads(out.read_text())
    return CrawlResult(items=data["items"], stats=data["stats"], signals=data["signals"],
                       log=log, returncode=proc.returncode, stderr=proc.stderr,
                       extra=data.get("extra", {}))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return {"__bytes__": len(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def crawl_main(job_path: str) -> None:
    """Child-process side of :func:`run_crawl`."""
    from itemadapter import ItemAdapter
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.misc import load_object

    job = json.loads(Path(job_path).read_text())
    process = CrawlerProcess(job["settings"])
    crawler = process.create_crawler(load_object(job["spider"]))
    items: list[dict[str, Any]] = []
    seen: dict[str, Any] = {"item_error": [], "item_dropped": [], "scraped": 0,
                            "item_classes": []}

    def scraped(item: Any) -> None:
        seen["scraped"] += 1
        seen["item_classes"].append(type(item).__name__)
        items.append({**_jsonable(ItemAdapter(item).asdict()), "_class": type(item).__name__})

    def dropped(item: Any, exception: BaseException) -> None:
        seen["item_dropped"].append(str(exception))

    def item_error(item: Any, failure: Any) -> None:
        seen["item_error"].append(repr(failure.value)[:500])

    def spider_closed(reason: str) -> None:
        # Checked when the spider closes: every item that entered the pipeline left it.
        stats = crawler.stats.get_stats() if crawler.stats else {}
        seen["close"] = {"reason": reason,
                         "entered": stats.get("cleanarticle/items", 0),
                         "scraped": stats.get("item_scraped_count", 0),
                         "dropped": stats.get("item_dropped_count", 0)}

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    crawler.signals.connect(dropped, signal=signals.item_dropped)
    crawler.signals.connect(item_error, signal=signals.item_error)
    crawler.signals.connect(spider_closed, signal=signals.spider_closed)
    process.crawl(crawler, **job["args"])
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    Path(job["out"]).write_text(json.dumps({"items": items, "stats": _jsonable(stats),
                                            "signals": seen}))


class _BrokenCleaners(Cleaners):
    def __setstate__(self, state: dict[str, Any]) -> None:
        raise RuntimeError("this worker cannot start")


def unpicklable_cleaners() -> Cleaners:
    """Cleaners that cannot be rebuilt in a worker: the pool can never start a process."""
    return _BrokenCleaners("scrapy_cleanarticle.api.clean_article",
                           "scrapy_cleanarticle.api.clean_html", CleanerConfig())
