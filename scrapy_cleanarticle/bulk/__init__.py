"""Bulk re-cleaning of stored crawls: WARC/ARC, JSON Lines, Parquet and folders of saved pages
in, one article record per page out. Scrapy is not needed.

Names are loaded lazily, and optional libraries are imported only by the format or engine that
needs them (warcio or FastWARC for WARC, pyarrow for Parquet and Arrow tables, distributed for
the Dask engine), so the one-page CLI can use :mod:`.formats` without paying for the rest.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "BulkOptions": ".run",
    "Counts": ".run",
    "FileResult": ".run",
    "clean_file": ".run",
    "clean_batch": ".batch",
    "Format": ".formats",
    "bulk_format": ".formats",
    "arrow_schema": ".output",
    "MissingDependencyError": ".readers",
    "PageRecord": ".readers",
    "ReadOptions": ".readers",
    "ReadProblem": ".readers",
    "Source": ".readers",
    "iter_pages": ".readers",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_EXPORTS)
