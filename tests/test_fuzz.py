"""A bounded fuzz target: hypothesis over raw bytes (and mutated HTML) into clean_article.

Any exception other than our typed errors is a bug; when one turns up, add the input to
``REGRESSIONS`` below so it is replayed on every run. ``HOSTILE_FUZZ_EXAMPLES`` raises the
budget for a longer local run (CI keeps the default, which takes seconds).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapy_cleanarticle import CleanArticleError, clean_article, clean_html

sys.path.insert(0, str(Path(__file__).parent))
import hostile_corpus as hc

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


def _check(raw: bytes, ctype: str | None) -> None:
    with hc.time_limit(30):
        try:
            article = clean_article(raw, "https://example.com/f", content_type=ctype)
            assert isinstance(article.articleBody, str)
            if not article.articleBody:
                assert article.metadata.get("reason")
            clean_html(raw, "https://example.com/f", content_type=ctype)
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
