"""Failure classes that cost whole stories on pages nobody tuned for (issue: generalization).

Each test builds a page of the kind that failed, and asserts that the story survives, or that
the noise the guard must not shield still goes.
"""

from __future__ import annotations

import lxml.html

from scrapy_cleanarticle import CleanerConfig, clean_article
from scrapy_cleanarticle.noise import _is_hidden

STORY = [
    "The council voted on Tuesday night to approve the new budget after a long debate about "
    "funding for the city's libraries, parks and public transport services across the region.",
    "Supporters said the plan would keep branch libraries open for longer hours, while critics "
    "argued that the increase in property taxes would fall hardest on retired homeowners.",
    "The mayor said she expected the first changes to take effect in the spring, once the state "
    "has reviewed the figures and the transport authority has published its new timetable.",
    "Several residents spoke during the public comment period, most of them in favour of the "
    "library hours, although a few asked for more detail on how the parks money would be spent.",
]

LONG = [f"{a} {b}" for a, b in zip(STORY, STORY[1:] + STORY[:1], strict=True)]  # one per box


def _page(story_html: str, extra: str = "", head: str = "") -> str:
    return (f"<html><head><title>Council approves budget</title>{head}</head><body>"
            f"<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
            f"<h1>Council approves budget</h1>{story_html}{extra}</body></html>")


def _recent_posts(open_tag: str, close_tag: str) -> str:
    """A "Recent posts" sidebar box: chrome that the layout-word guards must not shield."""
    items = "".join(f"<li><a href='/p{i}'>Recent post {i}</a></li>" for i in range(5))
    return f"{open_tag}<h3>Recent</h3><ul>{items}</ul>{close_tag}"


def _story_kept(html: str, paras: list[str] = STORY,
                url: str = "https://example.org/news/budget") -> str:
    """The body of ``html``, once every story paragraph is checked to be in it."""
    body = clean_article(html, url=url).articleBody
    for para in paras:
        assert para in body
    return body


def _paras(paras: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paras)


def _comments(n: int) -> str:
    items = "".join(
        f"<li class='comment'><p>Reader {i} wrote: I have lived in this city for many years and "
        f"I think the budget debate shows how hard it is to balance taxes and services, "
        f"especially for families like mine on the east side of town near the river.</p></li>"
        for i in range(n))
    return f"<section class='comments'><h2>Comments</h2><ol>{items}</ol></section>"


def test_paywall_class_on_the_story_keeps_the_story_even_with_many_comments() -> None:
    html = _page(f"<div class='article-body paywall premium-content'>{_paras(STORY)}</div>",
                 _comments(30))
    _story_kept(html)


def test_a_real_paywall_prompt_still_goes() -> None:
    prompt = ("<div class='paywall-prompt'><p>Subscribe to keep reading. You have reached your "
              "limit of free articles this month.</p></div>")
    html = _page(f"<div class='article-body'>{_paras(STORY[:2])}{prompt}{_paras(STORY[2:])}</div>")
    body = clean_article(html, url="https://example.org/news/budget").articleBody
    assert "free articles" not in body
    assert STORY[3] in body


def test_story_under_a_wrapper_hidden_until_a_script_runs_is_kept() -> None:
    html = _page(f"<div class='story-wrap' style='display:none'>{_paras(STORY)}</div>")
    _story_kept(html)


def test_a_hidden_box_that_is_not_the_story_still_goes() -> None:
    hidden = ("<div aria-hidden='true'><p>Menu overlay text that a reader never sees on the "
              "page, such as the list of sections in the site's mobile menu drawer.</p></div>")
    html = _page(f"<div class='article-body'>{_paras(STORY)}</div>{hidden}")
    body = clean_article(html, url="https://example.org/news/budget").articleBody
    assert "mobile menu drawer" not in body


def test_a_story_that_repeats_one_of_its_paragraphs_keeps_both() -> None:
    paras = [*STORY[:3], STORY[0], STORY[3]]
    html = _page(f"<article>{_paras(paras)}</article>")
    body = clean_article(html, url="https://example.org/news/budget").articleBody
    assert body.count(STORY[0]) == 2


def test_a_section_rendered_twice_and_adjacent_twins_are_collapsed() -> None:
    paras = [STORY[0], STORY[0], STORY[1], STORY[2], STORY[3], STORY[2], STORY[3]]
    html = _page(f"<article>{_paras(paras)}</article>")
    body = clean_article(html, url="https://example.org/news/budget").articleBody
    assert body.count(STORY[0]) == 1
    assert body.count(STORY[2]) == 1 and body.count(STORY[3]) == 1


