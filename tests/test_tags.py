from __future__ import annotations

import lxml.html

from scrapy_cleanarticle import content as content_module
from scrapy_cleanarticle import verdict
from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import nearby
from scrapy_cleanarticle.metadata.byline import BY_LEAD
from scrapy_cleanarticle.metadata.normalize import tokens
from scrapy_cleanarticle.page import Page
from scrapy_cleanarticle.render import to_html
from scrapy_cleanarticle.tags import BLOCK, INLINE, is_paragraph_div, paragraph_divs
from scrapy_cleanarticle.textutil import DENSE_SCRIPT
from scrapy_cleanarticle.verdict import reading_length


def test_one_div_to_p_rule_for_python_and_xpath() -> None:
    """The per-element test (content selection) and the C walk (rendering) are one rule."""
    root = lxml.html.fromstring(
        "<div id='r'><div id='a'><span>text</span> more</div>"
        "<div id='b'><p>para</p></div><div id='c'><form><input></form>x</div>"
        "<div id='d'>line<hr>line</div></div>")
    by_xpath = {el.get("id") for el in paragraph_divs(root)}
    by_python = {el.get("id") for el in root.iter("div") if el is not root and is_paragraph_div(el)}
    assert by_xpath == by_python == {"a", "d"}


def test_inline_and_block_do_not_overlap() -> None:
    assert not INLINE & BLOCK


def test_a_div_of_inline_text_renders_as_a_paragraph() -> None:
    page = Page(config=DEFAULT_CONFIG, url=None, raw="")
    page.body_blocks = [lxml.html.fromstring(
        "<section><div><span>First line of text.</span></div><div><form></form>"
        "Second.</div></section>")]
    html = to_html(page)
    assert "<p><span>" not in html and "<p>First line of text.</p>" in html
    assert "<p>Second.</p>" not in html


def test_byline_lead_words_have_one_home() -> None:
    """The story filter and the metadata's visible-byline scan read one list of "By" words."""
    assert BY_LEAD in content_module._BYLINE.pattern
    assert BY_LEAD in nearby._BY.pattern
    assert content_module._BYLINE.match("Von Anna Schmidt")
    assert content_module._BYLINE.match("Oleh Budi Santoso")  # a BY_WORDS entry, now in both


def test_dense_scripts_have_one_character_class() -> None:
    assert reading_length("漢字かな한글") == 3 * 6  # each dense character counts as three
    assert tokens("東京都庁") >= {"東京", "京都", "都庁"}
    assert f"[{DENSE_SCRIPT}]" in verdict._DENSE_SCRIPT.pattern
