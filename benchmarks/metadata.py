"""Metadata benchmark: headline, authors, datePublished, description and lead image.

Runs our public ``clean_article()`` and, optionally, other tools on the same pages in one run,
and prints the share of pages whose field matches the truth after the normalization described
in issue 6 (see ``normalize_*`` below). A page whose truth for a field is empty counts as a
match only when the tool gives nothing too, so inventing an author on a page that has none
(a product or service page) is a miss like any other. Description is the exception: the
truth gives it for only a third of the pages, so it is scored on those pages alone.

Each set is also scored in two parts: the pages whose truth names a value for the field, and
the pages whose truth names none. The first part is how the held-out WCXB figures of issue 16
are scored (see docs/topics/metadata.md, "Round six"); the second tells what a tool invents.

    python benchmarks/metadata.py [--data DIR ...] [--compare trafilatura,newspaper4k,htmldate]
                                  [--every K] [--fold 0|1] [--misses N] [--json OUT]
                                  [--strip dates|titles|all|everything]

``--strip`` removes the pages' declared dates and/or titles before any tool reads them
(``benchmarks/undeclared.py``): the old web, where the date and the title are only shown.
``--strip everything`` removes every declaration (JSON-LD, OpenGraph and other ``<meta>``,
microdata): a page written before structured metadata.

Two sets by default, both under ``../shared/benchmarks`` (resolved against the repository
root, so the command works from any directory): ``metadata-dev`` (``html/<id>.html.gz`` and
``truth.json``: title, authors, date, image, description) and ``wcxb-dev`` (``ground-truth/
<id>.json``: title, author, date). WCXB is also reported by page type and by domain half
(``--fold`` scores one half alone: tune rules on one, check them on the other).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
import warnings
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO.parent / "shared" / "benchmarks"
DEFAULT_SETS = ("metadata-dev", "wcxb-dev")
DEFAULT_DATA = BENCHMARKS / DEFAULT_SETS[0]
FIELDS: tuple[str, ...] = ("title", "authors", "date", "image", "description")
TRUTH_ONLY = frozenset({"description"})
# the truth's key for each scored field (compare and truth_given read the truth through it)
TRUTH_KEYS = {"title": "title", "authors": "authors", "date": "datePublished", "image": "image",
              "description": "description"}

if str(REPO) not in sys.path:  # run as a script from a checkout without installing
    sys.path.insert(0, str(REPO))

from benchmarks.undeclared import EVERYTHING, WHAT, strip_declared  # noqa: E402 - needs the path above

# --- normalization (issue 6) ---------------------------------------------------------------

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u00b4": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u2033": '"'})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]")
_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_AUTHOR_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.IGNORECASE)
_LEADING_BY = re.compile(r"^by\b[:\s]*", re.IGNORECASE)


def normalize_text(value: str | None) -> str:
    """NFKC, straight quotes, folded dashes, case folded, squashed spaces, trimmed punctuation."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", value).translate(_QUOTES)
    text = _DASHES.sub("-", text).casefold()
    text = _SPACE.sub(" ", text).strip()
    return _EDGE_PUNCT.sub("", text)


def normalize_authors(values: Iterable[str] | None) -> frozenset[str]:
    names: set[str] = set()
    for value in values or ():
        for part in _AUTHOR_SPLIT.split(value or ""):
            part = _LEADING_BY.sub("", part.strip())
            norm = normalize_text(part)
            if norm:
                names.add(norm)
    return frozenset(names)


def _parse_date(value: str) -> datetime | None:
    text = value.strip()
    if not text:
        return None
    text = re.sub(r"Z$", "+00:00", text)
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match:
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def date_day(value: str | None, other: str | None = None) -> str:
    """The calendar day, in UTC when both sides carry a time zone."""
    if not value:
        return ""
    parsed = _parse_date(value)
    if parsed is None:
        return ""
    other_parsed = _parse_date(other) if other else None
    if parsed.tzinfo is not None and other_parsed is not None and other_parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc)
    return parsed.date().isoformat()


def normalize_image(value: str | None) -> str:
    if not value:
        return ""
    parts = urlsplit(value.strip())
    return (parts.netloc.lower() + parts.path).rstrip("/")


# --- tools ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Got:
    title: str | None
    authors: tuple[str, ...]
    date: str | None
    image: str | None
    description: str | None


