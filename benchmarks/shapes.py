#!/usr/bin/env python3
"""Older-page shapes, built here, read by us and (with ``--compare``) by htmldate.

The held-out sets we trail on (htmldate's pages, L3S-GN1's 2010 news) are older pages that
declare nothing. Our dev sets are 2019 and 2025 pages, and stripping their declarations
(``benchmarks/undeclared.py``) keeps their 2025 templates. So this script builds small pages in
the shapes older templates wrote, from nothing but the shapes themselves (no page of any
benchmark): a `<title>` spelling against a way of showing the headline under a logo, a
byline, a date line in one of many languages and formats, a date where older templates put
it, a date in the URL, a date in a `<meta>` name; and the same shapes among the site's other
parts (a section's heading, other stories' days, the day the page was served).

    python benchmarks/shapes.py                 # counts per family
    python benchmarks/shapes.py --show          # and every shape we miss
    python benchmarks/shapes.py --compare       # htmldate beside us on the date families

A shape is a check of one reading, not a score: families are as large as the spellings we
could name, and a count says which shapes a round still misses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path
from typing import NamedTuple

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapy_cleanarticle import clean_article
from scrapy_cleanarticle.metadata.dates import date_from_url

HEADLINE = "Council approves budget after long night of debate"
DAY = "2010-03-23"
_TEXT = ("The council met for a long evening to argue about the budget and finally reached a "
         "compromise that pleased few. ")
STORY = "<p>" + _TEXT * 4 + "</p>"
SITE = "The Daily Courier"
MENU = ("<ul class='nav'><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li>"
        "<li><a href='/local'>Local News</a></li></ul>")
FOOT = f"<div id='footer'>Copyright 2010 {SITE}. All rights reserved.</div>"
URL = "http://www.dailycourier.example/news/story.php?id=123"  # no day in it


class Shape(NamedTuple):
    family: str
    name: str
    html: str
    url: str
    want: str
    of: str = ""  # a crowded shape: the name of the plain one it is built from


def _page(title: str, body: str, *, head: str = "", logo: str = "", lang: str = "en") -> str:
    return (f"<html lang='{lang}'><head><title>{title}</title>{head}</head><body>{logo}{MENU}"
            f"<div id='content'>{body}</div>{FOOT}</body></html>")


_LOGOS = {
    "logo image": f"<div id='masthead'><a href='/'><img src='/logo.gif' alt='{SITE}'></a></div>",
    "logo h1": f"<div id='masthead'><h1><a href='/'>{SITE}</a></h1></div>",
    "bare logo": "<div id='masthead'><a href='/'><img src='/logo.gif'></a></div>",
}
_SHOWN = {
    "h2": f"<h2>{HEADLINE}</h2><p>By John Smith</p>{STORY}",
    "h1": f"<h1>{HEADLINE}</h1>{STORY}",
    "td.headline": f"<table><tr><td class='headline'>{HEADLINE}</td></tr><tr><td>{STORY}</td></tr></table>",
    "bold line": f"<p><b>{HEADLINE}</b></p>{STORY}",
    "h2.title": f"<h2 class='title'>{HEADLINE}</h2>{STORY}",
    "td.contentheading, linked to itself": "<table class='contentpaneopen'><tr><td "
    f"class='contentheading'><a href='{URL}' class='contentpagetitle'>{HEADLINE}</a></td></tr>"
    f"</table><table class='contentpaneopen'><tr><td>{STORY}</td></tr></table>",
}
_TITLES = (f"{HEADLINE} - {SITE}", f"{SITE} - {HEADLINE}", f"{SITE} :: Local News :: {HEADLINE}",
           f"{HEADLINE} » Local News » {SITE}", f"{HEADLINE} | dailycourier.example",
           f"DailyCourier.example - {HEADLINE}", f"{HEADLINE.upper()} - {SITE}",
           f"{HEADLINE} - Local News", f"Local News: {HEADLINE}", f"{HEADLINE} ({SITE})",
           f"{HEADLINE} — {SITE} — March 23, 2010")


def title_shapes() -> Iterator[Shape]:
    """The `<title>` spellings of older sites against the ways they showed the headline."""
    for title in _TITLES:
        for shown, body in _SHOWN.items():
            for logo_name, logo in _LOGOS.items():
                yield Shape("titles, shown", f"{title[:40]} / {shown} / {logo_name}",
                            _page(title, body, logo=logo), URL, HEADLINE)


_SHORT = "Council approves budget"


def short_title_shapes() -> Iterator[Shape]:
    """The same spellings with the headline cut short in the `<title>`, as older sites wrote it
    for search results, and shown whole on the page."""
    for title in _TITLES:
        short = title.replace(HEADLINE, _SHORT).replace(HEADLINE.upper(), _SHORT.upper())
        for shown, body in _SHOWN.items():
            for logo_name, logo in _LOGOS.items():
                yield Shape("titles, cut short", f"{short[:40]} / {shown} / {logo_name}",
                            _page(short, body, logo=logo), URL, HEADLINE)


_UNTITLED = ("Untitled Document", "New Page 1", "Unbenanntes Dokument", "Home", f"Home - {SITE}",
             "index", f"Welcome to {SITE}", "")


def untitled_shapes() -> Iterator[Shape]:
    """A `<title>` that names no page (an editor's placeholder, the home page's word, a
    greeting, or none at all), as hand-made sites kept on every page."""
    for title in _UNTITLED:
        for shown, body in _SHOWN.items():
            for logo_name, logo in _LOGOS.items():
                yield Shape("titles, untitled", f"{title or '(none)'} / {shown} / {logo_name}",
                            _page(title, body, logo=logo), URL, HEADLINE)


def styled_shapes() -> Iterator[Shape]:
    """A `<title>` naming only the site and a section, the headline in large type set by an
    inline style, as page editors of the time wrote it."""
    for style in ("font-size:24px", "font-size: 1.6em; color:#333", "font-size:18pt",
                  "FONT-SIZE: x-large"):
        for tag in ("span", "div", "p"):
            body = f"<{tag} style='{style}'>{HEADLINE}</{tag}>{STORY}"
            yield Shape("titles, large type", f"{tag} {style}",
                        _page(f"{SITE} - News", body, logo=_LOGOS["logo h1"]), URL, HEADLINE)


_OTHER_WORDS = "President signs landmark health care overhaul into law"
_UNSHOWN = {
    "h2.headline": f"<h2 class='headline'>{_OTHER_WORDS}</h2><p class='byline'>By John Smith</p>",
    "div.storyheadline": f"<div class='storyheadline'>{_OTHER_WORDS}</div><p>March 23, 2010</p>",
    "h3": f"<h3>{_OTHER_WORDS}</h3><p class='byline'>By John Smith</p>",
    "font size=5": f"<font size='5'><b>{_OTHER_WORDS}</b></font><br><p>March 23, 2010</p>",
}


def unshown_title_shapes() -> Iterator[Shape]:
    """A short search headline in the `<title>`, the story's own headline in other words."""
    for title in ("Obama signs health bill - News - " + SITE, f"{SITE}: Obama signs health bill",
                  "Obama signs health bill"):
        for shown, body in _UNSHOWN.items():
            yield Shape("titles, not shown", f"{title[:40]} / {shown}",
                        _page(title, body + STORY, logo=_LOGOS["logo h1"]), URL, _OTHER_WORDS)


