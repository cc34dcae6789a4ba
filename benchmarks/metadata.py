"""Metadata benchmark: headline, authors, datePublished, description and lead image.

Runs our public ``clean_article()`` and, optionally, other tools on the same pages in one run,
and prints the share of pages whose field matches the hand-written truth after the
normalization described in issue 6 (see ``normalize_*`` below). A page whose truth for a
field is empty counts as a match only when the tool gives nothing too, so inventing an
author on a page that has none is a miss like any other. Description is the exception: the
truth gives it for only a third of the pages, so it is scored on those pages alone.

    python benchmarks/metadata.py [--data ../shared/benchmarks/metadata-dev]
                                  [--compare trafilatura,newspaper4k] [--misses N] [--json OUT]

The data folder holds ``html/<id>.html.gz`` and ``truth.json``; the default path is resolved
against the repository root, so the command works from any directory.
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "metadata-dev"
FIELDS: tuple[str, ...] = ("title", "authors", "date", "image", "description")
TRUTH_ONLY = frozenset({"description"})

if str(REPO) not in sys.path:  # run as a script from a checkout without installing
    sys.path.insert(0, str(REPO))


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
}


# --- scoring -------------------------------------------------------------------------------

def compare(field: str, truth: dict[str, Any], got: Got) -> tuple[bool, str, str]:
    """(match, expected, got) for one field, both sides normalized."""
    if field == "title":
        exp, out = normalize_text(truth.get("title")), normalize_text(got.title)
    elif field == "description":
        exp, out = normalize_text(truth.get("description")), normalize_text(got.description)
    elif field == "authors":
        exp_set = normalize_authors(truth.get("authors"))
        out_set = normalize_authors(got.authors)
        return exp_set == out_set, " | ".join(sorted(exp_set)), " | ".join(sorted(out_set))
    elif field == "date":
        exp = date_day(truth.get("datePublished"), got.date)
        out = date_day(got.date, truth.get("datePublished"))
    else:
        exp, out = normalize_image(truth.get("image")), normalize_image(got.image)
    return exp == out, exp, out


def evaluate(tool: str, data: Path, truth: dict[str, dict[str, Any]],
             ) -> tuple[dict[str, float], list[tuple[str, str, str, str]], float]:
    fn = TOOLS[tool]
    hits = dict.fromkeys(FIELDS, 0)
    counted = dict.fromkeys(FIELDS, 0)
    misses: list[tuple[str, str, str, str]] = []
    elapsed = 0.0
    for page_id, page in sorted(truth.items()):
        html = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes())
        start = time.perf_counter()
        try:
            got = fn(html, page["url"])
        except Exception as exc:  # noqa: BLE001 - a crash is a miss on every field, reported
            got = Got(None, (), None, None, None)
            misses.append((page_id, "crash", "", f"{type(exc).__name__}: {exc}"))
        elapsed += time.perf_counter() - start
        for field in FIELDS:
            if field in TRUTH_ONLY and not page.get(field):
                continue  # the truth leaves most descriptions out: score only where given
            counted[field] += 1
            ok, exp, out = compare(field, page, got)
            hits[field] += ok
            if not ok:
                misses.append((page_id, field, exp, out))
    return {f: hits[f] / max(counted[f], 1) for f in FIELDS}, misses, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--compare", default="", help="comma list: trafilatura,newspaper4k")
    parser.add_argument("--direct", action="store_true",
                        help="evaluate extract_metadata() directly instead of clean_article()")
    parser.add_argument("--misses", type=int, default=1000, help="max misses to print")
    parser.add_argument("--field", choices=FIELDS, help="print misses of this field only")
    parser.add_argument("--json", type=Path, help="write our rates to this JSON file")
    args = parser.parse_args(argv)
    data = args.data if args.data.is_absolute() else (REPO / args.data).resolve()
    if not (data / "truth.json").exists():
        print(f"no benchmark data at {data}", file=sys.stderr)
        return 2
    truth: dict[str, dict[str, Any]] = json.loads((data / "truth.json").read_text("utf-8"))
    ours = "ours-direct" if args.direct else "ours"
    tools = [ours] + [t.strip() for t in args.compare.split(",") if t.strip()]
    results: dict[str, dict[str, float]] = {}
    timings: dict[str, float] = {}
    our_misses: list[tuple[str, str, str, str]] = []
    crashes: dict[str, int] = {}
    for tool in tools:
        if tool not in TOOLS:
            print(f"unknown tool {tool!r}; known: {sorted(TOOLS)}", file=sys.stderr)
            return 2
        rates, misses, elapsed = evaluate(tool, data, truth)
        results[tool], timings[tool] = rates, elapsed
        crashes[tool] = sum(1 for m in misses if m[1] == "crash")
        if tool == ours:
            our_misses = misses
        elif crashes[tool]:  # a peer that is not installed scores empty truths only
            first = next(m for m in misses if m[1] == "crash")
            print(f"{tool}: {crashes[tool]} pages crashed, e.g. {first[3][:120]}", file=sys.stderr)

    shown = [m for m in our_misses if args.field in (None, m[1]) or m[1] == "crash"]
    print(f"# our misses ({len(shown)})")
    for page_id, field, exp, out in shown[: args.misses]:
        print(f"{field:<12} {page_id:<32} expected={exp[:110]!r}\n{'':<45} got={out[:110]!r}")
    print(f"\n# {len(truth)} pages from {data}")
    print("| tool | " + " | ".join(FIELDS) + " | seconds |")
    print("|---|" + "---|" * (len(FIELDS) + 1))
    for tool in tools:
        cells = " | ".join(f"{results[tool][f]:.1%}" for f in FIELDS)
        note = f" ({crashes[tool]} pages crashed)" if crashes[tool] else ""
        print(f"| {tool}{note} | {cells} | {timings[tool]:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(results[ours], indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
