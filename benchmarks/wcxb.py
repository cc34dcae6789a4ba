"""WCXB (Web Content eXtraction Benchmark) dev split: its layout and its own word metric.

The figures must be the ones the benchmark's ``score.py`` prints for the same outputs, or a gain
measured here would not be a gain on the held-out split scored by that script. So the metric below
is a transcription of score.py (lower-cased ``\\w+`` tokens, bag-of-words overlap, per-page
precision/recall/F1 averaged over pages, snippet rates as case-insensitive substrings), pinned by
tests/test_benchmark_metric.py, and the page type is read from the ground truth as score.py reads it
(``category`` is ``collection``), not from metadata.json, which disagrees on some pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from benchmarks._common import REPO_ROOT
from benchmarks._runner import Job, Output

WCXB_DATA = REPO_ROOT.parent / "shared" / "benchmarks" / "wcxb-dev"
# score.py's print order; "all" is appended by the reports.
PAGE_TYPES = ("article", "documentation", "forum", "service", "product", "collection", "listing")
ALL = "all"

_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class WcxbPage:
    id: str
    url: str
    page_type: str
    domain: str
    truth: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]

    def html_path(self, data_dir: Path) -> Path:
        return data_dir / "html" / f"{self.id}.html.gz"


def _page_type(entry: dict[str, object]) -> str:
    internal = entry.get("_internal") or {}
    kind = internal.get("page_type") if isinstance(internal, dict) else None
    primary = kind.get("primary", "article") if isinstance(kind, dict) else (kind or "article")
    return "collection" if primary == "category" else str(primary)


def load_wcxb(data_dir: Path = WCXB_DATA, *, every: int = 1) -> list[WcxbPage]:
    """Every ground-truth page in id order (``every``: each K-th of them, as score.py --every)."""
    meta_path = data_dir / "metadata.json"
    files = json.loads(meta_path.read_text("utf-8")).get("files", {}) if meta_path.exists() else {}
    pages = []
    for path in sorted((data_dir / "ground-truth").glob("*.json"))[::every]:
        entry = json.loads(path.read_text("utf-8"))
        truth = entry.get("ground_truth") or {}
        domain = (files.get(path.stem) or {}).get("domain") or ""
        pages.append(
            WcxbPage(
                id=path.stem,
                url=entry.get("url") or "",
                page_type=_page_type(entry),
                domain=str(domain),
                truth=truth.get("main_content") or "",
                with_snippets=tuple(truth.get("with") or ()),
                without_snippets=tuple(truth.get("without") or ()),
            )
        )
    return pages


def fold_of(domain: str, folds: int) -> int:
    """A domain's fold: a stable hash (not Python's salted ``hash``), so every run and every
    machine splits the same way, and no domain sits on both sides of the split."""
    return int.from_bytes(hashlib.sha1(domain.encode("utf-8")).digest()[:4], "big") % folds


# --------------------------------------------------------------------------- metric


class WordScore(NamedTuple):
    precision: float
    recall: float
    f1: float


def words(text: str | None) -> list[str]:
    return _WORD_RE.findall((text or "").lower())


def word_prf(pred: str | None, truth: str | None) -> WordScore:
    """score.py's ``word_prf``: an empty truth scores 1 for an empty output and 0 otherwise."""
    p, r = words(pred), words(truth)
    if not r:
        return WordScore(1.0, 1.0, 1.0) if not p else WordScore(0.0, 0.0, 0.0)
    if not p:
        return WordScore(0.0, 0.0, 0.0)
    overlap = sum((Counter(p) & Counter(r)).values())
    precision, recall = overlap / len(p), overlap / len(r)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return WordScore(precision, recall, f1)


def snippet_rate(text: str | None, snippets: Sequence[str]) -> float | None:
    """Share of ``snippets`` found in ``text`` (case-insensitive substring); None without any."""
    if not snippets:
        return None
    low = (text or "").lower()
    return sum(s.lower() in low for s in snippets) / len(snippets)


@dataclass(frozen=True)
class PageScore:
    """One tool on one page, with what is needed to list and explain the page later."""

    page: WcxbPage
    score: WordScore
    with_rate: float | None
    without_rate: float | None
    empty: bool  # nothing extracted (score.py's count, whatever the truth)
    empty_truth_text: bool  # nothing extracted although the truth has text (the target)
    error: str | None


def score_page(page: WcxbPage, body: str, error: str | None = None) -> PageScore:
    return PageScore(
        page=page,
        score=word_prf(body, page.truth),
        with_rate=snippet_rate(body, page.with_snippets),
        without_rate=snippet_rate(body, page.without_snippets),
        empty=not body.strip(),
        empty_truth_text=not body.strip() and bool(words(page.truth)),
        error=error,
    )


