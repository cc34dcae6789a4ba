#!/usr/bin/env python3
"""CPU cost per page as a ratio to a plain ``lxml.html`` parse of the same pages, plus peak RSS.

Absolute times on a shared machine are noise; the ratio to a parse measured in the same run is
not. Each repetition runs every tool over every page (tools interleaved, so a slow minute hurts all
of them alike); the per-page median over repetitions is what counts. Peak RSS growth is measured
in a fresh subprocess per tool, so one tool's heap cannot hide or inflate another's.

    python benchmarks/speed.py [--data ../shared/benchmarks/zyte-dev] [--repeat 5]
        [--tools lxml,us,trafilatura,readability-lxml] [--ids id1,id2] [--no-rss] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import DEFAULT_DATA, Page, load_pages

Work = Callable[[str, str], object]
BASELINE_TOOL = "lxml"
# Targets from issue 3: ours is a limit, the peers' are what they were seen to cost.
TARGETS = {"us": "<= 5x", "trafilatura": "~12x", "readability-lxml": "~14x"}


def _lxml(html: str, url: str) -> object:
    import lxml.html

    return lxml.html.fromstring(html)


def _us(html: str, url: str) -> object:
    from scrapy_cleanarticle import clean_article

    return clean_article(html, url=url or None)  # body and metadata: the whole Article


def _trafilatura(html: str, url: str) -> object:
    import trafilatura

    return trafilatura.extract(
        html, url=url or None, with_metadata=True, favor_precision=True, include_comments=False
    )


def _readability(html: str, url: str) -> object:
    from readability import Document

    return Document(html).summary()


WORK: dict[str, Work] = {
    "lxml": _lxml,
    "us": _us,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
}


IMPORTS = {
    "lxml": "lxml.html",
    "us": "scrapy_cleanarticle",
    "trafilatura": "trafilatura",
    "readability-lxml": "readability",
}


def _maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def _reset_peak_rss() -> bool:
    """Make ru_maxrss restart from the current RSS (Linux >= 4.0), so that transient peaks of
    loading the pages cannot hide the tool's own growth."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def rss_child(tool: str, data: Path, ids: list[str] | None) -> None:
    """Entry point of the per-tool subprocess: one pass over the set, peak RSS growth as JSON."""
    start = _maxrss_kib()
    pages = load_pages(data, ids)
    loaded = _maxrss_kib()
    importlib.import_module(IMPORTS[tool])
    imported = _maxrss_kib()
    gc.collect()
    reset = _reset_peak_rss()
    before = _maxrss_kib()
    work = WORK[tool]
    for page in pages:
        _call(work, page)
    after = _maxrss_kib()
    print(
        json.dumps(
            {
                "start_kib": start,
                "loaded_kib": loaded,
                "import_kib": imported - loaded,
                "before_kib": before,
                "after_kib": after,
                "peak_reset": reset,
            }
        )
    )


def measure_rss(tool: str, args: argparse.Namespace) -> dict[str, int] | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--rss-child", tool, "--data", str(args.data)]
    if args.ids:
        cmd += ["--ids", args.ids]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"  rss child for {tool} failed: {proc.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    result: dict[str, int] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def time_tools(tools: Sequence[str], pages: Sequence[Page], repeat: int) -> dict[str, list[float]]:
    """Per-page median CPU seconds for each tool; failures are timed like successes."""
    samples: dict[str, list[list[float]]] = {t: [[] for _ in pages] for t in tools}
    for tool in tools:  # warm-up: imports, compiled XPaths, caches
        for page in pages[:3]:
            _call(WORK[tool], page)
    for rep in range(repeat):
        print(f"  repetition {rep + 1}/{repeat}", file=sys.stderr, flush=True)
        for tool in tools:
            work = WORK[tool]
            gc.collect()
            for i, page in enumerate(pages):
                t0 = time.process_time()
                _call(work, page)
                samples[tool][i].append(time.process_time() - t0)
    return {t: [statistics.median(s) for s in per_page] for t, per_page in samples.items()}


