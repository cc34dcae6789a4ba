"""Titles on pages that declare none but ``<title>`` (issue 16, round three): each rule has a
page where it fires and one where it must not."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, extract_metadata
from scrapy_cleanarticle.metadata.headings import before_section, copyright_owner


def _meta(html: str, url: str | None = "https://shop.example.org/c/kayaks") -> PageMetadata:
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


@pytest.mark.parametrize("where", ["footer", "div class='site-logo'"])
def test_the_sites_name_in_its_chrome_does_not_make_the_h1_the_sites(where: str) -> None:
    tag = where.split()[0]
    meta = _meta(f"""<html><head><title>Kayaks | Paddle Co-op</title></head><body>
    <h1>Kayaks</h1><ul><li>Touring kayak</li><li>Sit-on-top kayak</li></ul>
    <{where}><h2>Become a Paddle Co-op member</h2></{tag}></body></html>""")
    assert meta.headline == "Kayaks"


def test_an_entry_title_shown_below_makes_the_h1_the_blogs_name() -> None:
    meta = _meta("""<html><head><title>Paddle Notes - Three days on the river</title>
    </head><body><h1>Paddle Notes</h1><article><h2>Three days on the river</h2>
    <p>We set off at dawn.</p></article></body></html>""")
    assert meta.headline == "Three days on the river"


@pytest.mark.parametrize(("title", "lower", "expected"), [
    # "Blog name: Entry title": the <h1> is the blog's name when the rest is shown below
    ("Paddle Notes: Three days on the river", "<h3>Three days on the river</h3>",
     "Three days on the river"),
    ("Paddle Notes: Three days on the river", "<h2>Three days on the river</h2>",
     "Three days on the river"),
    # a headline's own colon: the rest is not an entry title shown below
    ("Paddle Notes: Three days on the river", "<h3>Archives</h3>",
     "Paddle Notes: Three days on the river"),
    ("Paddle Notes: Three days on the river", "", "Paddle Notes: Three days on the river"),
])
def test_a_blog_name_glued_by_a_colon_is_the_sites(title: str, lower: str,
                                                   expected: str) -> None:
    meta = _meta(f"""<html><head><title>{title}</title></head><body>
    <div id="header"><h1><a href="/">Paddle Notes</a></h1></div>
    <div class="date-outer"><h2 class="date-header">Friday, March 5, 2010</h2>
    <div class="post">{lower}<p>We set off at dawn.</p></div></div></body></html>""",
                 url="https://notes.example.org/2010/03/river.html")
    assert meta.headline == expected


@pytest.mark.parametrize(("lower", "expected"), [
    ("<h2>Council approves the town centre plan</h2>", "Council approves the town centre plan"),
    ("<h2>Local news</h2>", "The Daily Bugle: Council approves the town centre plan"),
])
def test_a_site_name_glued_by_a_colon_goes_when_the_rest_is_shown(lower: str,
                                                                  expected: str) -> None:
    meta = _meta(f"""<html><head><title>The Daily Bugle: Council approves the town centre plan
    </title></head><body><h1><a href="/"><img src="/logo.gif" alt="The Daily Bugle"></a></h1>
    {lower}<p>The council voted on Tuesday.</p></body></html>""",
                 url="https://www.dailybugle.example/news/story123.html")
    assert meta.headline == expected


@pytest.mark.parametrize(("body", "expected"), [
    # the page sets its headline in a <b> and has no heading: the segment it shows is it
    ("<b>Council approves the town centre plan</b>", "Council approves the town centre plan"),
    ("<table><tr><td class='t'><a href='/local/123'>Council approves the town centre plan</a>"
     "</td></tr></table>", "Council approves the town centre plan"),
    # the site's name shown in its logo link and its footer is not the headline
    ("<div><a href='/'>Daily Bugle of Springfield</a></div><b>Council plan</b>"
     "<div id='footer'><p>Daily Bugle of Springfield</p></div>",
     "Daily Bugle of Springfield :: Local :: Council approves the town centre plan"),
    # two segments shown: which is the headline is not clear
    ("<b>Council approves the town centre plan</b><b>Daily Bugle of Springfield</b>",
     "Daily Bugle of Springfield :: Local :: Council approves the town centre plan"),
])
def test_the_title_segment_the_page_shows_is_the_headline(body: str, expected: str) -> None:
    meta = _meta(f"""<html><head><title>Daily Bugle of Springfield :: Local :: Council approves
    the town centre plan</title></head><body>{body}<p>The council voted on Tuesday.</p>
    </body></html>""", url="https://news.example/story123.html")
    assert meta.headline == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Start making my home smart. Where should I start? - Configuration",
     "Start making my home smart. Where should I start?"),
    ("2025 Top Insurance Company Rankings - Infographic", "2025 Top Insurance Company Rankings"),
    # more than one dash: which part is the section is not clear
    ("JVNDB-2018-013542 - JVN iPedia - 脆弱性対策情報データベース",
     "JVNDB-2018-013542 - JVN iPedia - 脆弱性対策情報データベース"),
    # a tail of three words is part of the headline; a head of two words is too short
    ("How we paddled - and what we learned", "How we paddled - and what we learned"),
    ("Avengers - Endgame", "Avengers - Endgame"),
])
def test_a_short_section_after_a_dash_is_cut(title: str, expected: str) -> None:
    assert before_section(title) == expected


def test_a_forum_topic_drops_its_category_and_site() -> None:
    meta = _meta("""<html><head><title>Help picking a keyboard - Custom keyboards - KeebTalk
    </title><meta property="og:site_name" content="KeebTalk"></head><body>
    <p>I need a full size board.</p></body></html>""", url="https://www.keebtalk.com/t/1")
    assert meta.headline == "Help picking a keyboard"


def test_the_one_h1_beats_a_title_that_is_the_only_declaration() -> None:
    meta = _meta("""<html><head><title>Donald Robertson Creative Style Statement Shirts</title>
    </head><body><h1>For holiday parties, get behind the conversation-starter tee</h1>
    <p>Graphic tees are back.</p></body></html>""")
    assert meta.headline == "For holiday parties, get behind the conversation-starter tee"


@pytest.mark.parametrize("page", [
    # two <h1>: the template's, not the page's
    """<h1>Style</h1><h1>For holiday parties, get behind the tee</h1>""",
    # an og:title is declared: the usual order holds
    """<h1>For holiday parties, get behind the tee</h1>""",
    # a widget's <h1> after the footer (a translation box)
    """<div id="footer">Copyright</div><div><h1>Original text</h1></div>""",
])
def test_the_title_stays_when_the_h1_is_not_the_pages_own(page: str) -> None:
    og = '<meta property="og:title" content="Statement Shirts">' if "tee</h1>" in page \
        and "Style" not in page else ""
    meta = _meta(f"""<html><head><title>Statement Shirts</title>{og}</head><body>
    {page}<p>Graphic tees are back.</p></body></html>""")
    assert meta.headline == "Statement Shirts"


def test_an_svg_title_in_the_h1_is_not_its_words() -> None:
    meta = _meta("""<html><head><title>SMF vs MyBB? - Boards</title></head><body>
    <h1><svg><title>Artboard created with Sketch.</title></svg> SMF vs MyBB?</h1>
    </body></html>""")
    assert meta.headline == "SMF vs MyBB?"


_STORY = "<p>" + " ".join(["The council voted on Tuesday to approve the new budget, which funds "
                           "schools and roads."] * 3) + "</p>"
_MENU = """<div id="menu"><a href="/">The Daily Bugle</a> <a href="/local/">Local</a>
<a href="/sport/">Sport</a></div>"""
_FOOT = "<div id='footer'>Copyright 2010 The Daily Bugle</div>"


def _old_page(title: str, main: str) -> str:
    return f"""<html><head><title>{title}</title></head><body>{_MENU}<div id="main">{main}
    </div>{_FOOT}</body></html>"""


@pytest.mark.parametrize(("title", "main"), [
    # the <title> is the site and a section of its menu; the story's heading is an <h2> ...
    ("The Daily Bugle - Local", f"<h2>Council approves the town centre plan</h2>{_STORY}"),
    ("Local | The Daily Bugle", f"<h2>Council approves the town centre plan</h2>{_STORY}"),
    # ... or a <div> named for the headline, under a logo <h1>; or the <title> is the site
    ("Local | The Daily Bugle", "<h1>The Daily Bugle</h1><div class='headline'>Council "
                                f"approves the town centre plan</div>{_STORY}"),
    ("The Daily Bugle", f"<h3>Council approves the town centre plan</h3>{_STORY}"
                        f"<h4>What the plan holds</h4>{_STORY}"),
    # ... or the <title> is the site, and a logo <h1> repeats it (round eleven)
    ("The Daily Bugle", "<h1>The Daily Bugle</h1><h3>Council approves the town centre "
                        f"plan</h3>{_STORY}"),
    ("The Daily Bugle", "<h1><a href='/'>The Daily Bugle</a></h1><h2>Council approves the "
                        f"town centre plan</h2>{_STORY}"),
])
def test_a_title_naming_only_the_site_and_a_section_gives_way_to_the_storys_heading(
        title: str, main: str) -> None:
    meta = _meta(_old_page(title, main), url="http://www.bugle.example/local/story123.html")
    assert meta.headline == "Council approves the town centre plan"


@pytest.mark.parametrize("logo", [
    "<a href='http://www.bugle.example/'>The Evening Bugle</a>",
    "<a href='/'><img src='/logo.png' alt='The Evening Bugle'></a>",
])
def test_the_home_links_words_name_the_site(logo: str) -> None:
    """A site name the page declares nowhere: the logo's link to the home page says it."""
    page = f"""<html><head><title>The Evening Bugle - Local</title></head><body>{logo}
    <a href="/local/">Local</a><div id="main"><h2>Council approves the town centre plan</h2>
    {_STORY}</div></body></html>"""
    meta = _meta(page, url="http://www.bugle.example/local/story123.html")
    assert meta.headline == "Council approves the town centre plan"


