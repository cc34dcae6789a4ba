"""Bylines read from the page as shown, on pages that declare no author (issue 16, round
fourteen): each rule has a page where it fires and one where it must not."""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.metadata import extract_metadata
from scrapy_cleanarticle.metadata.byline import split_authors

_STORY = "<p>" + " ".join(["The council voted on Tuesday to approve the new budget, which funds "
                           "schools and roads."] * 3) + "</p>"


def _authors(body: str, *, body_attrs: str = "",
             url: str = "https://news.example.org/2024/03/04/council-budget") -> list[str]:
    html = f"""<html><head><title>Council approves the budget - The Bugle</title></head>
    <body {body_attrs}>{body}</body></html>"""
    meta = extract_metadata(lxml.html.document_fromstring(html), url, config=DEFAULT_CONFIG)
    return [author.name for author in meta.authors]


def _article(byline: str) -> str:
    return f"<article><h1>Council approves the budget</h1>{byline}{_STORY}</article>"


@pytest.mark.parametrize("byline", [
    # the outlet and the writer's job sit in the byline box, in boxes named for them
    "<div class='byline'><a class='authors' href='/staff/1/jane-doe/'>Jane Doe</a> "
    "<span class='publication'><span class='credit'>THE BUGLE</span></span></div>",
    "<div class='blog_writer'><div class='author_nm'>Jane Doe</div> "
    "<i class='author_des'>VP - Technology</i></div>",
    "<div class='byline'>Jane Doe <span class='author-role'>Marketing Operations</span></div>",
])
def test_the_outlet_and_the_job_in_a_byline_box_are_no_names(byline: str) -> None:
    assert _authors(_article(byline)) == ["Jane Doe"]


def test_a_byline_box_without_them_keeps_every_word() -> None:
    byline = "<div class='byline'>Jane Doe Smith</div>"
    assert _authors(_article(byline)) == ["Jane Doe Smith"]


def test_the_pages_body_class_does_not_make_a_byline_noise() -> None:
    # WordPress names the page "single no-sidebar" on <body>: no box of the page says sidebar
    byline = "<div class='author-info'><span class='author-name'>Jane Doe</span></div>"
    assert _authors(_article(byline), body_attrs="class='single no-sidebar'") == ["Jane Doe"]
    # a real sidebar's author box still is not the story's
    assert _authors(f"<h1>Council approves the budget</h1>{_STORY}<div class='sidebar'>"
                    "<span class='author-name'>John Roe</span></div>") == []


def test_a_byline_set_in_an_aside_of_its_own() -> None:
    byline = "<div class='post-meta'><aside class='post-author'>Jane Doe</aside></div>"
    assert _authors(_article(byline)) == ["Jane Doe"]


@pytest.mark.parametrize(("byline", "expected"), [
    # the name on a line of its own, over the date
    ("<p class='author'>Jane Doe<br>4 August 2010</p>", ["Jane Doe"]),
    # a poster's counts, a reviewer's line: the first line is one of many
    ("<p class='author'>Jane Doe<br>Posts: 116<br>Joined: Feb 2019</p>", []),
])
def test_a_name_over_a_date_in_a_byline_box(byline: str, expected: list[str]) -> None:
    assert _authors(_article(byline)) == expected


def test_a_shops_customers_are_no_authors() -> None:
    reviews = "".join(f"<div class='customer_review'><p>Great service.</p><div class="
                      f"'customer_review_author'><strong>{name}</strong><span>Reviewed "
                      f"06/08/2024</span></div></div>" for name in ("Jane Doe", "John Roe"))
    assert _authors(f"<h1>Council approves the budget</h1>{_STORY}{reviews}") == []


def test_a_code_reference_link_is_no_author() -> None:
    # mkdocs' autorefs plugin: "autor" is German for author, "autorefs" is not
    body = ("<article><h1>Fields</h1><details><summary>API Documentation</summary><p><a "
            "class='autorefs autorefs-internal' href='../api/#pkg.fields.Field'><code>"
            f"pkg.fields.Field</code></a></p></details>{_STORY}</article>")
    assert _authors(body) == []
    assert _authors(_article("<span class='autor'>Hans Meier</span>")) == ["Hans Meier"]


@pytest.mark.parametrize(("href", "expected"), [
    # a menu's link to the section of all contributors names nobody ...
    ("/opinion/contributors/", []),
    # ... a link to one contributor's page names them
    ("/opinion/contributors/jane-doe/", ["Jane Doe"]),
])
def test_a_link_to_a_sections_index_is_no_author_page(href: str, expected: list[str]) -> None:
    nav = f"<ul class='nav-ribbon'><li><a href='{href}'>Jane Doe</a></li></ul>"
    assert _authors(f"{nav}<h1>Council approves the budget</h1>{_STORY}") == expected


