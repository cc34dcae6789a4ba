"""The output schema.

Field names follow zyte-common-items' ``Article`` so that items from this package can be fed to
tools written for Zyte's schema without a mapping layer; we do not depend on that package.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Author:
    name: str
    nameRaw: str  # noqa: N815 - zyte-common-items field name


@dataclass(frozen=True)
class Image:
    url: str
    caption: str | None = None


@dataclass(frozen=True)
class Breadcrumb:
    name: str
    url: str | None = None


@dataclass
class Article:
    """One cleaned page. Empty strings are never used for "unknown": unknown is ``None``."""

    url: str | None = None
    canonicalUrl: str | None = None  # noqa: N815
    headline: str | None = None
    description: str | None = None
    articleBody: str = ""  # noqa: N815
    articleBodyHtml: str = ""  # noqa: N815
    articleBodyMarkdown: str = ""  # noqa: N815
    authors: list[Author] = field(default_factory=list)
    datePublished: str | None = None  # noqa: N815
    datePublishedRaw: str | None = None  # noqa: N815
    dateModified: str | None = None  # noqa: N815
    dateModifiedRaw: str | None = None  # noqa: N815
    inLanguage: str | None = None  # noqa: N815
    mainImage: Image | None = None  # noqa: N815
    images: list[Image] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    breadcrumbs: list[Breadcrumb] = field(default_factory=list)
    siteName: str | None = None  # noqa: N815
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable dict; ``None`` fields are kept so the schema is stable."""
        return asdict(self)

    @property
    def is_empty(self) -> bool:
        return not self.articleBody.strip()


FIELD_NAMES: tuple[str, ...] = tuple(Article.__dataclass_fields__)

__all__ = ["FIELD_NAMES", "Article", "Author", "Breadcrumb", "Image"]
