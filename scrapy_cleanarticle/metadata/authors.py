"""The ``authors`` field: declared sources first, then the visible page.

A declared source whose only "author" is the site itself or a company is kept aside and used
only when the visible page names nobody either; a meta list of every contributor is cut to
the people the byline under the headline names.
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.html

from ..article import Author
from ..textutil import alnum_only
from . import meta as m
from .byline import COMPANY, looks_like_names, split_authors, visible_authors
from .gather import Walked
from .headings import copyright_owner, notice_owner
from .meta import MetaTags
from .nearby import Nearby
from .normalize import fold, is_site_name
from .page import MetaSources

MAX_META_AUTHORS = 40
CROWDED_AUTHORS = 3  # a meta list this long is checked against the byline (``byline_subset``)


def declared_authors(page: MetaSources, sources: list[tuple[str, str]]) -> tuple[Author, ...]:
    """Authors the page declares (JSON-LD, microdata, meta); a site-only answer is kept aside
    in ``page`` order and returned only when the visible page names nobody either."""
    candidates: list[tuple[str, list[str]]] = [
        ("jsonld", list(page.jl.authors)),
        ("microdata", list(page.md.authors)),
        ("meta", _meta_authors(page.mt)),
    ]
    for source, raws in candidates:
        found = _to_authors(raws)
        if not found:
            continue
        publishers = _publishers(page)
        sites = [is_site_name(a.name, publishers) or bool(COMPANY.search(a.name)) for a in found]
        if any(sites) and not all(sites):
            # "Jane Doe, Business Insider": the writer and the outlet, which is the site
            found = tuple(a for a, site in zip(found, sites, strict=True) if not site)
        elif all(sites):
            # each source may name the site again (JSON-LD and meta alike): once is enough
            kept = {fold(a.name) for a in page.site_authors}
            page.site_authors.extend(a for a in found if fold(a.name) not in kept)
            continue
        sources.append(("authors", source))
        return found
    return ()


def _publishers(page: MetaSources) -> tuple[str, ...]:
    """The site's names, and the copyright holder its meta tags name: a template's author
    meta tag often holds the publisher ("Condé Nast", also in ``<meta name="copyright">``).
    """
    holders = (notice_owner(f"© {rights}") for rights in page.mt.all(m.RIGHTS))
    return (*page.site_names, *(h for h in holders if h))


def publisher_named(authors: tuple[Author, ...], near: Nearby,
                    tree: lxml.html.HtmlElement) -> bool:
    """Whether an author meta tag names the holder of the page's copyright, where the byline
    under the headline names someone else: "Condé Nast" over "By Jane Doe", with "© 2019
    Condé Nast. All rights reserved." at the foot. Older pages name their publisher nowhere
    else (no ``og:site_name``, no copyright meta tag). The notice costs a search of the
    page's text, so it is read only when the byline disagrees with the tag."""
    shown = {fold(name) for name in near.names}
    if any(fold(a.name) in shown for a in authors):
        return False
    owner = copyright_owner(tree)
    return owner is not None and all(is_site_name(a.name, (owner,)) for a in authors)


def byline_subset(authors: tuple[Author, ...], near: Nearby,
                  sources: list[tuple[str, str]]) -> tuple[Author, ...]:
    """The declared authors the byline under the headline names, when it names some of
    them and not all: the story's writers among a list of every contributor."""
    shown = {fold(n) for n in near.names}
    kept = tuple(a for a in authors if fold(a.name) in shown)
    if not kept or len(kept) == len(authors):
        return authors
    sources.append(("authors", "meta+nearby"))
    return kept


def spelled_out(authors: tuple[Author, ...], near: Nearby,
                sources: list[tuple[str, str]]) -> tuple[Author, ...]:
    """A declared author that is one word, a login ("mikecason", "jane.doe"), gives way to the
    byline under the headline when the byline spells the same letters as a name of several
    words ("Mike Cason"): what the page shows its readers is the name."""
    shown = {alnum_only(fold(n)): n for n in near.names if " " in n.strip()}
    if not shown:
        return authors
    out = tuple(Author(name=name, nameRaw=near.names_raw or name)
                if " " not in a.name and (name := shown.get(alnum_only(fold(a.name)))) is not None
                else a for a in authors)
    if out != authors:
        sources.append(("authors", "declared+nearby"))
    return out


def _meta_authors(mt: MetaTags) -> list[str]:
    """The first author meta tag; every value of it when the tag is one-per-author by
    definition (``citation_author``, ``dc.creator``, ``article:author``), so that a paper's
    twenty authors are not cut to the first."""
    for name in m.AUTHOR:
        values = [v for v in mt.all((name,)) if not v.startswith(("http", "@", "/"))]
        if values:
            return values[:MAX_META_AUTHORS] if name in m.AUTHOR_EACH else values[:1]
    return []


def visible_page_authors(page: MetaSources, region: lxml.html.HtmlElement, near: Nearby,
                         sources: list[tuple[str, str]], walked: Walked) -> tuple[Author, ...]:
    """Authors the visible page names, when nothing declared names a person; the site-only
    declared answer (``page.site_authors``) is the fallback."""
    tree = region.getroottree().getroot()
    fallback = tuple(page.site_authors)
    labelled = page.mt.labelled_author() or _linked_author(page.mt)
    # cheapest first, and the page-wide markup search (the costly one) only when needed;
    # label/data meta pairs ("Written by") are declared, but templates fill them less
    # carefully than the byline under the headline
    candidates: list[Callable[[], tuple[str, list[str], str | None]]] = [
        lambda: ("nearby", list(near.names), near.names_raw),
        lambda: ("meta-label", [n for raw in labelled for n in split_authors(raw)],
                 labelled[0] if labelled else None),
        lambda: ("byline", *visible_authors(region, walked)),
        # further from the headline only when its block names nobody: a bounded stretch
        # around it, not the whole page (with no headline the block is the whole page)
        lambda: ("byline", *(visible_authors(region, walked, around=True)
                             if region is not tree else ([], None))),
    ]
    for candidate in candidates:
        source, found_names, found_raw = candidate()
        people = [n for n in found_names if not is_site_name(n, page.site_names)]
        if people:
            sources.append(("authors", source))
            return tuple(Author(name=n, nameRaw=found_raw or n) for n in people)
        if found_names and not fallback:
            fallback = tuple(Author(name=n, nameRaw=found_raw or n) for n in found_names)
    return fallback


def _linked_author(mt: MetaTags) -> list[str]:
    """The title of ``<link rel=author>`` when it reads as names: Sphinx gives every page
    ``<link rel="author" title="About these documents">``, a description, not a person."""
    title = mt.link_author_title()
    return [title] if title and looks_like_names(split_authors(title)) else []


def _to_authors(raws: list[str]) -> tuple[Author, ...]:
    out: list[Author] = []
    seen: set[str] = set()
    for raw in raws:
        for name in split_authors(raw):
            key = fold(name)
            if key not in seen:
                seen.add(key)
                out.append(Author(name=name, nameRaw=raw))
    return tuple(out)
