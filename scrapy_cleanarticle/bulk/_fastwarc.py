"""The FastWARC reader, used instead of warcio when FastWARC is installed: it parses several
times faster and gives the same records (tests/test_bulk_readers.py compares the two)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from .readers import PageRecord, Source

if TYPE_CHECKING:
    from .readers import ReadOptions

FASTWARC_ERRORS: tuple[type[Exception], ...] = (OSError, ValueError)


def fastwarc_records(fh: IO[bytes], name: str, opts: ReadOptions) -> Iterator[PageRecord]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    # auto_decode="all" undoes the transfer and content encodings, as warcio's content_stream().
    for record in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True,
                                  auto_decode="all", fsspec_args=False):
        url = record.headers.get("WARC-Target-URI")
        http = record.http_headers
        ctype = http.get("Content-Type") if http is not None else None
        body = record.reader.read(opts.max_bytes + 1)
        yield PageRecord(url, body, ctype, Source(name, "offset", record.stream_pos, url))
