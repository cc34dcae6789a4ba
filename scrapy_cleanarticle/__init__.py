"""scrapy-cleanarticle: clean, normalized article items from messy news and blog HTML.

Only public names live here. Scrapy is optional: ``Addon`` is resolved lazily, so importing this
package (and calling :func:`clean_article`) never imports Scrapy.
"""

from __future__ import annotations

from typing import Any

# First: it decides whether the compiled modules or their sources are imported (see _native).
from . import _native  # noqa: F401
from ._version import __version__
from .api import clean_article, clean_html
from .article import Article, Author, Breadcrumb, Image
from .config import NOISE_CLASSES, CleanerConfig
from .errors import (
    BinaryInputError,
    CleanArticleError,
    ConfigError,
    NotHTMLError,
    ParseError,
    TooLargeError,
)


def __getattr__(name: str) -> Any:
    if name == "Addon":
        from .scrapy.addon import Addon

        return Addon
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "NOISE_CLASSES",
    "Addon",
    "Article",
    "Author",
    "BinaryInputError",
    "Breadcrumb",
    "CleanArticleError",
    "CleanerConfig",
    "ConfigError",
    "Image",
    "NotHTMLError",
    "ParseError",
    "TooLargeError",
    "__version__",
    "clean_article",
    "clean_html",
]
