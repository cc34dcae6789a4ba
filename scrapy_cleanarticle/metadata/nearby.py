"""The lines around the headline: where bylines and dates sit when no markup names them.

Many sites print "By Jane Doe" and "December 16, 2016, 4:19 PM" right under the ``<h1>``,
in elements whose class names are hashed ("xTlfF sapCZ") or say nothing. Reading the few
dozen text nodes just after the headline (and a few before it, where kickers and datelines
sit) finds them without walking the page: the text nodes come from two bounded XPath axes
from the headline, so the cost does not grow with the page. Only runs when the page's
declared metadata has no author or no date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import NamedTuple

import lxml.html
from lxml import etree

from .._xpath import TextLine, text_of
from .._xpath import lines_after as text_lines_after
from .._xpath import lines_before as text_lines_before
from ..rules import date_labels, name_rules
from ..tags import CELLS, FORM_PARTS, boxes_around
from ..textutil import normalized_length
from .byline import (
    BY_LEAD,
    CJK_LABELS,
    LABEL_WORDS,
    WEAK_WORDS,
    cut_tail,
    looks_like_names,
    spaced_text,
    split_authors,
    starts_a_name,
)
from .dates import (
    OTHER_OPENS,
    after_lead,
    in_noise,
    in_other_box,
    is_range,
    only_date,
    parse_date,
    teaser_date,
    time_value,
)
from .normalize import clean_shown, clean_text, fold, tokens

AFTER_NODES = 60
ANCHOR_SLACK = 12  # white space around a headline's text in a <div>
BEFORE_NODES = 20
REGION_LEVELS = 4
NEAR_AFTER = 15
NEAR_BEFORE = 8
MAX_LINE_CHARS = 160
MAX_DATE_LINE_CHARS = 90
BODY_PARAGRAPHS = 3  # long lines seen before the byline search gives up
FOOT_LEVELS = 2  # the headline's containers that also hold the story's foot (a post's box)

_NOT_TEXT = ("script", "style", "noscript")  # elements whose own text is no line

# "By" and its kin, at the start of a line. Latin words need a word boundary; CJK labels a
# separator after them.
_BY = re.compile(
    r"^" + BY_LEAD +
    r"(?:\s+|\s*[:：|]\s*|$)"
    r"|^(?:texte?|tekst|autor(?:in|a|es)?|auteur|author|autore|автор|" + "|".join(LABEL_WORDS)
    + r")\s*(?:[:：]\s*|$)"
    r"|^(?:" + "|".join(label for label in CJK_LABELS if label != "글") + r")\s*[:：●・/／]\s*"
    # two-character labels also with a space: "记者 王小明"
    r"|^(?:" + "|".join(label for label in CJK_LABELS if len(label) >= 2) + r")\s+(?=\S)",
    re.IGNORECASE)
# A reporter's title after the name ("홍길동 기자", "王小明 记者"), on a short line.
# Nothing but an e-mail or a separator may follow: "청와대 출입 기자 10명이" is a sentence.
_SUFFIX_TITLES = ("기자", "특파원", "记者", "記者")  # searched for first: the pattern is slow
_HAS_SUFFIX_TITLE = re.compile("|".join(_SUFFIX_TITLES)).search
_BY_SUFFIX = re.compile(r"^(?P<name>[^\W\d_][^\d,|]{0,24}?)\s*(?:" + "|".join(_SUFFIX_TITLES) + ")"
                        r"(?:\s*$|\s*[,|=/]|\s+\S+@\S+\s*$)")
# Author pages linked from a byline, in the common URL spellings. Inside a "By" line any of
# them names a person; a lone link needs one of the stricter forms. The word must lead to a
# person (a slug after it): "/opinion/contributors/" alone is a section's index, a menu item.
_AUTHOR_HREF = re.compile(r"/(?:authors?|writers?|autor(?:en|es)?|auteurs?|autori|redacteur|"
                          r"journalists?|byline|contributors?|columnists?|reporters?)"
                          r"(?:/[^/?#\s]|\.|-)|/editors/[^/?#\s]|[?&]author=", re.IGNORECASE)
_PERSON_HREF = re.compile(r"/(?:profiles?|people|staff|editors?|team|u|user|users|members?)/",
                          re.IGNORECASE)
# A member's profile link whose text is one handle ("EvilSpark", "u/benyacobi"): on a thread
# or a paste, the first one under the title names who posted it. Handles keep their digits and
# lower case, which a name read from running text may not have (``looks_like_names``).
_HANDLE_HREF = re.compile(r"/(?:u|user|users|members?|profiles?)/(?:\d+/)?[^/?#\s]+/?$",
                          re.IGNORECASE)
# Board software that links a member by number: vBulletin's member.php?u=, phpBB's memberlist
_MEMBER_ID_HREF = re.compile(r"member(?:list)?\.php\?(?:[^#]*&(?:amp;)?)?(?:u|userid)=\d+",
                             re.IGNORECASE)
_HANDLE_TEXT = re.compile(r"^@?(?:u/)?([^\W_][\w.\-]{1,38})$")
_ACCOUNT = re.compile(r"log_?in|log_?out|sign_?(?:in|out|up)|register|settings|account|password",
                      re.IGNORECASE)


def _is_handle_link(href: str, text: str) -> bool:
    """A link to a member's profile whose text is the handle the URL carries ("/u/EvilSpark"
    says "EvilSpark"), or a board's profile link by member number, not a "Log in" or
    "Register" link under the same path."""
    handle = _HANDLE_TEXT.match(text)
    if not handle or _ACCOUNT.search(href):
        return False
    if _MEMBER_ID_HREF.search(href):
        return True
    return bool(_HANDLE_HREF.search(href)) and handle[1].lower() in href.lower()
# "Updated" in the languages we cover: such a line's date is kept aside, not published.
# A date line that is a link's address ("https://site/2016/09/20/story"), not a date shown
_ADDRESS = re.compile(r"https?://|www\.").search
_PUBLISHED_OPENS = after_lead(date_labels().published)
OTHER_REACH = 3
_DIGIT = re.compile(r"\d").search

_UPDATED = date_labels().updated


@dataclass(frozen=True)
class Nearby:
    """What the lines around the headline say: names from a byline, a date."""

    names: tuple[str, ...] = ()
    names_raw: str | None = None
    date: str | None = None
    date_raw: str | None = None
    date_updated: str | None = None  # an "Updated ..." date: a last resort for datePublished
    # the date of the first paragraph's dateline, read when no line is a date: it fills a
    # missing date, and never overrules a declared one (a release a site posts days later)
    dateline: str | None = None
    dateline_raw: str | None = None


def headline_element(h1s: list[lxml.html.HtmlElement],
                     headline: str | None) -> lxml.html.HtmlElement | None:
    """The ``<h1>`` that carries the headline (the first one, when none shares its words);
    ``h1s``: the page's ``<h1>`` elements with text, in document order."""
    if not h1s:
        return None
    if headline and len(h1s) > 1:
        want = tokens(headline)
        for h1 in h1s[:5]:
            if want & tokens(text_of(h1)):
                return h1
    return h1s[0]


