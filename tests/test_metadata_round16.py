"""Issue 16, round sixteen: a ``<time>``'s machine stamp told on the clock its text shows.

Each rule has a page where it fires and one where it must not.
"""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.dates import parse_date, time_value

_STORY = "<p>" + " ".join(["The council voted on Tuesday to approve the new budget, which funds "
                           "schools and roads."] * 3) + "</p>"
_URL = "https://www.bugle.example/local/council-budget"


def _time(html: str) -> str | None:
    return time_value(lxml.html.fragment_fromstring(html))


@pytest.mark.parametrize(("stamp", "text", "expected"), [
    # UTC without its zone, the text in the local evening: the moment, on the shown day
    ("2019-11-20T00:53:52", "Nov 19, 2019, 7:53pm EST", "2019-11-19T19:53:52-05:00"),
    # UTC with its zone, the text without one: the difference is the zone
    ("2019-11-20T00:53:52Z", "Nov 19, 2019, 7:53 pm", "2019-11-19T19:53:52-05:00"),
    ("2019-11-20T02:53:00+00:00", "19.11.2019, 21:53 Uhr", "2019-11-19T21:53:00-05:00"),
    # a half-hour zone, ahead of UTC
    ("2019-11-19T22:53:52", "20.11.2019 04:23", "2019-11-20T04:23:52+05:30"),
])
def test_a_utc_stamp_is_told_on_the_clock_its_text_shows(stamp: str, text: str,
                                                         expected: str) -> None:
    assert _time(f"<time datetime='{stamp}'>{text}</time>") == expected


@pytest.mark.parametrize(("stamp", "text"), [
    ("2019-11-20T00:53:52", "Nov 20, 2019, 0:53"),  # the same day: nothing to tell
    ("2019-11-20T00:53:52", "Nov 19, 2019, 9:12pm EST"),  # another minute: two moments
    ("2019-11-20T00:53:00", "Nov 19, 2019, 7:53pm PT"),  # the text's zone disagrees
    ("2019-11-20T00:53:52", "Nov 19, 2019"),  # no clock time shown: the day cannot be told
    ("2019-11-20T00:53:52-05:00", "Nov 19, 2019, 7:53pm"),  # the stamp names its own zone
    ("2019-11-20", "Nov 19, 2019"),  # no clock time in the stamp
    ("2019-11-21T12:53:00", "Nov 19, 2019, 12:53"),  # two days apart: no zone is that wide
])
def test_a_stamp_stays_as_written_when_the_text_tells_no_zone(stamp: str, text: str) -> None:
    assert _time(f"<time datetime='{stamp}'>{text}</time>") == parse_date(stamp)


def _meta(body: str) -> PageMetadata:
    html = f"<html><head><title>Council approves the budget</title></head><body>{body}</body></html>"
    return extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)


def test_the_date_under_the_headline_is_the_day_the_byline_shows() -> None:
    byline = "<div class='byline'>By <a href='/authors/jane-doe'>Jane Doe</a> " \
             "<time datetime='2019-11-20T00:53:52'>Nov 19, 2019, 7:53pm EST</time></div>"
    meta = _meta(f"<article><h1>Council approves the budget</h1>{byline}{_STORY}</article>")
    assert meta.date_published == "2019-11-19T19:53:52-05:00"


def test_a_marked_time_in_the_story_is_told_on_its_shown_day() -> None:
    stamp = "<p class='meta'>Posted <time pubdate datetime='2019-11-20T03:10:00Z'>" \
            "November 19, 2019 at 7:10 pm PST</time></p>"
    meta = _meta(f"<article><h1>Council approves the budget</h1>{stamp}{_STORY}</article>")
    assert meta.date_published == "2019-11-19T19:10:00-08:00"


# --- a date at the end of a sentence is no date line -----------------------------------------

_WIDGET = "<div class='stats'><div class='p'>The virus has spread to <b>185</b> countries. " \
          "The total confirmed cases worldwide are <b>2,825,140</b>; <b>797,826</b> have " \
          "recovered as on April 25, 2020 at 5:36 pm.</div></div>"


def test_a_date_that_ends_a_statistics_sentence_is_not_the_stories() -> None:
    byline = "<div class='byline'>By <a href='/authors/jane-doe'>Jane Doe</a> " \
             "<span>Updated: April 07, 2020 03:49 pm IST</span></div>"
    meta = _meta(f"<article><h1>Council approves the budget</h1>{byline}{_WIDGET}"
                 f"{_STORY}</article>")
    # the only date of the story is its update; the widget's "as on April 25" is a sentence's
    assert meta.date_published is not None
    assert meta.date_published.startswith("2020-04-07")


@pytest.mark.parametrize("line", [
    # a byline's date after the writer's link, in lower case, in a short box
    "<p class='meta'>By <a href='/authors/jane-doe'>Jane Doe</a> on April 25, 2020</p>",
    # a date alone after markup in a long box (share links, then the stamp)
    "<h5 class='meta'><ul><li><a href='/share/facebook'>Share this story on Facebook with "
    "your friends</a></li><li><a href='/share/twitter'>Share this story on Twitter with your "
    "followers</a></li></ul> 04/25/2020 11:00 AM PT</h5>",
])
def test_a_date_line_after_markup_is_still_read(line: str) -> None:
    meta = _meta(f"<article><h1>Council approves the budget</h1>{line}{_STORY}</article>")
    assert meta.date_published is not None
    assert meta.date_published.startswith("2020-04-25")


