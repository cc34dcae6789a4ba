"""What the readers of the visible page share through ``gather.Walked`` (round 8): each piece
is made once per page and gives what each reader's own walk gave."""

from __future__ import annotations

import lxml.html

from scrapy_cleanarticle.metadata.byline import visible_authors
from scrapy_cleanarticle.metadata.dates import _container_says, _date_boxes, visible_date
from scrapy_cleanarticle.metadata.gather import BYLINE, DATED, ClassKinds, walk

PAGE = """<html><body>
<header><span class="site-date">1 January 2019</span><nav><a href="/">Home</a></nav></header>
<main><div id="story"><div><div><div><h1>The headline of the story</h1></div></div>
<p class="post-date">5 March 2019</p><span class="author-name">Jane Doe</span></div>
<aside class="related"><span class="date">6 March 2019</span></aside></div></main>
<div class="byline">By Someone Else</div></body></html>"""


def _region(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return root.get_element_by_id("story")


def test_a_blocks_date_boxes_are_the_pages_that_it_encloses() -> None:
    root = lxml.html.document_fromstring(PAGE)
    walked = walk(root)
    page = [el.get("class") for el in _date_boxes(root, walked)]
    assert page == ["site-date", "post-date", "date"]
    assert [el.get("class") for el in _date_boxes(_region(root), walked)] == ["post-date", "date"]
    assert list(walked.boxes) == [root]  # listed once, for the page


def test_the_shared_boxes_give_the_date_a_fresh_walk_gives() -> None:
    root = lxml.html.document_fromstring(PAGE)
    walked = walk(root)
    region = _region(root)
    h1 = walked.first_h1
    for scope in (region, root):
        assert visible_date(scope, headline=h1, walked=walked) == visible_date(scope, headline=h1)
    assert visible_date(region, headline=h1, walked=walked)[0] == "2019-03-05"


def test_the_window_leaves_out_the_block_and_its_ancestors() -> None:
    root = lxml.html.document_fromstring(PAGE)
    walked = walk(root)
    region = _region(root)
    window = walked.window(region)
    assert [el.tag for el in window] == ["header", "span", "nav", "a", "div"]
    assert not set(window) & {region, *region.iterancestors(), *region.iterdescendants()}
    assert walked.window(region) is window  # listed once for the byline and label searches


def test_bylines_in_the_block_come_before_the_window() -> None:
    root = lxml.html.document_fromstring(PAGE)
    walked = walk(root)
    assert visible_authors(_region(root), walked) == (["Jane Doe"], "Jane Doe")
    assert visible_authors(_region(root), walked, around=True) == (
        ["Someone Else"], "By Someone Else")


def test_each_distinct_class_string_is_tested_once() -> None:
    kinds = ClassKinds()
    assert kinds["entry-Date meta"] == DATED
    assert kinds["post-author"] == BYLINE
    assert kinds["byline timestamp"] == DATED | BYLINE
    assert kinds["menu"] == 0
    assert kinds["PostedOn"] == DATED  # every date word is read in the lower-cased class
    assert kinds["artikel-Datum"] == DATED  # and in many languages (rules/names.json)
    assert len(kinds) == 6


def test_what_a_dates_container_says() -> None:
    assert _container_says("related-posts ") == "loud"
    assert _container_says("site-footer ") == "soft"
    assert _container_says("footer-published ") == "quiet"  # a publication hint wins
    assert _container_says("  ") == "quiet"
