"""One walk over the tree for every element the declared sources read.

Each ``//meta``, ``//link``, ``//title``, ``//script`` or ``//h1`` XPath is a walk over the
whole tree, and on a typical page each costs a tenth of the parse. ``iter()`` with tag names
visits the nodes once, in C, and hands Python only the few elements it asks for, in document
order. Microdata scopes are found by their ``itemtype`` attribute (``//@itemtype``, also one
walk): an attribute step costs half of the ``//*[@itemscope]`` predicate, which builds a
node-set for every element. XPath unions (``//a | //b``) are avoided: libxml2 merges them in
quadratic time.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml import etree

from .._xpath import elements, text_of
from ..textutil import XML_SPACE

_TAGS = ("meta", "link", "title", "script", "h1")
_ITEM_TYPED = etree.XPath("//@itemtype/..")


@dataclass(frozen=True)
class Walked:
    metas: list[lxml.html.HtmlElement]  # <meta content|value>
    links: list[lxml.html.HtmlElement]  # <link rel href>
    title: lxml.html.HtmlElement | None  # /html/head/title, else the first <title> anywhere
    scripts: list[lxml.html.HtmlElement]  # JSON-LD
    h1s: list[lxml.html.HtmlElement]  # <h1> with text
    first_h1: lxml.html.HtmlElement | None  # the first <h1>, with text or not
    scopes: list[lxml.html.HtmlElement]  # itemscope elements that declare an itemtype


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
    scopes = [el for el in elements(_ITEM_TYPED, root) if el.get("itemscope") is not None]
    return Walked(metas, links, head_title if head_title is not None else
                  (titles[0] if titles else None), scripts, h1s,
                  all_h1s[0] if all_h1s else None, scopes)


def _in_head(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    """``/html/head/title``: a child of the ``<head>`` that is a child of the root ``<html>``."""
    head = el.getparent()
    return (head is not None and head.tag == "head" and head.getparent() is root
            and root.tag == "html")