@pytest.mark.parametrize(("title", "main", "expected"), [
    # a short title that no menu names is the page's own ("Backup strategy"), as is one that
    # a permalink heading repeats
    ("Backup strategy", f"<h2>Why three copies are enough for most people</h2>{_STORY}",
     "Backup strategy"),
    ("Backup strategy", f"<h3><a href='/p/backup'>Backup strategy</a></h3>{_STORY}"
                        f"<h2>Why three copies are enough for most people</h2>{_STORY}",
     "Backup strategy"),
    # a section front: two stories under headings of one rank, or linked teaser headings
    ("The Daily Bugle - Local", f"<h2>Council approves the town centre plan</h2>{_STORY}"
                                f"<h2>Bridge closes for a week of repairs</h2>{_STORY}",
     "Local"),
    ("The Daily Bugle - Local", "<h2><a href='/local/1.html'>Council approves the town "
                                f"centre plan</a></h2>{_STORY}", "Local"),
    # a heading that holds the section's words is about what the title names; a date is none
    ("The Daily Bugle - Local", f"<h2>Local elections in three wards</h2>{_STORY}", "Local"),
    ("The Daily Bugle - Local", f"<h2>Friday, March 5, 2010</h2>{_STORY}", "Local"),
    # no prose under the heading
    ("The Daily Bugle - Local", "<h2>Council approves the town centre plan</h2><p>Photo</p>",
     "Local"),
    # the home page: a logo <h1> that the <title> repeats, over the stories' headings
    ("The Daily Bugle", f"<h1>The Daily Bugle</h1><h2>Council approves the town centre "
                        f"plan</h2>{_STORY}<h2>Bridge closes for a week of repairs</h2>{_STORY}",
     "The Daily Bugle"),
])
def test_the_title_stays_when_no_one_heading_opens_a_story(title: str, main: str,
                                                           expected: str) -> None:
    meta = _meta(_old_page(title, main), url="http://www.bugle.example/local/story123.html")
    assert meta.headline == expected


