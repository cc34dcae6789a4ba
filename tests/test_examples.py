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


def _copy(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLES / name, tmp_path / name))


def _items(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_addon_project_crawls_with_the_article_spider(tmp_path: Path) -> None:
    project = _copy("addon_project", tmp_path)
    with serve({"/story": (PAGE, "text/html")}) as server:
        run = run_scrapy(project, "crawl", "article", "-a", f"url={server.url('/story')}",
                         "-O", "articles.jsonl", "-s", "ROBOTSTXT_OBEY=False")
    assert run.returncode == 0, run.stderr[-3000:]
    (item,) = _items(project / "articles.jsonl")
    assert item["headline"] == "Crews gain ground on Cedar Ridge fire as winds ease"
    assert "Cedar Ridge" in str(item["articleBody"]) and NOISE not in str(item["articleBody"])


def test_selectors_project_sees_clean_pages_with_their_head(tmp_path: Path) -> None:
    assert NOISE.encode() in PAGE
    project = _copy("selectors_project", tmp_path)
    with serve({"/story": (PAGE, "text/html")}) as server:
        run = run_scrapy(project, "crawl", "news", "-a", f"urls={server.url('/story')}",
                         "-O", "stories.jsonl", "-s", "ROBOTSTXT_OBEY=False")
    assert run.returncode == 0, run.stderr[-3000:]
    (item,) = _items(project / "stories.jsonl")
    assert item["title"] == "Crews gain ground on Cedar Ridge fire as winds ease"
    assert str(item["canonical"]).endswith("/cedar-ridge-fire-containment/")
    text = " ".join(map(str, item["paragraphs"]))  # type: ignore[call-overload]
    assert "Firefighters made their biggest gains" in text and NOISE not in text
