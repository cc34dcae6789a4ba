"""Turn a page into one that does not declare its date or its title, to measure what we read
from the page as shown.

Older pages, small blogs and hand-made sites carry no JSON-LD, no ``article:published_time`` and
no ``og:title``: the date is only in a line under the headline, a ``<time>``, the URL or the text,
and the title is only in ``<title>`` and the headings. Our dev sets are mostly modern pages that
declare both, so a reader that only copies declarations scores well on them and badly on the
old web. Removing the declarations from the same pages (the truth does not change) makes the
old-web case measurable without bringing in anyone else's benchmark pages.

What is removed, per ``what`` ("dates", "titles" or both):

- JSON-LD: the date keys (``datePublished``, ``dateCreated``, ``dateModified``, ``uploadDate``)
  or the title keys (``headline``, ``alternativeHeadline``, and ``name`` of the page's own
  article or web page object), at any depth; the rest of the JSON-LD stays.
- ``<meta>`` whose name, property or itemprop names a date or time (``article:published_time``,
  ``DC.date.issued``, ``pubdate``, ...) or a title (``og:title``, ``twitter:title``,
  ``DC.title``, ``parsely-title``, ...); parsely's JSON ``parsely-page`` for both.
- microdata: ``itemprop="datePublished"`` and the like, or ``itemprop="headline"``, lose the
  attribute (the text stays visible: it is the page as shown).

What stays is what a reader sees: ``<title>``, headings, ``<time>`` elements, date lines, the URL.

``everything`` goes further, to a page of the years before structured metadata: every JSON-LD
block, every ``<meta>`` but the few older pages wrote by hand (``description``, ``keywords``,
``author``, ``robots``, ``viewport``, ``generator``), and every microdata attribute
(``itemscope``, ``itemtype``, ``itemprop``). The site's name, the page's type and its authors
are then known only from what it shows, as on the pages htmldate's and L3S-GN1's sets hold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import lxml.html
from lxml import etree

_DATE_KEYS = frozenset({"datepublished", "datecreated", "datemodified", "uploaddate"})
_TITLE_KEYS = frozenset({"headline", "alternativeheadline"})
_NAMED_TYPES = frozenset({"article", "newsarticle", "blogposting", "webpage", "reportagenewsarticle",
                          "posting", "socialmediaposting", "discussionforumposting", "techarticle",
                          "scholarlyarticle", "analysisnewsarticle", "opinionnewsarticle"})
_DATE_META = re.compile(r"date|time|pubdate|published|modified|created|issued", re.IGNORECASE)
_TITLE_META = re.compile(r"(^|[:.\-_])(title|headline)$", re.IGNORECASE)
_BOTH_META = re.compile(r"^parsely-page$|^sailthru\.", re.IGNORECASE)
_HAND_WRITTEN_META = frozenset({"description", "keywords", "author", "robots", "viewport",
                                "generator"})
_MICRODATA = ("itemscope", "itemtype", "itemprop")
WHAT = ("dates", "titles")  # what --strip all removes
EVERYTHING = "everything"


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _prune(node: Any, dates: bool, titles: bool) -> Any:
    if isinstance(node, list):
        return [_prune(item, dates, titles) for item in node]
    if not isinstance(node, dict):
        return node
    drop: set[str] = set()
    if dates:
        drop |= {k for k in node if k.lower() in _DATE_KEYS}
    if titles:
        drop |= {k for k in node if k.lower() in _TITLE_KEYS}
        if _types(node) & _NAMED_TYPES:
            drop.add("name")
    return {k: _prune(v, dates, titles) for k, v in node.items() if k not in drop}


def _meta_key(meta: lxml.html.HtmlElement) -> str:
    return (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip()


def strip_declared(html: bytes, what: Iterable[str]) -> bytes:
    """The page without its declared dates and/or titles (see the module docstring)."""
    wanted = set(what)
    dates, titles = "dates" in wanted, "titles" in wanted
    from scrapy_cleanarticle.config import DEFAULT_CONFIG
    from scrapy_cleanarticle.decode import decode_html
    from scrapy_cleanarticle.parse import parse_html

    text = decode_html(html, None, config=DEFAULT_CONFIG).text
    root = parse_html(text, config=DEFAULT_CONFIG).tree
    if EVERYTHING in wanted:
        _strip_everything(root)
        return _utf8(root)
    for script in root.iter("script"):
        if not _is_jsonld(script) or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # a broken block is left as the page has it: readers see the same bytes
        script.text = json.dumps(_prune(data, dates, titles), ensure_ascii=False)
    for meta in list(root.iter("meta")):
        key = _meta_key(meta)
        if not key:
            continue
        if (_BOTH_META.search(key) or (dates and _DATE_META.search(key))
                or (titles and _TITLE_META.search(key))):
            meta.drop_tree()
    for element in root.xpath("//*[@itemprop]"):
        props = (element.get("itemprop") or "").split()
        keep = [p for p in props
                if not (dates and p.lower() in _DATE_KEYS) and not (titles and p.lower() in _TITLE_KEYS)]
        if len(keep) == len(props):
            continue
        if keep:
            element.set("itemprop", " ".join(keep))
        else:
            del element.attrib["itemprop"]
    return _utf8(root)


def _is_jsonld(script: lxml.html.HtmlElement) -> bool:
    return "ld+json" in (script.get("type") or "").lower()


def _strip_everything(root: lxml.html.HtmlElement) -> None:
    for script in list(root.iter("script")):
        if _is_jsonld(script):
            script.drop_tree()
    for meta in list(root.iter("meta")):
        key = _meta_key(meta).lower()
        if key and key not in _HAND_WRITTEN_META:
            meta.drop_tree()
    for element in root.iter(etree.Element):
        for name in _MICRODATA:
            element.attrib.pop(name, None)


def _utf8(root: lxml.html.HtmlElement) -> bytes:
    """The page's bytes, in UTF-8 whatever the page said."""
    for meta in root.iter("meta"):
        if meta.get("charset"):
            meta.set("charset", "utf-8")
        elif (meta.get("http-equiv") or "").lower() == "content-type":
            meta.set("content", "text/html; charset=utf-8")
    out: str = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    return out.encode("utf-8")