_LINES = {
    "en, Drupal": "Submitted by admin on Tue, 03/23/2010 - 14:22",
    "en, Drupal ISO": "Submitted by admin on Tue, 2010-03-23 14:22",
    "en, ordinal": "March 23rd, 2010", "en, British": "23rd March 2010",
    "en, no comma": "Mar 23 2010", "year first, slashes": "2010/03/23",
    "en, GMT": "23 Mar 2010 14:22 GMT", "fr": "Mis en ligne le 23/03/2010 à 14h22",
    "fr, weekday": "Publié le mardi 23 mars 2010", "es": "23/03/2010 - 14:22h",
    "it": "23 marzo 2010", "de": "23.03.2010, 14:22 Uhr", "nl": "di 23 mrt 2010",
    "sv": "Publicerad 23 mars 2010", "pt": "23/03/2010 14h22", "ru": "23.03.2010 14:22",
    "ja": "2010年3月23日", "zh": "2010-03-23 14:22 来源：新华网", "pl": "23 marca 2010",
    "tr": "23 Mart 2010", "cs": "23. března 2010", "el": "23 Μαρτίου 2010",
    "hu": "2010. március 23.", "fi": "23.3.2010 klo 14.22", "da": "23. marts 2010",
    "no": "23. mars 2010 kl. 14:22", "ro": "23 martie 2010", "id": "Selasa, 23 Maret 2010",
    "vi": "Thứ ba, 23/3/2010", "ko": "2010.03.23 14:22", "ar": "23 مارس 2010",
    "US numbers": "3/23/2010", "US numbers, clock": "3/23/2010 2:22:00 PM",
    "ISO": "2010-03-23T14:22", "dotted, year first": "2010.03.23",
    "en, long": "Tuesday, March 23, 2010 2:22 PM EDT",
    "en, posted by": "Posted Tuesday 23 March 2010 by Jane",
    "de, am ... um": "Am 23. März 2010 um 14:22 Uhr von Hans",
    "es, long": "Martes, 23 de marzo de 2010", "dotted": "23.03.2010",
}


