"""Dates on pages that declare none (issue 16, round eleven): the dateline that opens the
story's first paragraph, and the last resort, on a page that declares an article and names
its author, of the first date shown past the headline. Each rule has a page where it fires
and pages where it must not."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.dates import is_range

# more lines than the scan under the headline reads (nearby.AFTER_NODES)
FILLER = "".join(f"<p>Paragraph {i} of the story, long enough to be prose and not a line.</p>"
                 for i in range(70))
ARTICLE = '<meta property="og:type" content="article">'
AUTHOR = '<meta name="author" content="Jane Doe">'


def _meta(head: str, body: str) -> PageMetadata:
    html = f"<html><head><title>Indexing journals</title>{head}</head><body>{body}</body></html>"
    return extract_metadata(lxml.html.document_fromstring(html), "https://example.org/page",
                            config=DEFAULT_CONFIG)


def _sources(meta: PageMetadata) -> list[str]:
    return [source for field, source in meta.sources if field == "datePublished"]


# a post-info bar under the story, its date in a link; meta in an <aside> of the article
SHAPES = [
    f"""<div class="wrap"><div class="head"><h1>Indexing journals</h1></div>
    <div class="text">{FILLER}</div><ul class="post-info"><li><a href="/c/x">Insights</a></li>
    <li><a href="/2023/"><span>April 13, 2023</span></a></li></ul></div>""",
    f"""<main><article><h1>Indexing journals</h1><section>{FILLER}<aside class="meta">
    <div>Jane Doe</div><time datetime="2023-04-13">13 Apr 2023</time></aside>
    </section></article></main>""",
]


@pytest.mark.parametrize("body", SHAPES)
def test_an_authored_article_takes_the_first_date_past_its_headline(body: str) -> None:
    meta = _meta(ARTICLE + AUTHOR, body)
    assert meta.date_published == "2023-04-13"
    assert _sources(meta) == ["first-shown"]


@pytest.mark.parametrize("body", SHAPES)
@pytest.mark.parametrize("head", [ARTICLE, AUTHOR, ""])
def test_without_an_article_declared_and_an_author_no_date_is_taken(head: str,
                                                                     body: str) -> None:
    # a shop, service or listing page shows dates of other things: offers, reviews, listings
    assert _meta(head, body).date_published is None


def test_a_byline_names_the_author() -> None:
    meta = _meta(ARTICLE, f"""<h1>Indexing journals</h1><p>By Jane Doe</p>{FILLER}
    <div class="x"><span>April 13, 2023</span></div>""")
    assert meta.date_published == "2023-04-13"


def test_a_schema_article_is_declared() -> None:
    schema = ('<script type="application/ld+json">{"@type": "BlogPosting", '
              '"headline": "Indexing journals"}</script>')
    meta = _meta(schema + AUTHOR, f"""<h1>Indexing journals</h1>{FILLER}
    <div class="x"><span>April 13, 2023</span></div>""")
    assert meta.date_published == "2023-04-13"


@pytest.mark.parametrize("box", [
    '<div class="comments"><div class="c"><span>April 13, 2023</span></div></div>',
    '<div class="related-posts"><div><span>April 13, 2023</span></div></div>',
    '<blockquote><p>Quoted</p><span>April 13, 2023</span></blockquote>',
    '<nav><span>April 13, 2023</span></nav>',
    '<div class="x"><span>Updated April 13, 2023</span></div>',
    '<div class="x"><span>This page was last edited on 13 April 2023, at 08:07.</span></div>',
    '<div class="x"><span>Joined April 13, 2023</span></div>',
    '<div class="x"><span>23-26 April 2023</span></div>',
    '<div class="x"><span>1/27/2023 - 4/13/2023</span></div>',
])
def test_a_date_that_is_not_the_storys_is_not_taken(box: str) -> None:
    meta = _meta(ARTICLE + AUTHOR, f"<h1>Indexing journals</h1>{FILLER}{box}")
    assert meta.date_published is None


def test_the_headlines_containers_are_not_read_as_noise() -> None:
    # the story sits in a box whose class would mark a teaser anywhere else
    meta = _meta(ARTICLE + AUTHOR, f"""<div class="related-posts"><h1>Indexing journals</h1>
    {FILLER}<div class="x"><span>April 13, 2023</span></div></div>""")
    assert meta.date_published == "2023-04-13"


def test_a_date_before_the_headline_is_not_taken() -> None:
    # the masthead's day, not the story's
    meta = _meta(ARTICLE + AUTHOR, f"""<div class="x"><span>April 13, 2023</span></div>
    {FILLER}<h1>Indexing journals</h1>{FILLER}""")
    assert meta.date_published is None


def test_the_search_stops_after_its_reach() -> None:
    far = "".join(f"<p>{i}x</p>" for i in range(3100))
    meta = _meta(ARTICLE + AUTHOR, f"""<h1>Indexing journals</h1>{far}
    <div class="x"><span>April 13, 2023</span></div>""")
    assert meta.date_published is None


@pytest.mark.parametrize(("text", "expected"), [
    ("23-26 March 2026", True), ("23.–26. März 2026", True), ("March 23-26, 2026", True),
    ("1/27/2026 - 3/24/2026", True), ("Dec 18, 2025 5-6 min read", False),
    ("01-04-2024", False), ("March 12, 2019", False), ("Posted 3-4 days ago", False),
])
def test_a_period_is_two_years_or_two_days_of_a_month(text: str, expected: bool) -> None:
    assert is_range(text) is expected


_PROSE = " ".join(["The council voted on Tuesday to approve the new budget, which funds "
                   "schools and roads."] * 3)


@pytest.mark.parametrize(("opening", "expected"), [
    ("NEW YORK, March 12, 2019 /PRNewswire/ -- Company X today announced", "2019-03-12"),
    ("SAN FRANCISCO, Calif., March 12, 2019 (GLOBE NEWSWIRE) -- Company X today", "2019-03-12"),
    ("Berlin, 12.03.2019 – Die Stadt plant neue Radwege, sagte der Bürgermeister", "2019-03-12"),
    ("Berlin, 12/03/2019 - Die Stadt plant neue Radwege, sagte der Bürgermeister", "2019-03-12"),
    ("Paris, le 12 mars 2019 — La ville prévoit de nouvelles pistes cyclables", "2019-03-12"),
    # no place before the date: a sentence, not a dateline; no date: an agency's dateline
    ("Am 12.03.2019 – so berichtete die Stadt – begann der Bau neuer Radwege", None),
    ("WASHINGTON (AP) — The council voted on Tuesday to approve the new budget", None),
])
def test_the_dateline_that_opens_the_story_gives_its_date(opening: str,
                                                          expected: str | None) -> None:
    meta = _meta("", f"<h1>Council approves the budget</h1><p>{opening}. {_PROSE}</p>"
                     f"<p>{_PROSE}</p>")
    assert meta.date_published == expected
    assert _sources(meta) == (["dateline"] if expected else [])


def test_a_dateline_past_the_first_paragraph_is_not_read() -> None:
    meta = _meta("", f"<h1>Council approves the budget</h1><p>{_PROSE}</p>"
                     f"<p>NEW YORK, March 12, 2019 -- {_PROSE}</p>")
    assert meta.date_published is None


def test_a_date_line_under_the_headline_comes_before_the_dateline() -> None:
    meta = _meta("", f"""<h1>Council approves the budget</h1><p>March 14, 2019</p>
    <p>NEW YORK, March 12, 2019 -- {_PROSE}</p>""")
    assert meta.date_published == "2019-03-14"
    assert _sources(meta) == ["nearby"]


def test_a_dateline_never_overrules_a_declared_date() -> None:
    # a site that posts a release days after its dateline: the page's own day stands, where a
    # date shown under the headline would be taken as the story's first day
    head = '<meta property="article:published_time" content="2019-03-20T10:00:00Z">'
    meta = _meta(head, f"<h1>Council approves the budget</h1>"
                       f"<p>NEW YORK, March 12, 2019 -- {_PROSE}</p>")
    assert meta.date_published == "2019-03-20T10:00:00+00:00"
