from __future__ import annotations

from scrapy_cleanarticle import clean_article
from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.content import filter_paragraphs
from scrapy_cleanarticle.page import Paragraph
from scrapy_cleanarticle.textutil import fold

LONG = ("Officials confirmed on Wednesday that the bridge would remain closed for at least "
        "another month, citing cracks found during the latest inspection of the main span. ")


def test_split_body_sections_are_merged() -> None:
    part = "<div class='story-section'><p>{}</p><p>{}</p></div>"
    html = ("<html><body><div class='wrap'>"
            + part.format(LONG + "One.", LONG + "Two.")
            + "<div class='ad-slot'><p>Advertisement</p></div>"
            + "<aside><p>Popular now: <a href='/x'>Other story</a></p></aside>"
            + part.format(LONG + "Three.", LONG + "Four.")
            + "</div></body></html>")
    text = clean_article(html).articleBody
    for word in ("One.", "Two.", "Three.", "Four."):
        assert word in text
    assert "Advertisement" not in text


def test_link_list_is_not_body() -> None:
    links = "".join(f"<li><a href='/s{i}'>Another headline number {i} here</a></li>" for i in range(8))
    html = (f"<html><body><article><p>{LONG}One.</p><p>{LONG}Two.</p><ul>{links}</ul></article>"
            "</body></html>")
    text = clean_article(html).articleBody
    assert "Another headline" not in text


def test_subheadings_are_paragraphs() -> None:
    html = (f"<html><body><article><p>{LONG}</p><h2>Greater rewards</h2><p>{LONG}</p>"
            "</article></body></html>")
    paras = clean_article(html).articleBody.split("\n\n")
    assert "Greater rewards" in paras
    assert "## Greater rewards" in clean_article(html).articleBodyMarkdown


def test_no_article_gives_empty_body_and_reason() -> None:
    html = "<html><body><nav><a href='/'>Home</a></nav><p>Login</p></body></html>"
    art = clean_article(html)
    assert art.articleBody == ""
    assert art.metadata["reason"] == "no_article"


def test_jsonld_body_is_used_when_the_dom_has_none() -> None:
    body = " ".join([LONG] * 4)
    html = ("<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            f"\"headline\": \"Bridge\", \"articleBody\": \"{body}\"}}</script></head>"
            "<body><div id='app'></div></body></html>")
    art = clean_article(html)
    assert "cracks found" in art.articleBody


def test_lead_in_its_own_row_is_recovered_but_not_a_caption() -> None:
    lead = ("The International Fund cut its forecast for the world economy on Tuesday, warning "
            "that three of the largest economies are stalling at the same time.")
    caption = ("In this file photo, two astronauts work outside the station during its "
               "construction, in a picture released by the agency.")
    body = "".join(f"<p>{LONG} Paragraph {i}.</p>" for i in range(6))
    html = ("<html><body><article class='base-article'><section class='article-body'>"
            f"<div class='row'><div class='col'><p>{lead}</p></div></div>"
            f"<div class='row'><div class='col'><img src='/a.jpg'><p>{caption}</p></div></div>"
            f"<div class='row wide'><div class='col-main'>{body}</div></div>"
            "</section></article></body></html>")
    text = clean_article(html).articleBody
    assert text.startswith(lead)
    assert "astronauts" not in text


def test_styled_line_divs_are_paragraphs_of_one_body() -> None:
    # Rich-text editors wrap each paragraph as div > span > span > text; the paragraphs must
    # add up in the container they share, without a fallback re-parse.
    line = "<div><span style='font-size:small'><span>{}</span></span></div>"
    lines = "".join(line.format(LONG + f"Line {i}.") for i in range(4))
    html = ("<html><body><div class='post-body'><div class='inner'>" + lines + "</div></div>"
            "<div class='sidebar'><p>Popular: <a href='/x'>Other story one</a></p></div>"
            "</body></html>")
    article = clean_article(html)
    for i in range(4):
        assert f"Line {i}." in article.articleBody
    assert article.metadata["extractor"] in ("dom", "scorer")  # no readability re-parse
    assert "Other story" not in article.articleBody


def test_story_filter_takes_its_inputs_as_arguments() -> None:
    """The story filter is the selection stage's: it reads no page state, so the fallbacks and
    the learned scorer call it on their own paragraphs without swapping the page's blocks."""
    paras = [Paragraph("The Headline Here", "h1"), Paragraph("By Jane Doe", "p"),
             Paragraph("Home News Sport", "p", link_chars=15),
             Paragraph("The story starts with a sentence long enough to be prose.", "p")]
    tradeoff = DEFAULT_CONFIG.tradeoff
    kept = filter_paragraphs(paras, "the headline here", tradeoff, story=True)
    assert [p.text for p in kept] == [paras[3].text]
    # the learned scorer's paragraphs keep their links (a listing's main text)
    scored = filter_paragraphs(paras, "", tradeoff, story=False)
    assert "Home News Sport" in [p.text for p in scored]


def test_a_page_whose_main_text_is_only_its_title_keeps_it() -> None:
    """A link post or a one-line notice: the title is all the page says, so it is the body;
    under a story the same title above the text is a repeat and goes."""
    title = "Harbour ferry fares to double from March, the operator says"
    assert [p.text for p in filter_paragraphs([Paragraph(title, "h1", 0)], fold(title),
                                              DEFAULT_CONFIG.tradeoff, story=False)] == [title]
    story = [Paragraph(title, "h1", 0), Paragraph(LONG, "p", 0)]
    assert [p.text for p in filter_paragraphs(story, fold(title), DEFAULT_CONFIG.tradeoff,
                                              story=False)] == [LONG]


def test_cut_off_excerpts_give_their_container_no_score() -> None:
    from scrapy_cleanarticle import api
    from scrapy_cleanarticle.content import score_candidates
    from scrapy_cleanarticle.page import Page

    endings = ["…", "... Read more", " [...]", " (…)", ". Not cut, just ends here."]
    boxes = "".join(f"<div id='b{i}'><p>{LONG}Then, as agreed, more{end}</p></div>"
                    for i, end in enumerate(endings))
    page = Page(config=DEFAULT_CONFIG, url="https://example.org/a", raw=f"<html><body>{boxes}"
                "</body></html>", content_type=None)
    page, _finished = api._run_page(api.PREPARE_STAGES, page)
    scored = {el.get("id") for el in score_candidates(page)}
    assert "b4" in scored
    assert not scored & {"b0", "b1", "b2", "b3"}
