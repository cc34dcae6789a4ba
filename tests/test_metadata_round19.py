"""Issue 16, round nineteen: the story among the site's other parts.

Older templates set the story beside other stories and the site's own parts: a section's name
in an ``<h1>`` over it (the menu links the same section), a left column of other stories with
their days (first in the source of a layout table), a list of recent posts under a short post,
the day the page was served in the site's header. None of it is the story's title or date.
"""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata

_URL = "http://www.dailycourier.example/news/story.php?id=123"  # no day in it
_HEADLINE = "Council approves budget after long night of debate"
_STORY = "<p>" + " ".join(["The council met for a long evening to argue about the budget, "
                           "and it finally reached a compromise that pleased few."] * 3) + "</p>"
_MENU = ("<ul class='nav'><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li>"
         "<li><a href='/local'>Local News</a></li></ul>")
_LEFT = ("<td class='{cls}' valign='top'><h3>Top Stories</h3><ul><li><a href='/news/fire.php'>"
         "Fire destroys historic mill on river road</a> <span class='date'>March 21, 2010</span>"
         "</li><li><a href='/news/school.php'>School board names new superintendent</a> "
         "<span class='date'>March 20, 2010</span></li></ul></td>")
_RECENT = ("<div id='recent'><h3>Recent Posts</h3><ul><li><a href='/p/1'>Spring cleanup starts "
           "Saturday</a> March 28, 2010</li><li><a href='/p/2'>Library hours change for the "
           "summer</a> March 26, 2010</li></ul></div>")


def _meta(body: str, *, title: str = f"{_HEADLINE} - The Daily Courier", head: str = "",
          top: str = "") -> PageMetadata:
    html = (f"<html><head><title>{title}</title>{head}</head><body>{top}{_MENU}{body}"
            "<div id='footer'>Copyright 2010 The Daily Courier.</div></body></html>")
    return extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)


def _day(meta: PageMetadata) -> str | None:
    return (meta.date_published or "")[:10] or None


# --- other stories' days ----------------------------------------------------------------------

@pytest.mark.parametrize("cls", ["sidebar", "left"])  # named for what it is, or not at all
def test_a_left_columns_teaser_dates_leave_the_declared_date_alone(cls: str) -> None:
    body = (f"<table><tr>{_LEFT.format(cls=cls)}<td><h1>{_HEADLINE}</h1>{_STORY}</td></tr>"
            "</table>")
    meta = _meta(body, head="<meta name='date' content='2010-03-23'>")
    assert _day(meta) == "2010-03-23"  # the teasers' days are earlier: no "first shown" date


def test_a_left_columns_teaser_dates_are_not_the_storys() -> None:
    body = (f"<table><tr>{_LEFT.format(cls='left')}<td><h1>{_HEADLINE}</h1>{_STORY}</td></tr>"
            "</table>")
    assert _day(_meta(body)) is None


def test_recent_posts_under_a_short_story_come_after_its_own_date() -> None:
    body = f"<div id='content'><small>March 23, 2010</small><h1>{_HEADLINE}</h1>{_STORY}</div>"
    assert _day(_meta(body + _RECENT)) == "2010-03-23"


@pytest.mark.parametrize("line", [
    "By <a href='/author/jane-q-doe'>Jane Q. Doe</a> March 23, 2010",  # a writer's page
    "<a href='/staff/jdoe'>Jane Quinn Doe</a>, March 23, 2010",
    "Posted in <a href='/local'>Local Government News</a> on March 23, 2010",  # a label first
    "<a href='/2010/03/23/budget'>March 23, 2010</a>",  # a permalink: the date is the link
])
def test_a_story_date_line_with_a_link_is_still_read(line: str) -> None:
    body = f"<div id='content'><h1>{_HEADLINE}</h1><p>{line}</p>{_STORY}</div>"
    assert _day(_meta(body)) == "2010-03-23"


