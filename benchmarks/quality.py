#!/usr/bin/env python3
"""Body-extraction quality on every dev set, us beside peers, in one run.

- zyte-dev: the Zyte article-extraction-benchmark dev split, 4-token shingle F1 (its evaluate.py);
- wcxb-dev: WCXB's dev split, word F1 per page type with snippet rates (its score.py; wcxb.py);
- noise-dev: injected in-body noise, leakage per kind and body F1 noised vs clean (noise.py).

Each set is scored with its own benchmark's metric, so figures compare with what those scripts
print. Every (tool, page) is one job of one process pool (``--jobs``). Without ``--compare`` only
we run: ``--set zyte`` (the default) stays inside the 50 s budget of the before-stop hook.

    python benchmarks/quality.py [--set zyte|wcxb|noise|all] [--compare trafilatura,...]
        [--jobs 2] [--every K] [--folds 2] [--worst 15] [--worst-type 3] [--story-loss]
        [--json out.json] [--ids id1,id2] [--update-baseline [--force]] [--case-sensitive]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--story-loss" in sys.argv:  # its trace wraps module functions, which compiled callers skip
    os.environ.setdefault("CLEANARTICLE_PURE_PYTHON", "1")

from benchmarks._common import (
    BASELINE_PATH,
    DEFAULT_DATA,
    EXTRACTORS,
    PEERS,
    SHINGLE_N,
    Page,
    Summary,
    TpFpFn,
    exact_match,
    load_pages,
    noise_counts,
    page_f1,
    paired_f1_difference,
    precision_score,
    recall_score,
    shingle_match,
    shingles,
    summarize,
    tokenize,
)
from benchmarks._gate import (
    Figures,
    noise_figures,
    print_gate,
    print_summary,
    update_baseline,
    wcxb_figures,
    zyte_figures,
)
from benchmarks._runner import Job, Output, run_jobs
from benchmarks.noise import NOISE_DATA, NoisePage, load_noise_pages, noise_jobs, noise_scores, print_noise
from benchmarks.storyloss import STORY_PEER, print_story_loss
from benchmarks.wcxb import (
    WCXB_DATA,
    WcxbPage,
    by_type,
    load_wcxb,
    print_changes,
    print_wcxb,
    wcxb_jobs,
    wcxb_runs,
    write_jsonl,
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


def zyte_run(name: str, pages: Sequence[Page], outputs: dict[tuple[str, str], Output]) -> ToolRun:
    run = ToolRun(name)
    for page in pages:
        out = outputs[(name, f"zyte/{page.id}")]
        run.outputs[page.id] = out.body
        if out.error:
            run.errors[page.id] = out.error
        run.cpu_seconds += out.cpu
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


SETS = ("zyte", "wcxb", "noise")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--set", default="zyte", choices=(*SETS, "all"), help="dev set(s) to score (default: %(default)s)"
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="zyte-dev dir (default: %(default)s)")
    ap.add_argument("--wcxb-data", type=Path, default=WCXB_DATA, help="wcxb-dev dir (default: %(default)s)")
    ap.add_argument("--noise-data", type=Path, default=NOISE_DATA, help="noise-dev pages dir")
    ap.add_argument("--compare", default="", help=f"comma-separated peers: {', '.join(PEERS)}, or 'all'")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    ap.add_argument("--every", type=int, default=1, help="score every K-th page only (a quick look)")
    ap.add_argument("--folds", type=int, default=1, help="wcxb-dev: also print K by-domain folds")
    ap.add_argument("--worst", type=int, default=15, help="how many of our worst zyte-dev pages to list")
    ap.add_argument("--worst-type", type=int, default=3, help="wcxb-dev: our worst pages per type")
    ap.add_argument(
        "--story-loss", action="store_true", help=f"wcxb-dev: what removed the story (runs {STORY_PEER} too)"
    )
    ap.add_argument("--json", type=Path, help="zyte-dev: write per-page results here")
    ap.add_argument("--out", type=Path, help="wcxb-dev: write per-page rows here (JSON lines, as score.py)")
    ap.add_argument("--before", type=Path, help="wcxb-dev: compare our F1 with an earlier --out file")
    ap.add_argument("--ids", default="", help="zyte-dev: comma-separated page ids (unique prefixes accepted)")
    ap.add_argument("--no-us", action="store_true", help="score only the peers")
    ap.add_argument(
        "--case-sensitive",
        dest="lowercase",
        action="store_false",
        help="zyte-dev: do not lower-case tokens (exactly upstream evaluate.py)",
    )
    ap.add_argument(
        "--update-baseline", action="store_true", help=f"raise {BASELINE_PATH.name} to the current scores"
    )
    ap.add_argument("--force", action="store_true", help="with --update-baseline: allow lowering")
    args = ap.parse_args(argv)
    args.sets = SETS if args.set == "all" else (args.set,)
    compare = [t.strip() for t in args.compare.split(",") if t.strip()]
    compare = list(PEERS) if compare == ["all"] else compare
    # trafilatura-default (its defaults, without comments) is the configuration of the issues'
    # reference figures (wcxb-dev all 0.823); "trafilatura" (favor_precision, tables) shows what
    # precision mode buys. Asking for one runs both, so the reference is always in the table.
    if "trafilatura" in compare and "trafilatura-default" not in compare:
        compare.insert(compare.index("trafilatura") + 1, "trafilatura-default")
    if args.story_loss and "wcxb" in args.sets and STORY_PEER not in compare:
        compare.append(STORY_PEER)  # the story-loss check compares with its recall
    args.tools = ([] if args.no_us else ["us"]) + compare
    for name in args.tools:
        if name not in EXTRACTORS:
            ap.error(f"unknown tool {name!r}; choose from {', '.join(PEERS)}")
    if args.every < 1 or args.folds < 1 or args.jobs < 1:
        ap.error("--every, --folds and --jobs take a positive number")
    if (args.ids or args.json) and args.sets != ("zyte",):
        ap.error("--ids and --json are for --set zyte")
    # The baseline holds figures of the shared dev sets: another folder's figures mean nothing there.
    args.gated = (args.data, args.wcxb_data, args.noise_data) == (DEFAULT_DATA, WCXB_DATA, NOISE_DATA)
    partial = args.ids or args.no_us or not args.lowercase or args.every > 1 or not args.gated
    if args.update_baseline and partial:
        ap.error("--update-baseline needs the full sets, our extractor and the default metric")
    return args


def _missing_data(args: argparse.Namespace) -> list[str]:
    wanted = {
        "zyte": args.data / "ground-truth.json",
        "wcxb": args.wcxb_data / "ground-truth",
        "noise": args.noise_data / "truth.json",
    }
    if "noise" in args.sets:
        wanted["noise-clean"] = args.data / "ground-truth.json"  # the same pages before injection
    wanted = {k: v for k, v in wanted.items() if k.split("-")[0] in args.sets}
    return [str(path) for path in wanted.values() if not path.exists()]


@dataclass
class Loaded:
    """The pages of every requested set, and the jobs that run the tools over them."""

    zyte: list[Page] = field(default_factory=list)
    wcxb: list[WcxbPage] = field(default_factory=list)
    noise: list[NoisePage] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)


def load_sets(args: argparse.Namespace) -> Loaded:
    loaded = Loaded()
    if "zyte" in args.sets:
        ids = [i.strip() for i in args.ids.split(",") if i.strip()] or None
        loaded.zyte = load_pages(args.data, ids)[:: args.every]
        for page in loaded.zyte:
            path = str(args.data / "html" / f"{page.id}.html.gz")
            loaded.jobs += [Job(t, f"zyte/{page.id}", path, page.url, as_text=True) for t in args.tools]
    if "wcxb" in args.sets:
        loaded.wcxb = load_wcxb(args.wcxb_data, every=args.every)
        loaded.jobs += wcxb_jobs(loaded.wcxb, args.wcxb_data, args.tools)
    if "noise" in args.sets:
        # Raw bytes, as noisebench.py passes them; the clean twin is the same zyte-dev page.
        loaded.noise = load_noise_pages(args.noise_data, every=args.every)
        loaded.jobs += noise_jobs(loaded.noise, args.noise_data, args.data, args.tools)
    return loaded


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    missing = _missing_data(args)
    if missing:
        print("dataset not found: " + ", ".join(missing), file=sys.stderr)
        return 2
    try:
        loaded = load_sets(args)
    except KeyError as exc:
        print(f"--ids: {exc.args[0]}", file=sys.stderr)
        return 2
    print(
        f"running {', '.join(args.tools)} on {', '.join(args.sets)}: {len(loaded.jobs)} jobs, "
        f"{args.jobs} process(es)...",
        file=sys.stderr,
        flush=True,
    )
    wall = time.perf_counter()
    outputs = run_jobs(loaded.jobs, args.jobs)
    print(f"  done in {time.perf_counter() - wall:.0f} s", file=sys.stderr)
    figures = Figures()
    if loaded.zyte:
        results = {
            name: score_run(zyte_run(name, loaded.zyte, outputs), loaded.zyte, lowercase=args.lowercase)
            for name in args.tools
        }
        print(f"== zyte-dev: {len(loaded.zyte)} pages, {SHINGLE_N}-token shingle F1")
        print_report(results, loaded.zyte, args)
        if args.json:
            write_json(args.json, results, loaded.zyte, args.lowercase)
        if "us" in results:
            figures.by_set["zyte"] = zyte_figures(results["us"].summary)
    if loaded.wcxb:
        runs = wcxb_runs(args.tools, loaded.wcxb, outputs)
        print_wcxb(runs, folds=args.folds, worst=args.worst_type)
        if args.before and "us" in runs:
            print_changes(args.before, runs["us"])
        if args.out:
            write_jsonl(args.out, runs, args.folds)
        if "us" in runs:
            figures.by_set["wcxb"] = wcxb_figures(by_type(runs["us"].scores()))
        if args.story_loss and "us" in runs:
            print_story_loss(runs, args.wcxb_data)
    if loaded.noise:
        noise_run = noise_scores(args.tools, loaded.noise, outputs)
        print_noise(noise_run.noised, noise_run.clean)
        if "us" in noise_run.noised:
            figures.by_set["noise"] = noise_figures(noise_run.noised["us"])
    print_summary(figures)
    if not args.no_us and not args.ids and args.lowercase and args.every == 1 and args.gated:
        print_gate(figures)
    if args.update_baseline:
        print(update_baseline(figures, force=args.force))
    return 0


if __name__ == "__main__":
    sys.exit(main())
