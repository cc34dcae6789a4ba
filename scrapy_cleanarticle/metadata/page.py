"""What ``extract_metadata`` reads from a page once, shared by the per-field modules.

Named ``MetaSources``, not ``Page``: the pipeline's per-page working state is ``page.Page``, and
this is only the metadata sources (JSON-LD, microdata, meta tags, title, headings) read from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..article import Author
from .jsonld import JsonLdInfo
from .meta import MetaTags
from .microdata import MicrodataInfo


@dataclass(frozen=True)
class MetaSources:
    """Everything read from the page once, shared by the field functions."""

    url: str | None
    base_url: str | None  # what relative URLs resolve against (urls.page_base)
    jl: JsonLdInfo
    md: MicrodataInfo
    mt: MetaTags
    title_tag: str | None
    h1: str | None
    h1s: tuple[str, ...]
    site_names: tuple[str, ...]
    first_h1s: tuple[str, ...] = ()  # the first three <h1> texts, page chrome included
    h1_parts: tuple[str, ...] = ()  # their words without a label around the title (headtext)
    site_authors: list[Author] = field(default_factory=list)  # declared authors that are the site
