"""Page metadata, assembled from the page's own statements in a fixed order of preference.

Sources, most trusted first (each is one module here):

1. ``jsonld``: the schema.org ``Article``/``NewsArticle``/``BlogPosting`` object (``@graph``
   included) that describes this page, then ``microdata`` (``itemscope`` Article);
2. ``meta``: OpenGraph and ``article:*``, then Twitter, Dublin Core, ``parsely-*`` and others;
3. the visible page: the ``byline`` and the ``<time>``/date element near the headline (``dates``);
4. the URL, for dates only.

Per field (the README's Metadata section says why each order):

- headline: the visible ``<h1>`` when a declared title confirms it (shared words), else
  JSON-LD headline, microdata, og:title, twitter:title, DC/parsely, ``<title>``, ``<h1>``;
  then the site name is stripped (``normalize.strip_site_name``); a short ``<h1>`` that
  starts the declared title before a separator wins over the title's search tail; one
  short tail after a dash (a board's category) is cut (``headings.before_section``); a
  ``<title>`` "Blog name: Entry title" whose first part is the ``<h1>`` and whose rest the
  page shows as a lower heading gives the rest (``_after_site_colon``); with ``<title>``
  the only title, the one segment of it the page shows as an element's own text is the
  headline (``headings.shown_segment``; "Site.com: Section: Headline" is split at colons
  after the site's name), and a ``<title>`` that is only the site's name (known, the words
  of the link home, or the owner in the copyright notice) and a section of its menu, or
  only the site's name that a logo ``<h1>`` repeats, gives way to the one heading that
  opens the story (``headings.story_heading``), as does a ``<title>`` cut short when that
  heading holds all its words and more, a section beside them aside (``_whole_heading``,
  looked for before a last segment after the site's is taken), and a ``<title>`` the page
  never shows when that heading shares its words and has a byline or date by it
  (``headings.heading_over_title``). A ``<title>`` that names no page ("Untitled
  Document", "Home", "Welcome to <site>": ``rules/titles.json``), or none, gives way to
  the one heading that opens the story too. A
  ``<time>`` or block nested in the ``<h1>`` is not part of it (``headtext.heading_text``),
  nor a label around the title there when a declared title gives the rest word for word
  (``headtext.heading_parts``).
- authors: JSON-LD, microdata, author meta tags, visible byline; a source whose only "author"
  is the site itself (a known site name, a company, or the holder of the page's copyright)
  gives way to a later source that names people, and the site beside the writers ("Jane Doe,
  Business Insider") is dropped. A page that declares
  itself a product gets no author from the visible page (a brand, a reviewer, a seller).
- datePublished: JSON-LD, microdata, published-time meta (``<meta itemprop>`` in the
  ``<head>`` included), then what the page shows (``labels.shown_published``): a marked
  ``<time>``, the date line next to the headline, the dateline that opens the story's first
  paragraph ("NEW YORK, March 12, 2019 /PRNewswire/ --"), a line under a publication label
  ("Posted on", "Veröffentlicht am", "公開日", ``rules/dates.json``) or a post's sentence
  about itself ("This entry was posted on ...", "Dieser Beitrag wurde am ..."), any
  ``<time>`` or date-classed element of the story, the URL (``/2016/12/09/``,
  ``/2016/12/9/``, ``/2016/dec/09/``, a slug's ``-2016-12-09``), a bare date in the URL's month
  (``/201903/``), an "Updated ..." date, and last, on a page that declares an article and
  names its author, the first date shown anywhere past the headline
  (``dates.first_date_after``). A shown date more than two days from
  the URL's own day gives way to it; a declared date two days or more after the date shown
  by the headline is a refresh, and gives way to the shown one (``labels.shown_original``).
  A UTC stamp is told on the site's own day (``zones.from_utc``). Never a date inside a teaser,
  nor one under another date's label ("Last post", "Joined", "Released", "Sale ends"), nor
  a period (two years, or two days of a month: ``dates.is_range``), nor, past the story's
  first paragraphs, one in a list or widget outside the story's ``<article>``, or a quoted
  one (``nearby._outside_teasers``); a readers' comment's date, past the story's text, only
  when no other line by the headline gives one. A footer holds the story's own date inside
  an ``<article>`` or a microformat entry (``hentry``: ``<abbr class="published">``).
  A page-shaped JSON-LD object (WebPage, no Article) is the CMS's stamp on shop and landing
  pages too: its date counts only when the page shows a date, or the URL or another
  declaration gives one. htmldate was measured as the fallback for pages without a declared
  date and not kept: it invents a date on most shop, service and listing pages, and as
  trafilatura runs it (extensive search) costs 14.7x a parse on the pages it runs on
  (docs/topics/metadata.md, rounds five and six).
- mainImage: og:image, JSON-LD image, twitter:image, microdata, ``link rel=image_src``. The
  share image comes first because it is the one the site picked to stand for the story;
  JSON-LD often lists a logo or a thumbnail set first.
- description: og:description, JSON-LD, meta description, twitter, DC.
- siteName: og:site_name, JSON-LD publisher, JSON-LD WebSite, application-name.

The tree is never modified; every XPath is compiled once at import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from .._xpath import text_of
from ..article import Author, Breadcrumb, Image
from ..config import CleanerConfig
from ..rules import name_rules
from ..tags import PAGE_WIDE
from ..urls import web_url
from . import meta as m
from .authors import (
    CROWDED_AUTHORS,
    byline_subset,
    declared_authors,
    publisher_named,
    spelled_out,
    visible_page_authors,
)
from .dates import date_from_url, first_date_after, parse_date, time_stamps, visible_date
from .gather import has_text, walk
from .headings import (
    SEGMENT_WORDS,
    agreed_h1,
    agreed_lower,
    before_pipe,
    before_section,
    heading_over_title,
    headline_segments,
    named_segment,
    over_segment,
    section_heading,
    shown_below,
    shown_segment,
    story_heading,
    title_sections,
    untitled,
)
from .headtext import heading_parts, heading_text
from .jsonld import extract_jsonld
from .labels import shown_original, shown_published
from .language import normalize_language, resolve_language
from .meta import read_meta
from .microdata import extract_microdata
from .nearby import headline_element, scan, story_region, text_anchor
from .normalize import (
    TITLE_SEPARATORS,
    clean_text,
    fold,
    host_words,
    is_site_name,
    site_colon,
    strip_site_name,
    title_segments,
    tokens,
    unique,
)
from .page import MetaSources
from .zones import borrowed_offset, from_utc, has_offset, localize, page_zone


@dataclass(frozen=True)
class PageMetadata:
    canonical_url: str | None = None
    headline: str | None = None
    description: str | None = None
    authors: tuple[Author, ...] = ()
    date_published: str | None = None
    date_published_raw: str | None = None
    date_modified: str | None = None
    date_modified_raw: str | None = None
    in_language: str | None = None
    main_image: Image | None = None
    site_name: str | None = None
    tags: tuple[str, ...] = ()
    breadcrumbs: tuple[Breadcrumb, ...] = ()
    jsonld_body: str | None = None
    page_type: str | None = None
    # Additions beyond the lead's interface:
    images: tuple[Image, ...] = ()  # JSON-LD / og images with captions, lead image first
    section: str | None = None
    has_article_schema: bool = False  # JSON-LD or microdata declares an article: a probability hint
    sources: tuple[tuple[str, str], ...] = ()  # (field, source) for debugging and the docs


def extract_metadata(tree: lxml.html.HtmlElement, url: str | None, *,
                     config: CleanerConfig, base_url: str | None = None) -> PageMetadata:
    found = walk(tree)
    mt = read_meta(tree, found.metas, found.links)
    base = base_url or url  # relative URLs resolve against <base href> (urls.page_base)
    canonical = web_url(clean_text(mt.link("canonical")), base) \
        or web_url(clean_text(mt.first(("og:url",))), base)
    if canonical and not urlsplit(canonical).netloc:
        canonical = None
    page_urls = {u for u in (url, canonical) if u}
    jl = extract_jsonld(tree, page_urls, found.scripts)
    declared_article = jl.has_article or (mt.first(m.TYPE[:1]) or "").lower().startswith("article")
    md = extract_microdata(tree, found.scopes, page_urls, declared_article=declared_article)
    title_tag = clean_text(text_of(found.title)) if found.title is not None else None
    h1s = found.h1s
    h1_texts = [heading_text(h) for h in h1s]  # each read and cleaned once
    declared_names = unique([mt.first(("og:site_name",)), jl.publisher, jl.website_name,
                             *mt.all(("application-name", "al:ios:app_name",
                                      "apple-mobile-web-app-title", "twitter:site")),
                             *sorted(host_words(url or canonical))])
    site_names = tuple(unique([*declared_names,
                               *_h1_site_names(title_tag, h1_texts[:3],
                                               [jl.headline, md.headline, *mt.all(m.TITLE[:2])],
                                               declared_names, tree)]))
    page = MetaSources(url=url, base_url=base, jl=jl, md=md, mt=mt,
                title_tag=title_tag,
                h1=h1_texts[0] if h1_texts else None,
                h1s=tuple(t for h, t in zip(h1s, h1_texts, strict=True)
                          if t and not _in_chrome(h)),
                site_names=site_names, first_h1s=tuple(t for t in h1_texts[:3] if t),
                h1_parts=tuple(part for h in h1s[:3] for part in heading_parts(h)))
    sources: list[tuple[str, str]] = []
    headline = _headline(page, tree, sources)
    authors = declared_authors(page, sources)
    # an author meta tag says nothing of what its value is (JSON-LD types it): the byline
    # under the headline is read to check it
    from_meta = bool(authors) and sources[-1] == ("authors", "meta")
    published, published_raw = _declared_published(page, sources)
    # A meta author string that lists many people (photographers, stylists, models) is
    # checked against the byline under the headline, which says who wrote the story.
    crowded = len(authors) >= CROWDED_AUTHORS and from_meta
    # A page-shaped JSON-LD object (WebPage, no Article) carries the CMS's creation stamp on
    # shop, service and landing pages alike: it counts as published only when the page shows
    # a date of its own, or its URL or another declaration (article:published_time) has one.
    url_day = date_from_url(url)
    unconfirmed = bool(published) and sources[-1] == ("datePublished", "jsonld") \
        and not jl.has_article and not md.date_published and not mt.first(m.PUBLISHED) \
        and not url_day
    h1 = headline_element(h1s, headline) if h1s else text_anchor(tree, headline)
    # the date shown by the headline is wanted on every page: to fill a missing date, or
    # to check a declared one (``labels.shown_original``)
    # the byline by the headline is read when no one is declared, when a crowd is (to cut
    # it), or a one-word login may be spelled out there (``spelled_out``)
    login = any(" " not in a.name for a in authors)
    near = scan(h1, want_names=not authors or from_meta or login, want_date=True)
    region = story_region(tree, h1)
    original = shown_original(published, near) if published and not unconfirmed else None
    if original:
        published, published_raw = original
        sources.append(("datePublished", "shown-original"))
    if unconfirmed and not (near.date or near.date_updated or visible_date(
            region, headline=found.first_h1, walked=found)[0]):
        published = published_raw = None
        sources.append(("datePublished", "unconfirmed"))
    if from_meta and near.names and publisher_named(authors, near, tree):
        page.site_authors.extend(authors)  # the fallback, should the page name nobody
        authors = ()
    if crowded:
        authors = byline_subset(authors, near, sources)
    if login and near.names:
        authors = spelled_out(authors, near, sources)
    if not authors and not _product_page(page):
        authors = visible_page_authors(page, region, near, sources, found)
    if not published:
        published, published_raw = shown_published(page, region, near, sources, found)
    if not published and h1 is not None and authors and (declared_article or md.has_article):
        # an article with an author went out on a day: the first date shown past its headline
        published, published_raw = first_date_after(h1) or (None, None)
        if published:
            sources.append(("datePublished", "first-shown"))
    modified_raw = jl.date_modified or md.date_modified or mt.first(m.MODIFIED)
    modified = parse_date(modified_raw)
    images = _images(page)
    root = tree.getroottree().getroot()
    html_lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    declared = (clean_text(html_lang) or mt.first(m.LANGUAGE) or jl.in_language)
    site_zone = page_zone(declared, headline)
    if (published and not has_offset(published)) or (modified and not has_offset(modified)):
        # the declared stamps, the language, then the <time> elements: the last costs a walk
        zone = (borrowed_offset(parse_date(raw) for raw in _stamps(page))
                or site_zone or borrowed_offset(time_stamps(tree)))
        published, modified = localize(published, zone), localize(modified, zone)
    published = from_utc(published, site_zone, url_day)
    modified = from_utc(modified, site_zone, None)
    return PageMetadata(
        canonical_url=canonical or web_url(clean_text(jl.url), base),
        headline=headline,
        description=_description(page),
        authors=authors,
        date_published=published,
        date_published_raw=published_raw,
        date_modified=modified,
        date_modified_raw=modified_raw,
        in_language=normalize_language(declared),
        main_image=images[0] if images else None,
        site_name=_site_name(page) or _title_site_segment(page.title_tag, headline),
        tags=_tags(page),
        breadcrumbs=tuple(Breadcrumb(name, web_url(clean_text(link), base))
                          for name, link in jl.breadcrumbs),
        jsonld_body=jl.body,
        page_type=jl.page_type or mt.first(m.TYPE),
        images=images,
        section=jl.section or mt.first(m.SECTION),
        has_article_schema=jl.has_article or md.has_article,
        sources=tuple(sources),
    )


def _h1_site_names(title: str | None, h1_texts: list[str | None],
                   headlines: list[str | None], names: list[str],
                   tree: lxml.html.HtmlElement) -> list[str]:
    """``<h1>`` texts that are the site's name: an ``<h1>`` that is only the first or last
    segment of a ``<title>`` with more in it ("Blog name - Entry title") names the site,
    as blogs and older templates put the site's name in the ``<h1>``, unless a declared
    headline (JSON-LD, og, Twitter) says that text is the headline, or the ``<title>``'s
    other end is the site's known name (``names``: "Kayaks | Shop name" names the page).
    The first segment is the site's name only when the page shows the rest as a lower
    heading (the entry's own title): "Managing dependencies - The Language's Docs" over the
    ``<h1>`` "Managing dependencies" puts the page first and its site last, the usual order.
    The entry is the far end of the ``<title>`` ("Blog - Category - Entry"): a middle segment
    shown as a heading is a section ("Promise - JavaScript | MDN", whose reference tables
    carry an ``<h4>`` "JavaScript"), and leaves the ``<h1>`` the page's.
    A colon glued to the ``<h1>``'s words ends the site's name too ("Blog name: Entry
    title", as Blogger writes it), on the same terms. ``title`` and ``h1_texts`` (the first
    three ``<h1>``) are cleaned already."""
    text = title
    if not text or not h1_texts:
        return []
    raw_parts = [p for p in TITLE_SEPARATORS.split(text) if p and p.strip()]
    if len(raw_parts) < 2:  # "Blog name: Entry title", split where the <h1> ends
        glued = site_colon(text)
        if glued and any(fold(glued[0]) == fold(h) for h in h1_texts if h):
            raw_parts = list(glued)
    parts = [fold(p) for p in raw_parts]
    if len(parts) < 2 or _names_site(raw_parts[0], names) or _names_site(raw_parts[-1], names):
        return []
    declared = {fold(h) for h in headlines if h}
    out = []
    for name in h1_texts:
        key = fold(name)
        if not name or key not in (parts[0], parts[-1]) or key in declared:
            continue
        if key == parts[-1]:
            if any(p != key and len(p) > len(key) for p in parts):
                out.append(name)
        elif len(parts[-1]) > len(key) and shown_below(tree, [parts[-1]]):
            out.append(name)
    return out


def _names_site(segment: str, names: list[str]) -> bool:
    """Whether a ``<title>``'s end names the site: one of its names, or the first word of
    one ("Promise - JavaScript | MDN" on "MDN Web Docs"). Only for the ends of the
    ``<title>``: a first word alone would take a writer named "Ben" for "Ben's Blog"."""
    if is_site_name(segment, names):
        return True
    key = fold(segment)
    return len(key) >= 3 and any(len(words := fold(name).split()) > 1 and words[0] == key
                                 for name in names)


# not <header>: articles use it for their own header; a <dialog> is an overlay (a consent
# notice's "We respect your privacy", a sign-up prompt), never the story's
_CHROME = {"nav", "aside", "footer", "dialog"}
_CHROME_STOPS = PAGE_WIDE | {"main"}  # where the chrome walk stops
_CHROME_WORD = name_rules().site_chrome.search


def _in_chrome(el: lxml.html.HtmlElement) -> bool:
    """Whether an element sits in the page chrome (a logo ``<h1>`` in the site header). The
    walk up stops at ``<main>``: the page's one main content is its own, even where a menu
    left open wraps it (an unclosed ``<nav>``). Not at ``<article>``: a sidebar's teasers
    are articles too. And not past ``<body>``, whose classes describe the whole page
    (WordPress's "wp-custom-logo" says the theme shows a logo, not that all is a logo)."""
    node = el
    for _ in range(5):
        if node.tag in _CHROME_STOPS:
            return False
        if node.tag in _CHROME or _CHROME_WORD(
                f"{node.get('class', '')} {node.get('id', '')}".lower()):
            return True
        parent = node.getparent()
        if parent is None:
            return False
        node = parent
    return False


def _headline(page: MetaSources, tree: lxml.html.HtmlElement,
              sources: list[tuple[str, str]]) -> str | None:
    mt = page.mt
    ordered = [("jsonld", page.jl.headline), ("microdata", page.md.headline),
               ("og", mt.first(("og:title",))), ("twitter", mt.first(("twitter:title",))),
               ("meta", mt.first(m.TITLE[2:])), ("title", page.title_tag), ("h1", page.h1)]
    present = [(src, text) for src, text in ordered if text]
    if not present or present[0][0] == "h1":
        # no title at all: the one heading that opens the story (a logo's <h1> is none)
        opening = story_heading(tree, [], page.site_names, page_url=page.url)
        if opening is not None:
            sources.append(("headline", "story-heading"))
            return opening
        if not present:
            return None
    source, headline = present[0]
    others = [text for _, text in present[1:]]
    declared = [text for src, text in present if src != "h1"]
    visible = (agreed_h1(page, declared, tree)
               or agreed_lower(page, declared, _h2s(tree, above_h1=True))
               or _visible_headline(page, page.h1s[:3], declared)
               or _visible_headline(page, _h2s(tree), declared, lower=True))
    # the segments of a <title> that names no page ("Home - The Daily Bugle"), folded: the
    # site's name is among them, and a logo's <h1> that repeats it is no headline
    title_keys = {fold(part) for part in title_segments(headline)} \
        if source == "title" and _nameless(page, headline) else set()
    nameless = bool(title_keys)
    if visible and source == "title" and fold(visible) == fold(headline) \
            and (len(visible.split()) <= SITE_NAME_WORDS or is_site_name(visible, page.site_names)) \
            and title_sections(headline, page.site_names, tree) == []:
        # a logo's <h1> that repeats a <title> naming only the site ("The Daily Bugle" in
        # both, as older sites wrote every page's <title>): the site, not a headline; the
        # story's heading is read below when the page has one
        visible = None
    if visible and fold(visible) in title_keys:
        visible = None  # "Home - The Daily Bugle" over the logo's <h1>: the site's name
    if visible:
        sources.append(("headline", "visible"))
        return before_pipe(strip_site_name(visible, page.site_names) or visible)
    if source == "title" and len(page.first_h1s) == 1 and page.h1s \
            and not is_site_name(page.h1s[0], page.site_names) and not _after_footer(tree) \
            and fold(page.h1s[0]) not in title_keys:
        # <title> is the only title declared and the page has one <h1>: that is its headline,
        # unless the <h1> is a section's short name ("Business") over a story that the title
        # names and the page shows whole below it (older news templates)
        section = len(page.h1s[0].split()) < SEGMENT_WORDS
        shown = (shown_segment(tree, headline, page.site_names, alone=True)
                 or _whole_heading(page, tree, headline)) if section else None
        if shown is not None:
            sources.append(("headline", "title-under-section-h1"))
            return shown
        story = section_heading(page.h1s[0], tree, page) if section else None
        if story is not None and (nameless or over_segment(story, title_segments(
                headline) or [headline])):
            # a section's name that the menu links too ("Local News") over the story's own
            # heading, which the <title> names or could not
            sources.append(("headline", "story-under-section-h1"))
            return story
        sources.append(("headline", "h1-over-title"))
        return before_pipe(strip_site_name(page.h1s[0], page.site_names) or page.h1s[0])
    if source == "title":
        # a <title> that names no page ("Untitled Document", "Home", "Welcome to <site>")
        # has no segment or section to read: the story's heading, if one opens the page
        shown = None if nameless else shown_segment(tree, headline, page.site_names)
        if shown is not None:
            sources.append(("headline", "title-segment-shown"))
            return shown
        sections = [] if nameless else title_sections(headline, page.site_names, tree)
        opening = None if sections is None \
            else story_heading(tree, sections, page.site_names, page_url=page.url)
        if opening is not None:
            sources.append(("headline", "story-heading"))
            return opening
        whole = _whole_heading(page, tree, headline)
        if whole is not None:
            sources.append(("headline", "story-heading-whole"))
            return whole
        segment = named_segment(headline, page.site_names, tree)
        if segment is not None:
            sources.append(("headline", "title-segment-named"))
            return segment
        other = heading_over_title(tree, headline, page.site_names, page_url=page.url)
        if other is not None:
            sources.append(("headline", "story-heading-over-title"))
            return other
    # A truncated headline ("...", "…") gives way to a complete one that starts the same.
    if headline.endswith(("...", "…")):
        stem = fold(headline.rstrip(".… "))
        for src, text in present[1:]:
            if fold(text).startswith(stem) and len(text) > len(headline):
                source, headline = src, text
                break
    stripped = _after_site_colon(page, tree, strip_site_name(headline, page.site_names, others)
                                 or headline)
    named = _h1_leads(page, stripped)
    if named:
        sources.append(("headline", "h1-lead"))
        return named
    sources.append(("headline", source))
    return before_section(before_pipe(stripped))


def _nameless(page: MetaSources, title: str) -> bool:
    """Whether a ``<title>`` names no page: one segment at least is a placeholder, the home
    page's word or a greeting (``headings.untitled``), and every other one is the site's (a
    known name, or an ``<h1>`` that a logo sets: "Home - The Daily Bugle")."""
    parts = title_segments(title) or [title]
    nameless = [untitled(part) for part in parts]
    shown = {fold(h1) for h1 in page.first_h1s}
    return any(nameless) and all(
        empty or is_site_name(part, page.site_names) or fold(part) in shown
        for part, empty in zip(parts, nameless, strict=True))


def _whole_heading(page: MetaSources, tree: lxml.html.HtmlElement, title: str) -> str | None:
    """The heading that opens the story when it holds every word of the ``<title>`` (less
    the site's name) and more: older sites cut the headline short for the ``<title>``
    ("Council approves budget - Site" over "Council approves budget with new school money"),
    and the page shows it whole, in an ``<h2>``, a ``<div class="headline">`` or large type
    (:func:`headings.story_heading`; a second heading of its rank keeps the ``<title>``).
    A section beside the short headline ("Site :: Local News :: Council approves budget",
    "Local News: Council approves budget") is no word the heading must hold
    (:func:`headings.headline_segments`). This runs before the last segment of a
    ``<title>`` whose other segments are the site's (``named_segment``) is taken: that
    segment, too, may be the headline cut short."""
    stripped = strip_site_name(title, page.site_names) or title
    whole = tokens(stripped)
    if len(whole) < SEGMENT_WORDS:
        return None
    opening = story_heading(tree, [], page.site_names, page_url=page.url)
    if opening is None:
        return None
    held = tokens(opening)
    if whole < held:
        return opening
    parts = headline_segments(stripped, tree, page)  # read only when needed
    short = frozenset[str]().union(*map(tokens, parts)) if parts else whole
    return opening if len(short) >= SEGMENT_WORDS and short < held else None


_AFTER_FOOTER = etree.XPath("boolean(preceding::footer | preceding::*[@id='footer'])")


def _after_footer(tree: lxml.html.HtmlElement) -> bool:
    """Whether the page's first ``<h1>`` comes after its footer: a widget's heading (a
    translation box injected at the end of the body), not the page's."""
    h1 = next(tree.getroottree().getroot().iter("h1"), None)
    return h1 is not None and bool(_AFTER_FOOTER(h1))


def _after_site_colon(page: MetaSources, tree: lxml.html.HtmlElement, title: str) -> str:
    """The title without the ``<h1>``'s words or the site's name glued to it by a colon
    ("Blog name: Entry title", as Blogger writes ``<title>``) when the page shows the rest
    as a lower heading: the part before the colon is then the site's name. Only then: before
    a colon a headline has words of its own ("Product: what it does", "Brexit: what happens
    next"), and a site writes its own name there when the story is about itself."""
    glued = site_colon(title)
    if glued is None:
        return title
    head, rest = glued
    named = fold(head) == fold(page.h1 or "") or is_site_name(head, page.site_names)
    return rest if named and shown_below(tree, [fold(rest)]) else title


_LEAD_TAIL = re.compile(r"\s*[:|\u2013\u2014]\s+|\s+[-/]\s+")


def _h1_leads(page: MetaSources, headline: str) -> str | None:
    """The ``<h1>`` when the declared title is that ``<h1>`` plus a tail after a separator
    ("Hiking Boots: Shop Boots for Hiking & Backpacking" over the ``<h1>`` "Hiking Boots"):
    the tail is written for search results, and the page calls itself by its ``<h1>``. Too
    short to pass for a headline on its own (``_visible_headline``), such an ``<h1>`` is
    taken only when the declared title starts with it."""
    for h1 in page.h1s[:1]:
        if is_site_name(h1, page.site_names):
            return None
        key = fold(h1)
        if len(headline) > len(h1) and fold(headline[:len(h1)]) == key and _LEAD_TAIL.match(
                headline, len(h1)):
            return h1
    return None


def _h2s(tree: lxml.html.HtmlElement, *, above_h1: bool = False) -> list[str]:
    """The first ``<h2>`` texts outside the chrome: the headline's element when the ``<h1>``
    is a section label. ``above_h1``: only those before the page's first ``<h1>``, where a
    template sets the post's title when the post's own text opens sections with ``<h1>``."""
    first: list[lxml.html.HtmlElement] = []
    root = tree.getroottree().getroot()
    for h2 in root.iter("h1", "h2") if above_h1 else root.iter("h2"):  # stops at the third
        if h2.tag == "h1":
            break
        if has_text(h2):
            first.append(h2)
            if len(first) == 3:
                break
    return [t for t in (clean_text(text_of(h)) for h in first
                        if not _in_chrome(h)) if t]


def _visible_headline(page: MetaSources, candidates: Sequence[str], declared: list[str],
                      lower: bool = False) -> str | None:
    """The ``<h1>`` readers see, when the page's declared titles confirm it is the story's.

    Social and SEO titles (og:title, ``<title>``) are often rewritten versions of the
    headline; the visible one is what a reader would cite. An ``<h1>`` counts only if it
    shares words with a declared title, is not the site's name, and is long enough to be a
    headline rather than a section label. A ``lower`` heading (``<h2>``) counts only when
    its words hold all of a declared title's (a complete headline under a truncated title)
    or it is one whole segment of one ("View topic - <it>" on a board): shop and product
    pages put a call to action ("Play <title's game>") or a tagline, sharing the title's
    words, in their first ``<h2>``. Nor when a declared title is one whole segment of it:
    that is the title with a date or a section after a separator ("<title> / Dec 2025").
    """
    best: tuple[float, str] | None = None
    for h1 in candidates:
        words = tokens(h1)
        if len(words) < 3 or len(h1) < 10 or is_site_name(h1, page.site_names):
            continue
        for title in declared:
            title_words = tokens(title)
            shared = words & title_words
            # a short social title ("Arbeit") whose every word the <h1> repeats confirms it
            if (len(shared) >= 2 or (shared and len(shared) * 3 >= len(words))
                    or (shared and shared == title_words)):
                score = len(shared) / len(words | title_words)
                if lower and (not (title_words <= words or _a_segment(h1, title)
                                   or _after_label(h1, title)) or _a_segment(title, h1)):
                    continue
                if (not lower or score >= 0.5) and (best is None or score > best[0]):
                    best = (score, h1)
    return best[1] if best else None


def _after_label(heading: str, title: str) -> bool:
    """Whether a title is a short label, a colon and the heading ("Printer Friendly Version:
    <it>", "Druckversion: <it>"): the heading is the whole headline."""
    label, colon, rest = title.partition(":")
    return bool(colon) and len(label.split()) <= LABEL_WORDS and fold(rest) == fold(heading)


LABEL_WORDS = 4  # a label before a colon is a few words; a longer lead is part of the headline


def _a_segment(heading: str, title: str) -> bool:
    """Whether a heading is one whole segment of a title with several ("View topic - <it>")."""
    parts = TITLE_SEPARATORS.split(title)
    return len(parts) > 1 and fold(heading) in {fold(part) for part in parts}


# A site's name is a few words; a headline the <title> and the <h1> share is longer, unless it
# spells a name the page declares. Only such a title is tested for naming the site alone
# (``headings.title_sections`` reads the page's links and its copyright notice)
SITE_NAME_WORDS = 4


# Page types that sell a thing: its "By <brand>" line and its reviewers' names are no authors
_PRODUCT_TYPES = frozenset({"product", "og:product", "product.item", "product.group",
                            "productgroup", "offer", "individualproduct", "productmodel"})


def _product_page(page: MetaSources) -> bool:
    """Whether the page declares itself a product (JSON-LD or ``og:type``) and no article:
    the visible names on it are a brand's, a seller's or a reviewer's."""
    if page.jl.has_article or page.md.has_article:
        return False
    kinds = {(page.jl.page_type or "").lower(), (page.mt.first(m.TYPE) or "").lower()}
    return not kinds.isdisjoint(_PRODUCT_TYPES)


def _declared_published(page: MetaSources,
                        sources: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    for source, raw in (("jsonld", page.jl.date_published), ("microdata", page.md.date_published),
                        ("meta", page.mt.first(m.PUBLISHED)), ("jsonld", page.jl.date_created)):
        iso = parse_date(raw)
        if iso:
            sources.append(("datePublished", source))
            return iso, raw
    return None, None


def _stamps(page: MetaSources) -> list[str | None]:
    """The page's machine timestamps, whose offset is the site's clock (``zones``)."""
    jl, md, mt = page.jl, page.md, page.mt
    return [jl.date_modified, jl.date_published, jl.date_created, md.date_modified,
            md.date_published, *mt.all(m.MODIFIED), *mt.all(m.PUBLISHED)]


def _images(page: MetaSources) -> tuple[Image, ...]:
    mt, base = page.mt, page.base_url
    captions = {fold(u): c for u, c in page.jl.images if c}
    raws = [*mt.all(m.IMAGE[:3]), *(u for u, _ in page.jl.images), *mt.all(m.IMAGE[3:]),
            page.md.image, mt.link("image_src")]
    out: list[Image] = []
    seen: set[str] = set()
    seen_raw: set[str | None] = set()
    for raw in raws:
        if raw in seen_raw:  # the same string again (og and twitter): same link, same key
            continue
        seen_raw.add(raw)
        link = web_url(clean_text(raw), base)
        if not link or fold(link) in seen:
            continue
        seen.add(fold(link))
        out.append(Image(url=link, caption=captions.get(fold(raw or ""))))
    return tuple(out)


def _description(page: MetaSources) -> str | None:
    mt = page.mt
    return (mt.first(("og:description",)) or page.jl.description or page.md.description
            or mt.first(m.DESCRIPTION[1:]))


def _site_name(page: MetaSources) -> str | None:
    return (page.mt.first(("og:site_name",)) or page.jl.publisher or page.jl.website_name
            or page.mt.first(m.SITE_NAME[1:]))


def _title_site_segment(title: str | None, headline: str | None) -> str | None:
    """The short segment a ``<title>`` adds to the headline ("Headline | Site"), as a last resort."""
    if not title or not headline or len(title) <= len(headline):
        return None
    if fold(title).startswith(fold(headline)):
        rest = title[len(headline):]
        sep = TITLE_SEPARATORS.match(rest)
        segment = rest[sep.end():] if sep else ""
    elif fold(title).endswith(fold(headline)):
        rest = title[: len(title) - len(headline)]
        seps = list(TITLE_SEPARATORS.finditer(rest))
        segment = rest[: seps[-1].start()] if seps and seps[-1].end() == len(rest) else ""
    else:
        return None
    segment = segment.strip()
    if not segment or TITLE_SEPARATORS.search(segment):
        return None  # nothing, or several segments (section and site): not sure which is which
    return segment if len(segment) <= 40 and len(segment.split()) <= 5 else None


def _tags(page: MetaSources) -> tuple[str, ...]:
    raws = [*page.mt.all(("article:tag", "og:article:tag")), *page.jl.keywords,
            *page.mt.all(("news_keywords", "parsely-tags", "sailthru.tags"))]
    tags: list[str] = []
    for raw in raws:
        tags.extend(t for t in (clean_text(p) for p in raw.split(",")) if t)
    return tuple(unique(tags))


__all__ = ["PageMetadata", "extract_metadata", "resolve_language"]