def test_a_page_that_is_not_an_article_keeps_its_main_text_and_says_what_it_is() -> None:
    steps = "".join(f"<li>Step {i}: run the installer with the option number {i} and wait "
                    f"until it reports that the service has started.</li>" for i in range(1, 6))
    html = ("<html><head><title>Install the agent</title></head><body>"
            "<nav><a href='/docs'>Docs</a></nav><main><h1>Install the agent</h1>"
            "<p>Follow these steps to install the agent on a server.</p>"
            f"<ol>{steps}</ol><pre><code>agent install --start --verbose</code></pre>"
            "</main></body></html>")
    article = clean_article(html, url="https://example.org/docs/install")
    assert "Step 3" in article.articleBody
    assert article.metadata["pageType"] == "documentation"
    assert "reason" not in article.metadata


def test_page_type_and_probability_are_always_reported() -> None:
    html = _page(f"<article>{_paras(STORY)}</article>")
    for config in (CleanerConfig(), CleanerConfig(learned_scorer=False)):
        meta = clean_article(html, url="https://example.org/news/budget", config=config).metadata
        assert meta["pageType"] == "article"
        assert 0.0 <= float(meta["probability"]) <= 1.0  # type: ignore[arg-type]


def test_story_sections_that_a_page_builder_names_widget_are_kept() -> None:
    sections = "".join(f"<div class='elementor-widget elementor-widget-text-editor'>"
                       f"<div class='elementor-widget-container'><p>{p}</p><p>{p}</p></div></div>"
                       for p in STORY)
    sidebar = _recent_posts("<div class='widget widget_recent_entries'>", "</div>")
    html = _page(f"<div class='elementor-section'>{sections}</div>{sidebar}")
    body = _story_kept(html)
    assert "Recent post" not in body


def test_a_rule_word_that_names_every_section_of_the_story_is_the_sites_layout_word() -> None:
    # one paragraph per box, so no box alone looks like a story; together they are all of it
    sections = "".join(f"<div class='builder-widget'><div class='builder-widget-inner'><p>{p}</p>"
                       f"</div></div>" for p in LONG)
    sidebar = _recent_posts("<aside class='widget'>", "</aside>")
    html = _page(f"<div class='page-builder'>{sections}</div>{sidebar}")
    body = _story_kept(html, LONG)
    assert "Recent post" not in body


def test_a_thread_whose_posts_are_named_comment_keeps_its_posts() -> None:
    posts = "".join(
        f"<div class='comment-post' id='comment-{i}'><div class='comment-author'>user{i}</div>"
        f"<div class='comment-body'><p>{p}</p></div></div>" for i, p in enumerate(LONG))
    html = _page(f"<div class='thread'>{posts}</div>")
    _story_kept(html, LONG, url="https://example.org/forum/topic/1")


def test_comments_below_a_story_still_go_however_long_the_thread() -> None:
    html = _page(f"<div class='article-body'>{_paras(STORY)}</div>", _comments(30))
    body = _story_kept(html)
    assert "Reader 7 wrote" not in body


def test_utility_class_variants_are_conditions_not_names() -> None:
    # "print:hidden" hides a paragraph when printing; it is not a print button
    story = "".join(f"<p class='mx-auto print:break-inside-avoid md:text-lg'>{p}</p>" for p in STORY)
    tools = "<div class='print'><a href='#'>Print this article</a></div>"
    html = _page(f"<main><div class='prose'>{story}{tools}</div></main>")
    body = _story_kept(html)
    assert "Print this article" not in body


def test_accordion_and_tab_panels_hidden_until_clicked_are_kept_but_closed_dialogs_go() -> None:
    faq = "".join(
        f"<h3><button aria-expanded='false' aria-controls='a{i}' id='q{i}'>Question {i}</button>"
        f"</h3><div id='a{i}' aria-labelledby='q{i}' hidden><p>{p}</p></div>"
        for i, p in enumerate(STORY[:2]))
    tab = f"<div role='tabpanel' aria-hidden='true'><p>{STORY[2]}</p></div>"
    dialog = ("<div role='dialog' aria-modal='true' aria-labelledby='d1' hidden>"
              "<h2 id='d1'>Before you go</h2><p>Take our short reader survey and tell us what "
              "you think of the new site design and the stories we cover.</p></div>")
    html = _page(f"<div class='article-body'>{faq}{tab}<p>{STORY[3]}</p>{dialog}</div>")
    body = _story_kept(html)
    assert "reader survey" not in body


