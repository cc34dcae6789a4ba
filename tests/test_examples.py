"""The projects in ``examples/`` crawl a local server as their README says (issue 15)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from newuser_support import run_scrapy
from scrapy_support import FIXTURES, serve

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PAGE = (FIXTURES / "arc-wildfire-en.html").read_bytes()
NOISE = "Share this article on social media"

pytestmark = pytest.mark.slow


def crawl_example(tmp_path: Path, name: str, spider: str, arg: str) -> dict[str, object]:
    """Copy ``examples/<name>``, crawl one local page with ``spider``; return its one item."""
    project = Path(shutil.copytree(EXAMPLES / name, tmp_path / name))
    with serve({"/story": (PAGE, "text/html")}) as server:
        run = run_scrapy(project, "crawl", spider, "-a", f"{arg}={server.url('/story')}",
                         "-O", "out.jsonl", "-s", "ROBOTSTXT_OBEY=False")
    assert run.returncode == 0, run.stderr[-3000:]
    (item,) = [json.loads(line) for line in (project / "out.jsonl").read_text().splitlines()]
    return item  # type: ignore[no-any-return]


def test_addon_project_crawls_with_the_article_spider(tmp_path: Path) -> None:
    item = crawl_example(tmp_path, "addon_project", "article", "url")
    assert item["headline"] == "Crews gain ground on Cedar Ridge fire as winds ease"
    assert "Cedar Ridge" in str(item["articleBody"]) and NOISE not in str(item["articleBody"])


def test_selectors_project_sees_clean_pages_with_their_head(tmp_path: Path) -> None:
    assert NOISE.encode() in PAGE
    item = crawl_example(tmp_path, "selectors_project", "news", "urls")
    assert item["title"] == "Crews gain ground on Cedar Ridge fire as winds ease"
    assert str(item["canonical"]).endswith("/cedar-ridge-fire-containment/")
    text = " ".join(map(str, item["paragraphs"]))  # type: ignore[call-overload]
    assert "Firefighters made their biggest gains" in text and NOISE not in text