def date_line_shapes() -> Iterator[Shape]:
    """A date line under the headline, as older templates printed it."""
    for name, line in _LINES.items():
        body = f"<h1>{HEADLINE}</h1><div>{line}</div>{STORY}"
        yield Shape("date lines", name, _page(f"{HEADLINE} - {SITE}", body), URL, DAY)


_PLACES = {
    "a post's sentence at its foot": f"<div class='post'><h2>{HEADLINE}</h2>{STORY * 3}"
    "<p class='postmetadata'>This entry was posted on Tuesday, March 23rd, 2010 at 2:22 pm "
    "and is filed under News.</p></div>",
    "a blog's date header over the post": "<div class='date-outer'><h2 class='date-header'>"
    f"<span>Tuesday, March 23, 2010</span></h2><div class='post'><h3 class='post-title'>"
    f"{HEADLINE}</h3>{STORY}</div></div>",
    "a table cell beside the story": f"<table><tr><td class='date'>23.03.2010</td><td><h2>"
    f"{HEADLINE}</h2>{STORY}</td></tr></table>",
    "a byline at the foot": f"<h1>{HEADLINE}</h1>{STORY * 5}<p><em>By John Smith on March 23, "
    "2010</em></p>",
    "a meta line at the foot": f"<h1>{HEADLINE}</h1>{STORY * 5}<div class='meta'>Filed under "
    "News · March 23, 2010 · 3 comments</div>",
    "small type above the headline": f"<small>March 23, 2010</small><h1>{HEADLINE}</h1>{STORY}",
    "inside the headline": f"<h1>{HEADLINE} <span class='date'>23.03.2010</span></h1>{STORY}",
    "after the lead": f"<h1>{HEADLINE}</h1><p class='lead'>The council approved the budget.</p>"
    f"<p class='date'>March 23, 2010</p>{STORY}",
    "under the picture": f"<h1>{HEADLINE}</h1><img src='/a.jpg'><p class='caption'>The "
    f"council chamber.</p><p>March 23, 2010</p>{STORY}",
    "a byline table": f"<h1>{HEADLINE}</h1><table><tr><td>By John Smith</td><td>March 23, "
    f"2010</td></tr></table>{STORY}",
    "a labelled line, de": f"<h1>{HEADLINE}</h1><p>Datum: 23.03.2010</p>{STORY}",
    "a press release, de": f"<h1>{HEADLINE}</h1><p>Pressemitteilung vom 23.03.2010</p>{STORY}",
    "a date opening the text, de": f"<h1>{HEADLINE}</h1><p>23.03.2010 – Der Gemeinderat hat am "
    "Abend lange über den Haushalt beraten und schließlich einen Kompromiss gefunden, der "
    f"wenigen gefiel.</p>{STORY}",
    "a status line at the foot, de": f"<h1>{HEADLINE}</h1>{STORY * 3}<p>Stand: 23.03.2010</p>",
    "above a short story's comments": f"<small>March 23, 2010</small><h1>{HEADLINE}</h1>"
    f"{STORY}<div id='comments'><h3>2 Responses</h3><ol>"
    "<li class='comment'><cite>Jim</cite> Says:<br><small>March 25th, 2010 at 9:12 am</small>"
    "<p>About time.</p></li></ol></div>",
    "a blog post's footer stamp (hAtom)": f"<div class='post hentry'><h3 class='post-title "
    f"entry-title'>{HEADLINE}</h3><div class='post-body entry-content'>{STORY}</div><div "
    "class='post-footer'>Posted by <span class='fn'>Jane</span> at <a class='timestamp-link' "
    "href='/2010/03/budget.html'><abbr class='published' title='2010-03-23T14:22:00-07:00'>"
    "2:22 PM</abbr></a></div></div>",
    "a sidebar's posted line": f"<div id='main'><h1>{HEADLINE}</h1>{STORY * 3}</div>"
    "<div id='sidebar'><p>Posted: March 23, 2010</p></div>",
}


