"""The noise-dev pool (../shared/benchmarks/noise-dev): leakage of injected in-body noise.

The metric is noisebench.py's ``evaluate``, re-implemented here so that the harness and the CI
gate can import it without running a script from outside the repository; the tests pin it on
tiny synthetic pages. Its details matter for the figures:

- a page's body and each injected text are normalised alike (curly quotes to straight ones, white
  space squashed, lower case), and a kind leaks when its text is a substring of the body;
- a caption leaks when its first 60 characters occur more than once (it may stay once);
- body precision/recall are 4-token shingle multisets, averaged over ALL pages (an empty output
  scores 0 for both, unlike the Zyte harness, which leaves it out of the precision mean), and
  F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from benchmarks._common import REPO_ROOT
from benchmarks._runner import Job, Output

NOISE_DATA = REPO_ROOT.parent / "shared" / "benchmarks" / "noise-dev" / "pages"
CAPTION_PREFIX = 60

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Injection:
    kind: str
    text: str


@dataclass(frozen=True)
class NoisePage:
    id: str
    url: str
    truth: str
    injected: tuple[Injection, ...]

    def html_path(self, data_dir: Path) -> Path:
        return data_dir / f"{self.id}.html"


def load_noise_pages(data_dir: Path = NOISE_DATA, *, every: int = 1) -> list[NoisePage]:
    truth = json.loads((data_dir / "truth.json").read_text("utf-8"))
    return [
        NoisePage(
            id=key,
            url=item.get("url") or "",
            truth=item.get("articleBody") or "",
            injected=tuple(Injection(i["kind"], i["text"]) for i in item.get("injected", ())),
        )
        for key, item in list(truth.items())[::every]
    ]


def norm(text: str) -> str:
    return _SPACE_RE.sub(" ", text.translate(_QUOTES)).strip().lower()


def leaked(body_norm: str, injection: Injection) -> bool:
    """Whether one injected block survives in an already normalised body."""
    text = norm(injection.text)
    if injection.kind == "caption":
        return body_norm.count(text[:CAPTION_PREFIX]) > 1
    return text in body_norm


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    # noisebench's quirk kept: an empty text gives one empty shingle, which counts as a false
    # positive, so an empty output scores precision 0 instead of being left out.
    toks = _WORD_RE.findall(text.lower())
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def body_pr(truth: str, pred: str) -> tuple[float, float]:
    """noisebench's ``prf``: (precision, recall) of one page."""
    t, p = _shingles(truth), _shingles(pred)
    tp = sum((t & p).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    if fp == fn == 0:
        return 1.0, 1.0
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


@dataclass
class NoiseScore:
    """One tool on the pool: leaks and totals per kind, and body P/R averaged over pages."""

    leaks: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    precision: float = 0.0
    recall: float = 0.0
    pages: int = 0
    errors: int = 0
    leaked_pages: dict[str, list[str]] = field(default_factory=dict)  # kind -> page ids

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n_leaked(self) -> int:
        return sum(self.leaks.values())

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def leakage(self) -> float:
        return self.n_leaked / self.total if self.total else 0.0

    def rate(self, kind: str) -> float:
        return self.leaks[kind] / self.totals[kind] if self.totals[kind] else 0.0


def score_noise(pages: Sequence[NoisePage], bodies: dict[str, str], errors: Sequence[str] = ()) -> NoiseScore:
    """noisebench's ``evaluate`` over given outputs (``bodies`` by page id; missing = empty)."""
    out = NoiseScore(pages=len(pages), errors=len(errors))
    precisions, recalls = [], []
    for page in pages:
        body = bodies.get(page.id, "")
        nb = norm(body)
        for inj in page.injected:
            out.totals[inj.kind] += 1
            if leaked(nb, inj):
                out.leaks[inj.kind] += 1
                out.leaked_pages.setdefault(inj.kind, []).append(page.id)
        p, r = body_pr(page.truth, body)
        precisions.append(p)
        recalls.append(r)
    out.precision = statistics.fmean(precisions) if precisions else 0.0
    out.recall = statistics.fmean(recalls) if recalls else 0.0
    return out


def score_clean(pages: Sequence[NoisePage], bodies: dict[str, str]) -> NoiseScore:
    """The same body P/R on the pages before injection (zyte-dev), for the noised-vs-clean gap."""
    return score_noise([NoisePage(p.id, p.url, p.truth, ()) for p in pages], bodies)


def print_noise(noised: dict[str, NoiseScore], clean: dict[str, NoiseScore], *, examples: int = 3) -> None:
    """noisebench's figures per tool: leakage per kind, body F1 noised beside clean."""
    if not noised:
        return
    first = next(iter(noised.values()))
    print(f"\n== noise-dev: {first.pages} zyte-dev pages with injected in-body noise (noisebench's metric)")
    names = list(noised)
    width = max(12, *(len(n) for n in names))
    print(f"{'kind':<12}" + "".join(f" {n:>{width}}" for n in names))
    for kind in sorted(first.totals):
        cells = "".join(
            f" {f'{s.leaks[kind]}/{s.totals[kind]} {s.rate(kind):.3f}':>{width}}" for s in noised.values()
        )
        print(f"{kind:<12}{cells}")
    print(
        f"{'leakage':<12}"
        + "".join(f" {f'{s.n_leaked}/{s.total} {s.leakage:.3f}':>{width}}" for s in noised.values())
    )
    head = f"{'F1 noised':>9} {'F1 clean':>9} {'gap':>7} {'P noised':>9} {'R noised':>9} errors"
    print(f"\n{'tool':<{width}} {head}")
    for name, s in noised.items():
        c = clean.get(name)
        clean_f1 = f"{c.f1:9.3f}" if c else f"{'n/a':>9}"
        gap = f"{s.f1 - c.f1:+7.3f}" if c else f"{'':>7}"
        pr = f"{s.precision:9.3f} {s.recall:9.3f}"
        print(f"{name:<{width}} {s.f1:9.3f} {clean_f1} {gap} {pr} {s.errors:6d}")
    us = noised.get("us")
    if us is not None and examples > 0:
        print("our leaked pages per kind (first few ids)")
        for kind, ids in sorted(us.leaked_pages.items()):
            print(f"  {kind:<10} " + " ".join(i[:12] for i in list(dict.fromkeys(ids))[:examples]))


def noise_jobs(
    pages: Sequence[NoisePage], data_dir: Path, clean_dir: Path, tools: Sequence[str]
) -> list[Job]:
    """Each noised page and its clean twin (the zyte-dev page), as raw bytes like noisebench.py."""
    jobs = []
    for page in pages:
        clean = str(clean_dir / "html" / f"{page.id}.html.gz")
        for tool in tools:
            jobs.append(Job(tool, f"noise/{page.id}", str(page.html_path(data_dir)), page.url, as_text=False))
            jobs.append(Job(tool, f"noise-clean/{page.id}", clean, page.url, as_text=False))
    return jobs


class NoiseRun(NamedTuple):
    noised: dict[str, NoiseScore]
    clean: dict[str, NoiseScore]


def noise_scores(
    tools: Sequence[str], pages: Sequence[NoisePage], outputs: Mapping[tuple[str, str], Output]
) -> NoiseRun:
    run = NoiseRun({}, {})
    for name in tools:
        outs = {p.id: outputs[(name, f"noise/{p.id}")] for p in pages}
        errors = [o.error for o in outs.values() if o.error]
        run.noised[name] = score_noise(pages, {k: o.body for k, o in outs.items()}, errors)
        clean_bodies = {p.id: outputs[(name, f"noise-clean/{p.id}")].body for p in pages}
        run.clean[name] = score_clean(pages, clean_bodies)
    return run
