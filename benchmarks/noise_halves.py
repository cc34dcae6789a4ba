#!/usr/bin/env python3
"""In-body noise leakage on the noise-dev pool, per noise kind and per by-domain half.

The pool's own ``noisebench.py`` prints one total; tuning on all of it and reading the same
total back proves nothing, so this splits the pages by domain into two halves (tune on one, look
at the other) and prints, for each half, the leakage per kind and the body F1 on the noised pages
beside the F1 on the same pages without the noise (from zyte-dev). Figures print as ratios and
counts, never as pass/fail: the CI gate is elsewhere.

    python benchmarks/noise_halves.py [--pool ../shared/benchmarks/noise-dev/pages] [--show A|B]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

from _common import DEFAULT_DATA, load_pages

from scrapy_cleanarticle import clean_article

POOL = DEFAULT_DATA.parent / "noise-dev" / "pages"


@dataclass
class Half:
    """Counts of one by-domain half of the pool."""

    leaks: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    noised: list[tuple[float, float]] = field(default_factory=list)  # (precision, recall)
    clean: list[tuple[float, float]] = field(default_factory=list)

    def line(self, name: str) -> str:
        kinds = " ".join(f"{k} {self.leaks[k]}/{self.totals[k]}" for k in sorted(self.totals))
        leak = sum(self.leaks.values()) / max(1, sum(self.totals.values()))
        return (f"half {name}: {len(self.noised)} pages  leakage {leak:.3%}  [{kinds}]  "
                f"F1 noised {_f1(self.noised):.3f}  clean {_f1(self.clean):.3f}")


def _f1(scores: list[tuple[float, float]]) -> float:
    if not scores:
        return 0.0
    p = sum(s[0] for s in scores) / len(scores)
    r = sum(s[1] for s in scores) / len(scores)
    return 2 * p * r / (p + r) if p + r else 0.0


def _half(url: str) -> str:
    """By domain, so that one site's pages never sit on both sides."""
    return "AB"[zlib.crc32((urlsplit(url).hostname or "").encode()) % 2]


def _noisebench(pool: Path) -> ModuleType:
    """The pool's own scorer: its leakage test and metric, not a copy of them."""
    spec = importlib.util.spec_from_file_location("noisebench", pool.parent / "noisebench.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no noisebench.py beside {pool}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", type=Path, default=POOL)
    parser.add_argument("--show", choices=("A", "B"), help="print each leak of this half")
    args = parser.parse_args()
    bench = _noisebench(args.pool)
    truth = json.loads((args.pool / "truth.json").read_text(encoding="utf-8"))
    clean_pages = {p.id: p for p in load_pages(ids=list(truth))}
    halves = {"A": Half(), "B": Half()}
    for key, item in truth.items():
        name = _half(item["url"])
        half = halves[name]
        body = bench.body_of(clean_article((args.pool / f"{key}.html").read_bytes(), url=item["url"]))
        seen = bench.norm(body)
        for injected in item["injected"]:
            kind, text = injected["kind"], bench.norm(injected["text"])
            half.totals[kind] += 1
            leaked = seen.count(text[:60]) > 1 if kind == "caption" else text in seen
            if leaked:
                half.leaks[kind] += 1
                if args.show == name:
                    print(f"leak {key[:12]} {kind}: {injected['text'][:80]}")
        half.noised.append(bench.prf(item["articleBody"], body))
        page = clean_pages.get(key)
        if page is not None:
            half.clean.append(bench.prf(item["articleBody"],
                                        clean_article(page.html, url=page.url).articleBody or ""))
    for name, half in halves.items():
        print(half.line(name))


if __name__ == "__main__":
    sys.exit(main())