def date_place_shapes() -> Iterator[Shape]:
    """A date where older templates put it, above, beside, under or after the story."""
    for name, body in _PLACES.items():
        yield Shape("date places", name, _page(f"{HEADLINE} - {SITE}", body), URL, DAY)


_BYLINES = {
    "By John Smith": "John Smith", "BY JOHN SMITH": "John Smith",
    "By John Smith, Staff Writer": "John Smith", "By: John Smith": "John Smith",
    "By John Smith and Jane Doe": "John Smith | Jane Doe",
    "By John Smith | March 23, 2010": "John Smith",
    "Posted by John Smith on March 23, 2010": "John Smith", "Written by John Smith": "John Smith",
    "Submitted by <a href='/users/jsmith'>John Smith</a> on Tue, 03/23/2010 - 14:22": "John Smith",
    "Story by John Smith": "John Smith", "By John Smith, The Daily Courier": "John Smith",
    "By John Q. Smith Jr.": "John Q. Smith Jr.", "By John Smith<br>Staff Writer": "John Smith",
    "By <a href='/author/john-smith'>John Smith</a>": "John Smith",
    "John Smith / Associated Press": "John Smith", "Reporter: John Smith": "John Smith",
    "Von Hans Müller": "Hans Müller", "Autor: Hans Müller": "Hans Müller",
    "Text: Hans Müller": "Hans Müller", "Geschrieben von Hans Müller": "Hans Müller",
    "Hans Müller, 23.03.2010": "Hans Müller", "Par Jean Dupont": "Jean Dupont",
    "Por Juan Pérez": "Juan Pérez", "Di Mario Rossi": "Mario Rossi",
    "Door Jan de Vries": "Jan de Vries", "Przez Jan Kowalski": "Jan Kowalski",
    "Av Anna Svensson": "Anna Svensson", "Автор: Иван Петров": "Иван Петров",
}


