"""Issue 16, round eighteen: dates of older blog templates, and a short story's comments.

Blogger and the hAtom themes of WordPress wrote the post's moment into the ``title`` of an
``<abbr class="published">`` in the post's footer, with only the clock shown; a short post's
readers' comments begin before a third paragraph. Each page declares no date.
"""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata

_URL = "http://janes-notes.blogspot.example/2010/03/council-budget.html"  # a month, no day
_TITLE = "Council approves the town centre plan"
_STORY = "<p>" + " ".join(["The council met for a long evening to argue about the budget, "
                           "and it finally reached a compromise that pleased few."] * 3) + "</p>"
_STAMP = ("<div class='post-footer'>Posted by <span class='fn'>Jane</span> at <a "
          "class='timestamp-link' href='/2010/03/council-budget.html'><abbr class='published' "
          "title='2010-03-23T14:22:00-07:00'>2:22 PM</abbr></a></div>")


def _meta(body: str, title: str = f"Jane's notes: {_TITLE}",
          header: str = "<div id='header'><h1>Jane's notes</h1></div>") -> PageMetadata:
    html = (f"<html><head><title>{title}</title></head><body>{header}<div id='main'>{body}"
            "</div></body></html>")
    return extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)


@pytest.mark.parametrize("entry", ["post hentry", "h-entry"])
def test_the_stamp_in_a_microformat_entrys_footer_is_the_posts_date(entry: str) -> None:
    meta = _meta(f"<div class='{entry}'><h3 class='post-title'>{_TITLE}</h3>"
                 f"<div class='post-body'>{_STORY}</div>{_STAMP}</div>")
    assert (meta.date_published or "").startswith("2010-03-23")


def test_a_footer_outside_any_entry_stays_the_sites() -> None:
    # the same stamp in a footer that no entry (nor <article>) holds: the site's, not the post's
    meta = _meta(f"<div class='post'><h3 class='post-title'>{_TITLE}</h3>"
                 f"<div class='post-body'>{_STORY}</div></div>{_STAMP}")
    assert meta.date_published is None


_COMMENTS = ("<div id='comments'><h3>2 Responses</h3><ol><li class='comment'><cite>Jim</cite> "
             "Says:<br><small>March 25th, 2010 at 9:12 am</small><p>About time.</p></li></ol>"
             "</div>")


def _post(above: str) -> PageMetadata:
    return _meta(f"{above}<h1>{_TITLE}</h1>{_STORY}{_COMMENTS}",
                 title=f"{_TITLE} - Jane's notes", header="")


def test_a_short_storys_comments_come_after_the_date_above_its_headline() -> None:
    assert (_post("<small>March 23, 2010</small>").date_published or "").startswith("2010-03-23")


def test_with_no_other_date_the_first_comments_is_read() -> None:
    # a forum thread whose replies sit in a box named for comments: the first reply is as
    # old as the thread, the nearest day the page shows
    assert (_post("").date_published or "").startswith("2010-03-25")


def test_a_date_line_beside_a_link_to_the_comments_is_the_storys() -> None:
    meta = _meta(f"<h2>{_TITLE}</h2><div class='meta'><span class='date'>March 23, 2010</span> "
                 f"<a class='comments-link' href='#comments'>3 comments</a></div>{_STORY}"
                 f"{_COMMENTS}")
    assert (meta.date_published or "").startswith("2010-03-23")
