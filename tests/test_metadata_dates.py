"""Date rules of issue 16: each has a page where it fires and one where it must not."""

from __future__ import annotations

from datetime import datetime, timezone

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.dates import visible_date

WEBPAGE_LD = """<script type="application/ld+json">{"@context": "https://schema.org",
 "@type": "WebPage", "name": "Moving services", "datePublished": "2021-03-04T10:00:00+00:00"}
</script>"""


def _meta(html: str, url: str | None = "https://example.org/page") -> PageMetadata:
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


def test_webpage_stamp_without_a_shown_date_is_not_a_publication_date() -> None:
    meta = _meta(f"""<html><head>{WEBPAGE_LD}</head><body><h1>Moving services you can trust</h1>
    <p>We move homes and offices across the region, every day of the week.</p></body></html>""")
    assert meta.date_published is None


def test_webpage_stamp_counts_when_the_page_shows_a_date() -> None:
    meta = _meta(f"""<html><head>{WEBPAGE_LD}</head><body><article>
    <h1>How we planned the big office move</h1><p class="byline">March 4, 2021</p>
    <p>We move homes and offices across the region, every day of the week.</p>
    </article></body></html>""")
    assert meta.date_published == "2021-03-04T10:00:00+00:00"


def test_webpage_stamp_counts_when_a_meta_tag_declares_publication() -> None:
    meta = _meta(f"""<html><head>{WEBPAGE_LD}
    <meta property="article:published_time" content="2021-03-04T10:00:00+00:00"></head>
    <body><h1>Moving services you can trust</h1></body></html>""")
    assert meta.date_published == "2021-03-04T10:00:00+00:00"


def test_article_schema_date_needs_no_shown_date() -> None:
    ld = WEBPAGE_LD.replace('"WebPage"', '"BlogPosting"')
    meta = _meta(f"""<html><head>{ld}</head><body><h1>Moving services you can trust</h1>
    </body></html>""")
    assert meta.date_published == "2021-03-04T10:00:00+00:00"


def test_itemprop_meta_in_head_gives_the_dates() -> None:
    meta = _meta("""<html><head><title>A post</title>
    <meta itemprop="datePublished" content="2020-12-23T11:48:54-0800">
    <meta itemprop="dateModified" content="2025-05-23T07:33:38-0700">
    </head><body><h1>A post about travel in winter</h1></body></html>""")
    assert meta.date_published == "2020-12-23T11:48:54-08:00"
    assert meta.date_modified == "2025-05-23T07:33:38-07:00"


def test_itemprop_meta_in_the_body_is_not_the_page_date() -> None:
    # outside the <head>, a loose itemprop may belong to a teaser's markup
    meta = _meta("""<html><head><title>A post</title></head><body>
    <h1>A post about travel in winter</h1>
    <div class="teaser"><meta itemprop="datePublished" content="2020-12-23T11:48:54-0800">
    </div></body></html>""")
    assert meta.date_published is None


def test_time_in_the_articles_own_footer_is_its_date() -> None:
    iso, _ = visible_date(lxml.html.document_fromstring("""<html><body><main><article>
    <h1>Preparing a transition</h1>
    <p>Body text of the post, long enough to be a story of its own here.</p>
    <footer><p>Posted by <a href="/a/cw">Colin</a> on
      <time datetime="2025-12-18T13:21:19+00:00">2025-12-18</time></p></footer>
    </article></main></body></html>"""))
    assert iso == "2025-12-18T13:21:19+00:00"


def test_time_in_the_page_footer_is_not_the_articles_date() -> None:
    iso, _ = visible_date(lxml.html.document_fromstring("""<html><body><main><article>
    <h1>Preparing a transition</h1>
    <p>Body text of the post, long enough to be a story of its own here.</p></article></main>
    <footer><p>Site map <time datetime="2025-12-18T13:21:19+00:00">2025-12-18</time></p>
    </footer></body></html>"""))
    assert iso is None