def byline_shapes() -> Iterator[Shape]:
    """A byline under the headline, in the spellings of older pages and other languages."""
    for line, names in _BYLINES.items():
        body = f"<h1>{HEADLINE}</h1><p class='x'>{line}</p>{STORY}"
        yield Shape("bylines", line, _page(f"{HEADLINE} - {SITE}", body), URL, names)


_URLS = ("/news/2010/mar/23/budget-vote", "/20100323/budget.html", "/2010-03-23/budget",
         "/story-20100323.html", "/news/23-03-2010/budget", "/news/budget_20100323_123.html",
         "/2010/03/23/budget", "/2010/3/23/budget", "/news/2010-03/23/content_123.htm",
         "/a/20100323-budget", "/a/budget-2010-03-23", "/n/2010/0323/c1001-123.html",
         "/archives/2010/03/23/", "/2010_03_23/budget", "/art/2010.03.23/budget",
         "/blog/2010/march/23/budget/")


def url_shapes() -> Iterator[Shape]:
    """A day in the URL, in the spellings of older CMSs; the page shows none."""
    body = f"<h1>{HEADLINE}</h1>{STORY}"
    for path in _URLS:
        yield Shape("URL days", path, _page(f"{HEADLINE} - {SITE}", body),
                    "http://www.dailycourier.example" + path, DAY)


_META_NAMES = ("date", "DC.date", "dc.date.issued", "DCTERMS.created", "pubdate", "publishdate",
               "publish_date", "sailthru.date", "citation_publication_date", "dcterms.date",
               "created", "release_date", "displaydate", "OriginalPublicationDate",
               "article_date_original", "publication_date", "PublishDate", "DC.Date",
               "pub_date", "article:published_time", "parsely-pub-date", "og:regdate",
               "prism.publicationDate", "firstPublishedAt", "ArticleDate", "date.created",
               "creation_date", "video:release_date", "og:question:published_time")


def meta_shapes() -> Iterator[Shape]:
    """A published day declared in a `<meta>` name of some CMS, nothing shown."""
    body = f"<h1>{HEADLINE}</h1>{STORY}"
    for name in _META_NAMES:
        for value in ("2010-03-23", "2010-03-23T14:22:00+01:00", "23.03.2010"):
            head = f"<meta name='{name}' content='{value}'>"
            yield Shape("meta names", f"{name} = {value}",
                        _page(f"{HEADLINE} - {SITE}", body, head=head), URL, DAY)


# --- the same shapes among the site's other parts --------------------------------------------
# Older templates set the story among other stories and the site's own parts: a section's name
# in an <h1> over it (the menu links the same section), a left column of other stories with
# their days (a layout table puts it first in the source), a list of recent posts under a short
# post, the day the page was served printed in the site's header.
_CONTENT = "<div id='content'>"
_SECTION_H1 = "<h1 class='section'>Local News</h1>"  # MENU links "Local News" too
_LEFT_COLUMN = (
    "<table width='100%'><tr><td class='sidebar' valign='top'><h3>Top Stories</h3><ul>"
    "<li><a href='/news/fire.php'>Fire destroys historic mill on river road</a> "
    "<span class='date'>March 21, 2010</span></li><li><a href='/news/school.php'>School board "
    "names new superintendent</a> <span class='date'>March 20, 2010</span></li></ul>"
    "<h3>Weather</h3><p>Sunny, 54 degrees</p></td><td valign='top'>")
_RECENT = ("<div id='recent'><h3>Recent Posts</h3><ul><li><a href='/p/1'>Spring cleanup starts "
           "Saturday</a> March 28, 2010</li><li><a href='/p/2'>Library hours change for the "
           "summer</a> March 26, 2010</li></ul></div>")
_TODAY = "<div class='today'>Tuesday, March 30, 2010</div>"


def _under_section(html: str) -> str:
    return html.replace(_CONTENT, _SECTION_H1 + _CONTENT, 1)


def _left_column(html: str) -> str:
    return html.replace(_CONTENT, _LEFT_COLUMN + _CONTENT, 1).replace(
        FOOT, "</td></tr></table>" + FOOT, 1)


