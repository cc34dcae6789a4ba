"""Output files: one record per page, written under a temporary name and renamed when complete.

A run can be killed at any moment (SIGKILL, a pre-empted cluster node). Readers of the output
directory must never see half a file, and a re-run must know what is finished. So each output is
written as ``<name>.part``, flushed to disk and renamed; then ``<name>.done.json`` is written the
same way. The manifest is the commit mark: an output without it is redone on resume.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol

from .formats import BULK_SUFFIXES

OUTPUT_FORMATS = ("jsonl", "jsonl.gz", "parquet")
STRING_FIELDS = ("url", "canonicalUrl", "headline", "description", "articleBody", "articleBodyHtml",
                 "articleBodyMarkdown", "datePublished", "datePublishedRaw", "dateModified",
                 "dateModifiedRaw", "inLanguage", "siteName")
# Nested values whose shape varies page to page; a columnar file keeps them as JSON text.
JSON_FIELDS = ("authors", "mainImage", "images", "breadcrumbs", "metadata", "source", "error")
PART = ".part"
DONE = ".done.json"
_PARQUET_BATCH = 512


def output_stem(input_path: Path) -> str:
    """``crawl-00001.warc.gz`` -> ``crawl-00001.3fa2c1d0``: readable, and unique per input path,
    so inputs of the same name in different folders (and shards on other machines) never meet."""
    name = input_path.name
    for suffix in sorted(BULK_SUFFIXES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    digest = hashlib.sha1(str(input_path.resolve()).encode("utf-8", "surrogateescape"),
                          usedforsecurity=False).hexdigest()[:8]
    return f"{name or 'input'}.{digest}"


def encode_record(record: Mapping[str, Any]) -> bytes:
    """A record as one JSON Lines line (without the newline); workers and the main process
    must encode alike, as a record may be encoded by either."""
    return json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")


def with_source(head: bytes, source: Mapping[str, Any]) -> bytes:
    """``encode_record({**record, "source": source})`` from ``encode_record(record)[:-1]``,
    for a record that has no ``source`` key: the main process adds where the page came from
    without decoding what a worker encoded."""
    return head + b', "source": ' + encode_record(source) + b"}"


def flat_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record as one row of fixed columns (Parquet, Arrow and DataFrame outputs)."""
    row: dict[str, Any] = {name: record.get(name) for name in STRING_FIELDS}
    tags = record.get("tags")
    row["tags"] = list(tags) if isinstance(tags, list) else []
    for name in JSON_FIELDS:
        value = record.get(name)
        row[name] = None if value is None else json.dumps(value, ensure_ascii=False)
    return row


def arrow_schema() -> Any:
    """The Arrow schema of :func:`flat_row` rows (pass it to Spark, Dask or Ray as the output
    type)."""
    import pyarrow as pa

    return pa.schema([*(pa.field(n, pa.string()) for n in STRING_FIELDS),
                      pa.field("tags", pa.list_(pa.string())),
                      *(pa.field(n, pa.string()) for n in JSON_FIELDS)])


class RecordWriter(Protocol):
    def write(self, record: Mapping[str, Any] | bytes) -> None: ...

    def close(self) -> None: ...


class JsonlWriter:
    def __init__(self, path: Path, *, compress: bool) -> None:
        self._raw = path.open("wb")
        # mtime=0 and no file name: the same records give the same bytes on any engine or host
        self._fh: gzip.GzipFile | BinaryIO = self._raw
        if compress:
            self._fh = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0, filename="")

    def write(self, record: Mapping[str, Any] | bytes) -> None:
        """Write a record, or one already encoded by :func:`encode_record`."""
        self._fh.write(record if isinstance(record, bytes) else encode_record(record))
        self._fh.write(b"\n")

    def close(self) -> None:
        if self._fh is not self._raw:
            self._fh.close()
        _sync_close(self._raw)


class ParquetWriter:
    def __init__(self, path: Path) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:
            from .readers import MissingDependencyError

            raise MissingDependencyError(
                'Parquet output needs pyarrow: pip install "scrapy-cleanarticle[parquet]"') from exc
        self._schema = arrow_schema()
        self._raw = path.open("wb")
        self._writer = pq.ParquetWriter(self._raw, self._schema, compression="zstd")
        self._rows: list[dict[str, Any]] = []

    def write(self, record: Mapping[str, Any] | bytes) -> None:
        self._rows.append(flat_row(json.loads(record) if isinstance(record, bytes) else record))
        if len(self._rows) >= _PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
        _sync_close(self._raw)


def open_writer(path: Path, fmt: str) -> RecordWriter:
    if fmt == "parquet":
        return ParquetWriter(path)
    return JsonlWriter(path, compress=fmt == "jsonl.gz")


def _sync_close(fh: IO[bytes]) -> None:
    fh.flush()
    os.fsync(fh.fileno())
    fh.close()


def commit(part: Path, final: Path) -> None:
    """Make ``part`` visible as ``final`` in one step (rename within one directory)."""
    os.replace(part, final)
    _sync_dir(final.parent)


def write_manifest(path: Path, manifest: Mapping[str, Any]) -> None:
    part = path.with_name(path.name + PART)
    with part.open("wb") as fh:
        fh.write(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
        fh.flush()
        os.fsync(fh.fileno())
    commit(part, path)


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest if it is complete JSON; a missing or torn one means "not finished"."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _sync_dir(directory: Path) -> None:
    """Persist the rename itself (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename has still happened
    finally:
        os.close(fd)


__all__ = ["DONE", "JSON_FIELDS", "OUTPUT_FORMATS", "PART", "STRING_FIELDS", "RecordWriter",
           "arrow_schema", "commit", "encode_record", "flat_row", "open_writer", "output_stem",
           "read_manifest", "with_source", "write_manifest"]
