"""Schema.org microdata (``itemscope`` / ``itemprop``) of the page's article.

Only properties that belong to the article's own item are read: a ``datePublished`` inside a
nested item (a related story, a comment) belongs to that item, not to ours. That scoping is why
we do not read ``<meta itemprop>`` tags page-wide.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import lxml.html
from lxml import etree

from .._xpath import elements, text_of
from ..rules import name_rules
from .jsonld import ARTICLE_TYPES, PAGE_TYPES, url_key
from .normalize import clean_text

_SCOPES = etree.XPath("//*[@itemscope][@itemtype]")
# ``.//*[@itemprop]`` as an attribute step: the predicate form built a node-set for every
# element of the scope, which may be the whole story
_PROPS = etree.XPath("descendant::*/@itemprop/..")
MAX_PROPS = 400
# A work that is the page's subject when no article item exists (a video, a book page); not
# the page-shaped types, which describe the site's template more often than the story.
_WORK_TYPES = PAGE_TYPES - {"webpage", "itempage", "aboutpage", "collectionpage", "profilepage",
                            "faqpage", "medicalwebpage", "creativework"}


@dataclass(frozen=True)
class MicrodataInfo:
    headline: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    image: str | None = None
    url: str | None = None  # the item's own url / mainEntityOfPage
    has_article: bool = False


def _value(el: lxml.html.HtmlElement) -> str | None:
    """The value of one ``itemprop`` element, per the microdata spec's tag rules."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "meta":
        return clean_text(el.get("content") or el.get("value"))
    if tag in ("img", "audio", "video", "source", "embed", "iframe"):
        return clean_text(el.get("src") or el.get("data-src"))
    if tag in ("a", "link", "area"):
        # <link itemprop="name" content="..."> is not the spec, but widespread
        return clean_text(el.get("href") or el.get("content"))
    if tag in ("time", "data", "meter"):
        return clean_text(el.get("datetime") or el.get("value") or text_of(el))
    return clean_text(el.get("content") or text_of(el))


def _owner(el: lxml.html.HtmlElement, scope: lxml.html.HtmlElement) -> bool:
    """Whether ``el`` belongs directly to ``scope`` (no other item scope in between)."""
    parent = el.getparent()
    while parent is not None and parent is not scope:
        if parent.get("itemscope") is not None:
            return False
        parent = parent.getparent()
    return parent is scope


def _nested(el: lxml.html.HtmlElement, names: tuple[str, ...]) -> str | None:
    """The value of an item-valued property (a Person's name, an ImageObject's url)."""
    if el.get("itemscope") is None:
        return _value(el)
    for prop in elements(_PROPS, el):
        if prop.get("itemprop", "").strip() in names and _owner(prop, el):
            return _value(prop)
    return None if "url" in names else clean_text(text_of(el))


# An article-type item that is a property of another item: a shopper's review of a product
_OF_ANOTHER_ITEM = frozenset({"review", "reviews"})


def extract_microdata(tree: lxml.html.HtmlElement,
                      scopes: list[lxml.html.HtmlElement] | None = None,
                      page_urls: set[str] | None = None, *,
                      declared_article: bool = True) -> MicrodataInfo:
    """``scopes``: the page's ``itemscope`` elements with an ``itemtype``, in document order,
    when the caller has collected them already. A work item (no article item on the page)
    stands for the page when its url is one of ``page_urls`` (the page's URL, canonical), or
    when nothing else declares the page an article (``declared_article``: og:type article,
    a JSON-LD article): a story with an embedded video player is the story's."""
    scope = work = None
    for candidate in elements(_SCOPES, tree) if scopes is None else scopes:
        kind = candidate.get("itemtype", "").rstrip("/").rsplit("/", 1)[-1].lower()
        if kind in ARTICLE_TYPES and candidate.get("itemprop") not in _OF_ANOTHER_ITEM:
            scope = candidate
            break
        if work is None and kind in _WORK_TYPES and candidate.get("itemprop") is None:
            work = candidate  # a top-level item, not a property of another one
    if scope is None:
        if work is None:
            return MicrodataInfo()
        info = _read(work)
        own = bool(info.url and page_urls
                   and url_key(info.url) in {url_key(u) for u in page_urls})
        if declared_article and not own:
            return MicrodataInfo()
        # its name is the work's (a repository, a book title), not the page's headline
        return replace(info, headline=None, has_article=False)
    return _read(scope)


_OTHER_BOX = name_rules().byline_not_container.search


def _in_other_box(el: lxml.html.HtmlElement, scope: lxml.html.HtmlElement) -> bool:
    """Whether a property sits in a box of other stories (a sidebar's posts, comments) inside
    its scope: a template that makes the whole ``<body>`` the Article marks every post's
    byline ``itemprop="author"``. Such authors count only when the scope names no other."""
    for node in el.iterancestors():
        if node is scope:
            return False
        if _OTHER_BOX(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def _read(scope: lxml.html.HtmlElement) -> MicrodataInfo:
    found: dict[str, list[str]] = {}
    elsewhere: list[str] = []  # authors the scope marks inside other stories' boxes
    for count, el in enumerate(elements(_PROPS, scope)):
        if count > MAX_PROPS:
            break
        if not _owner(el, scope):
            continue
        for name in el.get("itemprop", "").split():
            if name in ("author", "creator"):
                value = _nested(el, ("name",))
                if value and _in_other_box(el, scope):
                    elsewhere.append(value)
                    continue
            elif name in ("image", "thumbnailUrl"):
                value = _nested(el, ("url", "contentUrl"))
            else:
                value = _value(el)
            if value:
                found.setdefault(name, []).append(value)
    return MicrodataInfo(
        headline=_first(found, "headline", "name"),
        description=_first(found, "description"),
        authors=tuple(found.get("author", ()) or found.get("creator", ()) or elsewhere),
        date_published=_first(found, "datePublished", "dateCreated"),
        date_modified=_first(found, "dateModified"),
        image=_first(found, "image", "thumbnailUrl"),
        url=_first(found, "url", "mainEntityOfPage"),
        has_article=True,
    )


def _first(found: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        if found.get(name):
            return found[name][0]
    return None