_HOME_MENU = """<div id="menu"><a href="/">Home</a> <a href="/local/">Local</a>
<a href="/sport/">Sport</a></div>"""


def _unnamed_page(title: str, main: str, notice: str) -> str:
    """A page that names its site only in the copyright notice at its foot."""
    return f"""<html><head><title>{title}</title></head><body>{_HOME_MENU}<div id="main">
    {main}</div><div id="bottom"><p>{notice}</p></div></body></html>"""


_NOTICE = "Copyright &copy; 2008 The Evening Bugle. All rights reserved."


@pytest.mark.parametrize(("title", "main"), [
    ("The Evening Bugle - Local",
     f"<span class='headline'>Council approves the town centre plan</span>{_STORY}"),
    ("The Evening Bugle", "<table><tr><td class='title'>Council approves the town centre plan"
                          f"</td></tr><tr><td>{_STORY}</td></tr></table>"),
])
def test_the_copyright_notice_names_the_site(title: str, main: str) -> None:
    meta = _meta(_unnamed_page(title, main, _NOTICE),
                 url="http://www.bugle.example/local/story123.html")
    assert meta.headline == "Council approves the town centre plan"


@pytest.mark.parametrize("notice", [
    "Copyright &copy; 2008 Bugle Media Group. All rights reserved.",  # another name
    "Copyright 2008 The Evening Bugle All rights reserved",  # no end to the name
    "",
])
def test_the_title_stays_when_no_notice_names_the_site(notice: str) -> None:
    main = f"<span class='headline'>Council approves the town centre plan</span>{_STORY}"
    meta = _meta(_unnamed_page("The Evening Bugle - Local", main, notice),
                 url="http://www.bugle.example/local/story123.html")
    assert meta.headline != "Council approves the town centre plan"


