"""Issue 16, round seventeen: the story's heading over a ``<title>`` the page never shows.

Older news sites wrote a short headline for search results into the ``<title>`` and set the
story's own headline on the page in other words, under a logo. Each page below declares no
title; the first ones are the shape, the rest the pages where the ``<title>`` must stay.
"""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.byline import cut_tail
from scrapy_cleanarticle.metadata.dates import date_from_url, only_date
from scrapy_cleanarticle.metadata.headings import _type_rank

_URL = "http://www.dailycourier.example/news/2010/03/23/story123.html"
_HEADLINE = "President signs landmark health care overhaul into law"
_SHORT = "Obama signs health bill"
_STORY = "<p>" + " ".join(["The council met for a long evening to argue about the budget, "
                           "and it finally reached a compromise that pleased few."] * 3) + "</p>"
_LOGO = "<div id='masthead'><h1><a href='/'>The Daily Courier</a></h1></div>"
_MENU = "<ul class='nav'><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li></ul>"
_FOOT = "<div id='footer'>Copyright 2010 The Daily Courier. All rights reserved.</div>"
_BYLINE = "<p class='byline'>By John Smith</p>"
_DATE = "<p class='date'>March 23, 2010</p>"


def _meta(title: str, story: str, head: str = "") -> PageMetadata:
    html = (f"<html><head><title>{title}</title>{head}</head><body>{_LOGO}{_MENU}"
            f"<div id='content'>{story}</div>{_FOOT}</body></html>")
    return extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)


@pytest.mark.parametrize("title", [
    f"{_SHORT} - News - The Daily Courier",
    f"The Daily Courier: {_SHORT}",  # the site's name glued to it by a colon
    _SHORT,
])
@pytest.mark.parametrize("heading", [
    f"<h2 class='headline'>{_HEADLINE}</h2>{_BYLINE}",
    f"<div class='storyheadline'>{_HEADLINE}</div>{_DATE}",
    f"<h3>{_HEADLINE}</h3>{_BYLINE}{_DATE}",
    f"<font size='5'><b>{_HEADLINE}</b></font><br>{_DATE}",
])
def test_the_story_heading_stands_over_a_title_the_page_never_shows(title: str,
                                                                   heading: str) -> None:
    assert _meta(title, heading + _STORY).headline == _HEADLINE


_TITLE = f"{_SHORT} - News - The Daily Courier"


def test_a_heading_with_no_byline_or_date_by_it_keeps_the_title() -> None:
    # a landing page's slogan over its pitch: nothing says a story starts there
    assert _meta(_TITLE, f"<h2 class='headline'>{_HEADLINE}</h2>{_STORY}").headline == _SHORT


def test_a_heading_that_shares_no_word_with_the_title_keeps_the_title() -> None:
    heading = "<h2 class='headline'>Council approves its budget after a long night</h2>"
    assert _meta(_TITLE, heading + _BYLINE + _STORY).headline == _SHORT


def test_a_heading_after_the_stories_first_sentences_keeps_the_title() -> None:
    # a section of the text, not the heading that opens it
    heading = f"<h3>{_HEADLINE}</h3>{_BYLINE}"
    assert _meta(_TITLE, _STORY + heading + _STORY).headline == _SHORT


def test_a_title_the_page_shows_is_read_as_before() -> None:
    shown = f"<h2>{_SHORT}</h2>{_BYLINE}<h3 class='headline'>{_HEADLINE}</h3>"
    assert _meta(_TITLE, shown + _STORY).headline == _SHORT


def test_a_declared_title_is_not_second_guessed() -> None:
    head = f"<meta property='og:title' content='{_SHORT}'>"
    story = f"<h2 class='headline'>{_HEADLINE}</h2>{_BYLINE}{_STORY}"
    assert _meta(_TITLE, story, head).headline == _SHORT


# --- a section glued to the headline by a colon ----------------------------------------------

_BUDGET = "Council approves budget after long night of debate"


@pytest.mark.parametrize("shown", [
    f"<table><tr><td class='headline'>{_BUDGET}</td></tr></table>",
    f"<p><b>{_BUDGET}</b></p>",
])
def test_a_menu_section_before_a_colon_is_cut_when_the_rest_is_shown(shown: str) -> None:
    menu = "<ul class='menu'><li><a href='/local'>Local News</a></li></ul>"
    assert _meta(f"Local News: {_BUDGET}", menu + shown + _STORY).headline == _BUDGET


