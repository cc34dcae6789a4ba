"""``clean_file``: one input in, one output file and its manifest out.

Pages are cleaned in the package's own worker pool (scrapy_cleanarticle.scrapy.pool, which does
not import Scrapy): each page runs under the per-page time limit, a page that hangs or kills
its worker costs that page only, and workers are recycled so memory stays flat over millions of
pages. Results are written in input order, whatever order the workers finish in, so every
engine and worker count writes the same bytes.
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
from ..scrapy.pool import Cleaners, Job, Outcome, PoolRunner, short_message
from .output import DONE, PART, commit, open_writer, output_stem, read_manifest, write_manifest
from .readers import (
    InputReadError,
    MissingDependencyError,
    PageRecord,
    ReadOptions,
    ReadProblem,
    iter_pages,
)

CLEAN_ARTICLE = "scrapy_cleanarticle.api.clean_article"
CLEAN_HTML = "scrapy_cleanarticle.api.clean_html"
Status = Literal["done", "skipped", "damaged", "failed"]
PageKind = Literal["article", "empty", "error"]
Clean = Callable[[Job], Outcome]
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
    max_tasks_per_worker: int = 500
    read: ReadOptions = field(default_factory=ReadOptions)
    clean_function: str = CLEAN_ARTICLE  # dotted path, called as clean_article is


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
        cleaners = Cleaners(opts.clean_function, CLEAN_HTML, opts.config)
        self.pool: PoolRunner | None = None
        self.workers = opts.workers
        if opts.workers > 0 and not multiprocessing.current_process().daemon:
            self.pool = PoolRunner(cleaners, workers=opts.workers, timeout=opts.timeout,
                                   max_tasks_per_worker=opts.max_tasks_per_worker)
            self.pool.prestart()
            self.clean: Clean = self.pool.run_blocking
        else:
            self.workers = 0
            self.clean = cleaners.run

    def __enter__(self) -> Clean:
        return self.clean

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.close()


def _finished(manifest_path: Path, final: Path, fmt: str, src: Path) -> FileResult | None:
    """The result recorded by a finished run, if the input is still the one it cleaned."""
    manifest = read_manifest(manifest_path)
    if manifest is None or manifest.get("status") != "done" or manifest.get("format") != fmt \
            or not final.exists() or manifest.get("input_bytes") != _size(src):
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
    record: dict[str, Any]
    kind: PageKind


class _Pending(NamedTuple):
    item: PageRecord | ReadProblem
    future: Future[Outcome] | None  # None for a read problem: nothing to clean


def _records(src: Path, opts: BulkOptions, clean: Clean, problems: list[str]) -> Iterator[Written]:
    """Output records in input order; up to ``4 x workers`` pages are in the pool at once."""
    window = max(1, 4 * opts.workers)
    pending: deque[_Pending] = deque()
    with ThreadPoolExecutor(max_workers=max(1, opts.workers),
                            thread_name_prefix="cleanarticle-bulk") as threads:
        for item in _items(src, opts.read):
            future = None
            if isinstance(item, PageRecord):
                future = threads.submit(clean, Job("article", item.body, item.url,
                                                   item.content_type))
            pending.append(_Pending(item, future))
            while len(pending) > window or (pending and _ready(pending[0].future)):
                yield _record(pending.popleft(), problems)
        while pending:
            yield _record(pending.popleft(), problems)


def _ready(future: Future[Outcome] | None) -> bool:
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


def _record(pending: _Pending, problems: list[str]) -> Written:
    item = pending.item
    if isinstance(item, ReadProblem):
        if item.damaged:
            problems.append(short_message(item.message))
        return Written(error_record(item.source.url, item.source.to_dict(), item.reason,
                                    item.message), "error")
    assert pending.future is not None
    outcome = pending.future.result()
    source = item.source.to_dict()
    if not outcome.ok:
        return Written(error_record(item.url, source, outcome.error or "error", outcome.message),
                       "error")
    record = dict(outcome.value)
    record["source"] = source
    return Written(record, "article" if str(record.get("articleBody") or "").strip() else "empty")


def error_record(url: str | None, source: Mapping[str, Any], reason: str,
                 message: str) -> dict[str, Any]:
    return {"url": url, "source": dict(source),
            "error": {"reason": reason, "message": short_message(message)}}


def _manifest(result: FileResult, opts: BulkOptions) -> dict[str, Any]:
    config = {name: _plain(getattr(opts.config, name)) for name in opts.config.field_names()}
    return {"input": result.input, "input_bytes": _size(Path(result.input)),
            "output": Path(result.output or "").name,
            "status": result.status, "format": opts.fmt, "counts": asdict(result.counts),
            "problems": result.problems, "seconds": round(result.seconds, 3),
            "config": config, "version": __version__,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def _size(path: Path) -> int | None:
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


__all__ = ["BulkOptions", "CleanerPool", "Counts", "FileResult", "clean_file", "error_record"]