@pytest.mark.parametrize(("notice", "owner"), [
    ("Copyright &copy; 2008 The Evening Bugle. All rights reserved.", "The Evening Bugle"),
    ("&copy; 2001-2008 Evening Bugle | Privacy", "Evening Bugle"),
    ("(c) 2008, Evening Bugle, Inc.", "Evening Bugle"),
    ("Alle Inhalte &copy; Abendblatt 2008 &middot; Impressum", "Abendblatt"),  # not its year
    ("Photo: Evening Bugle", None),
])
def test_the_owner_of_the_last_copyright_notice(notice: str, owner: str | None) -> None:
    tree = lxml.html.document_fromstring(
        f"<html><body><p>{notice}</p></body></html>")
    assert copyright_owner(tree) == owner


def test_the_last_notice_is_the_sites() -> None:
    # a photo's credit in the story comes first; the site's notice closes the page
    tree = lxml.html.document_fromstring(
        "<html><body><p>&copy; Jane Roe</p><div>&copy; 2008 <b>Evening Bugle</b>. Privacy</div>"
        "<script>/*! (c) a script's author */</script></body></html>")
    assert copyright_owner(tree) == "Evening Bugle"


@pytest.mark.parametrize(("body", "expected"), [
    # "Site.com: Section: <headline>", colons glued: the page shows the headline alone
    ("<b>Council approves the town centre plan</b>", "Council approves the town centre plan"),
    # the headline is not shown on its own: the title stays whole
    ("<b>Council plan</b>", "Bugle.com: Local: Council approves the town centre plan"),
])
def test_a_title_after_the_sites_name_and_colons(body: str, expected: str) -> None:
    meta = _meta(f"""<html><head><title>Bugle.com: Local: Council approves the town centre plan
    </title></head><body>{_HOME_MENU}{body}{_STORY}</body></html>""",
                 url="http://www.bugle.com/local/story123.html")
    assert meta.headline == expected


def test_a_colon_after_words_that_are_not_the_sites_splits_nothing() -> None:
    meta = _meta(f"""<html><head><title>Brexit: What happens next for the town centre plan
    </title></head><body><b>What happens next for the town centre plan</b>{_STORY}</body>
    </html>""", url="http://www.bugle.com/local/story123.html")
    assert meta.headline == "Brexit: What happens next for the town centre plan"


_STORY_TITLE = "Council approves the town centre plan"


@pytest.mark.parametrize("title", [
    f"The Daily Bugle: {_STORY_TITLE}", f"{_STORY_TITLE} - The Daily Bugle", _STORY_TITLE])