@dataclass(frozen=True)
class TypeSummary:
    n: int
    precision: float
    recall: float
    f1: float
    with_rate: float
    without_rate: float
    empty: int
    empty_truth_text: int
    errors: int


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return statistics.fmean(values) if values else 0.0


def summarize_scores(rows: Sequence[PageScore]) -> TypeSummary:
    """score.py's ``summary``: plain means over pages; snippet rates over pages that have some."""
    return TypeSummary(
        n=len(rows),
        precision=_mean(r.score.precision for r in rows),
        recall=_mean(r.score.recall for r in rows),
        f1=_mean(r.score.f1 for r in rows),
        with_rate=_mean(r.with_rate for r in rows if r.with_rate is not None),
        without_rate=_mean(r.without_rate for r in rows if r.without_rate is not None),
        empty=sum(r.empty for r in rows),
        empty_truth_text=sum(r.empty_truth_text for r in rows),
        errors=sum(r.error is not None for r in rows),
    )


def by_type(rows: Sequence[PageScore]) -> dict[str, TypeSummary]:
    """Summaries per page type in score.py's order, then ``all``; absent types are left out."""
    out = {}
    for kind in PAGE_TYPES:
        picked = [r for r in rows if r.page.page_type == kind]
        if picked:
            out[kind] = summarize_scores(picked)
    extra = sorted({r.page.page_type for r in rows} - set(PAGE_TYPES))
    for kind in extra:  # a type the benchmark adds later still shows up
        out[kind] = summarize_scores([r for r in rows if r.page.page_type == kind])
    if rows:
        out[ALL] = summarize_scores(rows)
    return out


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class PageRun:
    """What a tool returned for one page, beside its score (``reason``/``via``: ours only)."""

    scored: PageScore
    n_words: int
    cpu: float
    reason: str | None
    via: str | None
    body: str


@dataclass
class WcxbRun:
    tool: str
    pages: list[PageRun]

    def scores(self, fold: int | None = None, folds: int = 1) -> list[PageScore]:
        return [r.scored for r in self.pages if fold is None or fold_of(r.scored.page.domain, folds) == fold]


def print_wcxb(runs: dict[str, WcxbRun], *, folds: int = 1, worst: int = 3) -> None:
    """score.py's table for every tool, per page type, then per by-domain fold, then our worst."""
    if not runs:
        return
    first = next(iter(runs.values()))
    n_domains = len({r.scored.page.domain for r in first.pages})
    print(f"\n== wcxb-dev: {len(first.pages)} pages from {n_domains} domains, word F1 (score.py's metric)")
    _print_table(runs, None, folds)
    for fold in range(folds if folds > 1 else 0):
        picked = [r.scored.page.domain for r in first.pages if fold_of(r.scored.page.domain, folds) == fold]
        print(f"\n-- fold {fold + 1}/{folds}: {len(picked)} pages, {len(set(picked))} domains")
        _print_table(runs, fold, folds)
    for name, run in runs.items():
        s = by_type(run.scores())
        art = s["article"].f1 if "article" in s else float("nan")
        cpu = _mean(r.cpu for r in run.pages) * 1000
        print(
            f"{name}: overall F1 {s[ALL].f1:.3f} article F1 {art:.3f} without {s[ALL].without_rate:.3f}"
            f" empty {s[ALL].empty} (truth has text: {s[ALL].empty_truth_text}) cpu_ms {cpu:.1f}"
        )
    us = runs.get("us")
    if us is not None:
        _print_outcomes(us)
        _print_worst(us, runs, worst)


def _print_table(runs: dict[str, WcxbRun], fold: int | None, folds: int) -> None:
    width = max(12, *(len(n) for n in runs))
    cols = f"{'P':>6} {'R':>6} {'F1':>6} {'with':>6} {'w/o':>6} empty empty* err"
    print(f"{'type':<14}{'n':>5}  {'tool':<{width}} {cols}")
    tables = {name: by_type(run.scores(fold, folds)) for name, run in runs.items()}
    kinds = list(next(iter(tables.values())))
    for kind in kinds:
        for i, (name, table) in enumerate(tables.items()):
            s = table[kind]
            head = f"{kind:<14}{s.n:>5}" if i == 0 else " " * 19
            print(
                f"{head}  {name:<{width}} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.with_rate:6.3f} {s.without_rate:6.3f} {s.empty:5d} {s.empty_truth_text:6d} {s.errors:3d}"
            )
    print("empty: no body (score.py's count); empty*: no body although the truth has text")


def _print_outcomes(us: WcxbRun) -> None:
    """Why bodies are empty (``metadata['reason']``) and which path gave the others."""
    reasons = Counter(r.reason or "none" for r in us.pages if r.scored.empty_truth_text)
    via = Counter(r.via or "none" for r in us.pages if not r.scored.empty)
    print(
        "our empty bodies (truth has text) by reason: "
        + ", ".join(f"{k} {v}" for k, v in reasons.most_common())
    )
    print("our bodies by extractor:    " + ", ".join(f"{k} {v}" for k, v in via.most_common()))


