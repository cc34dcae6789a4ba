"""Round 8 of the body stages' speed work: work the result never reads is not done, and the
walks that read the text index's lists give what the walks of the tree give.

Each shortcut is pinned to the plain answer: the rules' paragraphs are rendered only when
something reads them; units walked by document position equal units walked over the tree,
also after removals through the index and when the tree changed behind the index's back.
"""

from __future__ import annotations

import lxml.etree
import lxml.html
import pytest

from scrapy_cleanarticle import api, clean_article
from scrapy_cleanarticle.blocks import NameGroups, Unit, index_units
from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.textindex import TextIndex

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


# --- units walked by document position -------------------------------------------------------

UNITS_PAGE = """<html><body>
  <div class="nav menu"><ul><li><a href="/">Home</a></li><li><a href="/n">News <b>now</b></a></li></ul></div>
  <div class=""><!-- a comment --> tail of a comment
    <div id="">
      <article id="story" class="post story">
        <h2>Heading</h2>
        <p>First <a href="/x">linked</a> paragraph, with a <em>comma</em>, and a <span></span>gap.</p>
        <div class="ad" id="slot"><span>Buy now</span> and <i>more</i></div> after the slot
        <div><div><span>Deep text in unnamed wrappers.</span></div></div>
        <figure class="pic"><img src="a.jpg"><figcaption id="cap">A caption</figcaption></figure>
        <pre>  code
    kept  </pre>
        <table><tr><td class="ad">cell one</td><td>cell two</td><td></td></tr></table>
        <p>Line one<br><br>Line two<br>same line <a href="/y">link <br><br> split</a> end</p>
      </article>
    </div>
  </div>
  <footer id="foot">Footer text <a href="/f">with a link</a></footer>
</body></html>"""

GROUPS = NameGroups((("nav", "menu"), ("article", "story"), ("=ad",), ("cap", "foot")))


def _shape(units: list[Unit]) -> list[tuple[object, ...]]:
    return [(u.text, u.kind, u.link_chars, u.depth, u.in_body, u.ancestors, u.names_near,
             u.names_far, u.hashed, u.element) for u in units]


def _tree_units(body: lxml.html.HtmlElement, chosen: list[lxml.html.HtmlElement],
                skip: set[lxml.html.HtmlElement]) -> list[Unit]:
    """The units as a plain recursive walk of the tree cuts them (the rules of the iterwalk
    that cut them before round 8), to pin the walk by document position to."""
    from scrapy_cleanarticle.blocks import _TOP, _UNIT_BREAKS, _kind, _open, _unit
    from scrapy_cleanarticle.tags import CELLS
    from scrapy_cleanarticle.textutil import squash

    units: list[Unit] = []
    state = {"buf": "", "links": 0, "pre": 0, "in_body": 0, "link_depth": 0}
    stack = [_TOP]
    kinds, owners = ["div"], [body]

    def add(text: str | None, *, count: bool = True) -> None:
        if text:
            state["buf"] += text
            if count and state["link_depth"]:
                state["links"] += len(text.strip())

    def flush() -> None:
        raw, state["buf"] = state["buf"], ""
        text = raw.strip("\n\r") if state["pre"] else squash(raw)
        if text:
            units.append(_unit(text, kinds[-1], min(state["links"], len(text)), stack,
                               state["in_body"] > 0, owners[-1]))
        state["links"] = 0

    def visit(el: lxml.html.HtmlElement) -> None:
        tag = el.tag
        state["in_body"] += el in chosen
        cls, ident = el.get("class"), el.get("id")
        names = f"{cls or ''} {ident or ''}" if cls is not None or ident is not None else None
        stack.append(_open(names, tag, stack[-1], GROUPS))
        if tag in _UNIT_BREAKS:
            flush()
            kinds.append(_kind(tag, kinds[-1]))
            owners.append(el)
            state["pre"] += tag == "pre"
        elif tag == "br":
            nxt = el.getnext()
            if state["pre"]:
                add("\n")
            elif nxt is not None and nxt.tag == "br":
                flush()
            else:
                add(" ")
        elif tag in CELLS and state["buf"]:
            add(" | ")
        state["link_depth"] += tag == "a"
        add(el.text)
        for child in el:
            if child.tag in (lxml.etree.Comment, lxml.etree.ProcessingInstruction):
                continue
            if not isinstance(child.tag, str) or child.tag in ("picture", "video", "audio",
                                                               "source", "img") or child in skip:
                add(child.tail, count=False)
            else:
                visit(child)
        state["link_depth"] -= tag == "a"
        if tag in _UNIT_BREAKS:
            flush()
            kinds.pop()
            owners.pop()
            state["pre"] -= tag == "pre"
        stack.pop()
        state["in_body"] -= el in chosen
        if el is not body:
            add(el.tail)

    visit(body)
    flush()
    return units


def _both(root: lxml.html.HtmlElement, index: TextIndex, chosen: list[lxml.html.HtmlElement],
          skip: set[lxml.html.HtmlElement]) -> tuple[list[Unit], list[Unit]]:
    body = root.find("body")
    return index_units(index, body, chosen, skip, GROUPS), _tree_units(body, chosen, skip)


def test_units_walked_by_position_equal_units_walked_over_the_tree() -> None:
    root = lxml.html.fromstring(UNITS_PAGE)
    story = root.get_element_by_id("story")
    fast, plain = _both(root, TextIndex(root), [story], {root.get_element_by_id("cap")})
    assert _shape(fast) == _shape(plain)
    texts = [u.text for u in fast]
    assert "  code\n    kept  " in texts and "A caption" not in texts
    assert "cell one | cell two |" in texts and "Buy now and more" in texts
    assert sum(u.in_body for u in fast) >= 8


def test_units_walked_by_position_after_removals_through_the_index() -> None:
    root = lxml.html.fromstring(UNITS_PAGE)
    index = TextIndex(root)
    # a removed node's tail joins its neighbour's (drop_tree): read live, it is where it went
    index.remove(root.get_element_by_id("slot"))
    index.remove(root.find(".//em"))
    index.remove(root.find(".//ul"))
    story = root.get_element_by_id("story")
    fast, plain = _both(root, index, [story], set())
    assert _shape(fast) == _shape(plain)
    assert "Buy now" not in " ".join(u.text for u in fast)
    assert any("after the slot" in u.text for u in fast)


def test_units_fall_back_to_the_tree_walk_when_the_tree_changed_behind_the_index() -> None:
    root = lxml.html.fromstring(UNITS_PAGE)
    index = TextIndex(root)
    story = root.get_element_by_id("story")
    story.append(lxml.html.fragment_fromstring('<p class="story late">Added later.</p>'))
    assert index.subtree(root.find("body")) is None
    fast, plain = _both(root, index, [story], set())
    assert _shape(fast) == _shape(plain)
    assert "Added later." in [u.text for u in fast]
    # dropped without telling the index: the live count no longer matches either
    root2 = lxml.html.fromstring(UNITS_PAGE)
    index2 = TextIndex(root2)
    root2.get_element_by_id("slot").drop_tree()
    assert index2.subtree(root2.find("body")) is None
    fast, plain = _both(root2, index2, [], set())
    assert _shape(fast) == _shape(plain)
