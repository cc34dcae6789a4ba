"""Issue 16, round fifteen: what the page itself says, read where older templates put it.

Each rule has a page where it fires and one where it must not.
"""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.dates import parse_date
from scrapy_cleanarticle.metadata.headings import notice_owner
from scrapy_cleanarticle.rules import date_labels

_STORY = "<p>" + " ".join(["The council voted on Tuesday to approve the new budget, which funds "
                           "schools and roads."] * 3) + "</p>"
_URL = "https://www.bugle.example/local/council-budget"


def _meta(head: str, body: str, *, body_attrs: str = "") -> PageMetadata:
    html = f"<html><head>{head}</head><body {body_attrs}>{body}</body></html>"
    return extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)


# --- <body> is the page, not a box of it -------------------------------------------------------

_LOGO_BODY = "class='single single-post wp-custom-logo'"


def test_a_body_class_naming_a_logo_does_not_make_the_story_heading_chrome() -> None:
    # WordPress writes "wp-custom-logo" on <body> when the theme shows a logo: the <h1> four
    # boxes below it is still the story's, and it tells the <title>'s site name apart
    title = "<title>Only those who love themselves... \u2014 Daily Reflections</title>"
    body = f"<div id='container'><div id='primary'><article><h1> Only those who love " \
           f"themselves\u2026</h1>{_STORY}</article></div></div>"
    meta = _meta(title, body, body_attrs=_LOGO_BODY)
    assert meta.headline == "Only those who love themselves\u2026"


def test_a_logo_box_still_makes_its_heading_the_sites() -> None:
    body = f"<div class='site-logo'><h1>The Tageblatt</h1></div>" \
           f"<div id='primary'><article>{_STORY}</article></div>"
    meta = _meta("<title>Council approves the budget | Tageblatt</title>", body,
                 body_attrs=_LOGO_BODY)
    assert meta.headline == "Council approves the budget"


# --- an author meta tag that names the publisher -----------------------------------------------

def _byline_page(head: str, footer: str = "") -> PageMetadata:
    body = f"<article><h1>Council approves the budget</h1><p class='byline'>By " \
           f"<a href='/contributor/jane-doe'>Jane Doe</a></p>{_STORY}</article>{footer}"
    return _meta(f"<title>Council approves the budget</title>{head}", body)


@pytest.mark.parametrize(("head", "footer"), [
    # the copyright meta tag names the holder, with its year after the name
    ("<meta name='author' content='Northwind Publishing'>"
     "<meta name='copyright' content='Copyright (c) Northwind Publishing 2019'>", ""),
    # or only the notice at the foot of the page does
    ("<meta name='author' content='Northwind Publishing'>",
     "<footer><p>\u00a9 2019 Northwind Publishing. All rights reserved.</p></footer>"),
])
def test_an_author_tag_naming_the_copyright_holder_gives_way_to_the_byline(
        head: str, footer: str) -> None:
    assert [a.name for a in _byline_page(head, footer).authors] == ["Jane Doe"]


def test_an_author_tag_naming_someone_else_than_the_holder_stands() -> None:
    head = "<meta name='author' content='John Roe'>" \
           "<meta name='copyright' content='Copyright (c) Northwind Publishing 2019'>"
    assert [a.name for a in _byline_page(head).authors] == ["John Roe"]


@pytest.mark.parametrize(("line", "owner"), [
    ("\u00a9 Copyright Condé Nast 2019", "Condé Nast"),
    ("\u00a9 2008 The Daily Bugle. All rights reserved.", "The Daily Bugle"),
    ("Copyright (c) 2019 2020 Example Media Ltd", "Example Media Ltd"),
    ("no notice here", None),
])
def test_notice_owner(line: str, owner: str | None) -> None:
    assert notice_owner(line) == owner


# --- a name's last letter set apart -------------------------------------------------------------

def test_an_author_links_whole_text_is_the_name() -> None:
    body = "<article><h1>Council approves the budget</h1><div class='bylines'><div>" \
           "<a href='/contributor/jane-doe'>Jane Do<span class='link__last-letter-spacing'>e" \
           f"</span></a></div></div>{_STORY}</article>"
    meta = _meta("<title>Council approves the budget</title>", body)
    assert [a.name for a in meta.authors] == ["Jane Doe"]