def _recent_posts(html: str) -> str:
    return html.replace(FOOT, _RECENT + FOOT, 1)


def _served_day(html: str) -> str:
    return html.replace("<body>", "<body>" + _TODAY, 1)


_DATE_CROWDS: dict[str, Callable[[str], str]] = {
    "a left column of other stories": _left_column, "recent posts under it": _recent_posts,
    "the day served, in the header": _served_day}


def _crowded(family: str, plain: Iterator[Shape], crowds: dict[str, Callable[[str], str]]
             ) -> Iterator[Shape]:
    for shape in plain:
        for crowd, put in crowds.items():
            yield shape._replace(family=family, name=f"{shape.name} / {crowd}",
                                 html=put(shape.html), of=shape.name)


def sectioned_title_shapes() -> Iterator[Shape]:
    """The title shapes under a section's ``<h1>`` that the menu links too."""
    plain = chain(title_shapes(), short_title_shapes(), untitled_shapes())
    yield from _crowded("titles, under a section", plain, {"section h1": _under_section})


def crowded_date_shapes() -> Iterator[Shape]:
    """The date lines and places among other stories' days and the day the page was served;
    a date declared in a ``<meta>`` beside a left column of other stories."""
    yield from _crowded("dates, among others", chain(date_line_shapes(), date_place_shapes()),
                        _DATE_CROWDS)
    one_format = (s for s in meta_shapes() if s.name.endswith("= 2010-03-23"))
    yield from _crowded("dates, among others", one_format,
                        {"a left column of other stories": _left_column})


FAMILIES: tuple[Callable[[], Iterator[Shape]], ...] = (
    title_shapes, short_title_shapes, untitled_shapes, unshown_title_shapes, styled_shapes,
    sectioned_title_shapes, byline_shapes,
    date_line_shapes, date_place_shapes, url_shapes, meta_shapes, crowded_date_shapes)
_DATE_FAMILIES = ("date lines", "date places", "URL days", "meta names", "dates, among others")


def ours(shape: Shape) -> str | None:
    article = clean_article(shape.html, url=shape.url)
    if shape.family == "bylines":
        return " | ".join(author.name for author in article.authors)
    return article.datePublished if shape.family in _DATE_FAMILIES else article.headline


def htmldate(shape: Shape) -> str | None:
    from htmldate import find_date  # optional: the peer trafilatura runs for dates

    found: str | None = find_date(shape.html, url=shape.url, original_date=True,
                                  extensive_search=True)
    return found


def right(shape: Shape, got: str | None) -> bool:
    if shape.family in _DATE_FAMILIES:
        return bool(got) and str(got).startswith(shape.want)
    return (got or "").casefold() == shape.want.casefold()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--show", action="store_true", help="print every shape we miss")
    ap.add_argument("--compare", action="store_true", help="htmldate beside us on dates")
    args = ap.parse_args(argv)
    print(f"{'family':<20} {'shapes':>6} {'ours':>6}" + (f" {'htmldate':>9}" if args.compare else ""))
    for family in FAMILIES:
        shapes = list(family())
        hits = 0
        peer = 0
        for shape in shapes:
            got = ours(shape)
            hits += right(shape, got)
            if args.show and not right(shape, got):
                print(f"  miss: {shape.family} / {shape.name}: {got!r}")
            if args.compare and shape.family in _DATE_FAMILIES:
                peer += right(shape, htmldate(shape))
        line = f"{shapes[0].family:<20} {len(shapes):>6} {hits:>6}"
        if args.compare:
            line += f" {peer:>9}" if shapes[0].family in _DATE_FAMILIES else f" {'-':>9}"
        print(line)
    print(f"\nURL days also read without a page: "
          f"{sum(date_from_url('http://x.example' + p) == DAY for p in _URLS)} of {len(_URLS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
