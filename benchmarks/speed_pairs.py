#!/usr/bin/env python3
"""Two builds' CPU time as a ratio to an lxml parse, in alternated pairs of fresh processes.

A change worth a few per cent of the pipeline cannot be told from a shared machine's drift by
``speed.py``: its runs of the same build move by 0.2x to 0.5x an hour apart. Here the two
builds take turns, each pass in a fresh process, so drift falls on both alike; which build goes
first alternates from pair to pair. Each pass is one run over the pages after a warm-up (the
cleaner's once-per-process set-up, ``_common.warm_up_cleaner``, and the first page), every page
timed beside lxml's parse of it: the cost of a crawl that meets each page's site for the first
time (the per-process caches start empty but for the warm-up).
Instructions (``instructions.py``) say whether the work shrank; this says whether the time did.

    python benchmarks/speed_pairs.py --base-path DIR | --base-python PY
        [--data ../shared/benchmarks/wcxb-dev] [--every 5] [--pairs 5] [--json out.json]

``--base-path``: a directory put first on ``PYTHONPATH``, holding the other build (``pip install
--no-deps --target DIR <checkout of the other commit>``); ``--base-python``: the interpreter of
a virtualenv that has it installed. This build is the one this interpreter imports.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

if __package__ in (None, ""):
    # last, not first: the package comes from the interpreter's own install or --base-path,
    # and only the benchmark helpers from this checkout
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from benchmarks._common import DEFAULT_DATA, warm_up_cleaner
from benchmarks.speed import load_any


class Pass(NamedTuple):
    """One pass of one build: CPU seconds of lxml's parses and of ours, over the same pages."""

    parse: float
    ours: float
    pages: int
    build: str  # where the package was imported from

    @property
    def ratio(self) -> float:
        return self.ours / self.parse if self.parse > 0 else float("inf")


def child(data: Path, every: int) -> Pass:
    """One pass in this process: warm both tools on the first page, then time every page."""
    import lxml.html

    import scrapy_cleanarticle
    from scrapy_cleanarticle import clean_article

    pages = load_any(data, None, every)
    warm_up_cleaner()  # rules, model: built once
    clean_article(pages[0].html, url=pages[0].url or None)
    lxml.html.fromstring(pages[0].html)
    parse = ours = 0.0
    for page in pages:
        t0 = time.process_time()
        lxml.html.fromstring(page.html)
        t1 = time.process_time()
        clean_article(page.html, url=page.url or None)
        t2 = time.process_time()
        parse += t1 - t0
        ours += t2 - t1
    return Pass(parse, ours, len(pages), str(Path(scrapy_cleanarticle.__file__).parent))


Runner = Callable[[str], Pass]


def subprocess_runner(builds: dict[str, tuple[str, dict[str, str]]], data: Path,
                      every: int) -> Runner:
    """Runs one pass of the named build (its interpreter and environment) in a new process."""
    def run(name: str) -> Pass:
        python, env = builds[name]
        done = subprocess.run(
            [python, str(Path(__file__).resolve()), "--child", "--data", str(data),
             "--every", str(every)],
            capture_output=True, text=True, env=env, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{name} pass failed:\n{done.stderr[-2000:]}")
        return Pass(**json.loads(done.stdout.splitlines()[-1]))
    return run


def pairs(run: Runner, count: int) -> list[tuple[Pass, Pass]]:
    """``count`` (base, this) pairs; the base goes first in even pairs, this build in odd ones."""
    done = []
    for index in range(count):
        if index % 2 == 0:
            base = run("base")
            this = run("this")
        else:
            this = run("this")
            base = run("base")
        done.append((base, this))
    return done


def summary(done: Sequence[tuple[Pass, Pass]]) -> dict[str, object]:
    base = [b.ratio for b, _t in done]
    this = [t.ratio for _b, t in done]
    return {"base": base, "this": this, "base_median": statistics.median(base),
            "this_median": statistics.median(this),
            "this_faster": sum(t < b for b, t in zip(base, this, strict=True)),
            "pairs": len(done)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA.parent / "wcxb-dev")
    parser.add_argument("--every", type=int, default=5, help="every K-th page")
    parser.add_argument("--pairs", type=int, default=5)
    other = parser.add_mutually_exclusive_group()
    other.add_argument("--base-path", type=Path, help="a directory holding the other build")
    other.add_argument("--base-python", help="the interpreter of the other build")
    parser.add_argument("--json", type=Path, help="write every pass's ratio and the medians")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.data, args.every)._asdict()))
        return 0
    if args.base_path is None and args.base_python is None:
        parser.error("name the other build: --base-path DIR or --base-python PY")
    this_env = dict(os.environ)
    base_env = dict(os.environ)
    if args.base_path is not None:
        base_env["PYTHONPATH"] = os.pathsep.join(
            [str(args.base_path.resolve()), *filter(None, [os.environ.get("PYTHONPATH")])])
    builds = {"this": (sys.executable, this_env),
              "base": (args.base_python or sys.executable, base_env)}
    done = pairs(subprocess_runner(builds, args.data, args.every), args.pairs)
    base, this = done[0]
    if base.build == this.build:
        print(f"both passes imported {this.build}: name another build", file=sys.stderr)
        return 2
    print(f"{this.pages} pages of {args.data.name} (every {args.every}th), one pass each in a "
          f"fresh process; CPU time / lxml's parse of the same pages")
    print(f"base {base.build}\nthis {this.build}")
    for index, (b, t) in enumerate(done):
        print(f"pair {index + 1}: base {b.ratio:.2f}x  this {t.ratio:.2f}x")
    result = summary(done)
    print(f"median: base {result['base_median']:.2f}x, this {result['this_median']:.2f}x; "
          f"this build faster in {result['this_faster']} of {result['pairs']} pairs")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