@pytest.mark.parametrize(("byline", "expected"), [
    # a box named byline or author that holds a clause, not a name
    ("<p class='pricing-table-byline'>billed annually, or $50 / mo billed monthly</p>", []),
    ("<div class='author-block'>Authors: Jane Doe and John Roe, Extension garden "
     "educators</div>", ["Jane Doe", "John Roe"]),
    # a team's leading "the", "with" between two names, a member's handle in lower case
    ("<div class='author-block'>the Bugle Team</div>", ["the Bugle Team"]),
    ("<div class='author-block'>Jane Doe with John Roe</div>", ["Jane Doe with John Roe"]),
    ("<span class='author'>basj</span>", ["basj"]),
])
def test_a_byline_box_that_holds_a_clause_names_nobody(byline: str,
                                                       expected: list[str]) -> None:
    assert _authors(_article(byline)) == expected


@pytest.mark.parametrize("box", [
    "<ul class='header links'><li class='link authorization-link'><a href='/login'>Sign In"
    "</a></li></ul>",
    "<ul class='menu'><li class='menu-item authorities-governing-board'>Code of Conduct</li></ul>",
])
def test_authorization_and_authority_are_no_author_classes(box: str) -> None:
    assert _authors(f"{box}<h1>Council approves the budget</h1>{_STORY}") == []


def _card(action: str, handle: str, number: int) -> str:
    return (f"<div class='post-signature'><div class='user-info'><div class='user-action-time'>"
            f"{action} <span class='relativetime'>Feb 12, 2011 at 21:50</span></div>"
            f"<div class='user-details'><a href='/users/{number}/{handle.lower()}'>{handle}</a>"
            f"</div></div></div>")


@pytest.mark.parametrize(("cards", "expected"), [
    # a question's signature: the last editor's card, then the asker's
    (_card("edited", "Aaronut", 41) + _card("asked", "KumikoGoingCrazy", 4818),
     ["KumikoGoingCrazy"]),
    (_card("bearbeitet", "Aaronut", 41) + _card("gefragt", "KumikoGoingCrazy", 4818),
     ["KumikoGoingCrazy"]),
    # the asker's card alone
    (_card("asked", "KumikoGoingCrazy", 4818), ["KumikoGoingCrazy"]),
])
def test_an_editors_card_names_no_author(cards: str, expected: list[str]) -> None:
    body = (f"<div id='question'><h1>How do I keep rice from sticking?</h1>"
            f"<div class='post-text'><p>Every time I cook rice it sticks to the pot.</p></div>"
            f"{cards}</div>")
    assert _authors(body, url="https://cooking.example.com/questions/12068/rice") == expected


def test_the_authors_of_other_posts_in_an_article_scope_are_not_its_own() -> None:
    # the whole <body> is the Article, and the sidebar's posts mark their bylines as its authors
    def byline(name: str) -> str:
        return (f"<div class='byline'><span itemprop='author' itemscope "
                f"itemtype='http://schema.org/Person'><span itemprop='name'>{name}</span>"
                f"</span></div>")
    html = f"""<html><head><title>Council approves the budget</title></head>
    <body itemscope itemtype="http://schema.org/Article"><article><h1>Council approves the
    budget</h1>{byline("Jane Doe")}{_STORY}</article><div class="column-sidebar posts">
    <div class="post"><h2>Bridge closes</h2>{byline("John Roe")}</div></div></body></html>"""
    meta = extract_metadata(lxml.html.document_fromstring(html), "https://news.example.org/b",
                            config=DEFAULT_CONFIG)
    assert [author.name for author in meta.authors] == ["Jane Doe"]
    # with no author of its own, the scope's other authors are all it names
    alone = html.replace(byline("Jane Doe"), "")
    meta = extract_metadata(lxml.html.document_fromstring(alone), "https://news.example.org/b",
                            config=DEFAULT_CONFIG)
    assert [author.name for author in meta.authors] == ["John Roe"]


@pytest.mark.parametrize(("box", "expected"), [
    # a comment under a question whose asker has no profile: the commenter is no author
    ("li class='comment js-comment'", []),
    # a forum's first post, in a box named for the forum: its poster is the thread's author
    ("div class='forum-post'", ["EvilSpark"]),
])
def test_a_commenters_member_link_names_no_author(box: str, expected: list[str]) -> None:
    tag = box.split()[0]
    body = (f"<div id='question'><h1>How do I keep rice from sticking?</h1>"
            f"<div class='post-text'><p>Every time I cook rice it sticks to the pot.</p></div>"
            f"<ul><{box}><span>Rinse it first.</span> &ndash; <a href='/users/443854/evilspark'"
            f">EvilSpark</a></{tag}></ul></div>")
    assert _authors(body, url="https://cooking.example.com/questions/12068/rice") == expected