def _print_worst(us: WcxbRun, runs: dict[str, WcxbRun], worst: int) -> None:
    if worst <= 0:
        return
    peers = {
        name: {r.scored.page.id: r.scored for r in run.pages} for name, run in runs.items() if name != "us"
    }
    print(f"\nour worst {worst} pages per type (F1, then the longest truth first); peers' F1 beside")
    for kind in by_type(us.scores()):
        if kind == ALL:
            continue
        rows = [r for r in us.pages if r.scored.page.page_type == kind]
        rows.sort(key=lambda r: (r.scored.score.f1, -len(r.scored.page.truth)))
        print(f"  {kind}")
        for r in rows[:worst]:
            s, page = r.scored, r.scored.page
            beside = " ".join(f"{n} {p[page.id].score.f1:.2f}" for n, p in peers.items() if page.id in p)
            why = f" reason={r.reason}" if r.reason else ""
            print(
                f"    {page.id} {page.domain[:28]:<28} P {s.score.precision:.2f} R {s.score.recall:.2f} "
                f"F1 {s.score.f1:.2f}  words {r.n_words}/{len(words(page.truth))}  via={r.via}{why}"
                + (f"  | {beside}" if beside else "")
                + (f"  ERROR {s.error}" if s.error else "")
            )


def wcxb_jobs(pages: Sequence[WcxbPage], data_dir: Path, tools: Sequence[str]) -> list[Job]:
    # Raw bytes, as score.py passes them: the cleaner's own decoding is part of what it scores.
    return [
        Job(tool, f"wcxb/{page.id}", str(page.html_path(data_dir)), page.url, as_text=False)
        for page in pages
        for tool in tools
    ]


def wcxb_runs(
    tools: Sequence[str], pages: Sequence[WcxbPage], outputs: Mapping[tuple[str, str], Output]
) -> dict[str, WcxbRun]:
    runs = {}
    for name in tools:
        rows = []
        for page in pages:
            out = outputs[(name, f"wcxb/{page.id}")]
            scored = score_page(page, out.body, out.error)
            rows.append(PageRun(scored, len(words(out.body)), out.cpu, out.reason, out.extractor, out.body))
        runs[name] = WcxbRun(name, rows)
    return runs


def write_jsonl(path: Path, runs: Mapping[str, WcxbRun], folds: int) -> None:
    """One line per tool and page, in score.py's ``--out`` shape plus our reason and path, so two
    runs (before and after a change) can be joined on ``id`` and compared page by page."""
    with path.open("w", encoding="utf-8") as out:
        for name, run in runs.items():
            for r in run.pages:
                s, page = r.scored, r.scored.page
                row = {
                    "tool": name,
                    "id": page.id,
                    "type": page.page_type,
                    "domain": page.domain,
                    "fold": fold_of(page.domain, folds) + 1 if folds > 1 else None,
                    "p": s.score.precision,
                    "r": s.score.recall,
                    "f1": s.score.f1,
                    "w": s.with_rate,
                    "wo": s.without_rate,
                    "empty": s.empty,
                    "err": s.error,
                    "cpu": r.cpu,
                    "reason": r.reason,
                    "via": r.via,
                    "words": r.n_words,
                }
                out.write(json.dumps(row) + "\n")


def print_changes(path: Path, us: WcxbRun, shown: int = 5) -> None:
    """Our F1 against an earlier ``--out`` file: per page type, then the pages that moved most."""
    before = {}
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        if row.get("tool") == "us":
            before[row["id"]] = float(row["f1"])
    now = {r.scored.page.id: r.scored for r in us.pages if r.scored.page.id in before}
    if not now:
        print(f"\n{path}: no page in common with this run")
        return
    print(f"\n== our wcxb-dev F1 against {path.name} ({len(now)} pages in common)")
    kinds = [*PAGE_TYPES, ALL]
    for kind in kinds:
        ids = [i for i, s in now.items() if kind in (ALL, s.page.page_type)]
        if ids:
            old, new = _mean(before[i] for i in ids), _mean(now[i].score.f1 for i in ids)
            print(f"  {kind:<14} {len(ids):>5}  {old:.3f} -> {new:.3f}  {new - old:+.3f}")
    moved = sorted(now, key=lambda i: now[i].score.f1 - before[i])
    for label, ids in (("lost", moved[:shown]), ("gained", moved[::-1][:shown])):
        picked = [i for i in ids if abs(now[i].score.f1 - before[i]) >= 0.01]
        if picked:
            print(
                f"  most {label}: "
                + ", ".join(
                    f"{i} ({now[i].page.page_type}) {now[i].score.f1 - before[i]:+.2f}" for i in picked
                )
            )
