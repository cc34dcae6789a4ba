"""No author invented on a page that sells a thing (issue 16: "a product or service page has
no author, and we must not invent one"); each rule has a page where it fires and one where it
must not."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.microdata import extract_microdata


def _meta(html: str, url: str = "https://shop.example.com/p/almond-thins") -> PageMetadata:
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


def _names(meta: PageMetadata) -> list[str]:
    return [author.name for author in meta.authors]


@pytest.mark.parametrize(("og_type", "names"), [
    ("product", []),  # "By <brand>" under a product's name is the maker, not an author
    ("og:product", []),
    ("article", ["Almondina"]),  # the same line under a story's headline is its byline
])
def test_a_by_line_on_a_product_page_names_no_author(og_type: str, names: list[str]) -> None:
    meta = _meta(f"""<html><head><meta property="og:type" content="{og_type}"></head><body>
    <h1>Toasted Almond Thins, Cranberry</h1><p>By Almondina</p>
    <p class="price">$4.99</p><p>Crisp, thin and sweet.</p></body></html>""")
    assert _names(meta) == names


REVIEWED = """<html><head>{head}</head><body>
<div itemscope itemtype="https://schema.org/Product">
<h1 itemprop="name">QuietComfort Headphones</h1>
<div itemprop="review" itemscope itemtype="https://schema.org/Review">
<span itemprop="author">Martin</span><span itemprop="reviewBody">Great sound.</span>
</div></div></body></html>"""


def test_a_reviewer_of_a_product_is_no_author() -> None:
    tree = lxml.html.document_fromstring(REVIEWED.format(head=""))
    info = extract_microdata(tree)
    assert info.authors == () and not info.has_article  # the review is the product's
    meta = _meta(REVIEWED.format(head='<meta property="og:type" content="product">'))
    assert _names(meta) == []


def test_a_review_that_is_the_page_keeps_its_author() -> None:
    meta = _meta("""<html><body><article itemscope itemtype="https://schema.org/Review">
    <h1 itemprop="name">QuietComfort review: quiet at last</h1>
    <span itemprop="author">Jane Critic</span><p itemprop="reviewBody">Great sound.</p>
    </article></body></html>""", url="https://reviews.example.com/quietcomfort")
    assert _names(meta) == ["Jane Critic"]


@pytest.mark.parametrize(("line", "names"), [
    ('By clicking "Start Now!" you accept our Terms and Conditions', []),
    ("By continuing you agree to our Privacy Policy", []),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("By de la Cruz", ["de la Cruz"]),
])
def test_a_by_clause_is_no_byline(line: str, names: list[str]) -> None:
    meta = _meta(f"""<html><body><h1>Start your free trial today</h1><p>{line}</p>
    <p>Plans for every team.</p></body></html>""", url="https://app.example.com/start")
    assert _names(meta) == names
