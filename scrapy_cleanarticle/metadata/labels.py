"""Dates a page shows under a label: "Posted on April 13, 2023", "Veröffentlicht am 3. Mai",
"公開日：2019年4月21日".

Pages that declare no date (no JSON-LD, no ``article:published_time``) still print one for the
reader, often in an element whose class says nothing and sometimes well below the headline (a
post's meta line after its tags, a board's "Posted on" under the first post). The label says
what the date is, which its position alone does not: a date under "Published" is the story's
wherever it sits in the story's stretch of the page, and a date under "Last post" or "Joined"
is not, however close to the headline. The labels are rules data (``rules/dates.json``) in many
languages.

The search is bounded like the byline's: the headline's block, then the window around it
(or the first ``NO_HEADLINE_ELEMENTS`` elements of a page without a headline); each element's
own leading text is tested with one anchored pattern, and only a line that opens with a label is
cleaned and parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from itertools import chain, islice
from typing import NamedTuple

import lxml.html
from lxml import etree

from .._xpath import text_of
from ..rules import date_labels
from ..tags import UNSEEN_TEXT
from .dates import (
    after_lead,
    date_from_url,
    in_noise,
    month_from_url,
    parse_date,
    time_value,
    visible_date,
)
from .gather import Walked
from .nearby import _UPDATED, Nearby
from .normalize import clean_text
from .page import MetaSources

# one match per element for both: a label's line, or the sentence of a post about itself
# (its group ``own``)
_OPENS = after_lead(re.compile(
    f"(?P<own>{date_labels().own_post.pattern})|{date_labels().published.pattern}",
    re.IGNORECASE))
MAX_LABEL_LINE_CHARS = 120
# "This entry was posted on <date> at <time> and is filed under <category>. You can follow
# any responses to this entry through the RSS 2.0 feed. ...": the sentence is long, and runs
# on into others, but its date comes within a few words of its opening
MAX_OWN_LINE_CHARS = 400
OWN_DATE_REACH = 120
NO_HEADLINE_ELEMENTS = 1500


class Labelled(NamedTuple):
    """A date read from a labelled line: ISO, and the line as the page shows it."""

    iso: str
    raw: str


def labelled_date(region: lxml.html.HtmlElement, headline: lxml.html.HtmlElement | None,
                  walked: Walked) -> Labelled | None:
    """The first date under a publication label in the headline's block, then in the stretch
    of the page around it (``walked.window``, listed once for this and the byline search);
    ``region`` is the whole tree when the page has no headline."""
    tree = region.getroottree().getroot()
    story = frozenset(headline.iterancestors()) if headline is not None else frozenset()
    if region is tree:
        elements: Iterable[lxml.html.HtmlElement] = islice(tree.iter(etree.Element),
                                                           NO_HEADLINE_ELEMENTS)
    else:
        elements = chain(region.iter(etree.Element), walked.window(region))
    # the label test first: it fails on nearly every element, so the tag is read only on a
    # label's line; blank text (two in five texts, the indentation between tags) fails it
    # without the call, as the lead takes the whole of it and no label is empty
    for el in elements:
        text = el.text
        if not text or text.isspace():
            continue
        opens = _OPENS.match(text)
        if opens is None or el.tag in UNSEEN_TEXT:
            continue
        found = _read(el, own=opens["own"] is not None)
        if found is not None and not in_noise(el, story=story):
            return found
    return None


def _read(el: lxml.html.HtmlElement, *, own: bool = False) -> Labelled | None:
    """The date on a label's line: in the element's own text ("Posted on 5 March 2019"), in
    its children ("Posted on <time>...</time>"), or in its parent when the element holds the
    label alone (``<span>Published:</span> <span>5 March 2019</span>``). The date follows
    its label ("Release date: ... Published by:" names no publication date), and an
    "updated" word ends the line's publication part ("Published 2019, updated 5 May 2024").
    ``own``: the line opens a post's sentence about itself ("This entry was posted on ..."),
    which may be long, and whose date comes within ``OWN_DATE_REACH`` of its start."""
    label = clean_text(el.text) or ""
    longest = MAX_OWN_LINE_CHARS if own else MAX_LABEL_LINE_CHARS
    stamps: Iterable[lxml.html.HtmlElement] = el.iter("time")
    node: lxml.html.HtmlElement | None = el
    for _ in range(2):
        if node is None:
            return None
        line = clean_text(text_of(node)) or ""
        if len(line) > longest:
            return None
        start = max(line.find(label), 0)
        if own:
            line = line[:start + OWN_DATE_REACH]
        said = _UPDATED.search(line, start + 1)
        stamp = next((t for t in stamps if t.get("datetime")), None)
        iso = (time_value(stamp) if stamp is not None and said is None
               else None) or parse_date(line[start:said.start() if said else None])
        if iso:
            return Labelled(iso, line)
        stamps = (t for sibling in el.itersiblings() for t in sibling.iter("time"))
        node = node.getparent()
    return None


def shown_published(page: MetaSources, region: lxml.html.HtmlElement, near: Nearby,
                    sources: list[tuple[str, str]], walked: Walked,
                    ) -> tuple[str | None, str | None]:
    """The published date from the page as shown, when nothing declares one: a marked
    ``<time>``, the date line next to the headline, the first paragraph's dateline, a
    labelled line, any ``<time>`` or date-classed element of the story, the URL, a bare date
    in the URL's month, and last an "Updated ..." date (``__init__``'s docstring gives the
    whole order).

    A day in the URL (``/2018/07/02/slug``) is the day the page was made: a shown date more
    than ``URL_SLACK_DAYS`` from it is a comment's, an update's or a linked post's, and the
    URL's day is given instead. ``walked``: the page's ``gather.walk``; its first ``<h1>``
    is the headline the date readers measure from."""
    tree = region.getroottree().getroot()
    first_h1 = walked.first_h1
    url_day = date_from_url(page.url)

    def shown(iso: str | None, raw: str | None, source: str) -> tuple[str | None, str | None]:
        if url_day and iso and _days_apart(iso, url_day) > URL_SLACK_DAYS:
            sources.append(("datePublished", "url"))
            return url_day, page.url
        sources.append(("datePublished", source))
        return iso, raw

    iso, raw = visible_date(region, marked_only=True, headline=first_h1, walked=walked)
    if iso:
        return shown(iso, raw, "visible")
    if near.date:
        return shown(near.date, near.date_raw, "nearby")
    if near.dateline:
        return shown(near.dateline, near.dateline_raw, "dateline")
    labelled = labelled_date(region, first_h1, walked)
    if labelled:
        return shown(labelled.iso, labelled.raw, "labelled")
    updates: list[tuple[str, str]] = []
    iso, raw = visible_date(region, headline=first_h1, updates=updates, walked=walked)
    if not iso and region is not tree:
        iso, raw = visible_date(tree, headline=first_h1, updates=updates, walked=walked)
    if iso:
        return shown(iso, raw, "visible")
    if url_day:
        sources.append(("datePublished", "url"))
        return url_day, page.url
    month = month_from_url(page.url)
    bare = _bare_date(region, month) if month else None
    if bare:
        sources.append(("datePublished", "url-month"))
        return bare
    if near.date_updated:
        # The only date shown is an "Updated ..." one: the story is at least that old, and
        # on the day of a story's last update it is usually the day it went out.
        sources.append(("datePublished", "nearby-updated"))
        return near.date_updated, near.date_updated
    if updates:
        sources.append(("datePublished", "visible-updated"))
        return updates[0]
    return None, None


_BARE_TAGS = ("span", "div", "p", "td", "dd", "small", "time", "strong", "b", "em", "font")
_BARE_CHARS = 30


def _bare_date(region: lxml.html.HtmlElement, month: str) -> tuple[str, str] | None:
    """An element whose whole text is a date in the URL's month ("2019.03.05" in a table cell
    under ``/news/201903/``), in the story's region and then the page: unlabelled and
    unclassed, it is a date because the URL names its month, as htmldate reads pages."""
    root = region.getroottree().getroot()
    for scope in (region, root) if region is not root else (root,):
        for el in scope.iter(_BARE_TAGS):
            text = text_of(el).strip()
            if len(text) > _BARE_CHARS or not any(c.isdigit() for c in text):
                continue
            iso = parse_date(text)
            if iso and iso.startswith(month) and not in_noise(el):
                return iso, text
    return None


def shown_original(declared: str, near: Nearby) -> tuple[str, str] | None:
    """The date shown next to the headline when the declared publication date is later by
    ``ORIGINAL_GAP_DAYS`` or more: CMSs that refresh a story write the refresh day into
    ``datePublished`` while the story still shows the day it first went out, and that
    first day is the publication. A shown date a day off is a time zone, not a refresh."""
    if near.date and near.date_raw and _days_before(near.date, declared) >= ORIGINAL_GAP_DAYS:
        return near.date, near.date_raw
    return None


def _days_before(earlier: str, later: str) -> int:
    try:
        return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
    except ValueError:
        return 0


ORIGINAL_GAP_DAYS = 2
URL_SLACK_DAYS = 2  # a time zone, or a story filed the evening before its URL's day


def _days_apart(iso: str, day: str) -> int:
    return abs(_days_before(iso, day))