# --- round fifteen: what a byline carries besides the names ---------------------------------

@pytest.mark.parametrize(("byline", "expected"), [
    # the date line under the name, joined to it by a <br> or a comma: its day is no name
    ("<h3 class='byline'>by Jane Doe<br><span class='datetime'>Monday, November 18, 2019"
     "</span></h3>", ["Jane Doe"]),
    ("<p class='meta'>By Jane Doe, Wednesday, 20 November 2019 08:05 GMT</p>", ["Jane Doe"]),
    ("<p class='meta'>Von Jana Müller, Mittwoch, 20. November 2019</p>", ["Jana Müller"]),
    # "Von" in a box of its own, the name in the next
    ("<p class='about'><span class='about__block'>Von</span> <span class='about__block'>"
     "<a class='author-link' href='/author/jana-mueller'>Jana Müller</a></span> "
     "<span class='about__block'>publiziert am 25. September 2018</span></p>", ["Jana Müller"]),
    # the writer's job after a dash, inside the author link
    ("<p class='byline'>By <a href='/author/jane-doe' rel='author'><span>Jane Doe</span> - "
     "<span>Science Contributor</span></a></p>", ["Jane Doe"]),
])
def test_a_bylines_day_lead_word_and_job_are_no_names(byline: str,
                                                      expected: list[str]) -> None:
    assert _authors(_article(byline)) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("Analysis by Jane Doe, CNN Editor-at-large", ["Jane Doe"]),
    ("Opinion by Jane Doe", ["Jane Doe"]),
    ("By JANE DOE, AP National Security Writer", ["JANE DOE"]),
    ("Jane Doe and John Roe, Staff Writers", ["Jane Doe", "John Roe"]),
    ("by Jane Doe Monday, November 18, 2019", ["Jane Doe"]),
    # what must stay: a desk's byline, a surname that is a particle, a second person, a day's
    # name that is also a person's, a dash that is part of an outlet's name, credentials
    ("Our Editors", ["Our Editors"]),
    ("The Currency editors", ["The Currency editors"]),
    ("Von Hoff", ["Von Hoff"]),
    ("Jane Doe, John Roe", ["Jane Doe", "John Roe"]),
    ("Plácido Domingo", ["Plácido Domingo"]),
    ("Desk Justice - ICI.Example.ca", ["Desk Justice - ICI.Example.ca"]),
    ("Jane Doe, MS, RD", ["Jane Doe", "MS", "RD"]),
])
def test_split_authors_drops_days_leads_and_jobs(raw: str, expected: list[str]) -> None:
    assert split_authors(raw) == expected


@pytest.mark.parametrize("noise", [
    # a video player's caption settings: "Text" (a label word) over "Color"
    "<fieldset class='vjs-fg-color'><legend>Text</legend><label class='vjs-label'>Color</label>"
    "<select><option>White</option></select></fieldset>",
    # a shop's sorting menu
    "<form><select><option value='featured'>Featured Items</option><option value='review'>"
    "By Review</option></select></form>",
    # a paper's list of authors, each surname a box of its own: "Von Hoff" is no "By Hoff"
    "<div class='authors'><span class='given'>Daniel D.</span> <span class='surname'>Von Hoff"
    "</span></div>",
])
def test_a_forms_text_and_a_surname_after_a_particle_open_no_byline(noise: str) -> None:
    body = f"<article><h1>Council approves the budget</h1>{noise}<p class='byline'>By " \
           f"<a href='/author/jane-doe'>Jane Doe</a></p>{_STORY}</article>"
    assert _authors(body) == ["Jane Doe"]


def test_the_copyright_lines_credit_is_no_byline() -> None:
    credit = "<div class='copyright-area'>Crafted with <i class='fa fa-heart'></i> by " \
             "<a href='https://themes.example.com/'>Theme Studio</a> | Designed by " \
             "<a href='https://agency.example.com/'>Agency Ltd</a></div>"
    page = f"<article><h1>Council approves the budget</h1><p>The council met.</p></article>" \
           f"{credit}"
    assert _authors(page) == []
    # a byline elsewhere on the page is still read
    assert _authors(_article("<p class='byline'>By Jane Doe</p>") + credit) == ["Jane Doe"]
