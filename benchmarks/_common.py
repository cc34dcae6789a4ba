"""Shared loading, decoding, scoring and extractor helpers for the benchmarks and the CI gate.

quality.py, speed.py and tests/test_eval_gate.py must read, decode and score pages in exactly the
same way; otherwise the numbers they print drift apart and a gate failure means nothing.

The metric replicates ``evaluate.py`` of scrapinghub/article-extraction-benchmark:

- tokens are ``\\w+`` matches (Python ``re``, Unicode);
- 4-token shingles are counted as multisets; a text with fewer than 4 tokens yields one shorter
  shingle, an empty text yields none;
- per page, TP/FP/FN are normalised by their sum so that long articles weigh no more than short ones;
- precision is averaged over the pages where something was predicted (TP+FP > 0), recall over the
  pages whose truth is non-empty (TP+FN > 0); F1 is the harmonic mean of the two averages;
- accuracy is the share of pages whose token sequence equals the truth's exactly;
- ``±`` is the standard deviation over 1000 bootstrap resamples of the pages.

One deliberate difference: the project's metric lower-cases tokens (upstream compiles its regex with
IGNORECASE but does not lower-case, so it is case-sensitive). ``lowercase=False`` restores upstream.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "benchmarks" / "zyte-dev"
BASELINE_PATH = REPO_ROOT / "benchmarks" / "baseline.json"
BASELINE_KEY = "zyte_dev"
SHINGLE_N = 4
N_BOOTSTRAP = 1000

TpFpFn = tuple[float, float, float]
Extractor = Callable[[str, str], str]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    html: str
    truth: str


def load_pages(data_dir: Path = DEFAULT_DATA, ids: Iterable[str] | None = None) -> list[Page]:
    """Decode every page once, as UTF-8, so all tools see the very same ``str``."""
    truth = json.loads((data_dir / "ground-truth.json").read_text("utf-8"))
    wanted = sorted(truth) if ids is None else [_resolve_id(i, truth) for i in ids]
    pages = []
    for page_id in wanted:
        with gzip.open(data_dir / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as f:
            html = f.read()
        entry = truth[page_id]
        pages.append(Page(page_id, entry.get("url") or "", html, entry.get("articleBody") or ""))
    return pages


def warm_up_cleaner() -> None:
    """Build what the cleaner sets up once per process, as the Scrapy process pool does before
    it forks its workers (``scrapy_cleanarticle.scrapy._warmup``): the rules, and the learned
    scorer's model and character table. A benchmark's own first page may not reach the scorer
    (a page that declares its story is left to the rules), which would then be set up inside
    the measured pass, on the first page that needs it: about 270M instructions, charged to
    the pages."""
    from scrapy_cleanarticle.scrapy._warmup import warm_up

    warm_up()


def _resolve_id(prefix: str, known: Iterable[str]) -> str:
    """Ids are 64-hex hashes; reports print a short prefix, so accept any unique prefix."""
    matches = [k for k in known if k.startswith(prefix)]
    if prefix in matches:
        return prefix
    if len(matches) != 1:
        raise KeyError(f"id {prefix!r} matches {len(matches)} pages in the ground truth")
    return matches[0]


# --------------------------------------------------------------------------- metric

_TOKEN_RE = re.compile(r"\w+")


def tokenize(text: str | None, *, lowercase: bool = True) -> list[str]:
    tokens: list[str] = _TOKEN_RE.findall(text or "")
    return [t.lower() for t in tokens] if lowercase else tokens


def shingles(tokens: Sequence[str], n: int = SHINGLE_N) -> list[tuple[str, ...]]:
    # Upstream quirk kept on purpose: fewer than n tokens still give one (shorter) shingle.
    result = []
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            result.append(shingle)
    return result


def shingle_match(true: str | None, pred: str | None, *, lowercase: bool = True) -> TpFpFn:
    true_counts = Counter(shingles(tokenize(true, lowercase=lowercase)))
    pred_counts = Counter(shingles(tokenize(pred, lowercase=lowercase)))
    tp = float(sum((true_counts & pred_counts).values()))
    fp = float(sum((pred_counts - true_counts).values()))
    fn = float(sum((true_counts - pred_counts).values()))
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def page_f1(tp_fp_fn: TpFpFn) -> float:
    p, r = precision_score(*tp_fp_fn), recall_score(*tp_fp_fn)
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def exact_match(true: str | None, pred: str | None, *, lowercase: bool = True) -> float:
    return float(tokenize(true, lowercase=lowercase) == tokenize(pred, lowercase=lowercase))


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _mean_or_zero(values: Sequence[float]) -> float:
    # Upstream would crash on a tool that predicts nothing anywhere; score it 0 instead.
    return statistics.fmean(values) if values else 0.0


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def aggregate(tp_fp_fns: Sequence[TpFpFn]) -> Scores:
    p = _mean_or_zero([precision_score(*x) for x in tp_fp_fns if x[0] + x[1] > 0])
    r = _mean_or_zero([recall_score(*x) for x in tp_fp_fns if x[0] + x[2] > 0])
    return Scores(p, r, _harmonic(p, r))


@dataclass(frozen=True)
class Summary:
    precision: float
    recall: float
    f1: float
    accuracy: float
    precision_std: float
    recall_std: float
    f1_std: float
    accuracy_std: float
    n_pages: int


def summarize(
    tp_fp_fns: Sequence[TpFpFn],
    accuracies: Sequence[float],
    *,
    n_bootstrap: int = N_BOOTSTRAP,
    seed: int = 0,
) -> Summary:
    """Point scores plus bootstrap standard deviations, as upstream (seeded, so reruns agree)."""
    scores = aggregate(tp_fp_fns)
    # Per-page values precomputed once; None marks a page that upstream leaves out of that mean.
    pvals = [precision_score(*x) if x[0] + x[1] > 0 else None for x in tp_fp_fns]
    rvals = [recall_score(*x) if x[0] + x[2] > 0 else None for x in tp_fp_fns]
    rng = random.Random(seed)
    n = len(tp_fp_fns)
    samples: dict[str, list[float]] = {"p": [], "r": [], "f": [], "a": []}
    for _ in range(n_bootstrap if n > 1 else 0):
        idx = [rng.randrange(n) for _ in range(n)]
        p = _mean_or_zero([v for v in (pvals[i] for i in idx) if v is not None])
        r = _mean_or_zero([v for v in (rvals[i] for i in idx) if v is not None])
        samples["p"].append(p)
        samples["r"].append(r)
        samples["f"].append(_harmonic(p, r))
        samples["a"].append(statistics.fmean(accuracies[i] for i in idx))

    def std(key: str) -> float:
        return statistics.stdev(samples[key]) if len(samples[key]) > 1 else 0.0

    return Summary(
        precision=scores.precision,
        recall=scores.recall,
        f1=scores.f1,
        accuracy=statistics.fmean(accuracies) if accuracies else 0.0,
        precision_std=std("p"),
        recall_std=std("r"),
        f1_std=std("f"),
        accuracy_std=std("a"),
        n_pages=n,
    )


def paired_f1_difference(
    ours: Sequence[TpFpFn],
    theirs: Sequence[TpFpFn],
    *,
    n_bootstrap: int = N_BOOTSTRAP,
    seed: int = 0,
) -> tuple[float, float]:
    """F1(ours) - F1(theirs) and its bootstrap std, resampling the same pages for both tools.

    Pairing matters: both tools find the same pages hard, so the difference is far less noisy
    than the two separate ``±`` suggest (upstream's ``--bootstrap-differences``).
    """
    diff = aggregate(ours).f1 - aggregate(theirs).f1
    n = len(ours)
    if n < 2:
        return diff, 0.0
    rng = random.Random(seed)
    values = []
    for _ in range(n_bootstrap):
        idx = [rng.randrange(n) for _ in range(n)]
        values.append(aggregate([ours[i] for i in idx]).f1 - aggregate([theirs[i] for i in idx]).f1)
    return diff, statistics.stdev(values)


# --------------------------------------------------------------------------- noise check

# (label, regex). Counted case-insensitively as whole words; inflections that boilerplate really
# uses are listed so that "Cookies" or "Subscribe" are not missed. Occurrences that the ground
# truth itself contains are subtracted per page, so article text about "shares" costs nothing.
NOISE_PHRASES: tuple[tuple[str, str], ...] = (
    ("subscribe", r"subscri(?:be[sd]?|bers?|bing|ptions?)"),
    ("newsletter", r"newsletters?"),
    ("cookie", r"cookies?"),
    ("advertisement", r"advertisements?"),
    ("continues", r"continues"),
    ("read more", r"read\s+more"),
    ("share", r"shar(?:e|es|ed|ing)"),
    ("all rights reserved", r"all\s+rights\s+reserved"),
    ("sign up", r"sign(?:\s+|-)up"),
    ("related", r"related"),
    ("follow us", r"follow\s+us"),
    ("comments", r"comments?"),
    ("de: abonnieren", r"abonnieren"),
    ("de: anzeige", r"anzeige"),
    ("de: werbung", r"werbung"),
    ("de: lesen sie auch", r"lesen\s+sie\s+auch"),
    ("de: alle rechte vorbehalten", r"alle\s+rechte\s+vorbehalten"),
    ("fr: publicité", r"publicités?"),
    ("fr: abonnez", r"abonnez"),
    ("fr: à lire aussi", r"(?:à\s+)?lire\s+aussi"),
    ("fr: tous droits réservés", r"tous\s+droits\s+réservés"),
    ("es: publicidad", r"publicidad"),
    ("es: suscríbete", r"suscr[ií]bete"),
    ("es: lee también", r"lee\s+también"),
    ("es: todos los derechos reservados", r"todos\s+los\s+derechos\s+reservados"),
    ("it: pubblicità", r"pubblicità"),
    ("it: iscriviti", r"iscriviti"),
    ("it: leggi anche", r"leggi\s+anche"),
    ("it: tutti i diritti riservati", r"tutti\s+i\s+diritti\s+riservati"),
    ("pt: publicidade", r"publicidade"),
    ("pt: assine", r"assine"),
    ("pt: leia também", r"leia\s+também"),
    ("pt: todos os direitos reservados", r"todos\s+os\s+direitos\s+reservados"),
    ("nl: advertentie", r"advertenties?"),
    ("nl: abonneer", r"abonneer"),
    ("nl: lees ook", r"lees\s+ook"),
    ("nl: alle rechten voorbehouden", r"alle\s+rechten\s+voorbehouden"),
)
_NOISE_RES = tuple(
    (label, re.compile(rf"(?<!\w)(?:{rx})(?!\w)", re.IGNORECASE)) for label, rx in NOISE_PHRASES
)


def noise_counts(pred: str | None, truth: str | None) -> dict[str, int]:
    """Boilerplate phrases in ``pred`` beyond what the truth itself contains (floored at 0)."""
    counts = {}
    for label, rx in _NOISE_RES:
        extra = len(rx.findall(pred or "")) - len(rx.findall(truth or ""))
        if extra > 0:
            counts[label] = extra
    return counts


# --------------------------------------------------------------------------- extractors

_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header"),
        *("hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody"),
        *("td", "th", "thead", "tr", "ul"),
    }
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
_SPACES_RE = re.compile(r"[^\S\n]+")
_BREAKS_RE = re.compile(r"\s*\n\s*")


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment with a line break at every block boundary.

    ``text_content()`` alone glues ``word</p><p>Next`` into one token, which the shingle metric
    would punish although no real extractor output looks like that.
    """
    import lxml.html
    from lxml import etree

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    parts: list[str] = []
    skip_depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS:
                skip_depth += 1
            if skip_depth:
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in _SKIP_TAGS:
                skip_depth -= 1
            if skip_depth:
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    text = _SPACES_RE.sub(" ", "".join(parts))
    return _BREAKS_RE.sub("\n", text).strip()


def _us(html: str, url: str) -> str:
    from scrapy_cleanarticle import clean_article

    return clean_article(html, url=url or None).articleBody or ""


def _trafilatura(html: str, url: str) -> str:
    import trafilatura

    return (
        trafilatura.extract(
            html,
            url=url or None,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
        )
        or ""
    )


def _trafilatura_default(html: str, url: str) -> str:
    # As upstream's extractors/run_trafilatura.py: defaults except comments.
    import trafilatura

    return trafilatura.extract(html, url=url or None, include_comments=False) or ""


def _readability(html: str, url: str) -> str:
    # As upstream's extractors/run_readability.py, with our block-aware text instead of html_text.
    from readability import Document

    return fragment_text(Document(html, url=url or None).summary(html_partial=True))


def _newspaper(html: str, url: str) -> str:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import newspaper

        # fetch_images=False: otherwise parse() downloads images to pick a top image.
        article = newspaper.Article(url or "http://example.invalid/", fetch_images=False)
        article.download(input_html=html)
        article.parse()
    return str(article.text or "")


EXTRACTORS: dict[str, Extractor] = {
    "us": _us,
    "trafilatura": _trafilatura,
    "trafilatura-default": _trafilatura_default,
    "readability-lxml": _readability,
    "newspaper4k": _newspaper,
}
PEERS = tuple(name for name in EXTRACTORS if name != "us")


def get_extractor(name: str) -> Extractor:
    try:
        return EXTRACTORS[name]
    except KeyError:
        raise KeyError(f"unknown tool {name!r}; choose from {', '.join(EXTRACTORS)}") from None


# --------------------------------------------------------------------------- baseline


def read_baseline(path: Path = BASELINE_PATH) -> dict[str, float]:
    data = json.loads(path.read_text("utf-8"))
    return {k: float(v) for k, v in data[BASELINE_KEY].items()}


GATE_TOLERANCE = 0.003
GATED_KEYS = ("f1", "precision")


def gate_failures(
    current: Scores, baseline: dict[str, float], tolerance: float = GATE_TOLERANCE
) -> list[str]:
    """Messages for every gated score that fell more than ``tolerance`` below the baseline."""
    failures = []
    for key in GATED_KEYS:
        now, base = getattr(current, key), baseline.get(key, 0.0)
        if now < base - tolerance:
            failures.append(f"{key} {now:.4f} < baseline {base:.4f} - {tolerance}")
    return failures
