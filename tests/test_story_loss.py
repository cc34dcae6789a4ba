"""The story-loss trace (benchmarks/storyloss.py): it must name what removed the story, change no
output, undo its hooks, and keep working when the lead renames a hook point."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from benchmarks.storyloss import Tracer, costly_removals, element_path, story_losses, untraced_losses
from benchmarks.wcxb import PageRun, WcxbPage, WcxbRun, score_page
from scrapy_cleanarticle import api, clean_article

# The trace wraps the stages' functions, which compiled callers call directly, past the wrappers.
pytestmark = pytest.mark.pure_python

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
STORY = " ".join(
    f"The harbour council met on day {i} and voted on the new ferry timetable." for i in range(30)
)
SIDEBAR = "Short visible note about the town."


def _page(wrapper: str) -> str:
    return (
        "<html><head><title>Ferry</title></head><body><h1>Ferry vote</h1>"
        f"<div class='lead'><p>{SIDEBAR}</p></div>{wrapper}</body></html>"
    )


def test_trace_names_the_stage_rule_and_element_that_removed_the_story() -> None:
    # loose text, not paragraphs: a hidden wrapper of the story's own <p>s is kept (story guard),
    # and so is one holding most of the page's text (a page revealed by script)
    other = "Quokka zylophone marquee bivouac. " * 80
    html = _page(f"<div id='story' hidden>{STORY}</div><div class='notes'>{other}</div>")
    article, trace = Tracer().run(html, "https://example.com/ferry", STORY)
    assert STORY[:40] not in article.articleBody  # the cleaner does remove it today
    top = max(trace.removals, key=lambda r: r.share)
    assert (top.stage, top.rule) == ("remove_hidden", "hidden")
    assert top.path.endswith("div#story") and top.share > 0.95 and top.chars >= len(STORY)
    assert trace.recall_after["remove_hidden"] < 0.05 < trace.recall_after["parse"]
    assert costly_removals(trace)[0] == top


def test_a_removed_copy_of_the_story_is_not_what_lost_it() -> None:
    html = _page(f"<div class='modal' hidden>{STORY}</div><article><p>{STORY}</p></article>")
    article, trace = Tracer().run(html, "https://example.com/ferry", STORY)
    assert STORY[:40] in article.articleBody
    assert any(r.stage == "remove_hidden" and r.share > 0.9 for r in trace.removals)
    assert costly_removals(trace) == []  # the tree still held the story after the removal


def test_token_rules_are_named_with_the_token_that_matched() -> None:
    comments = "".join(
        f"<div class='comment'><p>Reader {i} says the ferry is late again.</p></div>" for i in range(3)
    )
    html = _page(f"<div class='newsletter-signup'><p>Get our newsletter every morning.</p></div>{comments}")
    _article, trace = Tracer().run(html, "https://example.com/ferry", "Get our newsletter every morning.")
    named = [r for r in trace.removals if r.path.endswith("div.newsletter-signup")]
    assert named and named[0].stage == "remove_by_tokens"
    assert named[0].rule == "newsletter_signup [newsletter-signup]"


@pytest.mark.parametrize("name", ["arc-council-en", "arc-paywall-teaser-en", "arc-wildfire-en"])
def test_tracing_changes_no_output_and_undoes_its_hooks(name: str) -> None:
    html = (FIXTURES / f"{name}.html").read_bytes()
    stages, drop_tree, strip = api.ARTICLE_STAGES, lxml.html.HtmlMixin.drop_tree, etree.strip_elements
    plain = clean_article(html, url="https://example.com/a")
    traced, trace = Tracer().run(html, "https://example.com/a", plain.articleBody)
    assert traced.articleBody == plain.articleBody
    assert traced.metadata["removed"] == plain.metadata["removed"]
    assert trace.recall_after  # the stages were seen
    assert api.ARTICLE_STAGES is stages and lxml.html.HtmlMixin.drop_tree is drop_tree
    assert etree.strip_elements is strip


def test_a_missing_hook_point_is_reported_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(api, "ARTICLE_STAGES")
    monkeypatch.setattr(api, "clean_article", api.clean_article)  # still importable by name
    tracer = Tracer()
    with tracer.installed():
        pass
    assert any("ARTICLE_STAGES" in m for m in tracer.missing)
    assert not hasattr(api, "ARTICLE_STAGES")  # nothing was put back that was not there


def test_removals_in_c_are_traced_by_tag() -> None:
    # a <template> (a <noscript> that says more than the page is the page's rendering: kept)
    html = _page(f"<template><p>{STORY}</p></template><p>{SIDEBAR}</p>")
    _article, trace = Tracer().run(html, "https://example.com/ferry", STORY)
    top = costly_removals(trace)[0]
    assert (top.stage, top.rule) == ("remove_junk", "strip <template>") and top.share > 0.95
    assert untraced_losses(trace) == []


def test_a_stage_that_lost_story_without_a_traced_removal_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tracer = Tracer()
    monkeypatch.setattr(tracer, "_stripping", lambda tree, tags: None)  # as if that hook were gone
    html = _page(f"<template><p>{STORY}</p></template><p>{SIDEBAR}</p>")
    _article, trace = tracer.run(html, "https://example.com/ferry", STORY)
    assert [loss.stage for loss in untraced_losses(trace)] == ["remove_junk"]


def _run(tool: str, recalls: dict[str, float]) -> WcxbRun:
    rows = []
    for pid, recall in recalls.items():
        page = WcxbPage(
            pid, "", "article", "d.example", "one two three four five six seven eight nine ten", (), ()
        )
        kept = " ".join(page.truth.split()[: round(recall * 10)])
        rows.append(PageRun(score_page(page, kept), len(kept.split()), 0.0, None, "dom", kept))
    return WcxbRun(tool, rows)


def test_story_losses_pick_pages_we_lose_and_the_peer_keeps() -> None:
    us = _run("us", {"a": 0.4, "b": 0.4, "c": 0.9, "d": 0.5})
    peer = _run("trafilatura", {"a": 1.0, "b": 0.9, "c": 1.0, "d": 1.0})
    assert [loss.ours.scored.page.id for loss in story_losses(us, peer)] == ["a"]


def test_element_path_shows_ids_and_classes_of_three_levels() -> None:
    root = lxml.html.fromstring("<div id='a'><section class='x y'><p class='body text'>t</p></section></div>")
    p = root.find(".//p")
    assert element_path(p) == "div#a > section.x.y > p.body.text"


def test_code_is_not_story_the_tree_holds() -> None:
    html = _page(f"<script>var story = {STORY!r};</script><article><p>{SIDEBAR}</p></article>")
    _article, trace = Tracer().run(html, "https://example.com/ferry", STORY)
    assert trace.recall_after["parse"] < 0.2  # the words in the script are not counted
    assert not any(r.rule == "strip <script>" for r in trace.removals)