class Line(NamedTuple):
    """One text node: its text (``clean_shown``: the byline and date readers both need it
    cleaned), the element it sits in, and whether it is a tail."""

    text: str
    box: lxml.html.HtmlElement | None
    is_tail: bool


def _lines(found: list[TextLine]) -> Iterator[Line]:
    """The walk's lines cleaned (``clean_shown``) as a reader asks for them."""
    for text, box, is_tail in found:
        yield Line(clean_shown(text) or "", box, is_tail)


class _Lazy:
    """Lines pulled from a walk only as far as a reader asks, then kept for the next one."""

    def __init__(self, source: Iterator[Line]) -> None:
        self._source = source  # bounded by the walk that listed the lines
        self._got: list[Line] = []

    def get(self, index: int) -> Line | None:
        while len(self._got) <= index:
            line = next(self._source, None)
            if line is None:
                return None
            self._got.append(line)
        return self._got[index]

    def span(self, start: int, stop: int | None = None) -> Iterator[Line]:
        got = self._got
        index = start
        while stop is None or index < stop:
            if index < len(got):  # kept from an earlier reader: no call per line
                yield got[index]
            else:
                line = self.get(index)
                if line is None:
                    return
                yield line
            index += 1


def lines_after(el: lxml.html.HtmlElement, limit: int = AFTER_NODES) -> list[Line]:
    """The first ``limit`` text lines after ``el``, in document order (the text nodes that
    are not blank, script and style left out: ``_xpath.lines_after``)."""
    return list(_lines(text_lines_after(el, limit, _NOT_TEXT)))


