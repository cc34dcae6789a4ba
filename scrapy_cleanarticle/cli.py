"""Command-line front end: ``cleanarticle PATH... [--url URL] [--format ...]``.

The CLI is a thin loop around :func:`clean_article`. Its one job beyond that is failure
isolation: a batch run over a folder of saved pages must not stop at the first bad file, yet
must not hide the failure either. So every input is processed on its own, failures are
reported on stderr as ``path: reason: message``, and the exit status says whether any failed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ._native import STATE as BUILD
from ._version import __version__
from .bulk.formats import bulk_format, sniff_bytes
from .errors import CleanArticleError

FORMATS = ("json", "text", "html", "markdown")
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
STDIN_NAME = "-"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a process killed by SIGPIPE


@dataclass(frozen=True)
class Source:
    """One input: a file path, or ``-`` for standard input."""

    name: str
    path: Path | None  # None means stdin


class InputError(Exception):
    """An input could not be read; carries a reason like the package's own errors."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleanarticle",
        description="Extract the clean article (text, metadata) from saved HTML pages.",
        epilog="Folders are searched recursively for *.html, *.htm and *.html.gz. "
               "Use '-' (or pipe into the command with no PATH) to read standard input. "
               "Exit status: 0 all inputs processed, 1 at least one failed, 2 usage error.",
    )
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {__version__}, {BUILD.describe()}")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="HTML file, folder, or '-' for standard input")
    parser.add_argument("--url", default=None,
                        help="page URL, used to resolve relative links and as fallback metadata")
    parser.add_argument("--format", choices=FORMATS, default="json",
                        help="json: one JSON object per line (default); text/html/markdown: "
                             "the article body only")
    parser.add_argument("--favor", choices=("balanced", "precision", "recall"),
                        default="balanced", help="precision/recall trade-off of the cleaner")
    parser.add_argument("--content-type", default=None, dest="content_type",
                        help="HTTP Content-Type to assume for decoding (e.g. 'text/html; "
                             "charset=latin-1')")
    return parser


def iter_sources(paths: Sequence[str], stdin_is_tty: bool) -> Iterator[Source | InputError]:
    """Expand the PATH arguments; a missing path yields an error instead of stopping the run."""
    if not paths:
        if stdin_is_tty:
            return
        paths = [STDIN_NAME]
    for raw in paths:
        if raw == STDIN_NAME:
            yield Source(STDIN_NAME, None)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.name.lower().endswith(HTML_SUFFIXES))
            for file in found:
                yield Source(str(file), file)
        elif path.is_file():
            yield Source(raw, path)
        else:
            yield InputError(f"{raw}: no such file or directory", "not_found")


def read_source(source: Source, max_bytes: int) -> bytes:
    """Read at most ``max_bytes + 1`` bytes so a huge or gzip-bomb input cannot exhaust memory;
    the extra byte lets the cleaner see that the limit was passed and apply its policy."""
    limit = max_bytes + 1
    try:
        if source.path is None:
            return sys.stdin.buffer.read(limit)
        if source.path.name.lower().endswith(".gz"):
            with gzip.open(source.path, "rb") as fh:
                return fh.read(limit)
        with source.path.open("rb") as fh:
            return fh.read(limit)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read: {exc}", "io_error") from exc


def format_record(article_dict: dict[str, object], source: str, fmt: str) -> str:
    if fmt == "json":
        record = dict(article_dict)
        record["source"] = source
        return json.dumps(record, ensure_ascii=False)
    key = {"text": "articleBody", "html": "articleBodyHtml",
           "markdown": "articleBodyMarkdown"}[fmt]
    value = article_dict.get(key)
    return value if isinstance(value, str) else ""


def report_failure(err: TextIO, name: str, reason: str, message: str) -> None:
    err.write(f"cleanarticle: {name}: {reason}: {message}\n")
    err.flush()


def run(args: argparse.Namespace, out: TextIO, err: TextIO, stdin_is_tty: bool) -> int:
    # Imported here so that `cleanarticle --help` works even if the pipeline fails to import.
    from .api import clean_article
    from .config import CleanerConfig

    try:
        config = CleanerConfig(favor=args.favor)
    except CleanArticleError as exc:
        report_failure(err, "config", exc.reason, str(exc))
        return EXIT_USAGE

    sources = list(iter_sources(args.paths, stdin_is_tty))
    if not sources:
        err.write("cleanarticle: no input (give a PATH, or pipe HTML into standard input)\n")
        return EXIT_USAGE
    several = len(sources) > 1
    failed = 0
    for source in sources:
        if isinstance(source, InputError):
            failed += 1
            report_failure(err, str(source).split(":", 1)[0], source.reason, str(source))
            continue
        try:
            data = read_source(source, config.max_bytes)
            if sniff_bytes(data[:4096]) is not None:  # an archive under an .html name, or stdin
                raise InputError(f"{BULK_HINT} (by its content)", "bulk_input")
            article = clean_article(data, args.url, content_type=args.content_type,
                                    config=config)
        except InputError as exc:
            failed += 1
            report_failure(err, source.name, exc.reason, str(exc))
            continue
        except CleanArticleError as exc:
            failed += 1
            report_failure(err, source.name, exc.reason, str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - a bug on one page must not stop the batch
            failed += 1
            report_failure(err, source.name, "internal_error", f"{type(exc).__name__}: {exc}")
            continue
        text = format_record(article.to_dict(), source.name, args.format)
        if args.format != "json" and several:
            out.write(f"==> {source.name} <==\n")
        out.write(text)
        if not text.endswith("\n"):
            out.write("\n")
        out.flush()
    if failed:
        err.write(f"cleanarticle: {failed} of {len(sources)} input(s) failed\n")
        return EXIT_FAILED
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] in (["seed"], ["status"]):  # the shared Redis frontier of distributed crawls
        from .scrapy.distributed.cli import main as frontier_main

        return frontier_main(words)
    if words[:1] == ["bulk"]:  # stored crawls: cleanarticle bulk INPUT... -o OUT_DIR
        from .bulk.cli import main as bulk_main

        return bulk_main(words[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    refused = _refuse_bulk_inputs(args.paths, sys.stderr)
    if refused:
        return refused
    try:
        stdin_is_tty = sys.stdin is None or sys.stdin.isatty()
    except (AttributeError, ValueError):
        stdin_is_tty = True
    try:
        return run(args, sys.stdout, sys.stderr, stdin_is_tty)
    except BrokenPipeError:
        return _reader_went_away()


def _reader_went_away() -> int:
    """``cleanarticle dir | head -1``: end as ``cat`` or ``grep`` do when the reader is gone,
    killed by SIGPIPE, with no message (the shell shows status 141 only under ``pipefail``)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # nothing left to flush into the closed pipe
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    return EXIT_BROKEN_PIPE


BULK_HINT = "a WARC/JSON Lines/Parquet file holds many pages: use 'cleanarticle bulk INPUT -o OUT_DIR'"


def _refuse_bulk_inputs(paths: Sequence[str], err: TextIO) -> int:
    """The one-page form must never read a whole crawl as one page (checked by name and
    content)."""
    bulk = [raw for raw in paths if raw != STDIN_NAME and Path(raw).is_file()
            and bulk_format(Path(raw)) is not None]
    for raw in bulk:
        err.write(f"cleanarticle: {raw}: {BULK_HINT}\n")
    return EXIT_USAGE if bulk else EXIT_OK


__all__ = ["build_parser", "main", "run"]
