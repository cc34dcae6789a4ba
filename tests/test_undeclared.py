"""The ablation that turns a page into one without declared dates or titles (benchmarks)."""

from __future__ import annotations

import json

import lxml.html

from benchmarks.undeclared import strip_declared

PAGE = """<html><head><meta charset="windows-1252"><title>Frost warning | Daily</title>
<meta property="og:title" content="Frost warning">
<meta property="article:published_time" content="2021-03-04T05:06:00Z">
<meta name="description" content="Cold.">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Frost warning",
 "name": "Frost warning", "datePublished": "2021-03-04", "author": {"@type": "Person",
 "name": "Ann Lee"}, "publisher": {"@type": "Organization", "name": "Daily"}}</script>
</head><body><h1 itemprop="headline">Frost warning</h1>
<span itemprop="datePublished author">March 4, 2021</span><p>Caf\u00e9 text.</p></body></html>"""


def _root(html: bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def _jsonld(root: lxml.html.HtmlElement) -> dict[str, object]:
    data: dict[str, object] = json.loads(root.xpath("//script")[0].text)
    return data


def test_dates_lose_their_declarations_and_keep_what_is_shown() -> None:
    root = _root(strip_declared(PAGE.encode("cp1252"), ["dates"]))
    data = _jsonld(root)
    assert "datePublished" not in data and data["headline"] == "Frost warning"
    assert not root.xpath("//meta[@property='article:published_time']")
    assert root.xpath("//meta[@property='og:title']")
    span = root.xpath("//span")[0]
    assert span.get("itemprop") == "author" and span.text == "March 4, 2021"
    assert "Caf\u00e9" in root.text_content()  # re-encoded as UTF-8, and says so
    assert root.xpath("//meta/@charset") == ["utf-8"]


def test_titles_lose_their_declarations_but_the_publisher_keeps_its_name() -> None:
    root = _root(strip_declared(PAGE.encode("cp1252"), ["titles"]))
    data = _jsonld(root)
    assert "headline" not in data and "name" not in data
    assert data["publisher"] == {"@type": "Organization", "name": "Daily"}
    assert data["datePublished"] == "2021-03-04"
    assert not root.xpath("//meta[@property='og:title']")
    assert root.xpath("//title")[0].text == "Frost warning | Daily"
    assert root.xpath("//h1")[0].get("itemprop") is None
    assert root.xpath("//meta[@name='description']")


def test_everything_leaves_a_page_from_before_structured_metadata() -> None:
    page = PAGE.replace("<head>", "<head><meta name='author' content='Ann Lee'>").replace(
        "<body>", "<body><div itemscope itemtype='https://schema.org/Article'>")
    root = _root(strip_declared(page.encode("cp1252"), ["everything"]))
    assert not root.xpath("//script")
    assert [m.get("name") for m in root.xpath("//meta[@name]")] == ["author", "description"]
    assert not root.xpath("//*[@itemprop or @itemscope or @itemtype]")
    assert root.xpath("//title")[0].text == "Frost warning | Daily"
    assert root.xpath("//span")[0].text == "March 4, 2021"
