"""``clean_batch``: a table of pages in, a table of articles out, for dataframe engines.

Dask ``map_partitions``, Ray Data ``map_batches`` and Spark ``mapInArrow`` all hand a function
one batch at a time and parallelise over batches themselves, so this cleans inline, in the
calling process. Every row gives exactly one output row, in the same order, with a fixed
schema (:func:`~.output.arrow_schema`), so a failing page is a row with ``error`` set rather
than a missing row that would shift the batch.
"""

from __future__ import annotations

from typing import Any

from ..config import DEFAULT_CONFIG, CleanerConfig
from ..scrapy.pool import Cleaners, Job
from .output import STRING_FIELDS, arrow_schema, flat_row
from .run import CLEAN_ARTICLE, CLEAN_HTML, error_record

_OUTPUT_COLUMNS = (*STRING_FIELDS, "tags", "authors", "mainImage", "images", "breadcrumbs",
                   "metadata", "source", "error")


def clean_batch(table: Any, html_column: str = "html", url_column: str | None = "url", *,
                config: CleanerConfig | None = None) -> Any:
    """Clean each row's ``html_column`` (str or bytes) and return a table of the same kind
    (pandas DataFrame or pyarrow Table): the article columns, then the input's other columns
    except the html and those whose names an article column already takes (``url``)."""
    cleaners = Cleaners(CLEAN_ARTICLE, CLEAN_HTML, config or DEFAULT_CONFIG)
    if _is_arrow(table):
        htmls = table.column(html_column).to_pylist()
        urls = table.column(url_column).to_pylist() if url_column in table.column_names \
            else [None] * len(htmls)
        rows = _clean_rows(cleaners, htmls, urls)
        return _arrow_out(table, rows, html_column)
    if hasattr(table, "iloc") and hasattr(table, "columns"):  # pandas, or a pandas-like frame
        htmls = list(table[html_column])
        urls = list(table[url_column]) if url_column in table.columns else [None] * len(htmls)
        rows = _clean_rows(cleaners, htmls, urls)
        return _pandas_out(table, rows, html_column)
    raise TypeError(f"clean_batch takes a pandas DataFrame or a pyarrow Table, not "
                    f"{type(table).__name__}")


def _clean_rows(cleaners: Cleaners, htmls: list[Any], urls: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for index, (html, url) in enumerate(zip(htmls, urls, strict=True)):
        page_url = url if isinstance(url, str) else None
        source = {"input": "batch", "row": index, "url": page_url}
        if not isinstance(html, (str, bytes)):
            record = error_record(page_url, source, "empty", "no html in this row")
        else:
            outcome = cleaners.run(Job("article", html, page_url))
            if outcome.ok:
                record = dict(outcome.value)
                record["source"] = source
            else:
                record = error_record(page_url, source, outcome.error or "error", outcome.message)
        rows.append(flat_row(record))
    return rows


def _is_arrow(table: Any) -> bool:
    try:
        import pyarrow as pa
    except ImportError:
        return False
    return isinstance(table, (pa.Table, pa.RecordBatch))


def _arrow_out(table: Any, rows: list[dict[str, Any]], html_column: str) -> Any:
    import pyarrow as pa

    out = pa.Table.from_pylist(rows, schema=arrow_schema())
    for name in table.column_names:
        if name != html_column and name not in _OUTPUT_COLUMNS:
            out = out.append_column(table.schema.field(name), table.column(name))
    if isinstance(table, pa.RecordBatch):
        return out.combine_chunks().to_batches()[0] if out.num_rows else \
            pa.RecordBatch.from_pylist([], schema=out.schema)
    return out


def _pandas_out(frame: Any, rows: list[dict[str, Any]], html_column: str) -> Any:
    import pandas as pd

    out = pd.DataFrame(rows, columns=list(_OUTPUT_COLUMNS), index=frame.index)
    for name in frame.columns:
        if name != html_column and name not in _OUTPUT_COLUMNS:
            out[name] = frame[name]
    return out


__all__ = ["clean_batch"]
