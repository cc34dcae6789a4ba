"""Headline rules that weigh the visible headings against the declared titles.

``__init__._headline`` keeps the order of preference; these helpers say when an ``<h1>`` and a
declared title agree, whether a title's other segment is shown as a lower heading (then the
``<h1>`` is the site's name), and what part of a title is a tail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain, islice

import lxml.html
from lxml import etree

from .._xpath import elements, text_of
from ..rules import name_rules, title_rules
from ..tags import BLOCK, HEADINGS, INLINE, UNSEEN_IN_BODY, boxes_around
from ..textutil import alnum_only, squash
from ..urls import same_page
from .byline import BY_LEAD
from .dates import only_date, parse_date
from .gather import has_text
from .headtext import heading_text
from .nearby import in_comments, lines_after, lines_before, scan, text_anchor
from .normalize import (
    TITLE_SEPARATORS,
    fold,
    is_site_name,
    site_colon,
    strip_site_name,
    title_segments,
    tokens,
)
from .page import MetaSources

_LOWER_HEADINGS = 20  # headings read at most: the entry's title sits near the top


def shown_below(tree: lxml.html.HtmlElement, keys: list[str]) -> bool:
    """Whether one of the folded ``keys`` is (in) one of the page's first lower headings,
    outside the site's chrome: the site's name in its logo or footer ("Become a Shop
    member") does not make it an entry's title."""
    for count, el in enumerate(tree.getroottree().getroot().iter("h2", "h3", "h4")):
        if count >= _LOWER_HEADINGS:
            break
        heading = fold(text_of(el))
        if heading and any(key in heading and 2 * len(key) >= len(heading) for key in keys) \
                and not _in_site_chrome(el):
            return True
    return False


_CHROME_TAGS = frozenset({"footer", "nav", "aside"})
_CHROME_WORD = name_rules().site_chrome.search


def _in_site_chrome(el: lxml.html.HtmlElement) -> bool:
    """Whether a heading sits in the site's header, menu, sidebar or footer. ``<body>`` is
    no box of the page: its classes describe the whole page ("wp-custom-logo")."""
    for node in islice(boxes_around(el), 1, None):  # its boxes, not the heading itself
        if node.tag in _CHROME_TAGS or _CHROME_WORD(
                f"{node.get('class', '')} {node.get('id', '')}".lower()):
            return True
    return False


_PIPE = re.compile(r"\s+\|\s+")


def before_pipe(headline: str) -> str:
    """The part before a spaced pipe: what follows one, once the site's name is gone, is a
    section, a second site name or search keywords ("Dog Treats & Bowls | Shop Pets",
    "Best Resume Service | Professional Resume Writers"). Headlines put colons and dashes
    in their own words, hardly ever a pipe. A one-word head is kept whole: too short to
    stand alone."""
    cut = _PIPE.search(headline)
    if cut is None or len(headline[:cut.start()].split()) < 2:
        return headline
    return headline[:cut.start()]


_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")
SECTION_WORDS = 2  # a tail this short after a dash is a section ("Configuration")
HEAD_WORDS = 3


def before_section(headline: str) -> str:
    """The part before a spaced dash when what follows is a short section name and what
    comes before is a headline of its own: a forum's "Topic - Category", a page's "Title -
    Infographic". Done on declared titles only, once the site's name is gone; a title with
    more dashes than one is left whole (which of its parts is the section is not clear)."""
    cuts = list(_DASH.finditer(headline))
    if len(cuts) != 1:
        return headline
    head, tail = headline[:cuts[0].start()], headline[cuts[0].end():]
    if len(tail.split()) <= SECTION_WORDS and len(head.split()) >= HEAD_WORDS:
        return head
    return headline


def agreed_h1(page: MetaSources, declared: list[str], tree: lxml.html.HtmlElement) -> str | None:
    """An ``<h1>`` that a declared title gives word for word (the site's name aside): the
    page and its metadata agree, however short it is ("Kayaks" over "Kayaks | Shop"), so a
    longer lower heading that merely shares its words cannot take its place. So does an
    ``<h1>`` that is one whole segment of a declared title and not the site's name: the
    other segment, however long, is the artist, series or site ("Artist – Song" over the
    ``<h1>`` "Song"). Failing the whole ``<h1>``, a part of it that a declared title gives
    word for word is the headline: the rest is a label the template set around the title
    (``headtext.heading_parts``). A segment that is a section's short name, which the page's
    menu links too, is no such ``<h1>`` over the story's own heading, which shares words with
    a segment of a headline's length (:func:`section_heading`): "<headline> » Local News » The
    Daily Courier" over the section's ``<h1>`` "Local News", as older news templates set it."""
    if not page.first_h1s:
        return None
    titles = [fold(title) for title in declared]
    for h1 in page.first_h1s:  # a masthead <h1> too: the declared title vouches for it
        if _gives(page, declared, titles, fold(h1)):
            return h1
    for part in page.h1_parts:  # the <h1> less a label around its title ("Thread: ...")
        if _gives(page, declared, titles, fold(part)):
            return part
    parts = [part for title in declared for part in TITLE_SEPARATORS.split(title)]
    segments = {fold(part) for part in parts}
    longer = any(len(part.split()) >= SEGMENT_WORDS for part in parts)
    for h1 in page.h1s[:3]:
        if fold(h1) in segments and not is_site_name(h1, page.site_names) and not (
                longer and len(h1.split()) < SEGMENT_WORDS
                and over_segment(section_heading(h1, tree, page), parts)):
            return h1
    return None


def over_segment(heading: str | None, parts: list[str]) -> bool:
    """Whether a heading shares two words with a segment of a headline's length."""
    words = tokens(heading) if heading else frozenset[str]()
    return len(words) >= SEGMENT_WORDS and any(
        len(part.split()) >= SEGMENT_WORDS and len(words & tokens(part)) >= 2 for part in parts)


def section_heading(text: str, tree: lxml.html.HtmlElement, page: MetaSources) -> str | None:
    """The story's own heading under a section's name set as the page's heading: ``text``
    (an ``<h1>``, a ``<title>``'s segment) of a word or two that a link of the page gives
    whole (:func:`menu_section`), over the one heading that opens the story
    (:func:`story_heading`). Older news templates set the section ("Local News") in an
    ``<h1>`` over each of its stories. A section's own page (a listing, a shop's category)
    shows many headings under its name, or none: the name is then the page's. Only an
    ``<h1>`` names the section so, and the story's heading is the next heading after it: a
    shop's category, its name in the ``<h1>``, shows its product's headings and then, far
    below, its questions and answers ("Beard Oil" over "Beard Oil FAQs")."""
    key = fold(text)
    root = tree.getroottree().getroot()
    section = next((h1 for h1 in root.iter("h1") if fold(heading_text(h1) or "") == key), None)
    if section is None or not menu_section(text, tree):
        return None
    found = _story_opening(tree, [], page.site_names, page.url)
    if found is None:
        return None
    story, heading = found
    after = False
    for el in root.iter(*_HEADING_RANK, story.tag):
        if not after:
            after = el is section
        elif el is story:
            return heading
        elif el.tag in _HEADING_RANK and has_text(el):
            return None  # another heading comes first: the section's own page
    return None


def agreed_lower(page: MetaSources, declared: list[str], lower: Sequence[str]) -> str | None:
    """One of the ``<h2>`` before the first ``<h1>`` (``lower``, outside the chrome) that a
    declared title gives word for word, when no ``<h1>`` is (:func:`agreed_h1`): a blog
    template sets the post's title in an ``<h2>`` and the post's own Markdown opens a section
    with an ``<h1>`` below it ("But what they love is ..." under "What do people love about
    Rust?"). The page shows the declared title whole above it, which an ``<h1>`` that only
    shares two of its words cannot beat. An ``<h2>`` under the ``<h1>`` that repeats the
    social title is the story's subheading, and the ``<h1>`` stays."""
    titles = [fold(title) for title in declared]
    # or the longest segment of one, of a headline's length ("<it> | Rust Blog", whose blog
    # name no declaration gives)
    longest = {fold(max(parts, key=lambda part: len(part.split()))) for title in titles
               if (parts := title_segments(title))}
    for heading in lower:
        key = fold(heading)
        if not key or is_site_name(heading, page.site_names):
            continue
        if (key in longest and len(key.split()) >= SEGMENT_WORDS) \
                or _gives(page, declared, titles, key):
            return heading
    return None


def _gives(page: MetaSources, declared: list[str], titles: list[str], key: str) -> bool:
    """Whether a declared title (``titles`` folded) is ``key`` word for word, the site's name
    aside. Stripping costs: only titles that hold the key's words at all are stripped."""
    return key in titles or any(key in title and fold(strip_site_name(raw, page.site_names))
                                == key for raw, title in zip(declared, titles, strict=True))


SEGMENT_WORDS = 3  # a segment shorter than this is a section or a site, not a headline


def shown_segment(tree: lxml.html.HtmlElement, title: str,
                  site_names: tuple[str, ...], *, alone: bool = False) -> str | None:
    """The one segment of a ``<title>`` with several that the page shows as an element's own
    text, outside the site's chrome: "The Daily Bugle :: Local :: <headline>" over a page
    that sets the headline in a ``<b>``, a table cell or a ``<div>`` and has no heading for
    it. The site's name and a section are segments too, but short, or named, or shown in the
    chrome; the page shows its headline once, where the story starts. None when no segment
    or more than one is shown so (which is the headline is then not clear). ``alone``: a
    ``<title>`` of one segment counts too (the caller has another reason to doubt the
    ``<h1>``)."""
    parts = _segments(title, site_names, tree)
    if len(parts) < 2 and not alone:
        return None
    wanted = {fold(p): p for p in _headline_parts(parts, site_names)}
    if not wanted:
        return None
    shortest = min(len(p) for p in wanted.values()) // 2
    longest = 2 * max(len(p) for p in wanted.values())
    body = next(tree.getroottree().getroot().iter("body"), None)
    found: set[str] = set()
    for el in body.iter(etree.Element) if body is not None else ():
        text = el.text
        if text is None or not shortest <= len(text) <= longest or el.tag in UNSEEN_IN_BODY:
            continue
        key = fold(text)
        if key in wanted and key not in found and not _in_site_chrome(el) \
                and not _site_furniture(el):
            found.add(key)
    return wanted[found.pop()] if len(found) == 1 else None


def headline_segments(title: str, tree: lxml.html.HtmlElement, page: MetaSources) -> list[str]:
    """The segments of a ``<title>`` that may be its headline: long enough, and not the
    site's name. "Council approves budget - Local News" and "Local News: Council approves
    budget" (a section the menu links, glued to a colon) give "Council approves budget";
    a segment of one or two words beside it is a section or the site. Not when the page
    sets that short segment as a heading of its own: then it names the page ("The Club |
    Machine Learning at the University" over an ``<h2>`` "The Club"), and all segments are
    given but the site's; unless the menu links it too and one heading opens the story under
    it: a section's heading ("Local News" set over the story, as older news templates did)."""
    names = page.site_names
    parts = [p for p in _segments(title, names, tree) if not is_site_name(p, names)]
    short = {fold(p) for p in parts if len(p.split()) < SEGMENT_WORDS}
    shown = {key for h in tree.iter(*HEADINGS) if (key := fold(text_of(h))) in short}
    if shown and not (len(shown) == 1 and section_heading(next(iter(shown)), tree, page)):
        return parts
    return _headline_parts(parts, names)


_TITLE_RULES = title_rules()
GREETED_WORDS = 5  # "Welcome to <the site's name>": a name of a few words, not a sentence


def untitled(title: str) -> bool:
    """Whether a ``<title>`` (the site's name taken off) names no page: an editor's
    placeholder ("Untitled Document", "New Page 1"), the home page's word or a file's name
    ("Home", "index"), or a greeting to the site ("Welcome to The Daily Courier"), in the
    languages of ``rules/titles.json``. Hand-made sites kept such a ``<title>`` on every page."""
    key = fold(title)
    if key in _TITLE_RULES.placeholders:
        return True
    greeted = _TITLE_RULES.greeting.match(key)
    return greeted is not None \
        and 0 < len(key[greeted.end():].split()) <= GREETED_WORDS


def _segments(title: str, site_names: tuple[str, ...],
              tree: lxml.html.HtmlElement) -> list[str]:
    parts = title_segments(title)
    return parts if len(parts) >= 2 else _colon_parts(title, site_names, tree)


def _headline_parts(parts: list[str], site_names: tuple[str, ...]) -> list[str]:
    return [p for p in parts
            if len(p.split()) >= SEGMENT_WORDS and not is_site_name(p, site_names)]


def _colon_parts(title: str, site_names: tuple[str, ...],
                 tree: lxml.html.HtmlElement) -> list[str]:
    """The segments of a ``<title>`` whose colons are glued to the words before them, when the
    first names the site ("Bugle.com: Local: <headline>", as older news sites wrote it) or a
    section that the page's menu links ("Local News: <headline>"): the site's name or the
    section, then what follows each colon. A colon is no separator on its own (headlines
    have their own), so each candidate still has to be shown whole (:func:`shown_segment`)."""
    glued = site_colon(title)
    if glued is None or not (is_site_name(glued[0], site_names)
                             or menu_section(glued[0], tree)):
        return [title]
    parts = [glued[0]]
    rest: tuple[str, str] | None = glued
    while rest is not None:
        parts.append(rest[1])
        rest = site_colon(rest[1])
    return parts


def menu_section(text: str, tree: lxml.html.HtmlElement) -> bool:
    """Whether ``text`` is a section's short name that a link of the page gives whole, outside
    the headings (a menu entry, a breadcrumb): "Local News" in "Local News: <headline>"."""
    if len(text.split()) >= SEGMENT_WORDS:
        return False
    return fold(text) in _menu_entries(tree, len(text))


def _menu_entries(tree: lxml.html.HtmlElement, longest: int) -> set[str]:
    """The folded texts of the page's links of at most ``longest`` characters (and the white
    space and punctuation around a menu entry's words) outside the headings: the entries of
    its menus and breadcrumbs, read in C."""
    return {fold(text_of(a)) for a in elements(_SHORT_LINKS, tree, chars=longest + _LINK_SLACK)}


_FOOTER_WORD = name_rules().site_footer.search
_HOME = frozenset({"/", "./", "index.html", "index.php"})


def _site_furniture(el: lxml.html.HtmlElement) -> bool:
    """Whether an element is the site's own furniture: inside a link to the home page (the
    logo's), an ``<address>``, or a box named footer, address or breadcrumb (``site_footer``):
    the site's name and its sections are shown there on every page, a story's title never."""
    return any(_furniture_box(node) for node in boxes_around(el))


def _furniture_box(node: lxml.html.HtmlElement) -> bool:
    return node.get("href") in _HOME or node.tag == "address" or bool(_FOOTER_WORD(
        f"{node.get('class', '')} {node.get('id', '')}".lower()))


def title_sections(title: str, site_names: tuple[str, ...],
                   tree: lxml.html.HtmlElement) -> list[str] | None:
    """The folded sections of a ``<title>`` that names no story, only the site and a section
    ("Daily Bugle - Local", "Politics | The Times", "The Times"), or None when it may name one.

    Each segment must be the site's: a known site name or the words of the link to the home
    page, whole (not a name that merely starts it: "Site: Shop headphones"). Or it must be a
    short section that is the whole text of a link of the page: the section in the menu or
    the breadcrumbs, not a heading's link (the page's own title linked to itself). Older
    sites wrote ``<title>`` so on every page of a section, and set the story's headline in
    the page alone; a short ``<title>`` that no link repeats ("Backup strategy") is the
    page's own title. The links are read only when the segments leave the question open."""
    names = {_site_key(name) for name in site_names}
    parts = _title_parts(title, names)
    if _open(parts, names):
        names |= {_site_key(_link_words(a)) for a in elements(_HOME_LINKS, tree)}
        parts = _title_parts(title, names)
    owner = copyright_owner(tree) if _open(parts, names) else None
    if owner:
        names.add(_site_key(owner))
        parts = _title_parts(title, names)
    sections = [key for key in parts if _site_key(key) not in names]
    if not parts or any(len(key.split()) >= SEGMENT_WORDS for key in sections):
        return None
    if sections and not _menu_entries(tree, max(map(len, sections))).issuperset(sections):
        return None  # a section the menu does not link: the <title> may name a story
    return sections


def named_segment(title: str, site_names: tuple[str, ...],
                  tree: lxml.html.HtmlElement) -> str | None:
    """The last segment of a ``<title>``, when it is long enough to be a headline and every
    segment before it is the site's or a section of its menu (:func:`title_sections`): "The
    Daily Bugle | Local News | <headline>", a breadcrumb, as older news sites wrote the
    ``<title>`` of a story whose page shows no heading for it. (Sections after a headline,
    "<headline> - Local - The Daily Bugle", go as the site's name and short sections do.)"""
    parts = title_segments(title)
    if len(parts) < 2:
        return None
    last = parts[-1]
    if len(last.split()) < SEGMENT_WORDS or is_site_name(last, site_names) \
            or title_sections(" | ".join(parts[:-1]), site_names, tree) is None:
        return None
    return last


def _open(parts: list[str], names: set[str]) -> bool:
    """Whether a segment long enough to be a headline is no known name of the site."""
    return any(len(key.split()) >= SEGMENT_WORDS and _site_key(key) not in names
               for key in parts)


def _site_key(name: str) -> str:
    """A site's name as :func:`title_sections` compares it whole: its letters and digits, so
    "Daily Bugle" is the host's "dailybugle" (but "Daily Bugle Local" is not)."""
    return alnum_only(fold(name))


# the last text of the page that opens a copyright notice ("© 2008 The Daily Bugle. All
# rights reserved."), found in C; its owner is the site (older pages name it nowhere else)
_COPYRIGHT_TEXT = etree.XPath(
    "(//body//text()[contains(., '\u00a9') or contains(., 'opyright') or contains(., 'OPYRIGHT')"
    " or contains(., '(c)') or contains(., '(C)')][not(parent::script or parent::style)])"
    "[last()]")
_COPYRIGHT_OWNER = re.compile(
    r"(?:\u00a9|\(c\)|copyright\b)(?:[\s\u00a9,\-\u2013]|\(c\)|copyright\b|\d{4}\b)*"
    r"(?P<owner>[^\W\d][^.|,;\u00a9\u2022\u00b7]{1,58}?)\s*(?:[.|,;\u2022\u00b7]|$)",
    re.IGNORECASE)
_COPYRIGHT_LINE_CHARS = 200


def copyright_owner(tree: lxml.html.HtmlElement) -> str | None:
    """Whom the page's last copyright notice names: "The Daily Bugle" in "Copyright (c)
    2008 The Daily Bugle. All rights reserved." The name ends at the first full stop, bar,
    comma or bullet, or with the notice; a notice that runs on without one gives a name with
    "All rights reserved" in it, which no segment of a title equals (:func:`title_sections`
    takes a segment that is the name whole)."""
    found = _COPYRIGHT_TEXT(tree)
    if not isinstance(found, list) or not found:
        return None
    node = found[0]
    if not isinstance(node, etree._ElementUnicodeResult):
        return None
    holder = node.getparent()
    if holder is not None and node.is_tail:
        holder = holder.getparent()  # a tail is its element's parent's text
    if holder is None:
        return None
    line = squash(text_of(holder))
    if len(line) > _COPYRIGHT_LINE_CHARS:
        line = squash(str(node))
    return notice_owner(line)


def notice_owner(line: str) -> str | None:
    """Whom one copyright notice names (see :func:`copyright_owner`); a year after the name
    ("Copyright (c) Condé Nast 2019", as ``<meta name=copyright>`` has it) is not part of it."""
    match = _COPYRIGHT_OWNER.search(line)
    return _TRAILING_YEAR.sub("", match["owner"]).strip() if match else None


_TRAILING_YEAR = re.compile(r"(?:\s+(?:19|20)\d{2})+\s*$")


def _title_parts(title: str, names: set[str]) -> list[str]:
    """The folded segments of a title; "Site: Section" (the colon glued to a known name) is
    two."""
    parts: list[str] = []
    for part in (s.strip() for s in TITLE_SEPARATORS.split(title)):
        glued = site_colon(part)
        parts.extend(glued if glued is not None and _site_key(glued[0]) in names else (part,))
    return [key for key in (fold(p) for p in parts) if key]


def _link_words(a: lxml.html.HtmlElement) -> str:
    """A link's words, or its images' alt text when it has none (a logo)."""
    return text_of(a) or " ".join(img.get("alt") or "" for img in a.iter("img"))


_LINK_SLACK = 4  # white space and punctuation around a menu entry's words
# Links to the home page (the logo's, "Home"), by a relative or an absolute address, and the
# short links outside headings (menu entries, breadcrumbs): both found in C.
_HOME_LINKS = etree.XPath(
    "//a[" + " or ".join(f"@href='{href}'" for href in sorted(_HOME))
    + " or re:test(@href, '^(?:https?:)?//[^/?#]+/?$')]",
    namespaces={"re": "http://exslt.org/regular-expressions"})
_SHORT_LINKS = etree.XPath(
    "//a[string-length(normalize-space()) <= $chars]"
    "[not(ancestor::*[self::" + " or self::".join(sorted(HEADINGS)) + "])]")


_HEADLINE_BOX = name_rules().headline_box.search
_HEADING_RANK = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
_BOX_TAGS = frozenset({"div", "span", "td", "p", "b", "strong", "font"})
_HEADLINE_WORDS = 25  # a heading longer than this is a teaser's lead or a sentence
_HEADINGS_READ = 40  # the story's heading sits near the top; a long page is not read to its end
_PROSE_NODES = 8  # text nodes read after a heading for the story's first sentences
_PROSE_CHARS = 150  # one of them this long, with a sentence's end: the story starts there


def story_heading(tree: lxml.html.HtmlElement, sections: list[str],
                  site_names: tuple[str, ...], *, page_url: str | None = None) -> str | None:
    """The heading that opens the page's story, for a page whose ``<title>`` names none
    (``sections``: :func:`title_sections`). An ``<h1>``-``<h4>``, large type (``<font
    size="5">``, :func:`_type_rank`), or an element whose class names a headline
    (``rules/names.json``, ``headline_box``), of three words or more, with
    no date and no section of the title in it (a heading that holds the title's words is
    about what the title names), outside the site's chrome and any link but one to the page
    itself (``page_url``: a linked title, as Joomla and blog templates write the story's own
    heading), that the story's prose follows. None when a second such heading of the same
    or a higher rank follows it: a front page's posts, or a list of teasers, each under its
    own heading (the ``<title>`` then names the page rightly)."""
    found = _story_opening(tree, sections, site_names, page_url)
    return found[1] if found is not None else None


def _story_opening(tree: lxml.html.HtmlElement, sections: list[str],
                   site_names: tuple[str, ...], page_url: str | None
                   ) -> tuple[lxml.html.HtmlElement, str] | None:
    """:func:`story_heading`'s element and text."""
    body = next(tree.getroottree().getroot().iter("body"), None)
    if body is None:
        return None
    first: tuple[int, str, lxml.html.HtmlElement] | None = None
    read = 0
    for el in body.iter(etree.Element):
        rank = _HEADING_RANK.get(el.tag)
        if rank is None:
            if el.tag in _BOX_TAGS and _HEADLINE_BOX(
                    f"{el.get('class', '')} {el.get('id', '')}".lower()):
                rank = 1  # named for the headline: no subheading of the story outranks it
            else:
                rank = _type_rank(el)
                if rank is None:
                    continue
        read += 1
        if read > _HEADINGS_READ:
            break
        text = heading_text(el) or ""  # a <br> parts two words
        if not _may_open_story(el, text, sections, site_names, page_url):
            continue
        if first is None:
            first = (rank, text, el)
        elif rank <= first[0] and text != first[1]:
            return None  # two stories' headings: which is the page's is not clear
    return (first[2], first[1]) if first is not None \
        else _bold_heading(body, sections, site_names, page_url)


def heading_over_title(tree: lxml.html.HtmlElement, title: str, site_names: tuple[str, ...],
                       *, page_url: str | None = None) -> str | None:
    """The story's own heading over a ``<title>`` that the page never shows, on a page that
    declares no title. Older news sites wrote a short headline for search results into the
    ``<title>`` ("Obama signs health bill - News - The Daily Courier") and set the story's
    headline on the page in other words, in an ``<h2 class="headline">``, a table cell or
    large type, under a logo ``<h1>`` ("President signs landmark health care overhaul into
    law"). A reader, and the page's own markup, call the story by the heading.

    The heading is :func:`story_heading`'s (the one heading that opens the story), and must
    also show that it is this story's: it shares a word of four letters or more with the
    ``<title>`` less the site's name, no sentences come before it (it opens the page's text,
    not a section of it), and a byline or a date stands by it (it heads a story, not a
    landing page's slogan over its pitch), or the ``<title>`` gives the story's day in a
    segment of its own. None when the page shows the ``<title>``'s words
    as a heading or an element's own text: the earlier rules read it then."""
    short = strip_site_name(title, site_names) or title
    glued = site_colon(short)
    if glued is not None and is_site_name(glued[0], site_names):
        short = glued[1]  # "The Daily Courier: <short headline>"
    if shown_segment(tree, title, site_names, alone=True) is not None \
            or shown_below(tree, [fold(short)]):
        return None
    opening = story_heading(tree, [], site_names, page_url=page_url)
    if opening is None or not any(len(word) >= _SHARED_CHARS
                                  for word in tokens(short) & tokens(opening)):
        return None
    anchor = text_anchor(tree, opening)
    if anchor is None or any(len(line.text) >= _PROSE_CHARS
                             for line in lines_before(anchor, _PROSE_NODES)):
        return None
    if any(only_date(part) and parse_date(part) for part in title_segments(title)):
        return opening  # "<short headline> - The Daily Courier - March 23, 2010": a day's story
    near = scan(anchor, want_names=True, want_date=True)
    return opening if near.names or near.date or near.dateline else None


_SHARED_CHARS = 4  # a word the heading shares with the <title>: not "the", "and", "new"


def _type_rank(el: lxml.html.HtmlElement) -> int | None:
    """The heading rank of large type: older templates set the headline in a ``<font>``
    larger than the text's (``size`` 5 to 7 or +2 and up rank as an ``<h2>``; 4, +1 and a
    ``<big>`` as an ``<h3>``: the text's own size is 3), or in an inline style's font size
    (:func:`_styled_rank`). None for any other element."""
    if el.tag == "big":
        return _SMALL_HEADING
    if el.tag != "font":
        style = (el.get("style") or "").lower()
        return _styled_rank(style) if "font-size" in style else None
    size = (el.get("size") or "").strip()
    relative = size.startswith("+")
    digits = size[1:] if relative else size
    if not digits.isdigit() or len(digits) > 1:
        return None
    points = int(digits) + (_TEXT_FONT_SIZE if relative else 0)
    if points <= _TEXT_FONT_SIZE:
        return None
    return _SMALL_HEADING if points == _TEXT_FONT_SIZE + 1 else _LARGE_HEADING


def _styled_rank(style: str) -> int | None:
    """The heading rank of an inline ``font-size`` (``style="font-size: 24px"``), as
    ``<font size>`` ranks: the size of ``<font size=5>`` (24px, x-large) and up as an
    ``<h2>``, that of ``size=4`` (18px, large) as an ``<h3>``; text is 16px. Relative sizes
    are read against 16px."""
    match = _FONT_SIZE.search(style)
    if match is None:
        return None
    if match["word"]:
        word = match["word"]
        return _LARGE_HEADING if word.startswith(("x-large", "xx-large", "xxx-large")) \
            else _SMALL_HEADING if word == "large" else None
    pixels = float(match["size"]) * _PIXELS.get(match["unit"] or "px", 1.0)
    if pixels >= _LARGE_PIXELS:
        return _LARGE_HEADING
    return _SMALL_HEADING if pixels >= _SMALL_PIXELS else None


_FONT_SIZE = re.compile(r"font-size\s*:\s*(?:(?P<size>\d+(?:\.\d+)?)\s*(?P<unit>px|pt|r?em|%)?"
                        r"|(?P<word>x{0,3}-?large))")  # read on the lower-cased style
_PIXELS = {"px": 1.0, "pt": 4 / 3, "em": 16.0, "rem": 16.0, "%": 0.16}
_LARGE_PIXELS, _SMALL_PIXELS = 24.0, 18.0
_TEXT_FONT_SIZE = 3  # HTML's font sizes run from 1 to 7; text is 3 unless a page says otherwise
_LARGE_HEADING, _SMALL_HEADING = 2, 3


def _bold_heading(body: lxml.html.HtmlElement, sections: list[str], site_names: tuple[str, ...],
                  page_url: str | None) -> tuple[lxml.html.HtmlElement, str] | None:
    """A headline set in bold on a line of its own, when no heading opens the story: older
    templates wrote ``<td><b>Headline</b><br>Story ...</td>``. The same tests as a heading's,
    and no byline ("By ..."), no label (a colon at its end); a second such line keeps the
    ``<title>`` (bold subheadings, or a list of teasers)."""
    found: tuple[lxml.html.HtmlElement, str] | None = None
    for read, el in enumerate(body.iter(*_BOLD)):
        if read >= _HEADINGS_READ:
            break
        if not _own_line(el):
            continue
        text = squash(text_of(el))
        if text.endswith(":") or _BYLINE_OPENS.match(text) \
                or not _may_open_story(el, text, sections, site_names, page_url):
            continue
        if found is not None:
            return None
        found = (el, text)
    return found


def _may_open_story(el: lxml.html.HtmlElement, text: str, sections: list[str],
                    site_names: tuple[str, ...], page_url: str | None) -> bool:
    """The tests a heading (or a bold line) of ``text`` passes to open the story: three to
    ``_HEADLINE_WORDS`` words, no section of the title, no site name, no date, outside links,
    the site's chrome and the readers' comments ("Comment on this article"), and the story's
    prose after it."""
    key = fold(text)
    return SEGMENT_WORDS <= len(text.split()) <= _HEADLINE_WORDS \
        and not any(section in key for section in sections) \
        and not is_site_name(text, site_names) and parse_date(text) is None \
        and not _linked(el, page_url) and not _in_site_chrome(el) and not _site_furniture(el) \
        and not in_comments(el) and _opens_prose(el)


def _own_line(el: lxml.html.HtmlElement) -> bool:
    """Whether ``el`` is a line of its own: nothing but white space between it (or the inline
    wrappers it opens and closes, a ``<font>`` around a ``<b>``) and a line break or the edge
    of its block, on both sides."""
    return _line_edge(el, before=True) and _line_edge(el, before=False)


def _line_edge(el: lxml.html.HtmlElement, *, before: bool) -> bool:
    node = el
    while True:
        if not before and (node.tail or "").strip():
            return False
        sibling = node.getprevious() if before else node.getnext()
        if sibling is not None:
            return sibling.tag in _LINE_BREAKS and not (before and (sibling.tail or "").strip())
        parent = node.getparent()
        if parent is None or (before and (parent.text or "").strip()):
            return False
        if parent.tag not in INLINE:
            return True  # the edge of its block
        node = parent


_BOLD = ("b", "strong")
_LINE_BREAKS = BLOCK | {"br"}
_BYLINE_OPENS = re.compile(BY_LEAD + r"\b", re.IGNORECASE)


def _linked(el: lxml.html.HtmlElement, page_url: str | None) -> bool:
    """A heading in or around a link: a teaser's, pointing to its story elsewhere. A link to
    the page itself is the story's own heading linked to its permalink."""
    return any(not same_page(a.get("href"), page_url)
               for a in chain(el.iter("a"), el.iterancestors("a")))


def _opens_prose(el: lxml.html.HtmlElement) -> bool:
    """Whether sentences follow the element within a few text nodes: a story starts there."""
    return any(len(line.text) >= _PROSE_CHARS and ". " in line.text
               for line in lines_after(el, _PROSE_NODES))