def test_words_before_a_colon_that_no_link_gives_stay() -> None:
    # "Brexit: what happens next": the words before the colon are the headline's own
    shown = f"<p><b>{_BUDGET}</b></p>"
    title = f"Late vote: {_BUDGET}"
    assert _meta(title, shown + _STORY).headline == title


# --- a month written as a word between the year and the day folders --------------------------


@pytest.mark.parametrize(("url", "day"), [
    ("https://www.paper.example/world/2010/mar/23/budget-vote", "2010-03-23"),
    ("https://www.paper.example/blog/2023/october/3/wine-styles/", "2023-10-03"),
    ("https://www.paper.example/2019/Nov/18", "2019-11-18"),
    ("https://www.zeitung.example/2019/okt/08/haushalt", "2019-10-08"),
])
def test_a_month_word_between_year_and_day_folders_dates_the_url(url: str, day: str) -> None:
    assert date_from_url(url) == day


@pytest.mark.parametrize("url", [
    "https://www.paper.example/2010/marketing/23/",  # a word that only starts like a month
    "https://www.paper.example/2010/news/23/",
    "https://www.paper.example/2010/feb/30/story",  # no such day
    "https://www.paper.example/2010/mar/story-23",  # the month alone
])
def test_other_words_between_year_and_number_date_nothing(url: str) -> None:
    assert date_from_url(url) is None


def test_the_url_day_dates_a_page_that_shows_none() -> None:
    html = f"<html><head><title>{_SHORT}</title></head><body><h1>{_SHORT}</h1>{_STORY}</body></html>"
    meta = extract_metadata(lxml.html.document_fromstring(html),
                            "https://www.paper.example/world/2010/mar/23/health-bill",
                            config=DEFAULT_CONFIG)
    assert meta.date_published is not None and meta.date_published.startswith("2010-03-23")


# --- more meta names for the published and modified days --------------------------------------


def _head_meta(attr: str) -> PageMetadata:
    html = (f"<html><head><title>{_SHORT}</title><meta {attr}></head>"
            f"<body><h1>{_SHORT}</h1>{_STORY}</body></html>")
    url = "http://www.dailycourier.example/news/story.php?id=123"  # no day in it
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


@pytest.mark.parametrize("name", ["og:regdate", "og:question:published_time",
                                  "video:release_date", "prism.publicationDate",
                                  "firstPublishedAt", "ArticleDate", "date.created",
                                  "creation_date"])
def test_more_meta_names_give_the_published_day(name: str) -> None:
    assert _head_meta(f"name='{name}' content='2010-03-23T14:22:00+01:00'").date_published \
        == "2010-03-23T14:22:00+01:00"


@pytest.mark.parametrize("name", ["bt:moddate", "lastdate"])
def test_more_meta_names_give_the_modified_day_only(name: str) -> None:
    meta = _head_meta(f"name='{name}' content='2010-03-24'")
    assert meta.date_modified is not None and meta.date_modified.startswith("2010-03-24")
    assert meta.date_published is None


@pytest.mark.parametrize("name", ["timestamp", "gen-date", "search_date"])
def test_names_of_a_pages_generation_give_no_published_day(name: str) -> None:
    assert _head_meta(f"name='{name}' content='2010-03-23'").date_published is None


# --- a date alone opening the story's first paragraph -----------------------------------------

_OPENING = ("Der Gemeinderat hat am Abend lange über den Haushalt beraten und schließlich "
            "einen Kompromiss gefunden, der wenigen gefiel.")


@pytest.mark.parametrize(("opening", "day"), [
    ("23.03.2010 – ", "2010-03-23"),
    ("23 mars 2010 — ", "2010-03-23"),
    ("23.03.2010 14:22 - ", "2010-03-23"),
    ("Berlin, 23.03.2010 – ", "2010-03-23"),  # a place before it, as before
    ("Am 23.03.2010 – ", None),  # a sentence's words: no dateline
])
def test_a_date_alone_opening_the_text_is_its_dateline(opening: str, day: str | None) -> None:
    html = (f"<html><head><title>{_SHORT}</title></head><body><h1>{_SHORT}</h1>"
            f"<p>{opening}{_OPENING}</p>{_STORY}</body></html>")
    url = "http://www.dailycourier.example/news/story.php?id=123"
    meta = extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)
    assert (meta.date_published or "")[:10] == (day or "")


