#!/usr/bin/env python3
"""Body-extraction quality on the Zyte article-extraction-benchmark dev split, us vs. peers.

All tools run in this one process on the same decoded ``str`` per page, so differences in charset
handling cannot explain differences in scores. Without ``--compare`` only we run, which keeps the
script inside the 50 s budget of the before-stop hook.

    python benchmarks/quality.py [--data ../shared/benchmarks/zyte-dev]
        [--compare trafilatura,readability-lxml] [--worst 15] [--json out.json] [--ids id1,id2]
        [--update-baseline [--force]] [--case-sensitive]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (
    BASELINE_KEY,
    BASELINE_PATH,
    DEFAULT_DATA,
    EXTRACTORS,
    GATE_TOLERANCE,
    PEERS,
    SHINGLE_N,
    Page,
    Scores,
    Summary,
    TpFpFn,
    exact_match,
    gate_failures,
    get_extractor,
    load_pages,
    noise_counts,
    page_f1,
    paired_f1_difference,
    precision_score,
    read_baseline,
    recall_score,
    shingle_match,
    shingles,
    summarize,
    tokenize,
)

SNIPPET_CHARS = 100
# A run shorter than one shingle is a seam: text inserted on the other side breaks exactly
# SHINGLE_N - 1 shingles around it. Report the first run that is real content.
MIN_RUN = SHINGLE_N


@dataclass
class ToolRun:
    name: str
    outputs: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0


@dataclass
class ToolResult:
    run: ToolRun
    tp_fp_fns: list[TpFpFn]
    accuracies: list[float]
    noise: list[dict[str, int]]
    summary: Summary

    @property
    def noise_total(self) -> int:
        return sum(sum(n.values()) for n in self.noise)


def run_tool(name: str, pages: Sequence[Page]) -> ToolRun:
    """Run one extractor over every page; a crash on one page is recorded, not fatal."""
    extract = get_extractor(name)
    run = ToolRun(name)
    wall, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        try:
            run.outputs[page.id] = extract(page.html, page.url)
        except Exception as exc:  # noqa: BLE001 - a benchmark must survive any tool failure
            run.outputs[page.id] = ""
            run.errors[page.id] = f"{type(exc).__name__}: {exc}"[:200]
    run.seconds = time.perf_counter() - wall
    run.cpu_seconds = time.process_time() - cpu
    return run


def score_run(run: ToolRun, pages: Sequence[Page], *, lowercase: bool) -> ToolResult:
    tp_fp_fns, accuracies, noise = [], [], []
    for page in pages:
        pred = run.outputs[page.id]
        tp_fp_fns.append(shingle_match(page.truth, pred, lowercase=lowercase))
        accuracies.append(exact_match(page.truth, pred, lowercase=lowercase))
        noise.append(noise_counts(pred, page.truth))
    return ToolResult(run, tp_fp_fns, accuracies, noise, summarize(tp_fp_fns, accuracies))


# --------------------------------------------------------------------------- diff summary


def _unmatched_runs(tokens: Sequence[str], other: Counter[tuple[str, ...]]) -> list[range]:
    """Runs of consecutive shingles of ``tokens`` that ``other`` cannot account for.

    Matching consumes counts left to right, so a paragraph kept once but present twice shows its
    second copy as unmatched, exactly as the multiset metric counts it.
    """
    remaining = Counter(other)
    runs: list[range] = []
    start = None
    sh = shingles(tokens)
    for i, s in enumerate(sh):
        if remaining[s] > 0:
            remaining[s] -= 1
            if start is not None:
                runs.append(range(start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        runs.append(range(start, len(sh)))
    return runs


def _run_text(display: Sequence[str], run: range) -> str:
    text = " ".join(display[run.start : run.stop - 1 + SHINGLE_N])
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def diff_summary(truth: str, pred: str, *, lowercase: bool) -> dict[str, object]:
    """First sizeable missing run (truth not in ours) and extra run (ours not in truth)."""
    out: dict[str, object] = {}
    for label, a, b in (("missing", truth, pred), ("extra", pred, truth)):
        a_cmp = tokenize(a, lowercase=lowercase)
        b_counts = Counter(shingles(tokenize(b, lowercase=lowercase)))
        runs = _unmatched_runs(a_cmp, b_counts)
        long_runs = [r for r in runs if len(r) >= MIN_RUN]
        picks = long_runs or runs
        out[f"{label}_shingles"] = sum(len(r) for r in runs)
        out[label] = _run_text(tokenize(a, lowercase=False), picks[0]) if picks else ""
    return out


# --------------------------------------------------------------------------- reporting


def _fmt_summary(name: str, s: Summary) -> str:
    # Same shape as upstream evaluate.py's lines, so numbers can be compared by eye.
    return (
        f"{name:<20} precision={s.precision:.3f} ± {s.precision_std:.3f}  "
        f"recall={s.recall:.3f} ± {s.recall_std:.3f}  "
        f"F1={s.f1:.3f} ± {s.f1_std:.3f}  accuracy={s.accuracy:.3f} ± {s.accuracy_std:.3f}"
    )


def print_report(results: dict[str, ToolResult], pages: Sequence[Page], args: argparse.Namespace) -> None:
    for name, res in results.items():
        print(_fmt_summary(name, res.summary))
    us = results.get("us")
    if us is not None and not args.ids and args.lowercase and BASELINE_PATH.exists():
        base = read_baseline()
        s = us.summary
        fails = gate_failures(Scores(s.precision, s.recall, s.f1), base)
        verdict = "REGRESSION: " + "; ".join(fails) if fails else "ok"
        print(
            f"{'baseline':<20} f1={base.get('f1', 0):.4f} precision={base.get('precision', 0):.4f}"
            f" (gate allows -{GATE_TOLERANCE}) -> {verdict}"
        )
    print(
        f"\n{len(pages)} pages, {SHINGLE_N}-token shingles, "
        f"{'case-sensitive (upstream)' if not args.lowercase else 'lower-cased'} tokens"
    )
    print(f"\n{'tool':<20} {'noise':>6} {'errors':>6} {'cpu s':>7} {'exact':>6}")
    for name, res in results.items():
        exact = sum(res.accuracies)
        print(
            f"{name:<20} {res.noise_total:>6} {len(res.run.errors):>6} "
            f"{res.run.cpu_seconds:>7.1f} {int(exact):>6}"
        )
    _print_noise_breakdown(results)
    _print_comparisons(results)
    if us is not None:
        _print_worst(us, pages, args)


def _print_noise_breakdown(results: dict[str, ToolResult]) -> None:
    totals = {name: Counter[str]() for name in results}
    for name, res in results.items():
        for page_noise in res.noise:
            totals[name].update(page_noise)
    labels = sorted({label for c in totals.values() for label in c})
    if not labels:
        return
    names = list(results)
    print("\nexcess boilerplate phrases (output minus truth, per page, floored at 0, summed)")
    print(f"  {'phrase':<32}" + "".join(f" {n:>{len(n)}}" for n in names))
    for label in labels:
        print(f"  {label:<32}" + "".join(f" {totals[n][label]:>{len(n)}}" for n in names))
    print(f"  {'total':<32}" + "".join(f" {results[n].noise_total:>{len(n)}}" for n in names))


def _print_comparisons(results: dict[str, ToolResult]) -> None:
    us = results.get("us")
    if us is None or len(results) < 2:
        return
    print(
        "\nus minus peer (paired bootstrap over the same pages); targets: +0.015 body score, "
        "noise <= 1/3 of trafilatura"
    )
    for name, res in results.items():
        if name == "us":
            continue
        diff, std = paired_f1_difference(us.tp_fp_fns, res.tp_fp_fns)
        ratio = f"{us.noise_total / res.noise_total:.2f}" if res.noise_total else "n/a"
        print(f"  vs {name:<20} F={diff:+.3f} ± {std:.3f}   noise ratio us/peer {ratio}")


def _print_worst(us: ToolResult, pages: Sequence[Page], args: argparse.Namespace) -> None:
    order = sorted(range(len(pages)), key=lambda i: page_f1(us.tp_fp_fns[i]))[: args.worst]
    if not order:
        return
    print(
        f"\nworst {len(order)} pages for us (lowest page score first; -missing/+extra = unmatched shingles)"
    )
    for i in order:
        page, x = pages[i], us.tp_fp_fns[i]
        d = diff_summary(page.truth, us.run.outputs[page.id], lowercase=args.lowercase)
        err = f"  ERROR {us.run.errors[page.id]}" if page.id in us.run.errors else ""
        print(
            f"  {page.id[:16]}  P {precision_score(*x):.3f}  R {recall_score(*x):.3f}  "
            f"F {page_f1(x):.3f}  -{d['missing_shingles']}/+{d['extra_shingles']}{err}"
        )
        if d["missing"]:
            print(f"      missing: {d['missing']}")
        if d["extra"]:
            print(f"      extra:   {d['extra']}")


def write_json(path: Path, results: dict[str, ToolResult], pages: Sequence[Page], lowercase: bool) -> None:
    out: dict[str, object] = {"pages": len(pages), "lowercase": lowercase, "tools": {}}
    tools: dict[str, object] = {}
    for name, res in results.items():
        per_page = {}
        for i, page in enumerate(pages):
            x = res.tp_fp_fns[i]
            pred = res.run.outputs[page.id]
            per_page[page.id] = {
                "url": page.url,
                "precision": precision_score(*x),
                "recall": recall_score(*x),
                "f1": page_f1(x),
                "tp_fp_fn": list(x),
                "exact": bool(res.accuracies[i]),
                "noise": res.noise[i],
                "chars": len(pred),
                "truth_chars": len(page.truth),
                "error": res.run.errors.get(page.id),
                **diff_summary(page.truth, pred, lowercase=lowercase),
            }
        tools[name] = {
            "summary": asdict(res.summary),
            "noise_total": res.noise_total,
            "cpu_seconds": res.run.cpu_seconds,
            "pages": per_page,
        }
    out["tools"] = tools
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False), "utf-8")


def update_baseline(summary: Summary, *, force: bool) -> str:
    """Raise (never lower, unless forced) the committed gate baseline to the current scores."""
    current = {"f1": summary.f1, "precision": summary.precision, "recall": summary.recall}
    # Floor to 4 decimals: a rounded-up baseline would sit above what was actually measured.
    current = {k: int(v * 10000) / 10000 for k, v in current.items()}
    data = json.loads(BASELINE_PATH.read_text("utf-8")) if BASELINE_PATH.exists() else {}
    old = {k: float(v) for k, v in data.get(BASELINE_KEY, {}).items()}
    new = current if force else {k: max(v, old.get(k, 0.0)) for k, v in current.items()}
    data[BASELINE_KEY] = new
    BASELINE_PATH.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
    return f"baseline {old} -> {new}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset dir (default: %(default)s)")
    ap.add_argument("--compare", default="", help=f"comma-separated peers: {', '.join(PEERS)}, or 'all'")
    ap.add_argument("--worst", type=int, default=15, help="how many of our worst pages to list")
    ap.add_argument("--json", type=Path, help="write per-page results here")
    ap.add_argument("--ids", default="", help="comma-separated page ids (unique prefixes accepted)")
    ap.add_argument("--no-us", action="store_true", help="score only the peers")
    ap.add_argument(
        "--case-sensitive",
        dest="lowercase",
        action="store_false",
        help="do not lower-case tokens (exactly upstream evaluate.py)",
    )
    ap.add_argument(
        "--update-baseline", action="store_true", help=f"raise {BASELINE_PATH.name} to the current scores"
    )
    ap.add_argument("--force", action="store_true", help="with --update-baseline: allow lowering")
    args = ap.parse_args(argv)
    compare = [t.strip() for t in args.compare.split(",") if t.strip()]
    if "trafilatura" in compare and "trafilatura-default" not in compare:
        # Cheap (a few seconds) and it shows what favor_precision buys, so always report both.
        compare.insert(compare.index("trafilatura") + 1, "trafilatura-default")
    args.tools = ([] if args.no_us else ["us"]) + (list(PEERS) if compare == ["all"] else compare)
    for name in args.tools:
        if name not in EXTRACTORS:
            ap.error(f"unknown tool {name!r}; choose from {', '.join(PEERS)}")
    if args.update_baseline and (args.ids or args.no_us or not args.lowercase):
        ap.error("--update-baseline needs the full set, our extractor and the default metric")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"dataset not found: {args.data}", file=sys.stderr)
        return 2
    ids = [i.strip() for i in args.ids.split(",") if i.strip()] or None
    try:
        pages = load_pages(args.data, ids)
    except KeyError as exc:
        print(f"--ids: {exc.args[0]}", file=sys.stderr)
        return 2
    results: dict[str, ToolResult] = {}
    for name in args.tools:
        print(f"running {name} on {len(pages)} pages...", file=sys.stderr, flush=True)
        run = run_tool(name, pages)
        if run.errors:
            first = next(iter(run.errors.values()))
            print(f"  {name}: {len(run.errors)} page(s) failed, e.g. {first}", file=sys.stderr)
        results[name] = score_run(run, pages, lowercase=args.lowercase)
    print_report(results, pages, args)
    if args.json:
        write_json(args.json, results, pages, args.lowercase)
    if args.update_baseline:
        print(update_baseline(results["us"].summary, force=args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
