"""Titles on pages that declare none but ``<title>`` (issue 16, round three): each rule has a
page where it fires and one where it must not."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.headings import before_section


def _meta(html: str, url: str | None = "https://shop.example.org/c/kayaks") -> PageMetadata:
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


@pytest.mark.parametrize("where", ["footer", "div class='site-logo'"])
def test_the_sites_name_in_its_chrome_does_not_make_the_h1_the_sites(where: str) -> None:
    tag = where.split()[0]
    meta = _meta(f"""<html><head><title>Kayaks | Paddle Co-op</title></head><body>
    <h1>Kayaks</h1><ul><li>Touring kayak</li><li>Sit-on-top kayak</li></ul>
    <{where}><h2>Become a Paddle Co-op member</h2></{tag}></body></html>""")
    assert meta.headline == "Kayaks"


def test_an_entry_title_shown_below_makes_the_h1_the_blogs_name() -> None:
    meta = _meta("""<html><head><title>Paddle Notes - Three days on the river</title>
    </head><body><h1>Paddle Notes</h1><article><h2>Three days on the river</h2>
    <p>We set off at dawn.</p></article></body></html>""")
    assert meta.headline == "Three days on the river"


@pytest.mark.parametrize(("title", "expected"), [
    ("Start making my home smart. Where should I start? - Configuration",
     "Start making my home smart. Where should I start?"),
    ("2025 Top Insurance Company Rankings - Infographic", "2025 Top Insurance Company Rankings"),
    # more than one dash: which part is the section is not clear
    ("JVNDB-2018-013542 - JVN iPedia - 脆弱性対策情報データベース",
     "JVNDB-2018-013542 - JVN iPedia - 脆弱性対策情報データベース"),
    # a tail of three words is part of the headline; a head of two words is too short
    ("How we paddled - and what we learned", "How we paddled - and what we learned"),
    ("Avengers - Endgame", "Avengers - Endgame"),
])
def test_a_short_section_after_a_dash_is_cut(title: str, expected: str) -> None:
    assert before_section(title) == expected


def test_a_forum_topic_drops_its_category_and_site() -> None:
    meta = _meta("""<html><head><title>Help picking a keyboard - Custom keyboards - KeebTalk
    </title><meta property="og:site_name" content="KeebTalk"></head><body>
    <p>I need a full size board.</p></body></html>""", url="https://www.keebtalk.com/t/1")
    assert meta.headline == "Help picking a keyboard"