def run_ours(html: bytes, url: str) -> Got:
    from scrapy_cleanarticle import clean_article

    art = clean_article(html, url=url)
    return Got(art.headline, tuple(a.name for a in art.authors), art.datePublished,
               art.mainImage.url if art.mainImage else None, art.description)


def run_ours_direct(html: bytes, url: str) -> Got:
    """Metadata stage only; for use while ``clean_article`` is not built (``--direct``)."""
    from scrapy_cleanarticle.config import DEFAULT_CONFIG
    from scrapy_cleanarticle.decode import decode_html
    from scrapy_cleanarticle.metadata import extract_metadata
    from scrapy_cleanarticle.parse import parse_html

    text = decode_html(html, None, config=DEFAULT_CONFIG).text
    tree = parse_html(text, config=DEFAULT_CONFIG).tree
    meta = extract_metadata(tree, url, config=DEFAULT_CONFIG)
    return Got(meta.headline, tuple(a.name for a in meta.authors), meta.date_published,
               meta.main_image.url if meta.main_image else None, meta.description)


def run_trafilatura(html: bytes, url: str) -> Got:
    from trafilatura.metadata import extract_metadata

    doc = extract_metadata(html.decode("utf-8", "replace"), default_url=url)
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return Got(doc.title, authors, doc.date, doc.image, doc.description)


def run_htmldate(html: bytes, url: str) -> Got:
    """htmldate's date alone (the other fields empty): the reference for pages without one."""
    from htmldate import find_date

    date = find_date(html.decode("utf-8", "replace"), url=url, original_date=True,
                     extensive_search=True)
    return Got(None, (), date, None, None)


def run_newspaper(html: bytes, url: str) -> Got:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import newspaper

    # fetch_images=False: newspaper would otherwise download candidate images to size them.
    art = newspaper.Article(url, fetch_images=False)
    art.download(input_html=html.decode("utf-8", "replace"))
    art.parse()
    date = art.publish_date.isoformat() if art.publish_date else None
    return Got(art.title or None, tuple(art.authors), date, art.top_image or None,
               art.meta_description or None)


TOOLS: dict[str, Callable[[bytes, str], Got]] = {
    "ours": run_ours,
    "ours-direct": run_ours_direct,
    "trafilatura": run_trafilatura,
    "newspaper4k": run_newspaper,
    "htmldate": run_htmldate,
}


# --- data sets -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One page with its truth in metadata-dev's field names, whatever the set's own layout."""

    page_id: str
    url: str
    truth: dict[str, Any]
    page_type: str
    domain: str


@dataclass(frozen=True)
class Dataset:
    name: str
    path: Path
    fields: tuple[str, ...]  # the fields this set's truth carries
    cases: tuple[Case, ...]
    strip: tuple[str, ...] = ()  # declarations removed before any tool reads a page (--strip)


