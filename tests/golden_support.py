"""Check or regenerate the golden fixtures in ``fixtures/html/`` (tests/test_golden.py runs it;
``scripts/regen_fixtures.py`` is its command line).

Each page ``<slug>.html`` has a ``<slug>.expected.json`` beside it. That file holds two kinds of
data, and the split is the point of this script:

* hand-written review aids that only a person may change: ``url`` (the fixed URL passed to
  the cleaner), ``notes``, ``languages``, ``noise``, ``must_contain``, ``must_not_contain`` and
  ``removed_classes``;
* ``expected``: the reviewed view of the cleaner's output (headline, authors, dates, body as a
  list of paragraphs, ...). ``--write`` replaces only this part, so a change in the cleaner
  shows up as a small git diff that someone has to read before committing.

Usage::

    python scripts/regen_fixtures.py --check [SLUG...]   # diff expected vs actual, exit 1 on change
    python scripts/regen_fixtures.py --write [SLUG...]   # rewrite "expected" from actual output
"""

from __future__ import annotations

import argparse
import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIR = ROOT / "fixtures" / "html"

# Fields of the reviewed view, in the order they are written to the expected file.
VIEW_FIELDS: tuple[str, ...] = (
    "headline", "authors", "datePublished", "dateModified", "inLanguage", "siteName",
    "canonicalUrl", "description", "mainImage", "images", "tags", "isArticle", "articleBody",
)
# Hand-written keys: never touched by --write.
HAND_KEYS: tuple[str, ...] = (
    "url", "notes", "cms", "languages", "noise", "must_contain", "must_not_contain",
    "removed_classes",
)


@dataclass(frozen=True)
class Fixture:
    slug: str
    html_path: Path
    expected_path: Path

    def load_expected(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.expected_path.read_text(encoding="utf-8"))
        return data


def discover(slugs: Iterable[str] = ()) -> list[Fixture]:
    wanted = set(slugs)
    found = []
    for html_path in sorted(FIXTURE_DIR.glob("*.html")):
        slug = html_path.name[: -len(".html")]
        if wanted and slug not in wanted:
            continue
        found.append(Fixture(slug, html_path, FIXTURE_DIR / f"{slug}.expected.json"))
    missing = wanted - {f.slug for f in found}
    if missing:
        raise SystemExit(f"unknown fixture(s): {', '.join(sorted(missing))}")
    return found


def split_paragraphs(body: str) -> list[str]:
    """The body contract is "paragraphs joined by a blank line"; compare it as a list."""
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def article_view(article: dict[str, Any]) -> dict[str, Any]:
    """Reduce ``Article.to_dict()`` to the fields a reviewer checks, in a diff-friendly shape."""
    main_image = article.get("mainImage") or None
    body = article.get("articleBody") or ""
    return {
        "headline": article.get("headline"),
        "authors": [a.get("name") for a in article.get("authors") or []],
        "datePublished": article.get("datePublished"),
        "dateModified": article.get("dateModified"),
        "inLanguage": article.get("inLanguage"),
        "siteName": article.get("siteName"),
        "canonicalUrl": article.get("canonicalUrl"),
        "description": article.get("description"),
        "mainImage": main_image.get("url") if isinstance(main_image, dict) else None,
        "images": [{"url": i.get("url"), "caption": i.get("caption")}
                   for i in article.get("images") or []],
        "tags": list(article.get("tags") or []),
        "isArticle": (article.get("metadata") or {}).get("pageType") == "article",
        "articleBody": split_paragraphs(body),
    }


def run_cleaner(fixture: Fixture, url: str | None) -> dict[str, Any]:
    from scrapy_cleanarticle import clean_article

    article = clean_article(fixture.html_path.read_bytes(), url)
    result: dict[str, Any] = article.to_dict()
    return result


def dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def ordered_expected(hand: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    out = {k: hand[k] for k in HAND_KEYS if k in hand}
    for k, v in hand.items():  # unknown hand keys are kept, never dropped silently
        if k not in out and k != "expected":
            out[k] = v
    out["expected"] = {k: view[k] for k in VIEW_FIELDS if k in view}
    return out


def diff_fixture(fixture: Fixture) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Return (unified diff, expected data, actual view); the diff is empty when they agree."""
    data = fixture.load_expected()
    actual = article_view(run_cleaner(fixture, data.get("url")))
    expected = data.get("expected", {})
    # Only compare fields the expected file lists, so a fixture may leave a field unreviewed.
    actual_cmp = {k: actual[k] for k in VIEW_FIELDS if k in expected}
    expected_cmp = {k: expected[k] for k in VIEW_FIELDS if k in expected}
    diff = "".join(difflib.unified_diff(
        dump(expected_cmp).splitlines(keepends=True), dump(actual_cmp).splitlines(keepends=True),
        fromfile=f"{fixture.slug}.expected.json", tofile=f"{fixture.slug} (actual)", n=1))
    return diff, data, actual


def changed_fields(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    return [k for k in VIEW_FIELDS if k in expected and expected[k] != actual.get(k)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="print diffs; exit 1 on any")
    mode.add_argument("--write", action="store_true", help="rewrite 'expected' from output")
    parser.add_argument("--summary", action="store_true",
                        help="with --check: one line per fixture instead of full diffs")
    parser.add_argument("slugs", nargs="*", help="only these fixtures")
    args = parser.parse_args(argv)

    fixtures = discover(args.slugs)
    differing: list[str] = []
    for fixture in fixtures:
        try:
            diff, data, actual = diff_fixture(fixture)
        except Exception as exc:  # noqa: BLE001 - report every fixture, not just the first
            print(f"!! {fixture.slug}: cleaner failed: {type(exc).__name__}: {exc}")
            differing.append(fixture.slug)
            continue
        if args.write:
            new = dump(ordered_expected(data, actual))
            if new != fixture.expected_path.read_text(encoding="utf-8"):
                fixture.expected_path.write_text(new, encoding="utf-8")
                print(f"wrote {fixture.expected_path.relative_to(ROOT)}")
            continue
        if diff:
            differing.append(fixture.slug)
            fields = changed_fields(data.get("expected", {}), actual)
            if args.summary:
                print(f"{fixture.slug}: {', '.join(fields)}")
            else:
                print(diff)
    if args.check:
        print(f"{len(fixtures) - len(differing)}/{len(fixtures)} fixtures match"
              + (f"; differing: {' '.join(differing)}" if differing else ""))
    return 1 if differing else 0

