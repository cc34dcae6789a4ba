"""Readers: every stored-crawl format becomes one stream of :class:`PageRecord`.

A damaged input must not cost the pages around the damage, and must not pass unnoticed either.
So readers never raise for bad data: they report a :class:`ReadProblem` to a callback and go
on where they can (the next gzip member of a WARC, the next line of a JSON Lines file). Each
body is read up to ``max_bytes + 1`` bytes, so a huge record cannot exhaust memory and the
cleaner still sees that the page passed its size limit.

Optional libraries (warcio, FastWARC, pyarrow) are imported only when their format is read.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, NamedTuple

from ..config import DEFAULT_CONFIG
from .formats import HTML_SUFFIXES, Format, bulk_format, by_suffix

PositionKind = Literal["offset", "line", "path", "row"]
JSON_CONTENT_TYPE = "text/html; charset=utf-8"  # JSON text is Unicode: its bytes are UTF-8
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"WARC/1."


class MissingDependencyError(ImportError):
    """A format's optional library is not installed; the message names the extra to install."""


@dataclass(frozen=True)
class Source:
    """Where a page came from: the input file and the record's offset, line, path or row."""

    input: str
    kind: PositionKind
    position: int | str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"input": self.input, self.kind: self.position, "url": self.url}


class PageRecord(NamedTuple):
    url: str | None
    body: bytes
    content_type: str | None
    source: Source


@dataclass(frozen=True)
class ReadProblem:
    """Data that could not be read. ``damaged`` means the container itself is broken (corrupt
    gzip, truncated archive, I/O error), not one record in it; the input then counts as failed."""

    source: Source
    reason: str
    message: str
    damaged: bool


@dataclass(frozen=True)
class ReadOptions:
    """Key (or column) names of JSON Lines and Parquet inputs; the first html key found wins."""

    url_key: str = "url"
    html_keys: tuple[str, ...] = ("html", "body")
    content_type_key: str = "content_type"
    max_bytes: int = DEFAULT_CONFIG.max_bytes
    warc_library: Literal["auto", "warcio", "fastwarc"] = "auto"


OnProblem = Callable[[ReadProblem], None]


def _raise(problem: ReadProblem) -> None:
    raise InputReadError(problem)


class InputReadError(Exception):
    def __init__(self, problem: ReadProblem) -> None:
        super().__init__(f"{problem.source.input}: {problem.reason}: {problem.message}")
        self.problem = problem


def iter_pages(path: str | Path, options: ReadOptions | None = None, *,
               on_problem: OnProblem | None = None) -> Iterator[PageRecord]:
    """Yield the pages stored in ``path`` (a WARC/ARC, JSON Lines, Parquet file or a folder of
    saved pages). Without ``on_problem``, the first unreadable record raises InputReadError."""
    path = Path(path)
    opts = options or ReadOptions()
    report = on_problem or _raise
    fmt = input_format(path)
    if fmt is Format.WARC:
        yield from _warc(path, opts, report)
    elif fmt is Format.JSONL:
        yield from _jsonl(path, opts, report)
    elif fmt is Format.PARQUET:
        yield from _parquet(path, opts)
    elif fmt is Format.HTML_DIR:
        yield from _folder(path, opts, report)
    else:
        report(ReadProblem(Source(str(path), "offset", 0), "unknown_format",
                           "not a WARC, JSON Lines, Parquet file or folder of .html files",
                           damaged=True))


def input_format(path: Path) -> Format | None:
    if path.is_dir():
        return Format.HTML_DIR
    return bulk_format(path)


# --------------------------------------------------------------------------- WARC / ARC

def _warc(path: Path, opts: ReadOptions, report: OnProblem) -> Iterator[PageRecord]:
    library = opts.warc_library
    if library == "auto":
        library = "fastwarc" if _fastwarc_available() else "warcio"
    if library == "fastwarc" and not path.name.lower().endswith((".arc", ".arc.gz")):
        from ._fastwarc import FASTWARC_ERRORS, fastwarc_records

        yield from _resyncing(path, report, fastwarc_records, FASTWARC_ERRORS, opts)
    else:
        try:
            from warcio.exceptions import ArchiveLoadFailed
        except ImportError as exc:
            raise MissingDependencyError(
                'reading WARC needs warcio: pip install "scrapy-cleanarticle[bulk]"') from exc
        errors = (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError)
        yield from _resyncing(path, report, _warcio_records, errors, opts)


