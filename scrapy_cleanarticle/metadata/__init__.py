"""Page metadata. (Stub: replaced by the metadata work; keep the signature.)"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html

from ..article import Author, Breadcrumb, Image
from ..config import CleanerConfig


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


def extract_metadata(tree: lxml.html.HtmlElement, url: str | None, *,
                     config: CleanerConfig) -> PageMetadata:
    title = tree.findtext(".//title")
    return PageMetadata(headline=title.strip() if title else None)


def resolve_language(declared: str | None, body_text: str, *, config: CleanerConfig) -> str | None:
    return declared
