"""Round 8 of the body stages' speed work: work the result never reads is not done, and the
walks that read the text index's lists give what the walks of the tree give.

Each shortcut is pinned to the plain answer: the rules' paragraphs are rendered only when
something reads them; units walked by document position equal units walked over the tree,
also after removals through the index and when the tree changed behind the index's back.
"""

from __future__ import annotations

import lxml.html
import pytest

from scrapy_cleanarticle import api, clean_article
from scrapy_cleanarticle.config import CleanerConfig

SENTENCE = ("Members of the reading group met again on Tuesday, and the notes below sum up "
            "what each of them said about the second volume of the series. ")
# No article schema, date or <article>: the rules cannot be sure, the learned scorer decides.
THREAD = ("<html><head><title>Reading group notes</title></head><body>"
          "<div class='menu'><a href='/'>Home</a> <a href='/groups'>Groups</a></div>"
          + "".join(f"<div class='post'><div class='author'>member{i}</div>"
                    f"<div class='message'><p>{SENTENCE * 2}Post {i}.</p></div></div>"
                    for i in range(6))
          + "<div class='footer-links'><a href='/about'>About</a></div></body></html>")


def _counting_story_paragraphs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = api.story_paragraphs

    def counted(*args: object) -> object:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "story_paragraphs", counted)
    return calls


def test_the_rules_paragraphs_are_not_rendered_on_a_page_the_scorer_takes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_story_paragraphs(monkeypatch)
    article = clean_article(THREAD, url="https://forum.example.org/t/notes/1")
    assert article.metadata["extractor"] == "scorer"
    assert calls == []
    assert "Post 5." in article.articleBody


def test_the_rules_paragraphs_are_rendered_once_when_the_scorer_leaves_the_page_to_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting_story_paragraphs(monkeypatch)
    article = clean_article(THREAD, url="https://forum.example.org/t/notes/1",
                            config=CleanerConfig(learned_scorer=False))
    assert calls == [1]
    assert article.metadata["extractor"] != "scorer"
    assert "Post 0." in article.articleBody


def test_select_body_gives_what_rendering_the_rules_paragraphs_first_gives() -> None:
    """The old order (the rules' paragraphs first, then the scorer) on the same page."""
    from scrapy_cleanarticle.config import DEFAULT_CONFIG
    from scrapy_cleanarticle.content import select_content, story_paragraphs
    from scrapy_cleanarticle.page import Page
    from scrapy_cleanarticle.verdict import listing_page

    def prepared() -> Page:
        page = Page(config=DEFAULT_CONFIG, url="https://forum.example.org/t/notes/1",
                    raw=THREAD, content_type=None)
        return api._run_page(api.PREPARE_STAGES, page)[0]

    old = prepared()
    select_content(old)
    old.listing = listing_page(old)
    old.paras = story_paragraphs(old, old.body_blocks)
    assert not api._rules_sure(old)
    assert api.score_units(old)
    new = prepared()
    api.select_body(new)
    assert new.paras == old.paras
    assert [lxml.html.tostring(el) for el in new.body_blocks] == \
        [lxml.html.tostring(el) for el in old.body_blocks]
    assert lxml.html.tostring(new.root) == lxml.html.tostring(old.root)
