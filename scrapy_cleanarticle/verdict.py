"""What kind of page this is, kept apart from extracting its main text.

Extraction used to double as the verdict: a page judged "not an article" or "a listing" came out
empty, and documentation, forum threads, product and service pages lost their whole text to it.
Now every page with a main text gets it, and the verdict is a label beside it:
``metadata["pageType"]`` (one of :data:`PAGE_TYPES`) with ``metadata["probability"]``, the
confidence that the page is an article. Whether a crawl keeps pages of a type is the caller's
policy (``CLEANARTICLE_PAGE_TYPES`` in Scrapy), not the cleaner's.

The evidence, strongest first: the page's own declaration (schema.org type, ``og:type``), the
URL's path words, then the shape of what was extracted (linked teaser headings, code blocks,
repeated posts with user names, prices).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from ._xpath import text_of
from .content import looks_like_listing
from .page import Page
from .textutil import DENSE_SCRIPT

PAGE_TYPES: tuple[str, ...] = ("article", "documentation", "forum", "product", "service",
                               "collection", "listing")

# Declared types of a thread of many people's posts: a forum page, and never "a story".
_THREAD_TYPES = re.compile(r"discussionforum|socialmedia|qapage|question")
# schema.org / og:type words -> page type. Matched on the lower-cased declared type.
_DECLARED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"techarticle|apireference|softwaresourcecode|howto"), "documentation"),
    (re.compile(_THREAD_TYPES.pattern + "|comment"), "forum"),
    (re.compile(r"product|offer|aggregateoffer|individualproduct|productgroup|book\b"), "product"),
    (re.compile(r"article|posting|report|blog|news|liveblog|recipe|review|opinion|analysis"),
     "article"),
    (re.compile(r"collectionpage|itemlist|searchresultspage|catalog"), "collection"),
    (re.compile(r"service|localbusiness|organization|contactpage|aboutpage|faqpage|"
                r"event|course|jobposting|website|webapplication"), "service"),
)
# URL path words -> page type, for pages that declare nothing.
_PATH_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"/(?:docs?|documentation|manual|guide|guides|reference|api|wiki|learn|tutorials?|"
                r"help|kb|knowledge-?base|howto|how-to|changelog|release-notes)(?:/|$|\.)"),
     "documentation"),
    (re.compile(r"/(?:forums?|community|discussions?|threads?|questions|t|topic|viewtopic|"
                r"showthread|r/[^/]+/comments)(?:/|$|\.|\?)"), "forum"),
    (re.compile(r"/(?:products?|p|dp|item|items|shop|store|buy)/"), "product"),
    (re.compile(r"/(?:category|categories|tag|tags|topics?|collections?|section|archive|"
                r"search|browse)(?:/|$)"), "collection"),
    (re.compile(r"/(?:news|blog|articles?|story|stories|posts?|\d{4}/\d{1,2})/"), "article"),
    (re.compile(r"/(?:services?|pricing|plans|about|contact|support|solutions|features|"
                r"careers|locations?)(?:/|$|\.)"), "service"),
)
_PRICE = re.compile(r"(?:[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:€|usd|eur|gbp|kr|zł|руб))", re.I)
_UNDECLARED_MIN_CHARS = 400
_DENSE_SCRIPT = re.compile(f"[{DENSE_SCRIPT}]")


@dataclass(frozen=True)
class Verdict:
    page_type: str
    probability: float  # that the page is an article


def reading_length(text: str) -> int:
    """Length in Latin-equivalent characters: a CJK character carries about a word."""
    return len(text) + 2 * len(_DENSE_SCRIPT.findall(text))


def article_markup(page: Page) -> HtmlElement | None:
    """The ``<article>`` that is, or holds, the rules' container: the page's own markup says
    where its story is."""
    for block in page.body_blocks:
        if block.tag == "article":
            return block
        for above in block.iterancestors("article"):
            return above
    return None


def declared_article(page: Page) -> bool:
    """The page says it is a story: article markup around the body, article schema, an article
    og:type, or a publication date."""
    if article_markup(page) is not None:
        return True
    meta = page.meta
    if meta is None:
        return False
    kind = (meta.page_type or "").lower()
    if _THREAD_TYPES.search(kind):
        return False  # a forum thread or social post: many authors' posts, not one story
    return bool(meta.has_article_schema or meta.date_published or "article" in kind
                or "posting" in kind or "report" in kind)


def thread_page(page: Page) -> bool:
    """The page declares itself, or its address names it, a thread of many people's posts:
    boxes named "comment" or "reply" are then its main text, not a discussion under a story."""
    declared = _declared_type(page)
    if declared is not None:
        return declared == "forum"
    # an address alone ("/community/", "/topic/") also names news sections: a dated page or
    # one in <article> markup is a story there, and its comment boxes stay a discussion
    return _path_type(page.url) == "forum" and not declared_article(page)


def listing_page(page: Page) -> bool:
    """The rules' container is a list of linked teasers and the page does not declare a story:
    the verdict's "listing" cue, read once the rules have chosen (``page.body_blocks``)."""
    return looks_like_listing(page.body_blocks) and not declared_article(page)