def _fastwarc_available() -> bool:
    """FastWARC 2 or later (its iterator's ``auto_decode`` and ``fsspec_args`` are used)."""
    try:
        import fastwarc.warc  # noqa: F401 - installed *and* importable
        version = metadata.version("fastwarc")
    except (ImportError, metadata.PackageNotFoundError):
        return False
    return version.split(".")[0].isdigit() and int(version.split(".")[0]) >= 2


RecordReader = Callable[[IO[bytes], str, "ReadOptions"], Iterator[PageRecord]]


def _resyncing(path: Path, report: OnProblem, read: RecordReader,
               errors: tuple[type[Exception], ...], opts: ReadOptions) -> Iterator[PageRecord]:
    """Read records; on damaged data, report once and start again at the next gzip member
    (or ``WARC/1.`` line, uncompressed), so one bad member costs only its own records."""
    marker = _GZIP_MEMBER if _is_gzip(path) else _WARC_LINE
    start: int | None = 0
    quiet = False  # one report per damaged stretch, not one per failed resynchronisation
    with path.open("rb") as fh:
        while start is not None:
            fh.seek(start)
            at = start
            try:
                for page in read(fh, str(path), opts):
                    at = int(page.source.position)
                    quiet = False
                    yield page
                return
            except errors as exc:
                if not quiet:
                    report(ReadProblem(Source(str(path), "offset", at), "damaged_input",
                                       f"damaged data after offset {at}: "
                                       f"{type(exc).__name__}: {exc}", damaged=True))
                quiet = True
                start = _resync(fh, at + 1, marker)
                if marker == _GZIP_MEMBER:
                    start = _inflatable(fh, start)


def _warcio_records(fh: IO[bytes], name: str, opts: ReadOptions) -> Iterator[PageRecord]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(fh, arc2warc=True)
    compressed: bool | None = None
    for record in records:
        # warcio reads a gzip member that does not inflate as uncompressed bytes, and can make
        # a record of the garbage; a gzip stream that turns plain is damage, not data.
        now = records.reader.decompressor is not None
        if compressed and not now:
            raise ValueError("a gzip member does not inflate")
        compressed = now if compressed is None else compressed
        if record.rec_type != "response":
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        headers = record.http_headers
        ctype = headers.get_header("Content-Type") if headers is not None else None
        body = record.content_stream().read(opts.max_bytes + 1)
        at = records.get_record_offset()  # known once the record is read (it reads to the end)
        yield PageRecord(url, body, ctype, Source(name, "offset", at, url))


def _inflatable(fh: IO[bytes], start: int | None) -> int | None:
    """The first gzip member from ``start`` whose beginning inflates. A reader started on a
    member that does not is no safer: warcio then reads the raw bytes as an uncompressed WARC
    and can make a record of the garbage."""
    while start is not None:
        fh.seek(start)
        try:
            zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fh.read(1 << 16), 1024)
        except zlib.error:
            start = _resync(fh, start + 1, _GZIP_MEMBER)
            continue
        return start
    return None


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == _GZIP_MEMBER[:2]


def _resync(fh: IO[bytes], start: int, marker: bytes, chunk: int = 1 << 20) -> int | None:
    """The offset of the next ``marker`` (a gzip member or WARC record start) from ``start``."""
    fh.seek(start)
    tail = b""
    pos = start
    while True:
        block = fh.read(chunk)
        if not block:
            return None
        data = tail + block
        found = data.find(marker)
        if found >= 0:
            return pos - len(tail) + found
        tail = data[-(len(marker) - 1):]
        pos += len(block)


# --------------------------------------------------------------------------- JSON Lines