def lines_before(el: lxml.html.HtmlElement, limit: int = BEFORE_NODES) -> list[Line]:
    """The ``limit`` text lines nearest before ``el``, nearest first."""
    return list(_lines(text_lines_before(el, limit, _NOT_TEXT)))


def text_anchor(tree: lxml.html.HtmlElement, headline: str | None) -> lxml.html.HtmlElement | None:
    """The element in ``<body>`` whose own text is the headline, on a page with no ``<h1>``
    (its headline in a styled ``<div>`` or ``<p>``): the byline and date scans start there.
    The text is compared only when its length is close to the headline's."""
    body = tree.getroottree().getroot().find("body")
    if not headline or body is None:
        return None
    key = fold(headline)
    size = len(headline)
    for el in body.iter(etree.Element):
        text = el.text
        if text and abs(len(text) - size) <= ANCHOR_SLACK and fold(clean_text(text)) == key:
            return el
    return None


def story_region(tree: lxml.html.HtmlElement,
                 h1: lxml.html.HtmlElement | None) -> lxml.html.HtmlElement:
    """The headline's enclosing block (a few levels up), where the page-wide byline and date
    searches look: the story's own header, not the teasers and footer of the whole page."""
    if h1 is None:
        return tree
    node = h1
    for _ in range(REGION_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    return node


def scan(h1: lxml.html.HtmlElement | None, *, want_names: bool, want_date: bool) -> Nearby:
    if h1 is None:
        return Nearby()
    after = _Lazy(_lines(text_lines_after(h1, AFTER_NODES, _NOT_TEXT)))
    above = _Lazy(_lines(text_lines_before(h1, BEFORE_NODES, _NOT_TEXT)))
    names: tuple[str, ...] = ()
    names_raw: str | None = None
    if want_names:
        # a "By" line on either side before a mere author or member link below the headline
        below = _byline(after)
        over = _Byline(None, None) if below.by else _byline(above)
        names, names_raw = below.by or over.by or below.link or over.link or ((), None)
    date = date_raw = updated = dateline = dateline_raw = None
    if want_date:
        # nearest first: the lines just under the headline, then the few just above it
        # (datelines and kickers), then the rest; the lines under it in one pass, read in
        # two stretches
        # a date line in the readers' comments under a short story comes last: the story's
        # own date above its headline first; with no other date, the first comment's (a
        # forum thread's first reply is as old as the thread)
        comments: list[Line] = []
        story = set(h1.iterancestors())
        date, date_raw, updated = _date_around(
            _outside_teasers(after.span(0), h1, comments), _above_story(above, story))
        if date is None and comments:
            date, date_raw, updated = _date_around(_outside_teasers(after.span(0), h1),
                                                   _above_story(above, story))
        if date is None:
            dateline, dateline_raw = _dateline(after.span(0, NEAR_AFTER))
    return Nearby(names, names_raw, date, date_raw, updated, dateline, dateline_raw)


# Where a dateline's place and date end: a dash, or a wire's name between slashes
_DATELINE_END = re.compile(r"\s*(?:--|[–—]|\.-)|\s+-\s|\s+/[^\W\d_][^/]{0,40}/")
DATELINE_CHARS = 80


def _dateline(lines: Iterable[Line]) -> tuple[str | None, str | None]:
    """The date of the dateline that opens the story's first paragraph, when no line under
    the headline is a date of its own: the place, the date, then a dash or the wire's name
    ("NEW YORK, March 12, 2019 /PRNewswire/ -- Company X today ...", "Berlin, 12.03.2019 –
    Die Stadt ..."), as press releases and many papers open a story, or the date alone
    ("12.03.2019 – Die Stadt ..."). The opening must hold a comma (place, date) or be only
    a date (``dates.only_date``): "Am 12.03.2019 – so ..." is a sentence."""
    for line in lines:
        text = line.text
        if len(text) <= MAX_DATE_LINE_CHARS:
            continue
        end = _DATELINE_END.search(text, 0, DATELINE_CHARS)
        head = text[:end.start()] if end else ""
        iso = parse_date(head) if "," in head or only_date(head) else None
        return (iso, head) if iso else (None, None)
    return None, None


def _date_around(under: Iterator[Line], above: Iterator[Line]) -> tuple[str | None, str | None,
                                                                    str | None]:
    """:func:`_date` of the lines nearest the headline first: a few under it, the few just
    above it (datelines and kickers), then the rest, each side read in one pass."""
    return _date(chain(islice(under, NEAR_AFTER), islice(above, NEAR_BEFORE), under, above))


def _above_story(above: _Lazy, story: set[lxml.html.HtmlElement]) -> Iterator[Line]:
    """The lines above the headline, nearest first, up to the first that sits in the site's
    menu, a sidebar or a box of other stories (``dates.in_other_box``; ``story``: the
    headline's ancestors). The story's kicker, date line and byline sit right above its
    headline; past a menu or a column of teasers (an older page's left column, which comes
    first in its source) are the site's header, with the day's date it prints on every
    page, and other stories' dates. A menu inside the ``<article>`` or ``<main>`` that holds
    the headline is the story's own (a journal's citation menu, a share menu): its lines are
    passed over, and the lines above it read."""
    own = [node for node in story if node.tag in _STORY_BOXES]
    for line in above.span(0):
        box = line.box
        if box is not None and in_other_box(box, story):
            if not any(up in own for up in box.iterancestors(*_STORY_BOXES)):
                return
            continue
        yield line


_STORY_BOXES = ("article", "main")


def _outside_teasers(lines: Iterable[Line], h1: lxml.html.HtmlElement,
                     comments: list[Line] | None = None) -> Iterator[Line]:
    """The lines under the headline; past the story's first paragraphs, only the story's
    own. A date there belongs to the story when the ``<article>`` that holds the headline
    holds it too (its foot: "Posted on ..." under the last paragraph, in a box of any name),
    or when it sits in no teaser, list, comment or widget (``dates.in_noise``; a footer
    counts as the story's own inside the headline's nearest containers); never when
    it is quoted (an embedded post's date, in a ``<blockquote>``). ``comments``, when given,
    takes the date lines that a box of readers' comments holds once the story's text has
    begun (a short story's comments begin within its first paragraphs' reach; above the
    text, a box named "comments" is the story's meta line, its date beside the link to
    them): :func:`scan` reads them only when no other line gives a date. Above the story's
    text no line is left out: a permalink or a list item there is the story's own date
    line."""
    containers = list(h1.iterancestors())  # nearest first
    story, holders = set(containers), set(containers[:FOOT_LEVELS])
    own = next((node for node in containers if node.tag == "article"), None)
    paragraphs = 0
    for line in lines:
        text = line.text
        if paragraphs < BODY_PARAGRAPHS:
            if len(text) > MAX_LINE_CHARS:
                paragraphs += 1
            elif comments is not None and paragraphs and _comment_date(line):
                comments.append(line)  # a short story's: its comments begin before a third
                continue
            yield line
            continue
        box = line.box
        if len(text) > MAX_DATE_LINE_CHARS or box is None:
            continue
        if not _DIGIT(text):
            yield line  # no date of its own: a label over the next line's ("Updated")
            continue
        if box.tag == "blockquote" or next(box.iterancestors("blockquote"), None) is not None:
            continue
        if any(node is own for node in box.iterancestors("article")) \
                or not in_noise(box, story=story, holders=holders):
            if comments is not None and _comment_date(line):
                comments.append(line)
            else:
                yield line


def _comment_date(line: Line) -> bool:
    """Whether a line is a date (its text, or a ``<time>``'s) that a box of readers' comments
    holds. The date is read first: most short lines with a digit are none, and the box's
    names cost a walk up the tree."""
    box = line.box
    return box is not None and len(line.text) <= MAX_DATE_LINE_CHARS \
        and (box.tag == "time" or parse_date(line.text) is not None) and in_comments(box)


class _Byline(NamedTuple):
    """(names, raw) from a "By ..." line, and from the first author or member link."""

    by: tuple[tuple[str, ...], str] | None
    link: tuple[tuple[str, ...], str] | None


def _byline(lines: _Lazy) -> _Byline:
    """Names from the first "By ..." line, and from the first author-page link."""
    link_hit: tuple[tuple[str, ...], str] | None = None
    paragraphs = 0
    for index, line in enumerate(lines.span(0)):
        text = line.text
        if len(text) > MAX_LINE_CHARS:
            paragraphs += 1
            if paragraphs >= BODY_PARAGRAPHS:
                break  # deep in the story's text: a "By" there is not the byline
            continue
        match = _BY.match(text)
        if match and starts_a_name(text[match.end():]) and not _form_text(line) \
                and not _surname(match, text) \
                and not (line.box is not None and _named_box(line.box, _COPYRIGHT_BOX)):
            found = _names_from(line, text)
            following = lines.get(index + 1)
            if not found and match.end() >= len(text) and following is not None \
                    and not _form_text(following):
                # "By" on its own, the name in the next element: <span>By</span><a>Name</a>
                after = following.text
                names = split_authors(after) if len(after) <= MAX_LINE_CHARS else []
                found = (tuple(names), f"{text} {after}") if names and looks_like_names(
                    names) else None
            if found:
                return _Byline(found, link_hit)
            continue
        suffixed = _BY_SUFFIX.match(text) if _HAS_SUFFIX_TITLE(text) else None
        if suffixed:
            names = split_authors(suffixed["name"])
            if names:
                return _Byline((tuple(names), text), link_hit)
        if link_hit is None:
            parent = None if line.is_tail else line.box
            if parent is not None and parent.tag == "a":
                href = parent.get("href", "")
                if len(parent):
                    # the link's whole text: a template may set a name's last letter apart
                    # ("Jane Do<span class=letter-spacing>e</span>")
                    text = clean_text(text_of(parent)) or text
                if _AUTHOR_HREF.search(href):
                    names = split_authors(text)
                    if names and looks_like_names(names):
                        link_hit = (tuple(names), text)
                elif _is_handle_link(href, text) and not _edited_by(parent) \
                        and not in_comments(parent):
                    link_hit = ((text,), text)
    return _Byline(None, link_hit)


def _surname(match: re.Match[str], text: str) -> bool:
    """Whether a "By" that is also a surname's particle ("Von", "Di", "Av") opens a surname
    and not a byline: "Von Hoff" in a paper's list of authors. As in ``byline._WEAK_LEAD``,
    the particle is a lead before a name of two words or more ("Von Jana Müller"), or alone
    on its line before the name's (``<span>Von</span> <a>Jana Müller</a>``)."""
    lead = match.group().strip(" \t:：|").lower()
    return lead in WEAK_WORDS and len(text[match.end():].split()) == 1


def _form_text(line: Line) -> bool:
    """Whether a line is a form's own text: a video player's caption settings read "Text"
    in a ``<legend>`` and "Color" in a ``<label>``, which is no byline and no name."""
    box = line.box
    return box is not None and box.tag in FORM_PARTS


def in_comments(el: lxml.html.HtmlElement) -> bool:
    """Whether an element is, or sits in, a box of readers' comments (``rules/names.json``,
    ``comment_box``) within a few boxes of it, short of ``<body>`` (``tags.boxes_around``): a member
    link there is a commenter's, no author ("you really run a DC on DHCP? – djdomi" under a
    question whose asker has no profile), and a heading there opens no story. Comments
    only: a forum's replies are posts, in boxes named for the thread or the forum, and the
    first of them is the thread's author."""
    return _named_box(el, _COMMENT_BOX)


def _named_box(el: lxml.html.HtmlElement, named: Callable[[str], object]) -> bool:
    """Whether ``el`` or one of the boxes it sits in has a class or id that ``named`` finds."""
    return any(named(f"{node.get('class', '')} {node.get('id', '')}")
               for node in boxes_around(el))


_COMMENT_BOX = name_rules().comment_box.search
# the site's copyright line credits its designer ("Crafted with ♥ by <a>Theme Studio</a>")
_COPYRIGHT_BOX = name_rules().copyright_box.search


_EDITED = date_labels().edited.match
_CARD_LEVELS = 3  # a member's card: the link, its name box, the card with its action line


def _edited_by(link: lxml.html.HtmlElement) -> bool:
    """Whether a member link sits in a card that names an edit ("edited Feb 12, 2011"): a
    question-and-answer site's post signature shows the last editor's card before the asker's,
    and the editor is no author. The card is the nearest ancestor with text before the
    link's; its text opens with the action."""
    own = clean_text(text_of(link)) or ""
    node = link.getparent()
    for _ in range(_CARD_LEVELS):
        if node is None:
            return False
        text = clean_text(text_of(node)) or ""
        head = (text.partition(own)[0] if own else text).strip()
        if head:
            return _EDITED(head) is not None
        node = node.getparent()
    return False


def _names_from(line: Line, text: str) -> tuple[tuple[str, ...], str] | None:
    """The byline from a "By" line: its element's text from the "By" on, climbing while the
    element holds nothing but the "By" (``<span>By</span><a>Jane Doe</a>``). Links to author
    pages inside it name the people exactly, without the place or outlet around them."""
    node = line.box
    for _ in range(3):
        if node is None:
            return None
        full = clean_text(spaced_text(node)) or ""
        if len(full) > MAX_LINE_CHARS * 2:
            return None
        linked = [clean_text(spaced_text(a)) or "" for a in node.iter("a")
                  if _AUTHOR_HREF.search(a.get("href", "")) or _PERSON_HREF.search(
                      a.get("href", "")) or a.get("rel") == "author"]
        names = [n for raw in linked for n in split_authors(raw)]
        if names and looks_like_names(names):
            return tuple(dict.fromkeys(names)), full
        handles = [raw for a in node.iter("a")
                   if _is_handle_link(a.get("href", ""), raw := clean_text(spaced_text(a)) or "")]
        if handles:  # "Posted by u/name": a member's handle, kept as it is written
            return tuple(dict.fromkeys(handles)), full
        start = full.find(text)
        raw = full[start:] if start >= 0 else full
        raw = clean_text(cut_tail(raw)) or ""
        names = split_authors(raw)
        if names:
            return (tuple(names), raw) if looks_like_names(names) else None
        node = node.getparent()
    return None


def _in_series(box: lxml.html.HtmlElement) -> bool:
    """Whether a date sits in a table column whose next or previous row holds a date too: a
    time series (a chart's data, a schedule, a list of releases), not the story's date
    line. Only a cell that is a date and little else is read so, with its neighbours'
    cells: a layout table's cells hold whole blocks of the page."""
    cell = box if box.tag in CELLS else next(box.iterancestors(*CELLS), None)
    row = cell.getparent() if cell is not None else None
    if row is None or row.tag != "tr" or normalized_length(text_of(cell)) > MAX_DATE_LINE_CHARS:
        return False
    column = row.index(cell)
    for other in (row.getprevious(), row.getnext()):
        if other is not None and other.tag == "tr" and len(other) > column:
            text = text_of(other[column])
            if normalized_length(text) <= MAX_DATE_LINE_CHARS and parse_date(text):
                return True
    return False


def _date(lines: Iterable[Line]) -> tuple[str | None, str | None, str | None]:
    """(published, raw, updated) from the first short line that is a date."""
    updated: str | None = None
    label = ""  # the line before, when not a date itself: "Updated" on its own, then the date
    other = 0  # lines left under a label of another date ("Last post by", a name, its date)
    for line in lines:
        text = line.text
        iso = None
        said_other = OTHER_OPENS.match(text)
        if len(text) <= MAX_DATE_LINE_CHARS and not _ADDRESS(text):
            parent = line.box
            # <time datetime> carries the exact moment and zone the text leaves out
            iso = (time_value(parent) if parent is not None
                   and parent.tag == "time" else None) or parse_date(text)
            if iso and line.is_tail and text[:1].islower() and parent is not None \
                    and normalized_length(text_of(parent)) > MAX_DATE_LINE_CHARS:
                # a sentence that goes on in lower case past markup, in a box longer than
                # a date line ("<b>797,826</b> have recovered as on April 25, 2020"); a
                # byline's "By <a>Name</a> on March 3" sits in a short box
                iso = None
            if iso and parent is not None and (_in_series(parent) or teaser_date(parent)):
                iso = None
            if iso:
                said = _UPDATED.search(text)
                if said and said.start() > 0 and parse_date(text[said.end():]):
                    # "Published 5 March, updated 6 March": the date before the word; but in
                    # "2019年12月17日更新" the word trails its own date, which is the update
                    first = parse_date(text[:said.start()])
                    if first:
                        return first, text, updated
                if said or _UPDATED.search(label[-30:]):
                    updated = updated or iso
                elif not other and said_other is None and not is_range(text):
                    return iso, text, updated
        if said_other:  # "Joined 2021" holds its own value; "Joined:" names the next date
            other = 0 if _DIGIT(text, said_other.end()) else OTHER_REACH
        elif other:  # the label covers one date; a publication label ends its reach
            other = 0 if iso or _PUBLISHED_OPENS.match(text) else other - 1
        label = "" if iso else text
    return None, None, updated