def judge(page: Page, text: str, *, listing: bool) -> Verdict:
    """The page's type and the probability that it is an article. ``listing``: the rules saw
    three or more linked teaser headings in the main container."""
    kind = _declared_type(page) or _path_type(page.url)
    if kind is None or kind == "service":
        shaped = _shape_type(page, text, listing=listing)
        kind = shaped or kind
    if kind is None:
        kind = "article" if reading_length(text) >= _UNDECLARED_MIN_CHARS else "service"
    return Verdict(kind, _probability(page, text, kind))


def _declared_type(page: Page) -> str | None:
    meta = page.meta
    if meta is None:
        return None
    declared = (meta.page_type or "").lower().replace("schema.org/", "")
    if declared:
        for pattern, kind in _DECLARED:
            if pattern.search(declared):
                return kind
    if meta.has_article_schema:
        return "article"
    return None


def _path_type(url: str | None) -> str | None:
    if not url:
        return None
    path = urlsplit(url).path.lower()
    if path in ("", "/"):
        return None
    for pattern, kind in _PATH_WORDS:
        if pattern.search(path):
            return kind
    return None


def _shape_type(page: Page, text: str, *, listing: bool) -> str | None:
    if listing:
        return "listing"
    blocks = page.body_blocks
    if not blocks:
        return None
    # <code> inside <pre> is counted twice, and the 0.15 share below was set with that count:
    # counting it once turns a documentation page (git-scm.com's book, wcxb-dev 2869) into an
    # article. Change both together, with the page types of wcxb-dev in view.
    code = sum(len(text_of(el)) for b in blocks for el in _iter_tags(b, "pre", "code"))
    if text and code >= 0.15 * len(text):
        return "documentation"
    if declared_article(page):
        return "article"  # dated, or inside <article>: a story, however short
    if len(_PRICE.findall(text[:5000])) >= 3:
        return "product"
    return None


def _iter_tags(block: HtmlElement, *tags: str) -> list[HtmlElement]:
    return [el for el in block.iter(*tags) if el is not block]


def _probability(page: Page, text: str, kind: str) -> float:
    """A rough confidence that the page is an article: type, schema, body length, prose."""
    if not text:
        return 0.05
    score = 0.3 if kind == "article" else 0.1
    meta = page.meta
    if meta and meta.page_type and kind == "article":
        score += 0.3
    if meta and meta.date_published:
        score += 0.1
    if len(text) > 500:
        score += 0.2
    if len(text) > 1500:
        score += 0.1
    return round(min(score, 0.99), 2)


__all__ = [
    "PAGE_TYPES",
    "Verdict",
    "article_markup",
    "declared_article",
    "judge",
    "listing_page",
    "reading_length",
    "thread_page",
]
