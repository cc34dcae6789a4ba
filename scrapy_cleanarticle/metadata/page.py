"""What ``extract_metadata`` reads from a page once, shared by the per-field modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..article import Author
from .jsonld import JsonLdInfo
from .meta import MetaTags
from .microdata import MicrodataInfo


@dataclass(frozen=True)
class Page:
    """Everything read from the page once, shared by the field functions."""

    url: str | None
    jl: JsonLdInfo
    md: MicrodataInfo
    mt: MetaTags
    title_tag: str | None
    h1: str | None
    h1s: tuple[str, ...]
    site_names: tuple[str, ...]
    first_h1s: tuple[str, ...] = ()  # the first three <h1> texts, page chrome included
    site_authors: list[Author] = field(default_factory=list)  # declared authors that are the site
