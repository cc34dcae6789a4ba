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


_JOOMLA_URL = "http://www.courier.example/index.php?option=com_content&task=view&id=12"


def _joomla(href: str) -> PageMetadata:
    # Joomla's article view with linked titles: the story's heading is a link to the page
    # itself, in a cell named contentheading; the <title> names only the site
    html = f"""<html><head><title>The Daily Courier</title></head><body>
    <div id="logo"><a href="/"><img src="/logo.png" alt="The Daily Courier"></a></div>
    <table class="contentpaneopen"><tr><td class="contentheading"><a href="{href}"
    class="contentpagetitle">{_TITLE}</a></td></tr></table><table class="contentpaneopen">
    <tr><td><span class="small">Submitted by <a href="/users/jane">Jane Smith</a> on Tue,
    03/23/2010 - 14:22</span></td></tr><tr><td>{_STORY}</td></tr></table></body></html>"""
    return extract_metadata(lxml.html.document_fromstring(html), _JOOMLA_URL,
                            config=DEFAULT_CONFIG)


def test_a_heading_linked_to_the_page_itself_opens_the_story() -> None:
    meta = _joomla("/index.php?option=com_content&amp;task=view&amp;id=12")
    assert meta.headline == _TITLE
    assert [a.name for a in meta.authors] == ["Jane Smith"]  # "Submitted by", Drupal's too


def test_a_heading_linked_elsewhere_is_a_teasers() -> None:
    meta = _joomla("/index.php?option=com_content&amp;task=view&amp;id=13")
    assert meta.headline == "The Daily Courier"


def _hand_made(title: str, main: str) -> PageMetadata:
    html = f"""<html><head><title>{title}</title></head><body><div id="logo"><h1><a href="/">The
    Daily Courier</a></h1></div><ul class="nav"><li><a href="/news">News</a></li></ul>
    <div id="main">{main}</div><div id="footer">Copyright 2010 The Daily Courier</div></body>
    </html>"""
    return extract_metadata(lxml.html.document_fromstring(html), _URL, config=DEFAULT_CONFIG)


@pytest.mark.parametrize("title", ["Untitled Document", "New Page 1", "Unbenanntes Dokument",
                                   "Home", "Startseite", "Home - The Daily Courier", "index",
                                   "Welcome to The Daily Courier", "Bienvenue sur Le Courrier",
                                   ""])
def test_a_title_that_names_no_page_gives_way_to_the_storys_heading(title: str) -> None:
    meta = _hand_made(title, f"<h2>{_TITLE}</h2>{_STORY}")
    assert meta.headline == _TITLE


@pytest.mark.parametrize("title", ["Homes for sale in the valley", "Welcome to the jungle, "
                                   "the council said on a long night of debate"])
def test_a_title_that_only_starts_like_one_stays(title: str) -> None:
    meta = _hand_made(title, f"<h2>{_TITLE}</h2>{_STORY}")
    assert meta.headline == title


def test_a_title_that_names_no_page_stays_without_one_heading_over_the_story() -> None:
    # two headings of one rank: a front page's teasers; the <title> is all there is
    meta = _hand_made("Untitled Document", f"<h2>{_TITLE}</h2>{_STORY}<h2>Bridge closes for "
                      f"a week of repairs</h2>{_STORY}")
    assert meta.headline == "Untitled Document"
