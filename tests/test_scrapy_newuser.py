"""Issue 15, items 1-5: what a new user meets in the Scrapy path, each as a real crawl.

Each test failed before its fix: the middleware dropped the head, ``scrapy crawl article``
was unknown in a project with the add-on, bad ``-a`` arguments and setting typos ended in
tracebacks (and exit status 0 for the arguments), and a PNG became an error item.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newuser_support import installed_copy, make_project, run_scrapy
from scrapy_support import FIXTURES, fixture_pages, run_crawl, serve

from scrapy_cleanarticle.scrapy.sniff import is_html

HEAD_SPIDER = "newuser_support.HeadSpider"
TYPED_SPIDER = "scrapy_support.TypedItemSpider"
WILDFIRE = (FIXTURES / "arc-wildfire-en.html").read_bytes()
CANONICAL = "https://www.sierrafoothilltimes.example/news/2025/08/17/cedar-ridge-fire-containment/"
#: The fields the issue found degraded when the pipeline read the middleware's output.
METADATA_FIELDS = ("canonicalUrl", "description", "authors", "mainImage", "tags",
                   "datePublished", "headline", "inLanguage", "siteName")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(200))

pytestmark = pytest.mark.slow


# --------------------------------------------------------------------------- 1: the head


def test_cleaned_responses_keep_the_head_metadata(tmp_path: Path) -> None:
    with serve({"/story": (WILDFIRE, "text/html")}) as server:
        result = run_crawl(tmp_path, spider=HEAD_SPIDER, args={"urls": server.url("/story")},
                           settings={"CLEANARTICLE_CLEAN_RESPONSES": True})
    seen = next(i for i in result.items if i.get("kind") == "selectors")
    assert result.stat("cleanarticle/middleware/cleaned") == 1
    assert "Subscribe" not in seen["text"]  # still cleaned
    assert seen["canonical"] == CANONICAL
    assert seen["og_title"] == "Crews gain ground on Cedar Ridge fire as winds ease"
    assert seen["charset"] == seen["encoding"] == "utf-8"
    (jsonld,) = seen["jsonld"]
    assert json.loads(jsonld)[1]["author"][0]["name"] == "Elena Ruiz"
    assert "http-equiv" not in seen["text"]


def test_pipeline_reads_metadata_from_the_original_page(tmp_path: Path) -> None:
    pages = fixture_pages("/a/")
    with serve(pages) as server:
        args = {"urls": ",".join(server.urls())}
        both = run_crawl(tmp_path / "both", spider=HEAD_SPIDER, args=args,
                         settings={"CLEANARTICLE_CLEAN_RESPONSES": True})
        plain = run_crawl(tmp_path / "plain", spider=HEAD_SPIDER, args=args)
    assert both.stat("cleanarticle/middleware/cleaned") >= len(pages) - 2
    articles = {i["url"]: i for i in both.items if i.get("kind") == "article"}
    expected = {i["url"]: i for i in plain.items if i.get("kind") == "article"}
    assert len(articles) == len(expected) == len(pages)
    for url, item in expected.items():
        for name in METADATA_FIELDS:
            assert articles[url][name] == item[name], (url, name)
        assert articles[url]["articleBody"] == item["articleBody"], url


# --------------------------------------------------------------------------- 2-4: a new project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("newuser"))


def test_crawl_article_in_a_project_with_only_the_addon(project: Path, tmp_path: Path) -> None:
    with serve({"/story": (WILDFIRE, "text/html")}) as server:
        run = run_scrapy(project, "crawl", "article", "-a", f"url={server.url('/story')}",
                         "-O", str(tmp_path / "out.jsonl"))
    assert run.returncode == 0, run.stderr[-3000:]
    (item,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert item["canonicalUrl"] == CANONICAL and "Cedar Ridge" in item["articleBody"]


def test_local_sitemap_path_is_read_as_a_file_url(project: Path, tmp_path: Path) -> None:
    with serve({"/story": (WILDFIRE, "text/html")}) as server:
        (project / "sitemap.xml").write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{server.url('/story')}</loc></url></urlset>")
        run = run_scrapy(project, "crawl", "article", "-a", "sitemap=sitemap.xml",
                         "-O", str(tmp_path / "out.jsonl"))
    assert run.returncode == 0, run.stderr[-3000:]
    (item,) = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert item["url"] == server.url("/story") and item["articleBody"]


@pytest.mark.parametrize(("args", "names"), [
    (["-a", "urls_file=/nope.txt"], "-a urls_file=/nope.txt"),
    (["-a", "sitemap=missing-sitemap.xml"], "-a sitemap=missing-sitemap.xml"),
    (["-a", "url=example.org/story"], "-a url=example.org/story"),
    (["-a", "depth=deep"], "-a depth="),
    (["-a", "url=http://127.0.0.1:9/", "-s", "CLEANARTICLE_WORKRES=2"], "did you mean CLEANARTICLE_WORKERS?"),
    (["-a", "url=http://127.0.0.1:9/", "-s", "CLEANARTICLE_TIMEOUT=soon"], "CLEANARTICLE_TIMEOUT"),
])
def test_bad_input_gives_one_line_and_exit_status_1(project: Path, args: list[str],
                                                    names: str) -> None:
    run = run_scrapy(project, "crawl", "article", "-s", "LOG_LEVEL=WARNING", *args)
    assert run.returncode == 1, run.stderr[-3000:]
    (line,) = run.error_lines()
    assert line.startswith("cleanarticle: ") and names in line


def test_installed_copy_without_arguments_says_what_to_pass(project: Path,
                                                           tmp_path: Path) -> None:
    site = installed_copy(tmp_path)
    run = run_scrapy(project, "crawl", "article", "-s", "LOG_LEVEL=WARNING", pythonpath=site)
    assert run.returncode == 1, run.stderr[-3000:]
    (line,) = run.error_lines()
    assert "-a url=" in line and "fixtures" not in line


# --------------------------------------------------------------------------- 5: not HTML


def test_responses_that_are_not_html_are_skipped_and_counted(tmp_path: Path) -> None:
    page = (FIXTURES / "news-brief-en.html").read_bytes()
    pages = {"/png": (PNG, "image/png"), "/pdf": (b"%PDF-1.4\n%...", "application/pdf"),
             "/png-no-header": (PNG, None), "/json": (b'{"a": 1}', "application/json"),
             "/html-no-header": (page, None), "/html": (page, "text/html")}
    with serve(pages) as server:
        result = run_crawl(tmp_path / "pipeline", spider=TYPED_SPIDER,
                           args={"urls": ",".join(server.urls())})
        cleaned = run_crawl(tmp_path / "middleware", spider="scrapy_support.SelectorSpider",
                            args={"urls": ",".join(server.urls())},
                            settings={"CLEANARTICLE_CLEAN_RESPONSES": True})
    items = {i["url"].rsplit("/", 1)[1]: i for i in result.items if "metadata" in i}
    for name in ("png", "pdf", "png-no-header", "json"):
        assert items[name]["metadata"]["reason"] == "not_html", name
        assert "error" not in items[name]["metadata"] and "html" not in items[name]
    assert items["html"]["articleBody"] and items["html-no-header"]["articleBody"]
    assert result.stat("cleanarticle/skipped/not_html") == 4
    assert not result.stats_under("cleanarticle/errors/")
    assert result.stat("cleanarticle/cleaned") == 2
    assert cleaned.stat("cleanarticle/middleware/skipped/not_html") == 4
    assert cleaned.stat("cleanarticle/middleware/cleaned") == 2


def test_not_html_items_are_dropped_with_on_empty_drop(tmp_path: Path) -> None:
    with serve({"/png": (PNG, "image/png")}) as server:
        result = run_crawl(tmp_path, spider=TYPED_SPIDER, args={"urls": server.url("/png")},
                           settings={"CLEANARTICLE_ON_EMPTY": "drop"})
    assert result.stat("cleanarticle/dropped/not_html") == 1
    assert [i for i in result.items if "metadata" in i] == []


@pytest.mark.parametrize(("content_type", "body", "expected"), [
    ("text/html; charset=utf-8", PNG, True),  # the header decides when it names a type
    ("image/png", b"<html><body>x</body></html>", False),
    (None, b"  \n<!DOCTYPE html><html>", True),
    ("application/octet-stream", b"\xef\xbb\xbf<html lang='en'>", True),
    (None, "<p>text</p>".encode("utf-16-le"), True),
    (None, "\ufeff<p>text</p>".encode("utf-16-be"), True),
    (None, PNG, False), (None, b"%PDF-1.7", False), (None, b"plain words", False),
    (None, b"", False),
])
def test_sniffing(content_type: str | None, body: bytes, expected: bool) -> None:
    assert is_html(content_type, body) is expected


def test_manual_setup_fails_the_same_way() -> None:
    """Without the add-on the pipeline's ``from_crawler`` checks the settings: same one line."""
    from scrapy.utils.test import get_crawler

    from scrapy_cleanarticle.scrapy.pipelines import CleanArticlePipeline

    crawler = get_crawler(settings_dict={"CLEANARTICLE_WORKRES": 2})
    with pytest.raises(SystemExit) as info:
        CleanArticlePipeline.from_crawler(crawler)
    assert info.value.code == ("cleanarticle: unknown setting CLEANARTICLE_WORKRES "
                               "(did you mean CLEANARTICLE_WORKERS?)")