@pytest.mark.parametrize("shown", [
    f"<h3>{_STORY_TITLE}</h3>", f"<div class='hl'>{_STORY_TITLE}</div>", f"<b>{_STORY_TITLE}</b>"])
def test_a_sections_h1_gives_way_to_the_story_the_title_names(title: str, shown: str) -> None:
    """The <h1> is the section's short name; the <title> names the story, shown below it."""
    meta = _meta(_old_page(title, f"<h1>Business</h1>{shown}{_STORY}"),
                 url="http://www.dailybugle.example/business/story123.html")
    assert meta.headline == _STORY_TITLE


@pytest.mark.parametrize(("title", "main", "expected"), [
    # the title's words are shown nowhere on their own: the <h1> names the page
    ("Buy sea kayaks online at low prices | Shop",
     f"<h1>Kayaks</h1><p>Buy sea kayaks online at low prices, or in our shops.</p>{_STORY}",
     "Kayaks"),
    # an <h1> of three words or more is a headline, not a section's name
    (f"{_STORY_TITLE} - The Daily Bugle",
     f"<h1>Business news today</h1><b>{_STORY_TITLE}</b>{_STORY}", "Business news today"),
])
def test_the_h1_stays_over_a_title_the_page_does_not_show(title: str, main: str,
                                                          expected: str) -> None:
    meta = _meta(_old_page(title, main), url="http://www.dailybugle.example/b/story123.html")
    assert meta.headline == expected


def test_a_title_that_is_the_hosts_name_spelled_apart_is_the_sites() -> None:
    # "The Daily Bugle" is the host's "thedailybugle": a <title> that only names the site
    meta = _meta(_unnamed_page("The Daily Bugle", f"<h2>{_STORY_TITLE}</h2>{_STORY}", ""),
                 url="http://www.thedailybugle.example/local/story123.html")
    assert meta.headline == _STORY_TITLE


_PROSE = " ".join(["The council voted on Tuesday to approve the new budget, which funds "
                   "schools and roads."] * 3)
_HEADLINE = "Council approves the town centre plan"


@pytest.mark.parametrize("main", [
    # older templates set the story's headline in bold, a line of its own
    f"<table><tr><td><font size='4'><b>Council approves the town centre plan</b></font><br>"
    f"<br>{_PROSE}</td></tr></table>",
    f"<p><strong>Council approves the town centre plan</strong></p>{_STORY}",
    f"<div><b>Council approves the town centre plan</b> <br>{_PROSE}</div>",
    # ... or in large type (the text's size is 3), over large subheadings of a lower rank
    f"<table><tr><td><font size='5'>{_HEADLINE}</font><br>{_PROSE}</td></tr></table>",
    f"<div><font face='Arial' size='+2'>{_HEADLINE}</font><br>{_PROSE}</div>",
    f"<div><big>{_HEADLINE}</big><br>{_PROSE}</div>",
    f"<div><font size='6'>{_HEADLINE}</font><br>{_PROSE}<br><font size='4'>What the plan "
    f"holds for the roads</font><br>{_PROSE}</div>",
    # ... or in a box their heading words name
    f"<table><tr><td class='artHead'>{_HEADLINE}</td></tr><tr><td>{_STORY}</td></tr></table>",
    f"<div class='story-heading'>{_HEADLINE}</div>{_STORY}",
    f"<span class='article-hed'>{_HEADLINE}</span>{_STORY}",
])
def test_a_bold_line_or_large_type_opens_the_story_under_a_title_only_the_site(main: str) -> None:
    meta = _meta(_old_page("The Daily Bugle", main),
                 url="http://www.bugle.example/local/story123.html")
    assert meta.headline == "Council approves the town centre plan"