# --- a <title>'s middle segment shown as a heading is a section -------------------------------

def _titled(title: str, body: str, url: str = "https://docs.example.org/ref/promise") \
        -> PageMetadata:
    html = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


def test_a_middle_segment_shown_deep_in_the_page_leaves_the_h1_the_headline() -> None:
    # "Page - Section | Site" with no declared site name: the reference table's <h4>
    # "JavaScript" is a section's heading, not an entry title under a site-name <h1>
    body = "<main><h1>Promise</h1><p>" + "The object represents the completion of an " \
           "operation and its value. " * 4 + "</p><section><h2>Browser compatibility</h2>" \
           "<table><tr><td><h4>JavaScript</h4></td></tr></table></section></main>"
    assert _titled("Promise - JavaScript | DevDocs", body).headline == "Promise"


def test_an_entry_title_at_the_far_end_still_makes_the_h1_the_blogs_name() -> None:
    body = "<div id='header'><h1>Paddle Notes</h1></div><article><h2>Three days on the " \
           "river</h2><p>We set off at dawn.</p></article>"
    meta = _titled("Paddle Notes - Trips - Three days on the river", body,
                   "https://notes.example.org/2010/03/river.html")
    assert meta.headline == "Three days on the river"


# --- the story's own <footer> holds its byline -------------------------------------------------

_AUTHOR_BOX = "<div class='author'><p class='name'><a href='/author/jdoe/' rel='author' " \
              "title='Posts by Jane Doe'>Jane Doe</a></p></div>"
# a story long enough that the scan of the lines under the headline ends before its foot
_LONG_STORY = "".join(f"<p>The council met for the {n}th time and voted on the budget.</p>"
                      for n in range(80))


def test_the_author_in_the_footer_of_the_storys_article_is_its_byline() -> None:
    # blog themes close a post with <footer class="meta">: author, date, categories
    page = f"<article class='post'><header><h1>Council approves the budget</h1></header>" \
           f"{_LONG_STORY}<footer id='post_meta' class='meta'>{_AUTHOR_BOX}</footer></article>"
    assert [a.name for a in _meta(page).authors] == ["Jane Doe"]


@pytest.mark.parametrize("footer", [
    # the site's footer, outside the story's article
    f"<footer class='site-footer'>{_AUTHOR_BOX}</footer>",
    # a comment's footer: its own <article>, without a headline
    f"<section class='replies'><article class='reply'><footer class='reply-meta'>"
    f"{_AUTHOR_BOX}</footer><p>Great post, thanks.</p></article></section>",
])
def test_an_author_link_in_another_footer_is_no_byline(footer: str) -> None:
    page = f"<article class='post'><header><h1>Council approves the budget</h1></header>" \
           f"{_LONG_STORY}</article>{footer}"
    assert _meta(page).authors == ()


# --- a column of dates is a series, not the story's date line ---------------------------------

_SERIES = "<details><summary>Data: home sale prices</summary><table><thead><tr><th>Date</th>" \
          "<th>Change</th></tr></thead><tbody><tr><td>1/1/2013</td><td>+13.1%</td></tr>" \
          "<tr><td>2/1/2013</td><td>+13.1%</td></tr><tr><td>3/1/2013</td><td>+11.9%</td></tr>" \
          "</tbody></table></details>"


def test_a_date_in_a_column_of_dates_does_not_replace_the_declared_one() -> None:
    # a time series under the headline: "1/1/2013" is its first row, not the story's first day
    head = "<meta property='article:published_time' content='2025-02-12T23:21:00+00:00'>"
    html = f"<html><head><title>Council approves the budget</title>{head}</head><body>" \
           f"<article><h1>Council approves the budget</h1>{_SERIES}{_STORY}</article>" \
           f"</body></html>"
    meta = extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)
    assert meta.date_published == "2025-02-12T23:21:00+00:00"


def test_a_dateline_in_a_layout_tables_cell_is_still_read() -> None:
    # an older page set in a table: the date's cell is one of a kind in its column
    body = "<table><tr><td class='head'><h1>Council approves the budget</h1></td></tr>" \
           "<tr><td class='date'>March 3, 2008</td></tr>" \
           f"<tr><td class='story'>{_STORY}</td></tr></table>"
    assert _meta(body).date_published == "2008-03-03"


# --- the declared title shown whole above an <h1> of the post's own text ----------------------

def test_a_lower_heading_above_the_h1_that_shows_the_declared_title_is_the_headline() -> None:
    # a blog template sets the post's title in an <h2>; the post's Markdown opens a section
    # with an <h1> that shares two of its words
    head = "<title>What do people love about Paddling? | Paddle Blog</title>" \
           "<meta property='og:title' content='What do people love about Paddling? | Paddle Blog'>"
    body = "<header><h2>What do people love about Paddling?</h2></header><div class='post'>" \
           "<h1>But what they love is the quiet of the river</h1>" + _STORY + "</div>"
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    meta = extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)
    assert meta.headline == "What do people love about Paddling?"


def test_a_lower_heading_under_the_h1_that_repeats_the_social_title_leaves_the_h1() -> None:
    head = "<title>Best Kayaks for Seniors in 2025</title>" \
           "<meta property='og:title' content='Best Kayaks for Seniors in 2025'>"
    body = "<article><h1>Best Kayaks for Seniors</h1>" + _STORY + \
           "<h2>Best Kayaks for Seniors in 2025</h2><p>Our picks follow.</p></article>"
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    meta = extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)
    assert meta.headline == "Best Kayaks for Seniors"
