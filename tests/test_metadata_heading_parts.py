"""Headlines from headings that wrap the title in labels, and heading text as words (issue 16,
round four): each rule has a page where it fires and one where it must not."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.headtext import heading_text
from scrapy_cleanarticle.metadata.normalize import clean_text

TOPIC = "What should I look for in a web host"


def _meta(head: str, body: str, url: str = "https://board.example.net/t/1") -> PageMetadata:
    html = f"<html><head>{head}</head><body>{body}<p>Some text of the page.</p></body></html>"
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


@pytest.mark.parametrize("h1", [
    f'Thread: <span class="threadtitle"><a href="/t/1">{TOPIC}?</a></span>',
    f'<span class="label">Question</span><span> </span>{TOPIC}?',
    f'<span class="title"><a href="/t/1">{TOPIC}?</a> <span>(example.com)</span></span>'
    '<span class="comments"><a href="#c">139</a></span>',
    f'{TOPIC}?<span hidden><span>Stay organized with collections</span></span>',
])
def test_a_label_around_the_title_in_the_h1_is_not_the_headline(h1: str) -> None:
    meta = _meta(f'<title>{TOPIC}? | Hosting Board</title>'
                 f'<meta property="og:title" content="{TOPIC}?">', f"<h1>{h1}</h1>")
    assert meta.headline == f"{TOPIC}?"


def test_words_of_the_h1_stay_when_no_declared_title_is_the_part() -> None:
    """The markup says where a label could end; only a declared title says that it does."""
    h1 = 'Machine learning recruiters <span class="sub">and executive search</span>'
    meta = _meta("<title>Machine learning recruiters and executive search | Hire Co</title>",
                 f"<h1>{h1}</h1>")
    assert meta.headline == "Machine learning recruiters and executive search"
    meta = _meta('<title>Quiet Kettle | Kitchen Shop</title>'
                 '<meta property="og:site_name" content="Kitchen Shop">',
                 '<h1>Quiet Kettle <span>Stainless steel, 1.7 litres</span></h1>')
    assert meta.headline == "Quiet Kettle"  # a declared title names the part: the tagline goes


def test_a_lower_heading_shorter_than_the_title_is_a_tagline() -> None:
    meta = _meta('<meta property="og:title" content="Trail Runner 41 Men\'s Road Running Shoes">',
                 "<h2>Men's Road Running Shoes</h2>")
    assert meta.headline == "Trail Runner 41 Men's Road Running Shoes"


def test_a_lower_heading_that_is_a_segment_of_the_title_is_the_headline() -> None:
    meta = _meta("<title>View topic - Football season: the league is back!</title>",
                 '<h2><a href="/t/1">Football season: the league is back!</a></h2>')
    assert meta.headline == "Football season: the league is back!"


@pytest.mark.parametrize("label", [" / Dec 2025", " - Programming", " | Part 1"])
def test_a_lower_heading_that_adds_a_label_segment_to_the_title_is_not_the_headline(
        label: str) -> None:
    """"Porting a parser and its test suite / Dec 2025": the heading is the declared title
    with a date or a section after a separator, and the title is the headline."""
    title = "Porting a parser and its whole test suite"
    meta = _meta(f'<title>{title} | Code Notes</title>'
                 f'<meta property="og:title" content="{title}">',
                 f'<h1><a href="/">Code Notes</a></h1><h2>{title}{label}</h2>',
                 url="https://notes.example.dev/2025/12/porting")
    assert meta.headline == title


def test_a_lower_heading_that_merely_mentions_the_title_segment_is_no_entry_title() -> None:
    """"Promise - JavaScript | Dev Pages": a sidebar heading "JavaScript reference and guides"
    does not make the ``<h1>`` "Promise" the site's name."""
    meta = _meta("<title>Promise - JavaScript | Dev Pages</title>",
                 "<h1>Promise</h1><nav><h2>Reference and guides for JavaScript developers"
                 "</h2></nav><div><h3>JavaScript language reference and the built-in objects"
                 "</h3></div>", url="https://www.example.org/Promise")
    assert meta.headline == "Promise"


def test_shown_text_that_looks_like_markup_is_words() -> None:
    meta = _meta("<title>&lt;table&gt;: The Table element - HTML | Docs</title>",
                 "<h1><code>&lt;table&gt;</code>: The Table element</h1>")
    assert meta.headline == "<table>: The Table element"
    meta = _meta('<meta property="og:title" content="30 Years of &lt;br&gt; Tags">', "")
    assert meta.headline == "30 Years of <br> Tags"


@pytest.mark.parametrize(("declared", "expected"), [
    ("<b>Bold</b> move", "Bold move"),
    ('A <a href="/x">linked</a> title', "A linked title"),
    ("Line one<br/>line two", "Line one line two"),
    ("30 Years of <br> Tags", "30 Years of <br> Tags"),
])
def test_declared_markup_is_dropped_only_when_it_is_markup(declared: str, expected: str) -> None:
    assert clean_text(declared) == expected


def test_text_encoded_twice_is_read_once() -> None:
    twice = "\u2019".encode("utf-8").decode("latin-1")
    assert clean_text(f"An Investor{twice}s Guide") == "An Investor\u2019s Guide"
    assert clean_text("Caf\u00e9 \u00c2 la carte") == "Caf\u00e9 \u00c2 la carte"


@pytest.mark.parametrize(("h1", "expected"), [
    # only blocks in the heading: the title's block, less the lower heading's subtitle
    ("<h1><div><p>Tax 101: the basics</p><h4>A guide to the taxes you pay</h4></div></h1>",
     "Tax 101: the basics"),
    # two blocks of one title are two runs of words, not one glued word
    ("<h1><div><span>Tax 101:</span><div>the basics</div></div></h1>", "Tax 101: the basics"),
    ("<h1><div><div>Tax 101:</div><div>the basics</div></div></h1>", "Tax 101: the basics"),
])
def test_the_words_of_a_heading_made_of_blocks(h1: str, expected: str) -> None:
    tree = lxml.html.document_fromstring(f"<html><body>{h1}</body></html>")
    assert heading_text(next(tree.iter("h1"))) == expected