def test_a_link_of_a_titles_words_before_a_date_is_a_teaser_even_under_the_headline() -> None:
    body = (f"<div id='content'><h1>{_HEADLINE}</h1><p><a href='/news/fire.php'>Fire destroys "
            f"historic mill on river road</a> March 21, 2010</p>{_STORY}</div>")
    assert _day(_meta(body)) is None


# --- the site's header above the menu ---------------------------------------------------------

def test_the_day_served_above_the_menu_is_not_the_storys() -> None:
    body = f"<div id='content'><h1>{_HEADLINE}</h1>{_STORY}</div>"
    assert _day(_meta(body, top="<div class='today'>Tuesday, March 30, 2010</div>")) is None


@pytest.mark.parametrize("box", [
    "<time class='updated'>March 23, 2010</time>",  # an update stamp's class, on the line itself
    "<div class='elementor-widget elementor-widget-post-info'><ul><li><time>March 23, 2010"
    "</time></li></ul></div>",  # a page builder's widget holds the story's own date line
])
def test_a_date_line_between_the_menu_and_the_headline_is_read(box: str) -> None:
    body = f"<div id='content'>{box}<h1>{_HEADLINE}</h1>{_STORY}</div>"
    assert _day(_meta(body)) == "2010-03-23"


@pytest.mark.parametrize("between", [
    "<nav><ul><li><a href='/cite'>Cite</a></li><li><a href='/save'>Save</a></li></ul></nav>",
    "<aside class='post-meta'>Jane Doe</aside>",  # a theme's <aside> for the story's meta line
])
def test_a_menu_inside_the_storys_article_is_passed_over(between: str) -> None:
    body = f"<article><div>March 23, 2010</div>{between}<h1>{_HEADLINE}</h1>{_STORY}</article>"
    assert _day(_meta(body)) == "2010-03-23"


# --- a section's name in the <h1> -------------------------------------------------------------

_UNDER = "<div id='content'><h2>{}</h2><p>By John Smith</p>" + _STORY + "</div>"


@pytest.mark.parametrize("title", [
    f"{_HEADLINE} » Local News » The Daily Courier",  # the <h1> is the <title>'s middle
    "The Daily Courier :: Local News :: Council approves budget",  # cut short after it
    f"{_HEADLINE} (The Daily Courier)",  # no section in the <title>
    "Untitled Document",  # nothing in the <title>
])
def test_a_sections_h1_that_the_menu_links_gives_way_to_the_storys_heading(title: str) -> None:
    body = "<h1 class='section'>Local News</h1>" + _UNDER.format(_HEADLINE)
    assert _meta(body, title=title).headline == _HEADLINE


def test_a_sections_own_page_keeps_its_name() -> None:
    # the section's page lists its stories, each under a heading: the name is the page's
    teasers = "".join(f"<h2><a href='/news/{i}.php'>Story number {i} of the local news</a></h2>"
                      f"<p>A short teaser of the story number {i}.</p>" for i in range(3))
    meta = _meta(f"<h1>Local News</h1><div id='content'>{teasers}</div>",
                 title="Local News - The Daily Courier")
    assert meta.headline == "Local News"


def test_an_h1_the_menu_does_not_link_stays_the_headline() -> None:
    body = "<h1>Budget Night</h1>" + _UNDER.format("Members split on school funding again")
    assert _meta(body, title="Budget Night - The Daily Courier").headline == "Budget Night"


def test_a_title_that_gives_the_day_dates_the_heading_over_it() -> None:
    # a short search headline, the site and the day in the <title>; the page shows the story's
    # headline in other words, with no byline or date by it
    body = ("<div id='content'><h2 class='headline'>President signs landmark health care "
            f"overhaul into law</h2>{_STORY}</div>")
    meta = _meta(body, title="Obama signs health bill - The Daily Courier - March 23, 2010")
    assert meta.headline == "President signs landmark health care overhaul into law"