@pytest.mark.parametrize("main", [
    # bold inside a sentence, a bold byline, a bold label, two bold lines (subheadings)
    f"<p><b>Council approves the town centre plan</b> after a long debate. {_PROSE}</p>",
    f"<p>After a long debate, <b>the council approves the plan</b></p>{_STORY}",
    f"<p><b>By Jane Doe and John Roe</b></p>{_STORY}",
    f"<p><b>What the plan holds for you:</b></p>{_STORY}",
    f"<p><b>Council approves the town centre plan</b></p>{_STORY}"
    f"<p><b>What the plan holds for the roads</b></p>{_STORY}",
    # type of the text's own size, or smaller; two headlines of one size (a section front)
    f"<div><font size='3'>{_HEADLINE}</font><br>{_PROSE}</div>",
    f"<div><font size='+0'>{_HEADLINE}</font><br>{_PROSE}</div>",
    f"<div><font size='-1'>{_HEADLINE}</font><br>{_PROSE}</div>",
    f"<div><font size='5'>{_HEADLINE}</font><br>{_PROSE}<br><font size='5'>Bridge closes for "
    f"a week of repairs</font><br>{_PROSE}</div>",
    # a header holds the byline and the date beside the headline: its name is no headline's
    f"<div class='article-header'>{_HEADLINE}</div>{_STORY}",
    f"<div class='smarthead'>{_HEADLINE}</div>{_STORY}",
    f"<div class='shed'>{_HEADLINE}</div>{_STORY}",
])
def test_the_title_stays_when_no_one_bold_line_or_large_type_opens_the_story(main: str) -> None:
    meta = _meta(_old_page("The Daily Bugle", main),
                 url="http://www.bugle.example/local/story123.html")
    assert meta.headline == "The Daily Bugle"



@pytest.mark.parametrize(("title", "expected"), [
    # a label before the headline, which a lower heading shows whole
    (f"Printer Friendly Version: {_HEADLINE}", _HEADLINE),
    (f"Druckversion: {_HEADLINE}", _HEADLINE),
    # a lead of more words is the headline's own
    (f"Why the town said yes at last: {_HEADLINE}", f"Why the town said yes at last: {_HEADLINE}"),
])
def test_a_label_before_the_headline_the_page_shows_goes(title: str, expected: str) -> None:
    meta = _meta(f"""<html><head><title>{title}</title></head><body><div id="main">
    <h2>{_HEADLINE}</h2>{_STORY}</div></body></html>""",
                 url="http://www.bugle.example/local/story123.html")
    assert meta.headline == expected


@pytest.mark.parametrize(("title", "expected"), [
    # the last segment, after the site's name and a section of the menu (a breadcrumb)
    (f"The Daily Bugle | Local | {_HEADLINE}", _HEADLINE),
    (f"Local :: {_HEADLINE}", _HEADLINE),
    # a long segment before it, or a short one that no link of the page names
    (f"Local | {_HEADLINE} | Bridge closes for repairs", f"Local | {_HEADLINE} | Bridge "
                                                         "closes for repairs"),
    (f"Backup | {_HEADLINE}", f"Backup | {_HEADLINE}"),
])
def test_the_last_segment_after_the_site_and_a_section_is_the_headline(
        title: str, expected: str) -> None:
    meta = _meta(_old_page(title, _STORY), url="http://www.bugle.example/local/story123.html")
    assert meta.headline == expected


_WHOLE = "Council approves the town centre plan after a long debate"


@pytest.mark.parametrize(("main", "expected"), [
    # the <title> cuts the headline short; the page shows it whole, in an <h2> ...
    (f"<h2>{_WHOLE}</h2>{_STORY}", _WHOLE),
    # ... under a section's <h1>, in a box named for the headline, or in large type
    (f"<h1>Local</h1><h2>{_WHOLE}</h2>{_STORY}", _WHOLE),
    (f"<div class='headline'>{_WHOLE}</div>{_STORY}", _WHOLE),
    (f"<table><tr><td><font size='5'>{_WHOLE}</font><br>{_PROSE}</td></tr></table>", _WHOLE),
    # the title stays: a heading that lacks a word of it, two headings of one rank (a
    # section front), a heading no longer than the title
    (f"<h2>Council approves the plan after a long debate</h2>{_STORY}", _HEADLINE),
    (f"<div class='headline'>Council approves the plan after a long debate</div>{_STORY}",
     _HEADLINE),
    (f"<div class='headline'>{_WHOLE}</div>{_STORY}<div class='headline'>Bridge closes for "
     f"a week of repairs</div>{_STORY}", _HEADLINE),
    (f"<div class='headline'>{_HEADLINE}</div>{_STORY}", _HEADLINE),
])
def test_a_heading_that_holds_a_title_cut_short_is_the_headline(main: str,
                                                                 expected: str) -> None:
    meta = _meta(_old_page(f"{_HEADLINE} - The Daily Bugle", main),
                 url="http://www.bugle.example/local/story123.html")
    assert meta.headline == expected