# --- "11/19/19 06:56 AM EST" --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "marked", "iso"), [
    ("11/19/19 06:56 AM EST", True, "2019-11-19T06:56:00-05:00"),  # a date box's
    ("Posted 11/19/19 at 6:56 pm", False, "2019-11-19T18:56:00"),  # after a word
    ("Updated 2/7/21, 10:02 p.m. ET", False, "2021-02-07T22:02:00-05:00"),
    ("Posted 19/11/19 6:56am", False, "2019-11-19T06:56:00"),  # the month cannot come first
    # what stays no date: a bare stamp (a teaser's), no 12-hour clock, no two-digit year
    ("11/12/19 4:40PM", False, None),
    ("Posted 03/12/18 14:35", False, None),
    ("Posted 11/19/19", True, None),
    ("see pages/11/19/19 06:56 AM", False, None),
])
def test_a_slashed_date_with_a_two_digit_year_and_a_12_hour_clock(
        text: str, marked: bool, iso: str | None) -> None:
    assert parse_date(text, marked=marked) == iso


def test_a_date_box_with_an_american_short_date_dates_the_story() -> None:
    body = "<div class='title'><h1>Council approves the budget</h1><div class='submitted'>" \
           "<span class='submitted-by'>By <a href='/author/jane-doe'>Jane Doe</a> - <span " \
           f"class='submitted-date'>11/19/19 06:56 AM EST</span></span></div></div>{_STORY}"
    meta = _meta("<title>Council approves the budget</title>", body)
    assert meta.date_published == "2019-11-19T06:56:00-05:00"


# --- a <title> that names only the site, over a heading shown twice ------------------------------

_SITE_TITLE = "<title>Bugle</title>"  # the host's name: the site's
_STORY_HEAD = "Cells that taste danger set off immune responses"


def test_a_heading_repeated_in_a_sticky_header_and_a_comments_heading_keep_the_story() -> None:
    # the same headline in the sticky bar and over the story is one heading, and the
    # comments' own heading under the story opens no other story
    body = f"<div class='nav__local'><h1>{_STORY_HEAD}</h1></div>" \
           f"<div class='post'><h1>{_STORY_HEAD}</h1>{_STORY}{_STORY}</div>" \
           f"<section id='comments' class='comments'><h1>Comment on this article</h1>" \
           f"{_STORY}</section>"
    assert _meta(_SITE_TITLE, body).headline == _STORY_HEAD


def test_two_stories_headings_keep_the_sites_title() -> None:
    body = f"<div class='post'><h1>{_STORY_HEAD}</h1>{_STORY}</div>" \
           f"<div class='post'><h1>Second story of the front page today</h1>{_STORY}</div>"
    assert _meta(_SITE_TITLE, body).headline == "Bugle"


@pytest.mark.parametrize("box", ["comments", "kommentare", "comentarios"])
def test_a_member_link_in_a_comment_box_names_no_author(box: str) -> None:
    body = f"<h1>{_STORY_HEAD}</h1>{_STORY}<div class='{box}'><p>Great piece! " \
           "<a href='/users/4512/quietreader'>quietreader</a></p></div>"
    assert _meta("<title>Cells that taste danger</title>", body).authors == ()


# --- the writer and the outlet, declared together -----------------------------------------------

@pytest.mark.parametrize(("declared", "expected"), [
    ("Jane Doe, Business Insider", ["Jane Doe"]),  # the outlet is the site
    ("Jane Doe and John Roe, The Bugle", ["Jane Doe", "John Roe"]),  # the host's name
    ("Business Insider", ["Jane Doe"]),  # the site alone gives way to the byline
    ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
])
def test_a_declared_outlet_beside_its_writers_is_the_site(declared: str,
                                                         expected: list[str]) -> None:
    head = "<title>Council approves the budget</title>" \
           "<meta property='og:site_name' content='Business Insider'>" \
           f"<meta name='author' content='{declared}'>"
    body = f"<article><h1>Council approves the budget</h1><p class='byline'>By " \
           f"<a href='/author/jane-doe'>Jane Doe</a></p>{_STORY}</article>"
    assert [a.name for a in _meta(head, body).authors] == expected


def test_days_whose_names_are_peoples_are_no_weekdays() -> None:
    # rules/dates.json leaves them out: "Plácido Domingo", "Antonio Sabato", "Joi Ito"
    weekdays = date_labels().weekdays
    assert {"monday", "mittwoch", "mercredi"} <= weekdays
    assert not {"domingo", "domenica", "sabato", "joi", "cuma", "κυριακή"} & weekdays
