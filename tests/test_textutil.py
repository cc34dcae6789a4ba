from __future__ import annotations

import pytest
from lxml import etree

from scrapy_cleanarticle.textutil import fold, fold_key, normalized_length, squash


def test_fold_makes_quotes_dashes_case_and_spaces_equal() -> None:
    assert fold("Kim Jong Un’s  visit — AFP") == fold("kim jong un's visit - afp")
    assert fold("ＡＢＣ") == "abc"  # NFKC
    assert fold_key("  ADVERTISEMENT:  ") == "advertisement"


def test_squash_collapses_every_unicode_space() -> None:
    assert squash(" a\u00a0\u2009b\n\tc ") == "a b c"


@pytest.mark.parametrize("text", ["", "  ", "\t a \n\n b\r", "a\u00a0 b", " \u2009x\u2009 ", "abc"])
def test_normalized_length_is_xpaths(text: str) -> None:
    """XPath's normalize-space() squashes only space, tab, CR and LF (NBSP is content)."""
    el = etree.Element("p")
    el.text = text
    assert normalized_length(text) == int(el.xpath("string-length(normalize-space())"))