@pytest.mark.parametrize(("text", "alone"), [
    ("23.03.2010", True), ("23 mars 2010", True), ("March 23 2010", True),
    ("23.03.2010 14:22", True), ("Am 23.03.2010", False), ("Dienstag 23.03.2010", False),
    ("mars", False), ("", False),
])
def test_only_a_date(text: str, alone: bool) -> None:
    assert only_date(text) is alone


# --- "Posted by" and "written by" in other languages ------------------------------------------


@pytest.mark.parametrize(("line", "names"), [
    ("Posted by John Smith on March 23, 2010", ["John Smith"]),
    ("posted by John Smith", ["John Smith"]),
    ("Posted by <b>Jane Doe</b> on 23 March 2010", ["Jane Doe"]),
    ("Geschrieben von Hans Müller", ["Hans Müller"]),
    ("Verfasst von Hans Müller am 23.03.2010", ["Hans Müller"]),
    ("Publicado por Juan Pérez", ["Juan Pérez"]),
    ("Geplaatst door Jan de Vries", ["Jan de Vries"]),
    ("Écrit par Jean Dupont", ["Jean Dupont"]),
    ("By John Smith on March 23, 2010", ["John Smith"]),  # as before
])
def test_a_byline_that_opens_with_a_verb_of_posting_keeps_its_names(line: str,
                                                                    names: list[str]) -> None:
    html = (f"<html><head><title>{_BUDGET}</title></head><body><h1>{_BUDGET}</h1>"
            f"<p class='x'>{line}</p>{_STORY}</body></html>")
    url = "http://www.dailycourier.example/news/story.php?id=123"
    meta = extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)
    assert [author.name for author in meta.authors] == names


@pytest.mark.parametrize(("text", "kept"), [
    ("Posted by Jane Doe on 23 March", "Posted by Jane Doe"),
    ("Jane Doe Posted on 23 March", "Jane Doe"),  # the tail's word after the names
    ("Jane Doe in Politics", "Jane Doe"),
    ("Geschrieben von Hans Müller veröffentlicht am 23.03.2010", "Geschrieben von Hans Müller"),
])
def test_the_tail_is_cut_past_the_lead(text: str, kept: str) -> None:
    assert cut_tail(text).strip() == kept


# --- a headline in large type set by an inline style ------------------------------------------


@pytest.mark.parametrize(("style", "rank"), [
    ("font-size:24px", 2), ("font-size: 1.5em", 2), ("font-size:150%", 2), ("font-size:18pt", 2),
    ("font-size:x-large", 2), ("font-size:large", 3), ("font-size:18px", 3),
    ("font-size: 14px", None), ("font-size:small", None), ("font-size:12pt", None),
    ("color: red", None),
])
def test_an_inline_font_size_ranks_as_font_size_does(style: str, rank: int | None) -> None:
    assert _type_rank(lxml.html.fragment_fromstring(f"<span style='{style}'>x</span>")) == rank


@pytest.mark.parametrize(("style", "headline"), [
    ("font-size:24px", _BUDGET),
    ("FONT-SIZE: 1.6em; color: #333", _BUDGET),
    ("font-size:14px", "Courier"),  # text's size: no heading, the <title> stays
])
def test_a_headline_in_styled_large_type_under_a_section_title(style: str,
                                                               headline: str) -> None:
    html = ("<html><head><title>Courier - News</title></head><body><div id='header'><h1>"
            "<a href='/'>Courier</a></h1><ul><li><a href='/news'>News</a></li><li>"
            "<a href='/sport'>Sport</a></li></ul></div>"
            f"<div id='content'><div style='{style}'>{_BUDGET}</div>{_STORY}</div></body></html>")
    url = "http://www.courier.example/news/story.php?id=123"
    meta = extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)
    assert meta.headline == headline