def _call(work: Work, page: Page) -> None:
    # A failing page is timed like any other: the failure path's cost counts, its result does not.
    with contextlib.suppress(Exception):
        work(page.html, page.url)


def report(
    medians: dict[str, list[float]], rss: dict[str, dict[str, int] | None], n_pages: int, repeat: int
) -> dict[str, dict[str, float | None]]:
    base = medians[BASELINE_TOOL]
    base_total = sum(base)
    print(f"{n_pages} pages, median of {repeat} repetitions, CPU time (time.process_time)")
    print(
        f"\n{'tool':<18} {'total ratio':>11} {'median ratio':>12} {'target':>7}"
        f" {'peak RSS growth':>16} {'import RSS':>11} {'ms/page':>8}"
    )
    table: dict[str, dict[str, float | None]] = {}
    for tool, per_page in medians.items():
        total_ratio = sum(per_page) / base_total if base_total else float("nan")
        median_ratio = statistics.median(t / b for t, b in zip(per_page, base, strict=True) if b > 0)
        r = rss.get(tool)
        growth_mib = (r["after_kib"] - r["before_kib"]) / 1024 if r else None
        growth = f"{growth_mib:.1f} MiB" if growth_mib is not None else "-"
        import_mib = r["import_kib"] / 1024 if r else None
        imported = f"{import_mib:.1f} MiB" if import_mib is not None else "-"
        ms = 1000 * sum(per_page) / n_pages
        print(
            f"{tool:<18} {total_ratio:>10.2f}x {median_ratio:>11.2f}x {TARGETS.get(tool, ''):>7}"
            f" {growth:>16} {imported:>11} {ms:>8.2f}"
        )
        table[tool] = {
            "total_ratio": total_ratio,
            "median_page_ratio": median_ratio,
            "rss_growth_mib": growth_mib,
            "import_rss_mib": import_mib,
            "ms_per_page": ms,
        }
    print(
        "\nratios: CPU time / plain lxml.html.fromstring time of the same pages in this run.\n"
        "peak RSS growth: one pass over the set in a fresh process, after imports and page loading.\n"
        "import RSS and ms/page are secondary (machine-dependent)."
    )
    return table


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset dir (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions; per-page medians are used")
    ap.add_argument("--tools", default=",".join(WORK), help="comma-separated, from: %(default)s")
    ap.add_argument("--ids", default="", help="comma-separated page ids (unique prefixes accepted)")
    ap.add_argument("--no-rss", action="store_true", help="skip the peak-RSS subprocesses")
    ap.add_argument("--json", type=Path, help="write the table here")
    ap.add_argument("--rss-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.tool_list = [t.strip() for t in args.tools.split(",") if t.strip()]
    if BASELINE_TOOL not in args.tool_list:
        args.tool_list.insert(0, BASELINE_TOOL)
    for tool in args.tool_list + ([args.rss_child] if args.rss_child else []):
        if tool not in WORK:
            ap.error(f"unknown tool {tool!r}; choose from {', '.join(WORK)}")
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    ids = [i.strip() for i in args.ids.split(",") if i.strip()] or None
    if args.rss_child:
        rss_child(args.rss_child, args.data, ids)
        return 0
    if not (args.data / "ground-truth.json").exists():
        print(f"dataset not found: {args.data}", file=sys.stderr)
        return 2
    rss: dict[str, dict[str, int] | None] = {}
    if not args.no_rss:
        for tool in args.tool_list:
            print(f"peak RSS: {tool}", file=sys.stderr, flush=True)
            rss[tool] = measure_rss(tool, args)
    pages = load_pages(args.data, ids)
    medians = time_tools(args.tool_list, pages, args.repeat)
    table = report(medians, rss, len(pages), args.repeat)
    if args.json:
        args.json.write_text(
            json.dumps({"repeat": args.repeat, "pages": len(pages), "tools": table}, indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
