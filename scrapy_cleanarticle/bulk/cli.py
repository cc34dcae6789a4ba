"""``cleanarticle bulk INPUT... -o OUT_DIR``: re-clean stored crawls, with progress and resume.

Exit status: 0 when every input finished (a page that failed is an error record, not a failed
run), 1 when an input could not be read (missing, damaged, unreadable; the others still
finish), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..config import CleanerConfig
from ..errors import ConfigError
from .output import OUTPUT_FORMATS
from .readers import MissingDependencyError, ReadOptions
from .run import BulkOptions, Counts, FileResult
from .work import PageKind

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
PROG = "cleanarticle bulk"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Clean stored crawls (WARC/ARC, JSON Lines, Parquet, folders of "
                               ".html pages) into one article record per page.",
        epilog="Exit status: 0 every input finished (failed pages are error records), "
               "1 an input could not be read, 2 usage error.")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder or glob")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUT_DIR")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="cleaning processes (local) or Dask workers (default: CPU count)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler, e.g. tcp://host:8786 (default: a LocalCluster)")
    parser.add_argument("--shard", metavar="I/N", help="take every Nth input from the I-th "
                        "(0-based), to split the work between jobs")
    parser.add_argument("--format", dest="fmt", choices=OUTPUT_FORMATS, default="jsonl")
    parser.add_argument("--no-resume", dest="resume", action="store_false",
                        help="redo inputs that already have a .done.json manifest")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per page")
    parser.add_argument("--favor", choices=("balanced", "precision", "recall"),
                        default="balanced")
    parser.add_argument("--url-key", default="url", help="URL key or column (JSON Lines, Parquet)")
    parser.add_argument("--html-key", action="append", dest="html_keys", metavar="KEY",
                        help="HTML key or column, repeatable (default: html, then body)")
    parser.add_argument("--progress-every", type=float, default=5.0, metavar="SECONDS",
                        help="summary line interval when stderr is not a terminal")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse's own exit: 0 for --help, 2 for a usage error
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    err = sys.stderr
    try:
        return _run(args, err)
    except UsageError as exc:
        err.write(f"{PROG}: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted; run the same command again to resume\n")
        return EXIT_INTERRUPTED


class UsageError(Exception):
    pass


def _options(args: argparse.Namespace) -> BulkOptions:
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    try:
        config = CleanerConfig(favor=args.favor)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    read = ReadOptions(url_key=args.url_key, html_keys=tuple(args.html_keys or ("html", "body")))
    return BulkOptions(config=config, fmt=args.fmt, resume=args.resume, workers=args.workers,
                       timeout=args.timeout, read=read)


def _run(args: argparse.Namespace, err: TextIO) -> int:
    from .engine import SchedulerError, Shard, expand_inputs, run_dask, run_local

    opts = _options(args)
    try:
        shard = Shard.parse(args.shard) if args.shard else None
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    inputs = expand_inputs(args.inputs, shard)
    for missing in inputs.missing:
        err.write(f"{PROG}: {missing}: not_found: no such file, folder or glob match\n")
    if not inputs.paths and not inputs.missing:
        err.write(f"{PROG}: no input{' in this shard' if shard else ''}\n")
        return EXIT_OK if shard else EXIT_USAGE
    progress = Progress(err, len(inputs.paths), interval=args.progress_every,
                        per_page=args.engine == "local")
    results: Iterator[FileResult]
    try:
        if args.engine == "dask":
            results = run_dask(inputs.paths, args.output, opts, scheduler=args.scheduler)
        else:
            results = run_local(inputs.paths, args.output, opts, on_page=progress.page)
        for result in results:
            progress.finished(result)
    except (MissingDependencyError, SchedulerError) as exc:
        raise UsageError(str(exc)) from exc
    finally:
        progress.close()
    failed = progress.failed + len(inputs.missing)
    return EXIT_INPUT_FAILED if failed else EXIT_OK


@dataclass
class Progress:
    """Progress on stderr: tqdm bars in a terminal, a summary line every ``interval`` seconds
    otherwise (a log file must not fill with carriage returns), and always a final summary."""

    err: TextIO
    total: int
    interval: float = 5.0
    per_page: bool = True
    counts: Counts = field(default_factory=Counts)  # pages cleaned by this run
    inputs_done: int = 0
    inputs_skipped: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self._bars: list[Any] = _bars(self.err, self.total)
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        if not self._bars and self.interval > 0:
            self._ticker = threading.Thread(target=self._tick, name="cleanarticle-progress",
                                            daemon=True)
            self._ticker.start()

    def page(self, kind: PageKind) -> None:
        self.counts.add(kind)
        if self._bars:
            self._bars[1].update(1)

    def finished(self, result: FileResult) -> None:
        self.inputs_done += 1
        if result.status == "skipped":
            self.inputs_skipped += 1
        elif not self.per_page:  # the engine reports whole inputs (Dask), not pages
            self.counts.merge(result.counts)
            if self._bars:
                self._bars[1].update(result.counts.pages)
        if result.status in ("damaged", "failed"):
            self.failed += 1
            for problem in result.problems:
                self.err.write(f"{PROG}: {result.input}: {result.status}: {problem}\n")
        if self._bars:
            self._bars[0].update(1)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        c = self.counts
        return (f"{self.inputs_done}/{self.total} inputs ({self.inputs_skipped} already done, "
                f"{self.failed} failed), {c.pages} pages, {c.articles} articles, {c.empty} empty, "
                f"{c.errors} errors, {c.pages / elapsed:.1f} pages/s in {elapsed:.1f}s")

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            self.err.write(f"{PROG}: {self.line()}\n")
            self.err.flush()

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        for bar in self._bars:
            bar.close()
        self.err.write(f"{PROG}: done: {self.line()}\n")
        self.err.flush()


def _bars(err: TextIO, total: int) -> list[Any]:
    try:
        tty = err.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        return []
    try:
        from tqdm import tqdm
    except ImportError:
        return []
    return [tqdm(total=total, unit="input", file=err, position=0),
            tqdm(unit="page", file=err, position=1)]


__all__ = ["build_parser", "main"]
