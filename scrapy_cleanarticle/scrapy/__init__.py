"""Scrapy integration; the only part of the package that imports Scrapy.

Names are loaded lazily so that worker processes, which import ``.pool``, do not pay for
importing Scrapy.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Addon": ".addon",
    "CleanArticlePipeline": ".pipelines",
    "CleanHtmlMiddleware": ".middlewares",
    "ArticleSpider": ".spiders",
    "page_item": ".spiders",
    "CleanArticleSettings": ".settings",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_EXPORTS)
