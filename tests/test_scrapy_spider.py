"""ArticleSpider and ``scrapy crawl article`` from a checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy_support import FIXTURES, ROOT, is_article_fixture, marked_page, run_crawl, serve

from scrapy_cleanarticle.scrapy.spiders import ArticleSpider


def article(title: str, links: tuple[str, ...] = ()) -> tuple[bytes, str]:
    anchors = "".join(f'<a href="{href}">link</a> ' for href in links).encode()
    page = marked_page(b"spider", title).replace(b"</body>", b"<nav>" + anchors + b"</nav></body>")
    return page, "text/html; charset=utf-8"


def test_scrapy_crawl_article_on_bundled_fixtures(tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    proc = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "article", "-O", str(out),
                           "-s", "TELNETCONSOLE_ENABLED=0"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    fixtures = sorted(FIXTURES.glob("*.html"))
    assert fixtures and len(items) == len(fixtures)
    assert {i["url"] for i in items} == {p.as_uri() for p in fixtures}
    assert all("html" not in i for i in items)
    assert all(i["articleBody"] for i in items)  # the non-stories too, labelled by pageType
    assert all((i["metadata"]["pageType"] == "article") == is_article_fixture(i["url"])
               for i in items)
    assert f"'cleanarticle/cleaned': {len(items)}" in proc.stderr


@pytest.mark.slow
def test_follows_links_within_start_hosts(tmp_path: Path) -> None:
    pages = {
        "/": article("Home", ("/a/1", "/a/2", "http://elsewhere.invalid/x")),
        "/a/1": article("One", ("/a/3",)),
        "/a/2": article("Two"),
        "/a/3": article("Three (too deep)"),
    }
    with serve(pages) as server:
        result = run_crawl(tmp_path, args={"url": server.url("/"), "depth": 1})
        urls = set(result.by_url())
        assert urls == {server.url(p) for p in ("/", "/a/1", "/a/2")}
        capped = run_crawl(tmp_path / "capped",
                           args={"url": server.url("/"), "depth": 3, "max_pages": 1})
        # the start page plus exactly one followed link (whatever it returns)
        assert capped.stat("downloader/request_count") == 2


def test_urls_file(tmp_path: Path) -> None:
    pages = {f"/p/{i}": article(f"Page {i}") for i in range(3)}
    with serve(pages) as server:
        listing = tmp_path / "urls.txt"
        listing.write_text("# pages\n" + "\n".join(server.urls()) + "\n\n")
        result = run_crawl(tmp_path / "crawl", args={"urls_file": str(listing)})
        assert set(result.by_url()) == set(server.urls())


def test_sitemap_index_and_feeds(tmp_path: Path) -> None:
    pages: dict[str, tuple[bytes, str | None]] = {
        f"/story/{i}": article(f"Story {i}") for i in range(5)}
    with serve(pages) as server:
        sm = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              + "".join(f"<url><loc>{server.url(f'/story/{i}')}</loc></url>" for i in (0, 1))
              + "</urlset>")
        index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                 f'sitemap/0.9"><sitemap><loc>{server.url("/sitemap-1.xml")}</loc></sitemap>'
                 "</sitemapindex>")
        rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
               f"<item><title>2</title><link>{server.url('/story/2')}</link></item>"
               "<item><title>3</title><link>/story/3</link></item></channel></rss>")
        atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                '<entry><title>4</title><link rel="alternate" href="/story/4"/>'
                '<link rel="edit" href="/edit/4"/></entry></feed>')
        pages.update({"/sitemap.xml": (index.encode(), "application/xml"),
                      "/sitemap-1.xml": (sm.encode(), "application/xml"),
                      "/rss.xml": (rss.encode(), "application/rss+xml"),
                      "/atom.xml": (atom.encode(), "application/atom+xml")})
        server.pages.update(pages)  # the handler reads the same dict
        result = run_crawl(tmp_path, args={
            "sitemap": server.url("/sitemap.xml"),
            "feed": f"{server.url('/rss.xml')},{server.url('/atom.xml')}"})
        assert set(result.by_url()) == {server.url(f"/story/{i}") for i in range(5)}
        assert all(i["articleBody"] for i in result.items)


@pytest.mark.parametrize(("args", "message"), [
    ({"depth": "deep"}, "depth"), ({"max_pages": -1}, "max_pages")])
def test_bad_arguments_are_clear(args: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ArticleSpider(**args)