@pytest.mark.parametrize("title", [
    # the site's name, sections of its menu, or both, around the headline cut short
    f"The Daily Bugle - {_HEADLINE}",
    f"The Daily Bugle :: Local :: {_HEADLINE}",
    f"{_HEADLINE} » Local » The Daily Bugle",
    f"{_HEADLINE} - Local",
    f"Local: {_HEADLINE}",
])
@pytest.mark.parametrize("main", [
    f"<h2>{_WHOLE}</h2>{_STORY}",
    f"<table><tr><td class='headline'>{_WHOLE}</td></tr><tr><td>{_STORY}</td></tr></table>",
    f"<p><b>{_WHOLE}</b></p>{_STORY}",
])
def test_a_heading_that_holds_a_title_cut_short_beside_sections_is_the_headline(
        title: str, main: str) -> None:
    # round eighteen: the section beside the short headline is no word the heading must
    # hold, and the last segment after the site's name may be cut short too
    meta = _meta(_old_page(title, main), url="http://www.bugle.example/local/story123.html")
    assert meta.headline == _WHOLE


def test_a_line_break_in_the_storys_heading_parts_two_words() -> None:
    meta = _meta(_old_page("The Daily Bugle - Local", "<h2>Council approves the<br>town centre "
                           f"plan</h2>{_STORY}"),
                 url="http://www.bugle.example/local/story123.html")
    assert meta.headline == "Council approves the town centre plan"


def test_a_short_segment_the_page_sets_as_a_heading_is_no_section() -> None:
    # "The Oarhouse" is in the menu, but the page sets it as its own heading too: it names
    # the page, the long segment is the site's, and a lower heading that holds the long
    # segment's words is no headline cut short
    page = f"""<html><head><title>The Oarhouse | Rowing at the City University</title>
    </head><body><h1 id="logo">City University</h1><div id="menu"><a href="/">Home</a>
    <a href="/oarhouse" class="active">The Oarhouse</a> <a href="/races">Races</a></div>
    <div id="main"><h2 class="title">The Oarhouse</h2><h4>The student rowing club at the
    City University</h4>{_STORY}</div></body></html>"""
    meta = _meta(page, url="https://www.cityuni.example/oarhouse")
    assert meta.headline == "Rowing at the City University"


@pytest.mark.parametrize("furniture", [
    "<address>Paddle Notes Club</address>",
    "<div class='address'>Paddle Notes Club</div>",
    "<div class='breadcrumbs'><a href='/'>Home</a> / <a href='/club/'>Paddle Notes Club</a></div>",
])
def test_a_title_segment_shown_only_in_the_sites_furniture_is_no_headline(furniture: str) -> None:
    # the club's name shows in its address and its breadcrumbs on every page; with no name
    # of the site known, the <title> stays whole
    meta = _meta(f"""<html><head><title>Three days on the river - Paddle Notes Club</title>
    </head><body>{furniture}<div id="main">{_STORY}</div></body></html>""",
                 url="https://www.uwx.example.edu/trips/three-days")
    assert meta.headline == "Three days on the river - Paddle Notes Club"


def test_an_h1_in_main_is_the_pages_though_an_unclosed_menu_wraps_it() -> None:
    meta = _meta("""<html><head><title>Coffee - Tropical Plant House</title></head><body>
    <header><nav class="navbar"><ul><li><a href="/">Home</a></li></ul>
    <main><div class="content"><h1>Coffee</h1><p>How we brew it on the river.</p></div></main>
    </nav></header></body></html>""", url="https://www.uwx.example.edu/coffee/")
    assert meta.headline == "Coffee"