def _host(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def load_dataset(path: Path, every: int = 1) -> Dataset:
    """metadata-dev (``truth.json``) or WCXB (``ground-truth/<id>.json``), every ``every``-th page.

    WCXB's ``author`` is one string and its ``publish_date`` a day; a null or empty value means
    the page names none, so a tool that gives one there is wrong (a shop page has no author).
    """
    if (path / "truth.json").exists():
        truth: dict[str, dict[str, Any]] = json.loads((path / "truth.json").read_text("utf-8"))
        cases = [Case(pid, page["url"], page, "article", _host(page["url"]))
                 for pid, page in sorted(truth.items())]
        fields = FIELDS
    else:
        domains: dict[str, Any] = {}
        if (path / "metadata.json").exists():
            domains = json.loads((path / "metadata.json").read_text("utf-8")).get("files", {})
        cases = []
        for file in sorted((path / "ground-truth").glob("*.json")):
            doc = json.loads(file.read_text("utf-8"))
            gt = doc.get("ground_truth") or {}
            kind = ((doc.get("_internal") or {}).get("page_type") or {}).get("primary", "article")
            url = doc.get("url") or ""
            domain = (domains.get(file.stem) or {}).get("domain") or _host(url)
            author, day = _given(gt.get("author")), _given(gt.get("publish_date"))
            cases.append(Case(file.stem, url, {
                "title": _given(gt.get("title")), "authors": [author] if author else [],
                "datePublished": day}, "collection" if kind == "category" else kind, domain))
        fields = ("title", "authors", "date")
    return Dataset(path.name, path, fields, tuple(cases[::every]))


def _given(value: Any) -> str | None:
    """A truth value, or None for null, empty and the string "None" (one page's serialized null)."""
    return value if isinstance(value, str) and value.strip() and value != "None" else None


def fold_of(domain: str) -> int:
    """A stable half (0 or 1) per domain: tune on one half, check on the other."""
    return zlib.crc32(domain.encode("utf-8")) % 2


# --- scoring -------------------------------------------------------------------------------

def compare(field: str, truth: dict[str, Any], got: Got) -> tuple[bool, str, str]:
    """(match, expected, got) for one field, both sides normalized."""
    want = truth.get(TRUTH_KEYS[field])
    if field == "title":
        exp, out = normalize_text(want), normalize_text(got.title)
    elif field == "description":
        exp, out = normalize_text(want), normalize_text(got.description)
    elif field == "authors":
        exp_set = normalize_authors(want)
        out_set = normalize_authors(got.authors)
        return exp_set == out_set, " | ".join(sorted(exp_set)), " | ".join(sorted(out_set))
    elif field == "date":
        exp, out = date_day(want, got.date), date_day(got.date, want)
    else:
        exp, out = normalize_image(want), normalize_image(got.image)
    return exp == out, exp, out


class Miss(NamedTuple):
    page_id: str
    field: str  # or "crash"
    expected: str
    got: str
    page_type: str = "article"


@dataclass(frozen=True)
class Scored:
    """One page's verdict per scored field (a field the truth leaves out is absent)."""

    case: Case
    ok: dict[str, bool]


@dataclass(frozen=True)
class Run:
    scores: tuple[Scored, ...]
    misses: tuple[Miss, ...]
    seconds: float

    def rates(self, fields: Iterable[str], keep: Callable[[Case], bool] = lambda _: True,
              given: bool | None = None) -> dict[str, float]:
        """Per field, the share of kept pages that match. ``given``: only the pages whose
        truth names a value for the field (True), or names none (False)."""
        out = {}
        for field in fields:
            marks = [s.ok[field] for s in self.scores if field in s.ok and keep(s.case)
                     and given in (None, truth_given(s.case, field))]
            out[field] = sum(marks) / max(len(marks), 1)
        return out

    def crashes(self) -> list[Miss]:
        return [m for m in self.misses if m.field == "crash"]


def evaluate(tool: str, data: Dataset) -> Run:
    fn = TOOLS[tool]
    scores: list[Scored] = []
    misses: list[Miss] = []
    elapsed = 0.0
    for case in data.cases:
        html = gzip.decompress((data.path / "html" / f"{case.page_id}.html.gz").read_bytes())
        if data.strip:
            html = strip_declared(html, data.strip)
        start = time.perf_counter()
        try:
            got = fn(html, case.url)
        except Exception as exc:  # noqa: BLE001 - a crash is a miss on every field, reported
            got = Got(None, (), None, None, None)
            misses.append(Miss(case.page_id, "crash", "", f"{type(exc).__name__}: {exc}",
                               case.page_type))
        elapsed += time.perf_counter() - start
        ok: dict[str, bool] = {}
        for field in data.fields:
            if field in TRUTH_ONLY and not truth_given(case, field):
                continue  # the truth leaves most descriptions out: score only where given
            ok[field], exp, out = compare(field, case.truth, got)
            if not ok[field]:
                misses.append(Miss(case.page_id, field, exp, out, case.page_type))
        scores.append(Scored(case, ok))
    return Run(tuple(scores), tuple(misses), elapsed)


def truth_given(case: Case, field: str) -> bool:
    return bool(case.truth.get(TRUTH_KEYS[field]))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _of_type(kind: str) -> Callable[[Case], bool]:
    return lambda case: case.page_type == kind


def _in_fold(half: int) -> Callable[[Case], bool]:
    return lambda case: fold_of(case.domain) == half


def report(data: Dataset, runs: dict[str, Run]) -> None:
    """The overall table, then one by page type and by domain half when the set has them."""
    print(f"\n# {data.name}: {len(data.cases)} pages from {data.path}")
    print(_row(["tool", *data.fields, "seconds"]))
    print(_row(["---"] * (len(data.fields) + 2)))
    for tool, run in runs.items():
        note = f" ({len(run.crashes())} pages crashed)" if run.crashes() else ""
        rates = run.rates(data.fields)
        print(_row([tool + note, *(f"{rates[f]:.1%}" for f in data.fields), f"{run.seconds:.1f}"]))
    split = [f for f in data.fields if f not in TRUTH_ONLY]
    print(f"\n# {data.name}: pages whose truth names a value (n), and pages whose truth names "
          "none, where any answer is invented")
    counts = {(f, given): sum(truth_given(c, f) == given for c in data.cases)
              for f in split for given in (True, False)}
    print(_row(["tool", *(f"{f} given (n={counts[f, True]})" for f in split),
                *(f"{f} none (n={counts[f, False]})" for f in split)]))
    print(_row(["---"] * (2 * len(split) + 1)))
    for tool, run in runs.items():
        cells = [tool]
        for given in (True, False):
            rates = run.rates(split, given=given)
            cells += [f"{rates[f]:.1%}" if counts[f, given] else "-" for f in split]
        print(_row(cells))
    kinds = sorted({c.page_type for c in data.cases})
    if len(kinds) < 2:
        return
    groups: list[tuple[str, Callable[[Case], bool]]] = [
        *((f"type {kind}", _of_type(kind)) for kind in kinds),
        *((f"domain half {half}", _in_fold(half)) for half in (0, 1))]
    print(f"\n# {data.name} by page type and by domain half (--fold)")
    print(_row(["pages", "n", "tool", *data.fields]))
    print(_row(["---"] * (len(data.fields) + 3)))
    for label, keep in groups:
        count = str(sum(keep(c) for c in data.cases))
        for tool, run in runs.items():
            rates = run.rates(data.fields, keep)
            print(_row([label, count, tool, *(f"{rates[f]:.1%}" for f in data.fields)]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, action="append",
                        help=f"a data folder (repeatable); default: {', '.join(DEFAULT_SETS)}")
    parser.add_argument("--compare", default="", help="comma list: trafilatura,newspaper4k")
    parser.add_argument("--direct", action="store_true",
                        help="evaluate extract_metadata() directly instead of clean_article()")
    parser.add_argument("--every", type=int, default=1, help="score every K-th page only")
    parser.add_argument("--fold", type=int, choices=(0, 1),
                        help="score the pages of this domain half only (tune on one, check the other)")
    parser.add_argument("--misses", type=int, default=1000, help="max misses to print")
    parser.add_argument("--field", choices=FIELDS, help="print misses of this field only")
    parser.add_argument("--json", type=Path, help="write our rates per data set to this JSON file")
    parser.add_argument("--strip", choices=(*WHAT, "all", EVERYTHING),
                        help="remove the pages' declared dates and/or titles (or everything "
                             "declared) first, to measure what is read from the page as shown "
                             "(see benchmarks/undeclared.py)")
    args = parser.parse_args(argv)
    folders = args.data or [BENCHMARKS / name for name in DEFAULT_SETS]
    ours = "ours-direct" if args.direct else "ours"
    tools = [ours] + [t.strip() for t in args.compare.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        print(f"unknown tools {unknown}; known: {sorted(TOOLS)}", file=sys.stderr)
        return 2
    baseline: dict[str, dict[str, float]] = {}
    for folder in folders:
        path = folder if folder.is_absolute() else (REPO / folder).resolve()
        if not (path / "truth.json").exists() and not (path / "ground-truth").is_dir():
            print(f"no benchmark data at {path}", file=sys.stderr)
            return 2
        data = load_dataset(path, args.every)
        if args.fold is not None:
            data = replace(data, cases=tuple(c for c in data.cases
                                             if fold_of(c.domain) == args.fold))
        if args.strip:
            data = replace(data, strip=WHAT if args.strip == "all" else (args.strip,))
        runs = {tool: evaluate(tool, data) for tool in tools}
        for tool, run in runs.items():
            if tool != ours and run.crashes():  # a peer not installed scores empty truths only
                print(f"{tool}: {len(run.crashes())} pages crashed, e.g. "
                      f"{run.crashes()[0].got[:120]}", file=sys.stderr)
        shown = [m for m in runs[ours].misses if args.field in (None, m.field) or m.field == "crash"]
        print(f"# {data.name}: our misses ({len(shown)})")
        for miss in shown[: args.misses]:
            print(f"{miss.field:<8} {miss.page_type[:7]:<8} {miss.page_id:<32} "
                  f"expected={miss.expected[:110]!r}\n{'':<50} got={miss.got[:110]!r}")
        report(data, runs)
        baseline[data.name] = runs[ours].rates(data.fields)
    if args.json:
        args.json.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
