"""A bounded fuzz target: hypothesis over raw bytes (and mutated HTML) into clean_article.

Any exception other than our typed errors is a bug; when one turns up, add the input to
``REGRESSIONS`` below so it is replayed on every run. ``HOSTILE_FUZZ_EXAMPLES`` raises the
budget for a longer local run (CI keeps the default, which takes seconds).
"""

from __future__ import annotations

import json
import os

import hostile_corpus as hc
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from scrapy_cleanarticle import Article, CleanArticleError, clean_article, clean_html
from scrapy_cleanarticle.textutil import XML_FORBIDDEN
from scrapy_cleanarticle.verdict import PAGE_TYPES

EXAMPLES = int(os.environ.get("HOSTILE_FUZZ_EXAMPLES", "150"))

#: Inputs that once crashed something. Each must now give an Article or a typed error.
REGRESSIONS: list[tuple[bytes, str | None]] = [
    (b"<a><a><xmp><a href=\" \x01\x02javascript:alert(1)\">c</a>", None),  # sanitize: control
    # characters in raw text made lxml refuse the merged text when <xmp> was unwrapped
    (b"<p>x</p>\x00" * 3 + b"<!DOCTYPE x [<!ENTITY a 'b'>", None),
    (b"<?xml version='1.0' encoding='utf-16'?><p>x</p>", "text/html; charset=utf-16"),
    (b"\xff\xfe<\x00p\x00>", None),  # a BOM and an odd number of bytes
    # libxml2 turned &#1; into a raw U+0001 here, which lxml then refused to copy
    (b"\x00!DOCTYPE html><html><body><article><p>&#1;The harbour</p></article></body></html>",
     None),
    (b"<p>&#x1;&#X0b;&#00031;&#9;&#10;&#13;&#xD800;&#1114112;&#xFFFE;</p>", None),
]

_SEEDS = [hc._page(hc.STORY_EN).encode(), hc.SCRIPTS_ONLY, hc.FRAMESET, hc.EXTERNAL_ENTITY]
_CTYPES = st.sampled_from([None, "text/html", "text/html; charset=utf-8",
                           "text/html; charset=shift_jis", "text/html; charset=utf-16",
                           "application/pdf", "text/html; charset=x-unknown"])


def _check_article(article: Article) -> None:
    """What every Article promises, whatever came in."""
    body = article.articleBody
    json.dumps(article.to_dict())  # the item is plain JSON
    assert not XML_FORBIDDEN.search(body), "a control character reached the body"
    assert body == body.strip() and "\n\n\n" not in body, "paragraphs are joined by one blank line"
    if not body:
        assert article.metadata.get("reason") and not article.articleBodyHtml and not article.images
    assert article.metadata["pageType"] in PAGE_TYPES
    assert 0.0 <= float(article.metadata["probability"]) <= 1.0
    _check_markup(article.articleBodyHtml)
    for image in [*article.images, *filter(None, [article.mainImage])]:
        assert image.url.startswith(("https://", "http://")), image  # the page URL is absolute


def _check_markup(markup: str) -> None:
    """Output markup runs nothing: no script element, event handler or script URL."""
    if not markup.strip():
        return
    for el in lxml.html.document_fromstring(markup).iter(etree.Element):  # no comments
        assert el.tag != "script", "a script element in the output"
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name}={value!r}"
            plain = XML_FORBIDDEN.sub("", value).strip().lower()
            assert not plain.startswith(("javascript:", "vbscript:")), f"{name}={value!r}"


def _check(raw: bytes, ctype: str | None) -> None:
    with hc.time_limit(30):
        try:
            _check_article(clean_article(raw, "https://example.com/f", content_type=ctype))
            _check_markup(clean_html(raw, "https://example.com/f", content_type=ctype))
        except CleanArticleError as exc:
            assert exc.reason and str(exc)


@pytest.mark.parametrize("raw,ctype", REGRESSIONS)
def test_regressions(raw: bytes, ctype: str | None) -> None:
    _check(raw, ctype)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=2048), _CTYPES)
def test_fuzz_raw_bytes(raw: bytes, ctype: str | None) -> None:
    _check(raw, ctype)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(1, 12))):
        op = draw(st.integers(0, 2))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == 0 and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == 1:
            data[pos:pos] = draw(st.sampled_from([b"<", b">", b"<div>", b"</p>", b"<!--", b"\x00",
                                                  b"&#0;", b"<![CDATA[", b"\xff\xfe", b"<script>"]))
        else:
            del data[pos:pos + draw(st.integers(1, 64))]
    return bytes(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated(), _CTYPES)
def test_fuzz_mutated_html(raw: bytes, ctype: str | None) -> None:
    _check(raw, ctype)