def test_a_hidden_box_holding_most_of_the_page_is_the_page_revealed_by_script() -> None:
    items = "".join(f"<li><h3><a href='/p/{i}'>Dark roast blend number {i}</a></h3><p>A smooth, "
                    f"bold roast with notes of cocoa and toasted nuts, ground fresh for drip and "
                    f"pour-over brewing at home.</p></li>" for i in range(8))
    html = ("<html><head><title>Coffee</title></head><body><nav><a href='/'>Home</a></nav><main>"
            f"<h1>All coffee</h1><div class='lock-content' style='display:none'><ul>{items}</ul>"
            "</div></main></body></html>")
    body = clean_article(html, url="https://example.org/collections/coffee").articleBody
    assert "Dark roast blend number 7" in body


def test_boxes_named_as_revealed_by_a_click_are_kept_however_they_are_hidden() -> None:
    faq = "".join(f"<div class='faq-item'><h3>Question {i}</h3><div class='faq-answer' "
                  f"style='display: none;'><p>{p}</p></div></div>" for i, p in enumerate(STORY[:2]))
    more = f"<div class='expandable-content hidden'><p>{STORY[2]}</p></div>"
    menu = ("<div class='flyout' style='display:none'><p>Sections, topics and all of our "
            "newsletters for readers who want to browse the site by subject.</p></div>")
    closed = (f"<div class='shop-accordion__content shop-accordion--close' aria-hidden='true'>"
              f"<p>{STORY[3]}</p></div>")
    html = _page(f"<div class='article-body'>{faq}{more}{closed}{menu}</div>")
    body = _story_kept(html)
    assert "browse the site" not in body


def test_a_cards_second_link_kept_from_screen_readers_is_still_on_screen() -> None:
    summary = STORY[0]
    shown = lxml.html.fragment_fromstring(
        f"<a href='/s/1' aria-hidden='true' tabindex='-1'>{summary}</a>")
    icon = lxml.html.fragment_fromstring("<a href='/s/1' aria-hidden='true' tabindex='-1'>"
                                         "<img src='/t.jpg' alt=''></a>")
    menu = lxml.html.fragment_fromstring(f"<div aria-hidden='true'><a href='/all'>{summary}</a></div>")
    assert not _is_hidden(shown)
    assert _is_hidden(icon) and _is_hidden(menu)
    html = _page(f"<div class='article-body'>{_paras(STORY[:2])}<p class='desc'>"
                 f"<a href='/s/1' aria-hidden='true' tabindex='-1'>{STORY[2]}</a></p>"
                 f"{_paras(STORY[3:])}</div>")
    _story_kept(html)


def test_an_ad_token_on_running_prose_is_another_word_for_advanced() -> None:
    cols = "".join(f"<div class='kt-col'><p class='kt-adv-heading12_ab wp-block-advancedheading'>"
                   f"{p} {q}</p></div>" for p, q in zip(STORY, LONG, strict=True))
    slot = "<div class='adv-container'><span>Advertisement</span><a href='/x'>Win a car</a></div>"
    body = _story_kept(_page(f"<main><div class='row'>{cols}{slot}</div></main>"))
    assert "Win a car" not in body


def test_on_a_thread_address_comment_boxes_are_posts_but_under_a_story_they_go() -> None:
    """On a forum thread (its address or its schema says so) the "comment" boxes are the posts;
    under a story at a news address they are a discussion and go."""
    posts = _comments(6)
    opening = f"<div class='post-body'>{_paras(STORY[:2])}</div>"
    thread = clean_article(_page(opening, posts), url="https://forum.example.org/t/budget/42")
    assert "Reader 2 wrote" in thread.articleBody
    story = clean_article(_page(opening, posts), url="https://example.org/news/budget")
    assert "Reader 2 wrote" not in story.articleBody
    # a news site's "/community/" section: the dated story's comment boxes stay a discussion
    dated = "<meta property='article:published_time' content='2025-03-04T10:00:00Z'>"
    section = clean_article(_page(opening, posts, head=dated),
                            url="https://example.org/community/budget")
    assert "Reader 2 wrote" not in section.articleBody
