"""Which kind of stored crawl a path holds, told by its name and, when that says nothing, by
its first bytes.

The one-page CLI uses this to refuse archives it would otherwise read as one giant "page", so
this module imports nothing beyond the standard library.
"""

from __future__ import annotations

import zlib
from enum import Enum
from pathlib import Path


class Format(str, Enum):
    WARC = "warc"  # WARC and the older ARC, plain or gzip-member compressed
    JSONL = "jsonl"
    HTML_DIR = "html_dir"
    PARQUET = "parquet"
    HTML = "html"  # a single saved page: the one-page CLI's input, not a bulk input


WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
BULK_SUFFIXES = WARC_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES
SNIFF_BYTES = 4096
_GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_MAGIC = b"PAR1"


def by_suffix(path: Path) -> Format | None:
    name = path.name.lower()
    for suffixes, fmt in ((WARC_SUFFIXES, Format.WARC), (JSONL_SUFFIXES, Format.JSONL),
                          (PARQUET_SUFFIXES, Format.PARQUET), (HTML_SUFFIXES, Format.HTML)):
        if name.endswith(suffixes):
            return fmt
    return None


def sniff_bytes(head: bytes) -> Format | None:
    """Tell a bulk format from the first bytes of a (decompressed) file; None for anything else.

    HTML never starts with ``{`` nor with a WARC/ARC version line, so these checks cannot turn
    a real page away.
    """
    if head.startswith(_PARQUET_MAGIC):
        return Format.PARQUET
    if head.startswith(_GZIP_MAGIC):
        head = _gunzip_head(head)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"WARC/", b"filedesc://")):
        return Format.WARC
    if text.startswith(b"{") and (b'"html"' in text or b'"body"' in text or b'"url"' in text):
        return Format.JSONL
    return None


def sniff(path: Path) -> Format | None:
    """The format of ``path`` by content; unreadable files are left to the caller to report."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return None
    return sniff_bytes(head)


def bulk_format(path: Path) -> Format | None:
    """The bulk format of a file by its name, else by its content; None for a single page."""
    fmt = by_suffix(path)
    if fmt is not None and fmt is not Format.HTML:
        return fmt
    return sniff(path)


def _gunzip_head(data: bytes) -> bytes:
    """Decompress what the first bytes of a gzip file give; a truncated stream is expected."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, SNIFF_BYTES)
    except zlib.error:
        return b""


__all__ = ["BULK_SUFFIXES", "HTML_SUFFIXES", "Format", "bulk_format", "by_suffix", "sniff",
           "sniff_bytes"]
