"""Headline and author rules of issue 16: each has a page where it fires and one where it must not."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import PageMetadata, _h1_site_names, extract_metadata


def _meta(html: str, url: str = "https://www.outdoorshop.example/c/kayaks") -> PageMetadata:
    return extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)


_EMPTY = lxml.html.document_fromstring("<html><body><p>x</p></body></html>")
_ENTRY = lxml.html.document_fromstring(
    "<html><body><h2>Paddling the lakes in late autumn</h2></body></html>")


def test_h1_that_a_title_pairs_with_the_site_name_is_not_the_site_name() -> None:
    # "Kayaks | Outdoorshop": the title's other end is the site, so the <h1> names the page
    assert _h1_site_names("Kayaks | Outdoorshop Co-op", ["Kayaks"], [], ["Outdoorshop"],
                          _EMPTY) == []


def test_h1_that_a_blog_title_pairs_with_the_entry_is_the_site_name() -> None:
    assert _h1_site_names("Quiet Waters - Paddling the lakes in late autumn", ["Quiet Waters"],
                          [], ["blog.example.net"], _ENTRY) == ["Quiet Waters"]
    meta = _meta("""<html><head><title>Quiet Waters - Paddling the lakes in late autumn</title>
    </head><body><h1>Quiet Waters</h1><h2>Paddling the lakes in late autumn</h2></body></html>""",
                 "https://blog.example.net/2019/paddling")
    assert meta.headline == "Paddling the lakes in late autumn"


def test_h1_that_starts_the_title_is_the_page_when_the_rest_is_no_heading() -> None:
    # "Entry - Docs name": the page first, its site last; nothing shows the rest as an entry
    assert _h1_site_names("Managing modules - The Example Language Handbook",
                          ["Managing modules"], [], ["docs.example.org"], _EMPTY) == []
    meta = _meta("""<html><head>
    <title>Managing modules - The Example Language Handbook</title></head>
    <body><h1>Managing modules</h1><h2>Workflow for adding a module</h2></body></html>""",
                 "https://docs.example.org/modules")
    assert meta.headline == "Managing modules"


def test_short_h1_that_a_declared_title_gives_word_for_word_is_the_headline() -> None:
    meta = _meta("""<html><head><meta property="og:title" content="Trail Gummies">
    <title>Trail Gummies | Outdoorshop</title></head>
    <body><h1>Trail Gummies</h1><h2>What are Trail Gummies?</h2></body></html>""")
    assert meta.headline == "Trail Gummies"


def test_short_h1_that_differs_from_every_declared_title_is_not_agreed() -> None:
    meta = _meta("""<html><head><meta property="og:title" content="Trail Gummies Sampler">
    <title>Trail Gummies Sampler | Outdoorshop</title></head>
    <body><h1>Trail Gummies</h1></body></html>""")
    assert meta.headline == "Trail Gummies Sampler"


def test_short_h1_that_starts_the_declared_title_is_the_headline() -> None:
    meta = _meta("""<html><head>
    <meta property="og:title" content="Hiking Boots: Shop Boots for Hiking &amp; Backpacking | Outdoorshop">
    <title>Hiking Boots: Shop Boots for Hiking &amp; Backpacking | Outdoorshop</title></head>
    <body><h1>Hiking Boots</h1></body></html>""")
    assert meta.headline == "Hiking Boots"


def test_short_h1_that_only_shares_words_leaves_the_declared_title() -> None:
    meta = _meta("""<html><head>
    <meta property="og:title" content="Best hiking boots of the year, tested on the trail">
    <title>Best hiking boots of the year, tested on the trail | Outdoorshop</title></head>
    <body><h1>Hiking Boots</h1></body></html>""")
    assert meta.headline == "Best hiking boots of the year, tested on the trail"


def test_itemprop_author_meta_in_head_names_the_author() -> None:
    meta = _meta("""<html><head><title>A post</title>
    <meta itemprop="author" content="Polly Barks"></head>
    <body><h1>A post about living with less waste</h1></body></html>""")
    assert [a.name for a in meta.authors] == ["Polly Barks"]


def test_itemprop_author_meta_in_the_body_is_not_read_as_the_page_author() -> None:
    meta = _meta("""<html><head><title>A post</title></head>
    <body><h1>A post about living with less waste</h1>
    <div class="teaser"><meta itemprop="author" content="Polly Barks"></div></body></html>""")
    assert meta.authors == ()


def test_date_nested_in_the_h1_is_not_part_of_the_headline() -> None:
    meta = _meta("""<html><head></head><body>
    <h1>Top strategies to optimize blockchain performance<div class="divider"></div>
    <h3 class="date-info">Posted on July 1, 2024 by Infuy</h3></h1></body></html>""")
    assert meta.headline == "Top strategies to optimize blockchain performance"


def test_h1_whose_words_sit_in_a_nested_div_keeps_them() -> None:
    meta = _meta("""<html><head></head><body>
    <h1><div class="inner">Top strategies to optimize blockchain performance</div></h1>
    </body></html>""")
    assert meta.headline == "Top strategies to optimize blockchain performance"


def test_thread_posters_are_not_co_authors() -> None:
    post = """<div class="post"><div class="postprofile">
    <a class="post-author" href="/u/{0}">{0}</a></div><div class="content"><p>{1}</p></div></div>"""
    meta = _meta(f"""<html><head><title>Best laptop for college?</title></head><body>
    <h1>Best laptop for college?</h1><div class="thread">
    {post.format("Pelex", "Which laptop should I buy for my first year of college?")}
    {post.format("Darthmine", "Anything with a good keyboard and a long battery life.")}
    {post.format("Remarkable", "A refurbished business laptop, every time.")}
    </div></body></html>""", "https://forum.example.org/t/123")
    assert [a.name for a in meta.authors] == ["Pelex"]


def test_co_authors_in_one_author_list_are_all_kept() -> None:
    meta = _meta("""<html><head><title>A study of sleep</title></head><body>
    <h1>A study of sleep in teenagers</h1><div class="authors">
    <div class="author"><a class="author-name" href="/a/1">Julian Arni</a></div>
    <div class="author"><a class="author-name" href="/a/2">Sonke Hahn</a></div></div>
    <p>Teenagers sleep less than they need to, and the reasons are many.</p></body></html>""",
                 "https://news.example.org/sleep")
    assert [a.name for a in meta.authors] == ["Julian Arni", "Sonke Hahn"]


def test_segment_after_a_spaced_pipe_is_not_the_headline() -> None:
    meta = _meta("""<html><head>
    <meta property="og:title" content="Trail Snacks, Bottles &amp; Stoves | Camp Kitchen Deals">
    <title>Trail Snacks, Bottles &amp; Stoves | Camp Kitchen Deals</title></head>
    <body><p>x</p></body></html>""")
    assert meta.headline == "Trail Snacks, Bottles & Stoves"


def test_one_word_before_a_pipe_keeps_the_headline_whole() -> None:
    meta = _meta("""<html><head><meta property="og:title" content="Kayaks | Sea and River">
    </head><body><p>x</p></body></html>""")
    assert meta.headline == "Kayaks | Sea and River"


def test_masthead_h1_that_the_declared_title_gives_is_the_headline() -> None:
    meta = _meta("""<html><head><meta property="og:title" content="Ten trails for a first winter hike">
    </head><body><div class="MastheadArticle"><h1>Ten trails for a first winter hike</h1></div>
    <h2>Ten trails for a first winter hike: what to pack</h2></body></html>""")
    assert meta.headline == "Ten trails for a first winter hike"


def test_h1_that_is_one_segment_of_the_declared_title_is_the_headline() -> None:
    # the other segment, longer, is the artist or series: a separator alone would not drop it
    meta = _meta("""<html><head>
    <meta property="og:title" content="The Paddling Club of the North – Quiet Waters">
    </head><body><h1>Quiet Waters</h1></body></html>""")
    assert meta.headline == "Quiet Waters"


def test_h2_that_adds_a_call_to_action_is_not_the_headline() -> None:
    # "Play <game>" shares most words with "<game> on Store" but neither holds the other
    meta = _meta("""<html><head><title>Snow Trail Racer on Gamestore</title></head>
    <body><h2>Play Snow Trail Racer</h2></body></html>""")
    assert meta.headline == "Snow Trail Racer on Gamestore"


def test_h2_that_holds_every_word_of_a_truncated_title_is_the_headline() -> None:
    meta = _meta("""<html><head><title>Fix It Friday: Four readers rearrange their living (</title>
    </head><body><h2>Fix It Friday: Four readers rearrange their living rooms</h2></body></html>""")
    assert meta.headline == "Fix It Friday: Four readers rearrange their living rooms"


def test_h1_that_is_the_site_name_segment_of_the_title_is_not_the_headline() -> None:
    meta = _meta("""<html><head><meta property="og:site_name" content="Quiet Waters">
    <meta property="og:title" content="Paddling the lakes in late autumn – Quiet Waters">
    </head><body><h1>Quiet Waters</h1></body></html>""")
    assert meta.headline == "Paddling the lakes in late autumn"


def test_heading_words_split_by_br_without_soft_hyphens_css_and_buttons() -> None:
    meta = _meta("""<html><head></head><body>
    <h1><style>.x{font-weight:700}</style>Rebuilding the Legacy<br>of Home Assis\u00adtance
    <button>Copy link</button></h1>
    </body></html>""")
    assert meta.headline == "Rebuilding the Legacy of Home Assistance"


def test_heading_without_breaks_keeps_its_inline_words_together() -> None:
    meta = _meta("""<html><head></head><body><h1>Re<b>build</b>ing the Legacy</h1></body></html>""")
    assert meta.headline == "Rebuilding the Legacy"


def test_member_link_under_a_thread_title_names_its_poster() -> None:
    meta = _meta("""<html><head><title>Which stove for winter camping?</title></head><body>
    <h1>Which stove for winter camping?</h1>
    <div class="username"><a href="/u/frostbite42">frostbite42</a></div>
    <p>I need a stove that works at minus twenty. Any advice from people who tried?</p>
    </body></html>""", "https://forum.example.org/t/stoves")
    assert [a.name for a in meta.authors] == ["frostbite42"]


def test_account_links_under_the_path_of_members_name_nobody() -> None:
    meta = _meta("""<html><head><title>Which stove for winter camping?</title></head><body>
    <h1>Which stove for winter camping?</h1>
    <a href="/user/register">Register</a> <a href="/users/sign_out">Logout</a>
    <a href="/profile/stove-makers-inc">4.8</a>
    <p>I need a stove that works at minus twenty. Any advice from people who tried?</p>
    </body></html>""", "https://forum.example.org/t/stoves")
    assert meta.authors == ()


def test_posted_by_line_above_the_title_beats_a_member_link_below() -> None:
    meta = _meta("""<html><head><title>Vanilla is the underdog of ice cream</title></head><body>
    <div><span>Posted by</span> <a href="/user/icecreamfan/">u/icecreamfan</a></div>
    <h1>Vanilla is the underdog of ice cream</h1>
    <div class="comment"><a href="/user/replier9/">replier9</a> 4 points</div>
    </body></html>""", "https://forum.example.org/r/food/1")
    assert [a.name for a in meta.authors] == ["u/icecreamfan"]


@pytest.mark.parametrize("mark", ["\u00b6", "\uf0c1", " \ue157"])
def test_documentation_permalink_sign_is_not_part_of_the_heading(mark: str) -> None:
    # a pilcrow, or a link icon drawn by an icon font (a Private Use Area glyph)
    meta = _meta(f"""<html><head><title>Middleware &mdash; Docs</title></head><body>
    <h1>Middleware<a class="headerlink" href="#middleware">{mark}</a></h1></body></html>""")
    assert meta.headline == "Middleware"


def test_board_profile_links_by_number_or_id_path_name_the_poster() -> None:
    for link in ('<a href="memberlist.php?mode=viewprofile&amp;u=4211">b.scherer</a>',
                 '<a href="/users/4818/trailwalker">trailwalker</a>'):
        meta = _meta(f"""<html><head><title>Which stove for winter camping?</title></head>
        <body><h1>Which stove for winter camping?</h1><div>{link}</div>
        <p>I need a stove that works at minus twenty. Any advice?</p></body></html>""",
                     "https://forum.example.org/t/stoves")
        assert [a.name for a in meta.authors] == [link.split(">")[1].split("<")[0]]


_LOGIN_PAGE = """<html><head><title>Council passes the budget</title>
<meta name="author" content="{declared}"></head><body><article><h1>Council passes the budget</h1>
<div class="byline">By {shown} | reporter@bugle.example</div>
<p>The council passed the budget on Tuesday after a long debate about the parks.</p>
</article></body></html>"""


def test_a_declared_login_is_spelled_out_by_the_byline() -> None:
    meta = _meta(_LOGIN_PAGE.format(declared="mikecason", shown="Mike Cason"),
                 "https://bugle.example/news/budget")
    assert [a.name for a in meta.authors] == ["Mike Cason"]
    assert ("authors", "declared+nearby") in meta.sources


def test_a_declared_login_of_other_letters_or_a_full_name_stays() -> None:
    other = _meta(_LOGIN_PAGE.format(declared="mcason", shown="Mike Cason"),
                  "https://bugle.example/news/budget")
    assert [a.name for a in other.authors] == ["mcason"]
    named = _meta(_LOGIN_PAGE.format(declared="Michael Cason", shown="Mike Cason"),
                  "https://bugle.example/news/budget")
    assert [a.name for a in named.authors] == ["Michael Cason"]


_SECTION_HEADING = lxml.html.document_fromstring(
    "<html><body><h1>Promise</h1><h2>JavaScript</h2></body></html>")


def test_h1_before_a_title_ending_in_the_sites_first_word_names_the_page() -> None:
    # "Promise - JavaScript | MDN" on "MDN Web Docs": the title's far end is the site, so the
    # <h1> is the page's even though a heading shows the middle segment (a section's)
    assert _h1_site_names("Promise - JavaScript | MDN", ["Promise"], [], ["MDN Web Docs"],
                          _SECTION_HEADING) == []
    # a middle segment shown as a heading is a section's, whatever the far end is; the far
    # end shown as a heading is an entry's title, and the <h1> the site's name
    assert _h1_site_names("Promise - JavaScript | Reference", ["Promise"], [],
                          ["MDN Web Docs"], _SECTION_HEADING) == []
    assert _h1_site_names("Promise - Reference | JavaScript", ["Promise"], [],
                          ["MDN Web Docs"], _SECTION_HEADING) == ["Promise"]
    assert _h1_site_names("Promise - JavaScript | Web", ["Promise"], [], ["Web"],
                          _SECTION_HEADING) == []  # a one-word name, whole
    story = "<p>" + "The object represents the completion of an operation and its value. " * 4
    meta = _meta(f"""<html><head><title>Promise - JavaScript | MDN</title>
    <meta property="og:site_name" content="MDN Web Docs"></head><body>
    <nav><h2>JavaScript</h2></nav><h1>Promise</h1>{story}</p></body></html>""",
                 "https://developer.example.org/docs/promise")
    assert meta.headline == "Promise"


@pytest.mark.parametrize(("title", "headline"), [
    ("Module ngx_http_rewrite_module", "Module ngx_http_rewrite_module"),  # a name in code
    ("Using the snake_case_names option", "Using the snake_case_names option"),
    ("长标题新闻内容在这里_财经_新浪网", "长标题新闻内容在这里"),  # "Headline_Section_Site"
])
def test_an_underscore_in_a_name_in_code_splits_no_title(title: str, headline: str) -> None:
    meta = _meta(f"<html><head><title>{title}</title></head><body><p>x</p></body></html>",
                 "https://docs.example.org/module.html")
    assert meta.headline == headline


def test_a_site_declared_as_author_by_two_sources_is_one_author() -> None:
    meta = _meta("""<html><head><meta property="og:site_name" content="Quiet Waters">
    <meta property="article:author" content="Quiet Waters">
    <script type="application/ld+json">{"@type": "BlogPosting", "headline": "Late autumn",
     "author": {"@type": "Person", "name": "Quiet Waters"}}</script></head>
    <body><h1>Late autumn</h1><p>Paddling the lakes.</p></body></html>""",
                 "https://blog.example.net/late-autumn")
    assert [a.name for a in meta.authors] == ["Quiet Waters"]


def test_a_site_name_that_is_the_whole_title_is_not_peeled_off_it() -> None:
    # a template that fills apple-mobile-web-app-title with each page's own title
    title = "Tech conferences in Americas 2026 / 2027"
    meta = _meta(f"""<html><head><title>{title}</title>
    <meta name="apple-mobile-web-app-title" content="{title}">
    <meta property="og:site_name" content="dev.example"></head>
    <body><h1>{title}</h1><p>Conferences by month.</p></body></html>""",
                 "https://dev.example/AM/tech")
    assert meta.headline == title
    meta = _meta("""<html><head><title>Paddling in late autumn | Quiet Waters</title>
    <meta name="apple-mobile-web-app-title" content="Quiet Waters"></head>
    <body><p>Paddling the lakes.</p></body></html>""", "https://blog.example.net/late-autumn")
    assert meta.headline == "Paddling in late autumn"  # a name that is only the site's goes


def test_a_heading_in_a_dialog_is_no_headline() -> None:
    # a consent notice drawn as a <dialog>, with an <h1> of its own after the page's
    meta = _meta("""<html><head><title>Planner | A to-do list to organize your work</title>
    </head><body><h1>Clarity, finally.</h1><p>Plan your day.</p>
    <cookie-banner><dialog class="dialog"><form><h1>We respect your privacy</h1>
    <p>We use cookies to improve your experience.</p></form></dialog></cookie-banner>
    </body></html>""", "https://planner.example/")
    assert meta.headline != "We respect your privacy"
