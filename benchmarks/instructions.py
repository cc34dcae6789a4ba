#!/usr/bin/env python3
"""Instructions per page, as a ratio to a plain ``lxml.html`` parse of the same pages.

``speed.py`` measures CPU time, which on a shared machine moves by a few per cent from one run
to the next: a change worth 1-2% cannot be told from the noise without many runs. Instructions
counted by valgrind (callgrind) do not move: the same code on the same pages gives the same
count, so two builds can be compared in one run each, side by side. The count is not the time
(a parse retires more instructions per cycle than the pipeline does, so this ratio reads lower
than the time ratio); it tells whether a change made the work smaller, and by how much.

Three runs of a child process under callgrind, each loading the same pages and warming both
tools on the first page, and the cleaner's once-per-process set-up on a page that reaches the
learned scorer (``_common.warm_up_cleaner``): one stops there, one parses every page with
lxml, one cleans every page. The differences are the parse's instructions and ours.

    python benchmarks/instructions.py [--data ../shared/benchmarks/wcxb-dev] [--every 20]
        [--python /path/to/other/venv/bin/python] [--json out.json]

Needs ``valgrind`` (Debian: ``apt install valgrind``); about 4 minutes for 75 pages.
``--python`` runs the children with another interpreter (another build in its own venv), so
two builds are compared on the same pages. String hashing is fixed (``PYTHONHASHSEED=0``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    # last, not first: the package comes from the interpreter's own install (``--python``
    # names another build), and only the benchmark helpers from this checkout
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from benchmarks._common import DEFAULT_DATA, warm_up_cleaner
from benchmarks.speed import load_any

MODES = ("load", "lxml", "us")
_COLLECTED = re.compile(r"Collected\s*:\s*([\d,]+)")


def collected(stderr: str) -> int:
    """The instruction count callgrind reports at exit ("==123== Collected : 9377452011")."""
    found = _COLLECTED.findall(stderr)
    if not found:
        raise ValueError("no 'Collected' line in callgrind's output (is valgrind installed?)")
    return int(found[-1].replace(",", ""))


def ratio(counts: dict[str, int]) -> float:
    """Our instructions over the parse's, each less the loading run's."""
    return (counts["us"] - counts["load"]) / max(counts["lxml"] - counts["load"], 1)


def child(mode: str, data: Path, every: int) -> None:
    """One run under callgrind: load the pages, warm both tools, then do ``mode``'s work."""
    import lxml.html

    from scrapy_cleanarticle import clean_article

    pages = load_any(data, None, every)
    warm_up_cleaner()  # rules, model: built once
    clean_article(pages[0].html, url=pages[0].url or None)
    lxml.html.fromstring(pages[0].html)
    print(len(pages))  # for the report: the parent loads no page itself
    if mode == "lxml":
        for page in pages:
            lxml.html.fromstring(page.html)
    elif mode == "us":
        for page in pages:
            clean_article(page.html, url=page.url or None)


def measure(python: str, data: Path, every: int) -> tuple[dict[str, int], int]:
    """Each mode's instruction count, and the number of pages the children read."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    counts: dict[str, int] = {}
    pages = 0
    with tempfile.TemporaryDirectory() as tmp:
        for mode in MODES:
            done = subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", python,
                 str(Path(__file__).resolve()), "--child", mode, "--data", str(data),
                 "--every", str(every)],
                capture_output=True, text=True, env=env, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"{mode} run failed:\n{done.stderr[-2000:]}")
            counts[mode] = collected(done.stderr)
            pages = int(done.stdout.split()[-1])
    return counts, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA.parent / "wcxb-dev")
    parser.add_argument("--every", type=int, default=20, help="every K-th page")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter (and so the build) to measure")
    parser.add_argument("--json", type=Path, help="write the counts and the ratio here")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.data, args.every)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)", file=sys.stderr)
        return 2
    counts, pages = measure(args.python, args.data, args.every)
    result = {**counts, "pages": pages, "ratio": ratio(counts)}
    print(f"{pages} pages of {args.data.name} (every {args.every}th), interpreter {args.python}")
    print(f"instructions per page: lxml parse {(counts['lxml'] - counts['load']) / pages:,.0f}, "
          f"us {(counts['us'] - counts['load']) / pages:,.0f}")
    print(f"ratio (instructions, not time): {result['ratio']:.3f}x")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
