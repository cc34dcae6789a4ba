"""Many threads calling clean_article at once give the results of one thread, with no crash.

lxml trees and parsers are per call / per thread in this package; rules are compiled once and
never changed. This test is what would catch a shared mutable object slipping in.
"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import hostile_corpus as hc
import pytest

from scrapy_cleanarticle import CleanArticleError, clean_article, clean_html

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "html").glob("*.html"))
HOSTILE = ["xss_payloads", "div_nested_300", "cp1251_undeclared", "sjis_meta_says_utf8",
           "nextjs_data", "utf16le_no_bom", "frameset_only", "pdf", "svg_mathml_heavy"]


def _pages() -> list[tuple[str, bytes, str | None]]:
    pages: list[tuple[str, bytes, str | None]] = [(p.name, p.read_bytes(), None) for p in FIXTURES]
    pages += [(name, *hc.generate_one(name)) for name in HOSTILE]
    if len(pages) < 12:  # fixtures not written yet: generated article pages stand in
        pages += [(f"generated-{i}", hc._page(hc.STORY_EN[i:] + hc.STORY_EN[:i]).encode(), None)
                  for i in range(4)]
    return pages


def _outcome(raw: bytes, ctype: str | None) -> Any:
    try:
        article = clean_article(raw, "https://example.com/story", content_type=ctype).to_dict()
        return article, clean_html(raw, "https://example.com/story", content_type=ctype)
    except CleanArticleError as exc:
        return type(exc).__name__, exc.reason, str(exc)


def test_four_threads_match_one_thread() -> None:
    pages = _pages()
    expected = {name: _outcome(raw, ctype) for name, raw, ctype in pages}
    jobs = pages * 3
    random.Random(4).shuffle(jobs)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: (job[0], _outcome(job[1], job[2])), jobs))
    assert len(results) == len(jobs)
    for name, got in results:
        assert got == expected[name], f"{name}: result differs under threads"


@pytest.mark.skipif(not FIXTURES, reason="fixtures/html has no pages yet")
def test_fixtures_are_present_for_the_thread_test() -> None:
    assert len(FIXTURES) >= 4