def test_page_without_h1_scans_from_the_element_that_shows_the_headline() -> None:
    meta = _meta("""<html><head><meta property="og:title" content="Scaling Go testing with mocks">
    </head><body><nav><a href="/">Home</a></nav><div class="title">Scaling Go testing with mocks</div>
    <div><p>Preetam Jinka</p><p>Dec 17, 2025</p></div>
    <p>Mocks are not the enemy; bad tests are. This is how we scale our test suite.</p>
    </body></html>""", None)
    assert meta.date_published == "2025-12-17"


def test_page_without_h1_or_a_shown_headline_finds_no_date_by_it() -> None:
    meta = _meta("""<html><head><meta property="og:title" content="Scaling Go testing with mocks">
    </head><body><nav><a href="/">Home</a></nav><div class="title">Our engineering blog</div>
    <div><p>Preetam Jinka</p><p>Dec 17, 2025</p></div>
    <p>Mocks are not the enemy; bad tests are. This is how we scale our test suite.</p>
    </body></html>""", None)
    assert meta.date_published is None


def test_update_word_after_its_date_marks_that_date_updated() -> None:
    # "2019年12月17日更新" is "updated 17 Dec 2019": the date line below it is the publication
    meta = _meta("""<html><head></head><body><article><h1>Pythonではじめるプログラミング入門</h1>
    <p>2019年12月17日更新</p><p>2019年4月26日</p><p>本文です。</p></article></body></html>""")
    assert (meta.date_published or "").startswith("2019-04-26")


def test_published_date_before_an_update_word_and_its_date_stays_published() -> None:
    meta = _meta("""<html><head></head><body><article><h1>How we planned the big office move</h1>
    <p>Published March 5, 2021, updated March 6, 2021</p><p>We move homes.</p>
    </article></body></html>""")
    assert (meta.date_published or "").startswith("2021-03-05")


def _stamped(stamp: str, url: str, lang: str = "en") -> PageMetadata:
    html = (f'<html lang="{lang}"><head><meta property="article:published_time" '
            f'content="{stamp}"></head><body><h1>Comfort watches, day eighteen</h1>'
            "<p>Tonight's film.</p></body></html>")
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


def _instant(iso: str | None) -> datetime:
    assert iso is not None
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(timezone.utc)


@pytest.mark.parametrize(("stamp", "url", "day"), [
    # a local evening post: UTC has already turned the day the URL names
    ("2025-12-19T02:41:41+00:00", "https://blog.example.com/2025/12/18/day-eighteen/", "2025-12-18"),
    ("2016-12-20T00:08:44Z", "https://news.example.com/2016/12/19/story/", "2016-12-19"),
    # a morning post east of Greenwich: UTC is still on the day before the URL's
    ("2025-03-04T22:30:00Z", "https://news.example.com/2025/03/05/story/", "2025-03-05"),
    # the URL agrees with UTC, or is too far for a time zone: the stamp stays as written
    ("2025-12-19T02:41:41+00:00", "https://blog.example.com/2025/12/19/day-nineteen/", "2025-12-19"),
    ("2016-09-19T11:46:01Z", "https://news.example.com/2016/09/20/print-edition/", "2016-09-19"),
    ("2025-12-19T02:41:41+00:00", "https://blog.example.com/day-eighteen/", "2025-12-19"),
])
def test_a_utc_stamp_is_told_on_the_urls_day(stamp: str, url: str, day: str) -> None:
    meta = _stamped(stamp, url)
    assert meta.date_published is not None and meta.date_published[:10] == day
    assert _instant(meta.date_published) == _instant(stamp)  # the same moment, told locally


def test_a_utc_stamp_is_told_in_the_pages_single_zone() -> None:
    meta = _stamped("2019-03-05T23:30:00Z", "https://zeitung.example.de/artikel", lang="de")
    assert meta.date_published == "2019-03-06T00:30:00+01:00"
    other = _stamped("2019-03-05T23:30:00-05:00", "https://zeitung.example.de/artikel", lang="de")
    assert other.date_published == "2019-03-05T23:30:00-05:00"  # an offset of its own stays


