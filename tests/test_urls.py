"""urls.py: the one absolutizer, its scheme policy and the page base that every output uses."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
import pytest

from scrapy_cleanarticle import clean_article
from scrapy_cleanarticle.urls import page_base, resolve, same_page, web_url

BASE = "https://news.example.org/world/2024/story.html"

# The fast path must give exactly what urljoin gives; these are the shapes urljoin rewrites.
JOIN_CASES = [
    "https://cdn.example.org/a/b.jpg", "http://example.org", "https://ex.org?q=1",
    "https://ex.org/a?q=1#top", "https://ex.org/a?", "https://ex.org/a#", "https://ex.org/a?#b",
    "https://ex.org/a;p?q", "https://ex.org/a\tb", "https://ex.org/a\nb", "HTTPS://EX.ORG/A",
    "https://bücher.example/x", "https://ex.org/a b", "/img/a.png", "../up.png", "img.png",
    "?page=2", "//cdn.ex.org/x.png", "https://ex.org/../a", "http://ex.org/a:b@c",
    "/a/./b", "/a/../b", "/..", "/foo?", "/foo#", "/foo?#x", "/x;y", "/a\tb", "/q?a=1#f",
    "/ spaced", "/%20x",
]
BASES = [BASE, "https://news.example.org", "http://user@ex.org:8080/a?q#f", "HTTPS://EX.ORG/A",
         "https://[::1]/x", "file:///tmp/x.html"]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("url", JOIN_CASES)
def test_resolve_is_urljoin(url: str, base: str) -> None:
    assert resolve(url, base) == urljoin(base, url)


def test_resolve_without_base_keeps_relative_and_gives_protocol_relative_https() -> None:
    assert resolve("/a.png", "") == "/a.png"
    assert resolve("//cdn.ex.org/a.png", None) == "https://cdn.ex.org/a.png"


def test_unparseable_url_is_dropped() -> None:
    assert resolve("https://[", BASE) is None
    assert web_url("http://[::1", BASE) is None
    assert resolve("   ", BASE) is None
    assert resolve("https:///paths/17", BASE) is None  # no host: not grafted onto the base's


@pytest.mark.parametrize(("url", "expected"), [
    ("https://ex.org/a.jpg", "https://ex.org/a.jpg"),
    ("/a.jpg", "https://news.example.org/a.jpg"),
    ("mailto:desk@ex.org", None),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    ("data:image/png;base64,AAAA", None),
    ("ftp://ex.org/a.jpg", None),
    ("about:blank", None),
])
def test_web_url_keeps_only_http_and_https(url: str, expected: str | None) -> None:
    assert web_url(url, BASE) == expected


def test_web_url_on_a_page_without_base_keeps_relative_paths() -> None:
    assert web_url("/a.jpg", None) == "/a.jpg"
    assert web_url("mailto:x@ex.org", None) is None


def test_page_base_reads_the_declared_base_against_the_url() -> None:
    html = '<html><head><base href="/en/"><title>t</title></head><body></body></html>'
    assert page_base(_root(html), BASE) == "https://news.example.org/en/"
    absolute = '<head><base target="_blank"><base href="https://m.ex.org/"></head><body></body>'
    assert page_base(_root(absolute), None) == "https://m.ex.org/"
    in_a_script = ("<html><head><script>var s = '<base href=https://evil.example/>';"
                   "</script></head><body></body></html>")
    assert page_base(_root(in_a_script), BASE) == BASE


def test_page_base_leaves_the_page_url_as_given() -> None:
    url = "https://ex.org/ünïcode path/"
    assert page_base(_root("<html><head></head></html>"), url) == url  # never percent-encoded
    assert page_base(_root("<html></html>"), None) == ""
    assert page_base(_root('<head><base href="javascript:alert(1)"></head>'), url) == url
    assert page_base(_root('<head><base href="/relative/"></head>'), None) == ""


def _root(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def _story(head: str, img: str) -> str:
    para = "<p>" + "The council met again on Tuesday to debate the bridge plan at length. " * 4 + "</p>"
    return (f"<html><head><title>Bridge vote</title>{head}</head><body><article><h1>Bridge vote</h1>"
            f"{para}<figure><img src=\"{img}\"><figcaption>The old bridge at dusk.</figcaption>"
            f"</figure>{para}{para}<p><a href=\"../more.html\">More</a> and "
            f"<a href=\"mailto:desk@ex.org\">write to us</a>.</p></article></body></html>")


def _srcs(article_html: str) -> list[str]:
    return re.findall(r'<img src="([^"]*)"', article_html)


@pytest.mark.parametrize(("head", "url", "expected"), [
    ('<link rel="canonical" href="https://ex.org/news/bridge">', None, "https://ex.org/img/b.jpg"),
    ('<base href="https://static.ex.org/news/">', None, "https://static.ex.org/img/b.jpg"),
    ('<base href="/news/">', "https://ex.org/a/b", "https://ex.org/img/b.jpg"),
    ("", None, "../img/b.jpg"),
    ("", "https://ex.org/a/b", "https://ex.org/img/b.jpg"),
])
def test_images_and_body_html_use_one_base(head: str, url: str | None, expected: str) -> None:
    article = clean_article(_story(head, "../img/b.jpg"), url=url)
    assert [i.url for i in article.images] == [expected]
    assert _srcs(article.articleBodyHtml) == [expected]


def test_body_links_resolve_against_the_declared_base_and_keep_mailto() -> None:
    article = clean_article(_story('<base href="https://ex.org/news/x/">', "b.jpg"),
                            url="https://mirror.ex.net/a")
    assert 'href="https://ex.org/news/more.html"' in article.articleBodyHtml
    assert 'href="mailto:desk@ex.org"' in article.articleBodyHtml
    assert article.images[0].url == "https://ex.org/news/x/b.jpg"


@pytest.mark.parametrize(("href", "same"), [
    ("http://www.news.example/story.php?id=12", True),
    ("https://news.example/story.php?id=12#comments", True),  # scheme, www. and fragment aside
    ("/story.php?id=12", True),
    ("story.php?id=12", True),
    ("/story.php?id=13", False),  # another story
    ("/", False),
    ("https://other.example/story.php?id=12", False),
    ("", False),
    (None, False),
])
def test_same_page_is_a_link_to_the_page_itself(href: str | None, same: bool) -> None:
    assert same_page(href, "http://www.news.example/story.php?id=12") is same


def test_a_trailing_slash_leads_to_the_same_page() -> None:
    assert same_page("/2010/03/budget", "https://blog.example/2010/03/budget/")
    assert not same_page("/2010/03/budget", None)
