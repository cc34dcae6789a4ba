"""Helpers for the bulk tests: stored crawls written with warcio, outputs read back, and a
cleaning hook that hangs or kills its worker on a marked page. Nothing here imports Scrapy."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HANG = b"cleanarticle-bulk-test:hang"
CRASH = b"cleanarticle-bulk-test:crash"
SLOW = b"cleanarticle-bulk-test:slow"  # burns SLOW_CPU seconds of CPU, then cleans
SLOW_CPU = 1.2
HOOK = "bulk_support.misbehaving_clean_article"
PID_HOOK = "bulk_support.pid_clean_article"


def story(i: int, extra: bytes = b"") -> bytes:
    """A short article page, different for every ``i``."""
    paras = b"".join(
        b"<p>Paragraph %d of story %d: the council met on Monday to discuss the harbour plan, "
        b"and members argued for hours about the cost of dredging the channel.</p>" % (n, i)
        for n in range(4))
    return (b"<html><head><title>Story %d</title></head><body><nav><a href='/'>Home</a></nav>"
            b"<article><h1>Story number %d</h1>%s</article>%s</body></html>" % (i, i, paras, extra))


def write_warc(path: Path, pages: Sequence[tuple[str, bytes]], *, compress: bool = True,
               encode_every: int = 0) -> Path:
    """A WARC of request + response records; every ``encode_every``-th body is sent gzip
    Content-Encoded (the reader must undo it)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)
        for n, (url, body) in enumerate(pages):
            headers = [("Content-Type", "text/html; charset=utf-8")]
            payload = body
            if encode_every and n % encode_every == 0:
                payload = gzip.compress(body)
                headers.append(("Content-Encoding", "gzip"))
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=http))
    return path


def corrupt_member(src: Path, nth_response: int) -> Path:
    """Damage the gzip member of the nth response record, the same way on every run: its first
    deflate block gets the reserved block type (0b11), which every inflater rejects."""
    from scrapy_cleanarticle.bulk.readers import ReadOptions, iter_pages

    offsets = [int(p.source.position)
               for p in iter_pages(src, ReadOptions(warc_library="warcio"))]
    data = bytearray(src.read_bytes())
    assert data[offsets[nth_response]:offsets[nth_response] + 4] == b"\x1f\x8b\x08\x00"
    data[offsets[nth_response] + 10] = 0b111  # header is 10 bytes: no name, no extra field
    src.write_bytes(bytes(data))
    return src


def pages(n: int, start: int = 0) -> list[tuple[str, bytes]]:
    return [(f"https://news.example/{i}", story(i)) for i in range(start, start + n)]


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of one output file, whatever its format."""
    if path.name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return list(pq.read_table(path).to_pylist())
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def outputs(out_dir: Path) -> list[Path]:
    return sorted(p for p in out_dir.iterdir()
                  if p.name.endswith((".jsonl", ".jsonl.gz", ".parquet")))


def cli(args: Sequence[str], *, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``cleanarticle bulk ...`` in a child process, as a user runs it (stderr not a tty)."""
    return subprocess.run([sys.executable, "-m", "scrapy_cleanarticle", "bulk", *args],
                          capture_output=True, text=True, timeout=timeout, check=False,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "tests")})


def misbehaving_clean_article(html: str | bytes, url: str | None = None, **kwargs: Any) -> Any:
    """``clean_article`` that hangs, kills its worker process or is slow on a marked page."""
    data = html.encode() if isinstance(html, str) else html
    if SLOW in data:
        started = time.process_time()
        while time.process_time() - started < SLOW_CPU:
            pass
    if HANG in data:
        time.sleep(3600)
    if CRASH in data:
        os._exit(13)
    from scrapy_cleanarticle import clean_article

    return clean_article(html, url, **kwargs)


def pid_clean_article(html: str | bytes, url: str | None = None, **kwargs: Any) -> Any:
    """``clean_article`` whose record says which process cleaned it (``cleanedBy``)."""
    from scrapy_cleanarticle import clean_article

    return {**clean_article(html, url, **kwargs).to_dict(), "cleanedBy": os.getpid()}
