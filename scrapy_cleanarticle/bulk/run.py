"""``clean_file``: one input in, one output file and its manifest out.

Pages are cleaned in the package's own worker pool (scrapy_cleanarticle.scrapy.pool, which does
not import Scrapy), a few pages per message (see .work): each page runs under the per-page time
limit, a page that hangs or kills its worker costs that page only, and workers are recycled so
memory stays flat over millions of pages. Results are written in input order, whatever order
the workers finish in, so every engine, worker count and batch size writes the same bytes.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .._version import __version__
from ..config import DEFAULT_CONFIG, CleanerConfig
from ..scrapy.pool import PoolRunner, short_message
from .output import (
    DONE,
    PART,
    commit,
    open_writer,
    output_stem,
    read_manifest,
    with_source,
    write_manifest,
)
from .readers import (
    InputReadError,
    MissingDependencyError,
    PageRecord,
    ReadOptions,
    ReadProblem,
    iter_pages,
)
from .work import BatchCleaners, Clean, Cleaned, PageJob, PageKind, clean_pages

CLEAN_ARTICLE = "scrapy_cleanarticle.api.clean_article"
CLEAN_HTML = "scrapy_cleanarticle.api.clean_html"
Status = Literal["done", "skipped", "damaged", "failed"]
OnPage = Callable[[PageKind], None]


@dataclass(frozen=True)
class BulkOptions:
    """How inputs are cleaned and written. ``workers=0`` cleans in the calling process (no
    time limit, no crash isolation: for debugging, or where processes cannot be started)."""

    config: CleanerConfig = DEFAULT_CONFIG
    fmt: str = "jsonl"
    resume: bool = True
    workers: int = 1
    timeout: float = 30.0
    max_tasks_per_worker: int = 500  # pages, not messages
    read: ReadOptions = field(default_factory=ReadOptions)
    clean_function: str = CLEAN_ARTICLE  # dotted path, called as clean_article is
    batch_pages: int = 8  # pages per message to a worker (and at most BATCH_BYTES of them)


@dataclass
class Counts:
    pages: int = 0
    articles: int = 0
    empty: int = 0
    errors: int = 0

    def add(self, kind: PageKind) -> None:
        self.pages += 1
        if kind == "article":
            self.articles += 1
        elif kind == "empty":
            self.empty += 1
        else:
            self.errors += 1

    def merge(self, other: Counts) -> None:
        for name in ("pages", "articles", "empty", "errors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class FileResult:
    """What became of one input. ``damaged`` and ``failed`` inputs make the run exit 1."""

    input: str
    output: str | None
    status: Status
    counts: Counts = field(default_factory=Counts)
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def clean_file(input_path: str | Path, out_dir: str | Path, config: CleanerConfig | None = None,
               *, options: BulkOptions | None = None, clean: Clean | None = None,
               on_page: OnPage | None = None) -> FileResult:
    """Clean every page of one input into ``out_dir/<stem>.<fmt>`` and its ``.done.json``.

    ``clean`` is the cleaning call to use (a running pool's); without it a pool of
    ``options.workers`` processes is started for this input and closed after it.
    """
    opts = options or BulkOptions()
    if config is not None:
        opts = replace(opts, config=config)
    opts = replace(opts, read=replace(opts.read, max_bytes=opts.config.max_bytes))
    src = Path(input_path)
    out = Path(out_dir)
    final = out / f"{output_stem(src)}.{opts.fmt}"
    manifest_path = final.with_name(final.name + DONE)
    if opts.resume:
        finished = _finished(manifest_path, final, opts.fmt, src)
        if finished is not None:
            return finished
    if clean is not None:
        return _clean_into(src, final, opts, clean, on_page)
    with CleanerPool(opts) as own:
        return _clean_into(src, final, opts, own, on_page)


class CleanerPool:
    """A cleaning call for ``opts.workers`` processes (inline for 0, or inside a daemonic
    process, such as a default Dask worker, which may not start children)."""

    def __init__(self, opts: BulkOptions) -> None:
        cleaners = BatchCleaners(opts.clean_function, CLEAN_HTML, opts.config,
                                 encode=opts.fmt != "parquet")
        self.pool: PoolRunner | None = None
        self.workers = opts.workers
        if opts.workers > 0 and not multiprocessing.current_process().daemon:
            # the pool counts messages: recycle after about max_tasks_per_worker pages
            tasks = max(1, opts.max_tasks_per_worker // max(1, opts.batch_pages))
            self.pool = PoolRunner(cleaners, workers=opts.workers, timeout=opts.timeout,
                                   max_tasks_per_worker=tasks)
            self.pool.prestart()
            self.clean: Clean = self.pool.run_blocking
        else:
            self.workers = 0
            self.clean = cleaners.run

    def __enter__(self) -> Clean:
        return self.clean

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def _finished(manifest_path: Path, final: Path, fmt: str, src: Path) -> FileResult | None:
    """The result recorded by a finished run, if the input is still the one it cleaned."""
    manifest = read_manifest(manifest_path)
    if manifest is None or manifest.get("status") != "done" or manifest.get("format") != fmt \
            or not final.exists() or manifest.get("input_bytes") != input_size(src):
        return None
    counts = Counts(**{k: int(v) for k, v in dict(manifest.get("counts") or {}).items()
                       if k in ("pages", "articles", "empty", "errors")})
    return FileResult(str(manifest.get("input")), str(final), "skipped", counts)


def _clean_into(src: Path, final: Path, opts: BulkOptions, clean: Clean,
                on_page: OnPage | None) -> FileResult:
    started = time.monotonic()
    result = FileResult(str(src), str(final), "done")
    final.parent.mkdir(parents=True, exist_ok=True)
    part = final.with_name(final.name + PART)
    try:
        writer = open_writer(part, opts.fmt)
    except MissingDependencyError as exc:
        return _failed(result, f"{exc}")
    try:
        try:
            for record, kind in _records(src, opts, clean, result.problems):
                writer.write(record)
                result.counts.add(kind)
                if on_page is not None:
                    on_page(kind)
        finally:
            writer.close()
    except (MissingDependencyError, InputReadError, OSError) as exc:
        part.unlink(missing_ok=True)
        return _failed(result, f"{type(exc).__name__}: {exc}")
    commit(part, final)
    if result.problems:
        result.status = "damaged"
    result.seconds = time.monotonic() - started
    write_manifest(final.with_name(final.name + DONE), _manifest(result, opts))
    return result


def _failed(result: FileResult, message: str) -> FileResult:
    result.status = "failed"
    result.output = None
    result.problems.append(short_message(message))
    return result


class Written(NamedTuple):
    record: dict[str, Any] | bytes  # bytes: already encoded as JSON (see .work)
    kind: PageKind


#: A message to a worker holds at most this many bytes of pages, whatever ``batch_pages`` says.
#: The main process holds 2 x workers messages and their copies at once, and the worker a whole
#: message: on 618 dev pages with 2 workers, the main process's peak RSS was 71 MB at one page a
#: message, 80 MB at 1 MiB and 93 MB at 4 MiB. Over 1 MiB of pages, a message's own cost is
#: under 1% of the cleaning anyway.
BATCH_BYTES = 1 << 20


class _Pending(NamedTuple):
    items: list[PageRecord | ReadProblem]  # in input order; the read problems are not cleaned
    future: Future[list[Cleaned]] | None  # None when there is no page to clean


def _records(src: Path, opts: BulkOptions, clean: Clean, problems: list[str]) -> Iterator[Written]:
    """Output records in input order; up to ``2 x workers`` batches are in the pool at once,
    so a worker that finishes one batch finds the next already waiting."""
    window = max(1, 2 * opts.workers)
    pending: deque[_Pending] = deque()
    with ThreadPoolExecutor(max_workers=max(1, opts.workers),
                            thread_name_prefix="cleanarticle-bulk") as threads:
        for items in _batches(_items(src, opts.read), opts.batch_pages):
            pages = [PageJob(i.body, i.url, i.content_type) for i in items
                     if isinstance(i, PageRecord)]
            future = threads.submit(clean_pages, clean, pages) if pages else None
            pending.append(_Pending(items, future))
            while len(pending) > window or (pending and _ready(pending[0].future)):
                yield from _written(pending.popleft(), problems)
        while pending:
            yield from _written(pending.popleft(), problems)


def _batches(items: Iterator[PageRecord | ReadProblem],
             size: int) -> Iterator[list[PageRecord | ReadProblem]]:
    batch: list[PageRecord | ReadProblem] = []
    pages = nbytes = 0
    for item in items:
        batch.append(item)
        if isinstance(item, PageRecord):
            pages += 1
            nbytes += len(item.body)
        if pages >= size or nbytes >= BATCH_BYTES:
            yield batch
            batch, pages, nbytes = [], 0, 0
    if batch:
        yield batch


def _ready(future: Future[list[Cleaned]] | None) -> bool:
    return future is None or future.done()


def _items(src: Path, read: ReadOptions) -> Iterator[PageRecord | ReadProblem]:
    """Pages and read problems, in the order the reader met them."""
    problems: deque[ReadProblem] = deque()
    for page in iter_pages(src, read, on_problem=problems.append):
        while problems:
            yield problems.popleft()
        yield page
    while problems:
        yield problems.popleft()


def _written(pending: _Pending, problems: list[str]) -> Iterator[Written]:
    results = iter(pending.future.result() if pending.future is not None else ())
    for item in pending.items:
        if isinstance(item, ReadProblem):
            if item.damaged:
                problems.append(short_message(item.message))
            yield Written(error_record(item.source.url, item.source.to_dict(), item.reason,
                                       item.message), "error")
        else:
            yield _record(item, next(results))


def _record(page: PageRecord, cleaned: Cleaned) -> Written:
    source = page.source.to_dict()
    if cleaned.head is not None:
        return Written(with_source(cleaned.head, source), cleaned.kind)
    if cleaned.record is None:
        return Written(error_record(page.url, source, cleaned.error or "error",
                                    cleaned.message), "error")
    record = dict(cleaned.record)
    record["source"] = source
    return Written(record, cleaned.kind)


def error_record(url: str | None, source: Mapping[str, Any], reason: str,
                 message: str) -> dict[str, Any]:
    return {"url": url, "source": dict(source),
            "error": {"reason": reason, "message": short_message(message)}}


def _manifest(result: FileResult, opts: BulkOptions) -> dict[str, Any]:
    config = {name: _plain(getattr(opts.config, name)) for name in opts.config.field_names()}
    return {"input": result.input, "input_bytes": input_size(Path(result.input)),
            "output": Path(result.output or "").name,
            "status": result.status, "format": opts.fmt, "counts": asdict(result.counts),
            "problems": result.problems, "seconds": round(result.seconds, 3),
            "config": config, "version": __version__,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def input_size(path: Path) -> int | None:
    """An input's size (a file's, or the total of a folder's files), to notice a changed input."""
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size
    except OSError:
        return None


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


__all__ = ["BulkOptions", "CleanerPool", "Counts", "FileResult", "clean_file", "error_record",
           "input_size"]
