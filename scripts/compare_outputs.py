#!/usr/bin/env python
"""Dump every output of ``clean_article`` on the dev sets, and diff two dumps field by field.

A redesign that should leave behaviour unchanged is checked by running ``dump`` on main and on
the branch, then ``diff``: each differing (page, field) pair is printed and counted per field, so
a change can be read page by page instead of hiding inside an averaged benchmark score.

    python scripts/compare_outputs.py dump OUT.jsonl [--sets zyte-dev,wcxb-dev,...] [--every K]
    python scripts/compare_outputs.py diff BEFORE.jsonl AFTER.jsonl [--show N]

Sets: ``zyte-dev``, ``wcxb-dev``, ``metadata-dev`` (under ``../shared/benchmarks``), ``fixtures``
(``fixtures/html`` with each fixture's fixed URL) and ``fixtures-nourl`` (the same, ``url=None``).
Dumps are large: keep them out of the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "benchmarks"
SETS = ("zyte-dev", "wcxb-dev", "metadata-dev", "fixtures", "fixtures-nourl")


class Source(NamedTuple):
    key: str
    url: str | None
    html: bytes


def _gz(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def _pages(name: str) -> Iterator[Source]:
    if name == "zyte-dev":
        truth = json.loads((SHARED / name / "ground-truth.json").read_text("utf-8"))
        for pid in sorted(truth):
            yield Source(pid, truth[pid].get("url") or None, _gz(SHARED / name / "html" / f"{pid}.html.gz"))
    elif name == "metadata-dev":
        truth = json.loads((SHARED / name / "truth.json").read_text("utf-8"))
        for pid in sorted(truth):
            yield Source(pid, truth[pid].get("url") or None, _gz(SHARED / name / "html" / f"{pid}.html.gz"))
    elif name == "wcxb-dev":
        for gt in sorted((SHARED / name / "ground-truth").glob("*.json")):
            pid = gt.name[: -len(".json")]
            url = json.loads(gt.read_text("utf-8")).get("url") or None
            yield Source(pid, url, _gz(SHARED / name / "html" / f"{pid}.html.gz"))
    elif name in ("fixtures", "fixtures-nourl"):
        for path in sorted((REPO / "fixtures" / "html").glob("*.html")):
            slug = path.name[: -len(".html")]
            hand = json.loads((path.parent / f"{slug}.expected.json").read_text("utf-8"))
            yield Source(slug, hand.get("url") if name == "fixtures" else None, path.read_bytes())
    else:
        raise SystemExit(f"unknown set {name!r}; known: {', '.join(SETS)}")


def _output(src: Source) -> dict[str, Any]:
    from scrapy_cleanarticle import clean_article
    from scrapy_cleanarticle.errors import CleanArticleError

    try:
        out: dict[str, Any] = clean_article(src.html, url=src.url).to_dict()
    except CleanArticleError as exc:  # a refusal is an output too
        return {"error": f"{type(exc).__name__}: {exc}"}
    out.get("metadata", {}).pop("elapsed", None)  # timings are never identical
    return out


def dump(out: Path, sets: Sequence[str], every: int) -> None:
    with out.open("w", encoding="utf-8") as f:
        for name in sets:
            for i, src in enumerate(_pages(name)):
                if i % every == 0:
                    row = {"set": name, "id": src.key, "out": _output(src)}
                    f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def _load(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    with path.open(encoding="utf-8") as f:  # not splitlines(): bodies hold U+2028
        rows = [json.loads(line) for line in f]
    return {(r["set"], r["id"]): r["out"] for r in rows}


def _fields(out: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in out.items() if k != "metadata"}
    flat.update({f"metadata.{k}": v for k, v in (out.get("metadata") or {}).items()})
    return flat


def diff(before: Path, after: Path, show: int) -> int:
    old, new = _load(before), _load(after)
    counts: Counter[tuple[str, str]] = Counter()
    for key in sorted(old.keys() | new.keys()):
        a, b = _fields(old.get(key, {})), _fields(new.get(key, {}))
        for field in sorted(a.keys() | b.keys()):
            if a.get(field) != b.get(field):
                counts[key[0], field] += 1
                if counts[key[0], field] <= show:
                    print(f"{key[0]}/{key[1]} {field}:\n  - {a.get(field)!r:.400}\n"
                          f"  + {b.get(field)!r:.400}")
    for (name, field), n in sorted(counts.items()):
        print(f"{name:15} {field:30} {n} page(s) differ")
    print(f"{len(old)} / {len(new)} pages; {sum(counts.values())} differing (page, field) pairs")
    return 1 if counts else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--sets", default=",".join(SETS))
    d.add_argument("--every", type=int, default=1)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=5, help="pages printed per (set, field)")
    args = parser.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out, args.sets.split(","), args.every)
        return 0
    return diff(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