def _refreshed(shown: str) -> PageMetadata:
    html = ('<html><head><script type="application/ld+json">{"@type": "BlogPosting", '
            '"headline": "How much to charge for a yoga class", "datePublished": '
            '"2025-06-24T10:00:00+00:00"}</script></head><body><article>'
            f'<h1>How much to charge for a yoga class</h1><p class="byline">{shown}</p>'
            "<p>Pricing depends on where you teach.</p></article></body></html>")
    return extract_metadata(lxml.html.document_fromstring(html), "https://yoga.example.com/blog/price",
                            config=DEFAULT_CONFIG)


@pytest.mark.parametrize(("shown", "day"), [
    ("August 25, 2024", "2024-08-25"),  # a refreshed story still shows the day it went out
    ("June 23, 2025", "2025-06-24"),  # a day off is a time zone, not a refresh
    ("July 2, 2025", "2025-06-24"),  # a later shown date is an update, never the publication
])
def test_a_shown_date_well_before_the_declared_one_is_the_original(shown: str, day: str) -> None:
    meta = _refreshed(shown)
    assert meta.date_published is not None and meta.date_published[:10] == day
    assert (("datePublished", "shown-original") in meta.sources) == (day != "2025-06-24")


_PARAGRAPH = "<p>" + " ".join(["The council voted on Tuesday to approve the new budget, which "
                               "funds schools and roads."] * 3) + "</p>"
_SIDEBAR = """<div id="sidebar"><h3>Latest posts</h3><ul><li><a href="/x">Another story</a>
01.02.2016</li></ul></div>"""


@pytest.mark.parametrize(("story", "expected"), [
    # a date over the headline, under a short story: the story's, not the sidebar's
    (f"<div class='kicker'>12.03.2017</div><h1>Council approves the budget</h1>{_PARAGRAPH * 4}",
     "2017-03-12"),
    # the story's foot, inside its <article>, in a box of any name ("card", "list-item")
    (f"<article><h1>Council approves the budget</h1>{_PARAGRAPH * 4}<div class='card'>"
     "<time datetime='2017-03-12'>March 12, 2017</time></div></article>", "2017-03-12"),
    # a foot line that names no teaser or list
    (f"<h1>Council approves the budget</h1>{_PARAGRAPH * 4}<p>Jane Doe, 12.03.2017</p>",
     "2017-03-12"),
    # a post's footer in the headline's own box, with no <article> (older templates)
    (f"<h1>Council approves the budget</h1>{_PARAGRAPH * 4}<div class='post-footer'>"
     "Posted on March 12, 2017 by jane</div>", "2017-03-12"),
    # nothing but the sidebar's and an embedded post's dates past the story's paragraphs
    (f"<h1>Council approves the budget</h1>{_PARAGRAPH * 4}", None),
    (f"<article><h1>Council approves the budget</h1>{_PARAGRAPH * 4}"
     "<blockquote class='embedded-post'><p>Old news</p><a href='/p/1'>October 16, 2014</a>"
     "</blockquote></article>", None),
])
def test_a_date_past_the_storys_text_is_its_own_only_outside_teasers(story: str,
                                                                   expected: str | None) -> None:
    meta = _meta(f"<html><body><div id='main'>{story}</div>{_SIDEBAR}</body></html>",
                 url="https://example.org/local/budget.html")
    assert (meta.date_published or "")[:10] == (expected or "")



def test_a_questions_created_time_beats_a_later_comments_published_one() -> None:
    # a Q&A page marks the question "dateCreated" and each comment "datePublished"; the
    # first marked <time> in the page is the question's
    tree = lxml.html.document_fromstring("""<html><body><h1>Why is except: pass bad?</h1>
    <div>Asked <time itemprop="dateCreated" datetime="2014-02-04 13:02:51Z">12 years ago</time>
    </div><div class="post"><p>I often see comments on other questions about except: pass.</p>
    <div id="follow-ups"><div class="d-flex"><a href="/users/1/jane">Jane</a> Useful, thanks.
    <time class="d-none" itemprop="datePublished">2019-01-21T21:40:59Z</time></div></div></div>
    </body></html>""")
    assert (visible_date(tree, marked_only=True)[0] or "")[:10] == "2014-02-04"