def _jsonl(path: Path, opts: ReadOptions, report: OnProblem) -> Iterator[PageRecord]:
    name = str(path)
    line_no = 0
    try:
        with _open_maybe_gzip(path) as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                page = _json_page(line, Source(name, "line", line_no), opts, report)
                if page is not None:
                    yield page
    except (OSError, EOFError, zlib.error) as exc:
        report(ReadProblem(Source(name, "line", line_no + 1), "damaged_input",
                           f"{type(exc).__name__}: {exc}", damaged=True))


def _json_page(line: bytes, where: Source, opts: ReadOptions,
               report: OnProblem) -> PageRecord | None:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        report(ReadProblem(where, "bad_record", f"not JSON: {exc}", damaged=False))
        return None
    if not isinstance(obj, dict):
        report(ReadProblem(where, "bad_record", "a line is not a JSON object", damaged=False))
        return None
    url = obj.get(opts.url_key)
    url = url if isinstance(url, str) else None
    html = next((obj[k] for k in opts.html_keys if isinstance(obj.get(k), str)), None)
    where = Source(where.input, where.kind, where.position, url)
    if html is None:
        keys = " or ".join(repr(k) for k in opts.html_keys)
        report(ReadProblem(where, "bad_record", f"no string {keys} key", damaged=False))
        return None
    ctype = obj.get(opts.content_type_key)
    # A str is already decoded: its charset is UTF-8 now, whatever the page's <meta> says.
    return PageRecord(url, html.encode("utf-8", "surrogatepass"),
                      JSON_CONTENT_TYPE if not isinstance(ctype, str) else _utf8_type(ctype),
                      where)


def _utf8_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip() + "; charset=utf-8"


def _open_maybe_gzip(path: Path) -> gzip.GzipFile | BinaryIO:
    if _is_gzip(path):
        return gzip.open(path, "rb")
    return path.open("rb")


# --------------------------------------------------------------------------- folder

def _folder(path: Path, opts: ReadOptions, report: OnProblem) -> Iterator[PageRecord]:
    files = sorted(p for p in path.rglob("*")
                   if p.is_file() and p.name.lower().endswith(HTML_SUFFIXES))
    for file in files:
        where = Source(str(path), "path", file.relative_to(path).as_posix())
        try:
            with _open_maybe_gzip(file) as fh:
                body = fh.read(opts.max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            report(ReadProblem(where, "unreadable_file", f"{type(exc).__name__}: {exc}",
                               damaged=False))
            continue
        yield PageRecord(None, body, None, where)


def folder_has_pages(path: Path) -> bool:
    return any(p.is_file() and by_suffix(p) is Format.HTML for p in path.rglob("*"))


# --------------------------------------------------------------------------- Parquet

def _parquet(path: Path, opts: ReadOptions) -> Iterator[PageRecord]:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise MissingDependencyError(
            'reading Parquet needs pyarrow: pip install "scrapy-cleanarticle[parquet]"') from exc
    parquet = pq.ParquetFile(path)
    names = set(parquet.schema_arrow.names)
    html_col = next((k for k in opts.html_keys if k in names), None)
    if html_col is None:
        raise InputReadError(ReadProblem(Source(str(path), "row", 0), "bad_input",
                                         f"no column named {' or '.join(opts.html_keys)}",
                                         damaged=True))
    wanted = [c for c in (opts.url_key, html_col, opts.content_type_key) if c in names]
    row = 0
    for batch in parquet.iter_batches(batch_size=256, columns=wanted):
        cols = {name: batch.column(name).to_pylist() for name in wanted}
        for i in range(batch.num_rows):
            url = cols[opts.url_key][i] if opts.url_key in cols else None
            html = cols[html_col][i]
            ctype = cols[opts.content_type_key][i] if opts.content_type_key in cols else None
            if isinstance(html, str):
                body, ctype = html.encode("utf-8", "surrogatepass"), _utf8_type(ctype or "text/html")
            else:
                body = bytes(html or b"")[: opts.max_bytes + 1]
            yield PageRecord(url, body, ctype, Source(str(path), "row", row, url))
            row += 1


__all__ = ["InputReadError", "MissingDependencyError", "PageRecord", "ReadOptions", "ReadProblem",
           "Source", "folder_has_pages", "input_format", "iter_pages"]
