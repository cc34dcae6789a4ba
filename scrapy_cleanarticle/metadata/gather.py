"""One walk over the tree for every element the declared sources read.

Each ``//meta``, ``//link``, ``//title``, ``//script`` or ``//h1`` XPath is a walk over the
whole tree, and on a typical page each costs a tenth of the parse. ``iter()`` with tag names
visits the nodes once, in C, and hands Python only the few elements it asks for, in document
order. Microdata scopes are found by their ``itemtype`` attribute (``//@itemtype``, also one
walk): an attribute step costs half of the ``//*[@itemscope]`` predicate, which builds a
node-set for every element. XPath unions (``//a | //b``) are avoided: libxml2 merges them in
quadratic time.

``Walked`` also holds what the readers of the visible page share, each piece made when first
asked for: the verdict on each distinct class string (``ClassKinds``), the page's date boxes
(``dates``) and the window of elements around the headline's block (the byline and label
searches). The walk itself stays the C-level one: a single Python walk that also read every
element's attributes for the readers cost more than the walks it replaced
(docs/topics/metadata.md, "Speed").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

import lxml.html
from lxml import etree

from .._xpath import carrying, text_of
from ..rules import name_rules
from ..textutil import XML_SPACE

_TAGS = ("meta", "link", "title", "script", "h1")
_CANDIDATE_CLASS = name_rules().author_candidate.search  # case-sensitive, as the rule is
_DATE_BOX = name_rules().date_box.search  # on the lower-cased class: one pass for all words
DATED = 1  # the class says date, datum, fecha, publish ... (``dates``)
BYLINE = 2  # the class says author, byline, writer ... (``byline``)
PAGE_BEFORE = 300
PAGE_AFTER = 600


def _class_kind(cls: str) -> int:
    """What a class string says (``DATED``, ``BYLINE``), tested once per distinct string.

    The date words are the ``date_box`` rule's, in many languages: a German page's date
    sits in ``class="datum"``, a Spanish page's in ``class="fecha"``. They are found in the
    lower-cased class (``lower()`` runs in C, where XPath's translate mapped per
    character), by one search of the words' alternation: a substring test per word scanned
    the string a dozen times, and the long class strings of utility-class sites cost that
    on every page."""
    kind = DATED if _DATE_BOX(cls.lower()) else 0
    return kind | BYLINE if _CANDIDATE_CLASS(cls) else kind


class ClassKinds(dict[str, int]):
    """``_class_kind`` of each distinct class string of a page, tested when first met: a
    page repeats a couple of hundred class strings over a thousand elements, and a lookup
    (``kinds[cls]``, in C) costs a fraction of the test."""

    def __missing__(self, cls: str) -> int:
        kind = self[cls] = _class_kind(cls)
        return kind


@dataclass(frozen=True)
class Walked:
    metas: list[lxml.html.HtmlElement]  # <meta content|value>
    links: list[lxml.html.HtmlElement]  # <link rel href>
    title: lxml.html.HtmlElement | None  # /html/head/title, else the first <title> anywhere
    scripts: list[lxml.html.HtmlElement]  # JSON-LD
    h1s: list[lxml.html.HtmlElement]  # <h1> with text
    first_h1: lxml.html.HtmlElement | None  # the first <h1>, with text or not
    scopes: list[lxml.html.HtmlElement]  # itemscope elements that declare an itemtype
    # what the readers of the visible page share, each filled when first asked for
    kinds: ClassKinds = field(default_factory=ClassKinds)
    boxes: dict[lxml.html.HtmlElement, list[lxml.html.HtmlElement]] = field(
        default_factory=dict)  # the date boxes of a tree (``dates``)
    _windows: dict[lxml.html.HtmlElement, list[lxml.html.HtmlElement]] = field(
        default_factory=dict)

    def window(self, region: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
        """The elements around the headline's block, in document order: ``PAGE_BEFORE``
        before it and ``PAGE_AFTER`` after it. The page-wide byline and label searches look
        there instead of walking the whole page: a byline sits at the story's top, and one
        found a thousand elements away belongs to a teaser or a comment more often than to
        the story. The block itself is left out: it was searched first. Listed once for
        both searches."""
        known = self._windows.get(region)
        if known is None:
            known = self._windows[region] = [*reversed(_preceding(region, PAGE_BEFORE)),
                                             *_following(region, PAGE_AFTER)]
        return known


def _following(el: lxml.html.HtmlElement, limit: int) -> list[lxml.html.HtmlElement]:
    """The first ``limit`` elements after ``el``'s subtree, in document order. ``iter`` with
    the ``Element`` filter skips comments in C, so no tag is read here."""
    out: list[lxml.html.HtmlElement] = []
    node: lxml.html.HtmlElement | None = el
    while node is not None:
        for sibling in node.itersiblings():
            out.extend(islice(sibling.iter(etree.Element), limit - len(out)))
            if len(out) >= limit:
                return out
        node = node.getparent()
    return out


def _preceding(el: lxml.html.HtmlElement, limit: int) -> list[lxml.html.HtmlElement]:
    """The last ``limit`` elements before ``el`` (ancestors excluded), nearest first."""
    out: list[lxml.html.HtmlElement] = []
    node: lxml.html.HtmlElement | None = el
    while node is not None:
        for sibling in node.itersiblings(preceding=True):
            items = list(sibling.iter(etree.Element))
            out.extend(reversed(items[max(len(items) - (limit - len(out)), 0):]))
            if len(out) >= limit:
                return out
        node = node.getparent()
    return out


def has_text(el: lxml.html.HtmlElement) -> bool:
    """``normalize-space()`` is not empty."""
    return bool(text_of(el).strip(XML_SPACE))


def walk(tree: lxml.html.HtmlElement) -> Walked:
    root = tree.getroottree().getroot()
    metas: list[lxml.html.HtmlElement] = []
    links: list[lxml.html.HtmlElement] = []
    scripts: list[lxml.html.HtmlElement] = []
    titles: list[lxml.html.HtmlElement] = []
    all_h1s: list[lxml.html.HtmlElement] = []
    # one C-level walk; each element's tag is read once (every read builds a new string)
    for el in root.iter(*_TAGS):
        tag = el.tag
        if tag == "meta":
            if el.get("content") is not None or el.get("value") is not None:
                metas.append(el)
        elif tag == "script":
            kind = el.get("type")
            if kind and "ld+json" in kind.lower():
                scripts.append(el)
        elif tag == "link":
            if el.get("rel") is not None and el.get("href") is not None:
                links.append(el)
        elif tag == "h1":
            all_h1s.append(el)
        else:
            titles.append(el)
    h1s = [el for el in all_h1s if has_text(el)]
    head_title = next((t for t in titles if _in_head(t, root)), None)
    scopes = [el for el in carrying(root, "itemtype") if el.get("itemscope") is not None]
    return Walked(metas, links, head_title if head_title is not None else
                  (titles[0] if titles else None), scripts, h1s,
                  all_h1s[0] if all_h1s else None, scopes)


def _in_head(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    """``/html/head/title``: a child of the ``<head>`` that is a child of the root ``<html>``."""
    head = el.getparent()
    return (head is not None and head.tag == "head" and head.getparent() is root
            and root.tag == "html")
