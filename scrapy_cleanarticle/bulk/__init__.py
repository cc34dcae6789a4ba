"""Bulk re-cleaning of stored crawls: WARC/ARC, JSON Lines, Parquet and folders of saved pages
in, one article record per page out. Scrapy is not needed.

Optional libraries are imported only by the format or engine that needs them (warcio or
FastWARC for WARC, pyarrow for Parquet and Arrow tables, distributed for the Dask engine), so
importing this package costs the standard library only.
"""

from __future__ import annotations

from .batch import clean_batch
from .formats import Format, bulk_format
from .output import arrow_schema
from .readers import MissingDependencyError, PageRecord, ReadOptions, ReadProblem, Source, iter_pages
from .run import BulkOptions, Counts, FileResult, clean_file

__all__ = ["BulkOptions", "Counts", "FileResult", "Format", "MissingDependencyError", "PageRecord",
           "ReadOptions", "ReadProblem", "Source", "arrow_schema", "bulk_format", "clean_batch",
           "clean_file", "iter_pages"]
