from __future__ import annotations

import pytest
from lxml import etree

from scrapy_cleanarticle.metadata.normalize import fold as metadata_fold
from scrapy_cleanarticle.textutil import (
    CLD2_REFUSED,
    PARSE_DROPPED,
    XML_FORBIDDEN,
    fold,
    fold_key,
    normalized_length,
    squash,
)


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


def test_metadata_folds_like_the_rules() -> None:
    """One fold, one quote map: the metadata's comparison key is the rules' fold_key."""
    for text in ("«Breaking» news.", "„Zitat“ – Ende", "It’s ‹here›", "A\u00adB\u200bC", "`code`"):
        assert metadata_fold(text) == fold_key(text)
    assert metadata_fold("«Breaking» news.") == 'breaking" news'
    assert fold("it`s é") == "it`s é"  # a backtick is code, not a quote, on every path


def test_control_classes_match_what_lxml_refuses() -> None:
    """XML_FORBIDDEN is exactly what lxml will not store; the parser and CLD2 drop more."""
    el = etree.Element("p")
    for code in [*range(0x20), 0x7F, 0x85, 0xFFFE, 0xFFFF]:
        char = chr(code)
        try:
            el.text = char
            refused = False
        except ValueError:
            refused = True
        assert refused == bool(XML_FORBIDDEN.match(char)), hex(code)
        if refused:
            assert PARSE_DROPPED.match(char) and CLD2_REFUSED.match(char), hex(code)
    assert PARSE_DROPPED.match("\x7f") and not PARSE_DROPPED.match("\x85")
    assert CLD2_REFUSED.match("\x85") and not CLD2_REFUSED.match("\xa0")
