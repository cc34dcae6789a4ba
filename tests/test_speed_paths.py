"""The fast paths of the body stages give what the plain reading of the tree gives.

Each speedup of blocks/render/tags/textindex replaced a direct read (two attributes per element,
an XPath, a squash of every buffer) with a shortcut; these tests pin the shortcut to the plain
answer on the cases where they could part: empty names, elements the index never saw, white
space only buffers, ``<pre>`` text, and divs whose children are comments or nested divs.
"""

from __future__ import annotations

import lxml.html

from scrapy_cleanarticle.blocks import NameGroups, Unit, index_units, page_units
from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.page import Page, Paragraph
from scrapy_cleanarticle.render import render_blocks, to_html
from scrapy_cleanarticle.tags import is_paragraph_div, paragraph_divs
from scrapy_cleanarticle.textindex import TextIndex
from scrapy_cleanarticle.textutil import squash

GROUPS = NameGroups((("nav", "menu"), ("article", "story"), ("=ad",)))

PAGE = """<html><body>
  <div class="nav menu"><ul><li><a href="/">Home</a></li><li><a href="/n">News</a></li></ul></div>
  <div class="">
    <div id="">
      <article id="story" class="post story">
        <h2>Heading</h2>
        <p>First <a href="/x">linked</a> paragraph, with a comma.</p>
        <div><div><span>Deep text in unnamed wrappers.</span></div></div>
        <pre>  code
    kept  </pre>
        <table><tr><td class="ad">cell one</td><td>cell two</td></tr></table>
        <p>Line one<br><br>Line two</p>
      </article>
    </div>
  </div>
  <footer id="foot">Footer text</footer>
</body></html>"""


def _shape(units: list[Unit]) -> list[tuple[object, ...]]:
    return [(u.text, u.kind, u.link_chars, u.depth, u.in_body, u.ancestors, u.names_near,
             u.names_far, u.hashed, u.element) for u in units]


def test_units_read_with_the_index_names_equal_units_read_from_the_attributes() -> None:
    root = lxml.html.fromstring(PAGE)
    body = root.find("body")
    story = root.get_element_by_id("story")
    index = TextIndex(root)
    # an element added after the index was built is read from its own attributes
    late = lxml.html.fragment_fromstring('<p class="story late">Added later.</p>')
    story.append(late)
    assert late not in index.names_by_element()
    plain = page_units(body, [story], set(), GROUPS)
    fast = index_units(index, body, [story], set(), GROUPS)
    assert _shape(fast) == _shape(plain)
    texts = [u.text for u in plain]
    assert "Added later." in texts and "  code\n    kept  " in texts
    assert plain[texts.index("Added later.")].names_near & 2


def test_names_by_element_maps_every_indexed_element_and_only_named_ones_to_a_string() -> None:
    root = lxml.html.fromstring(PAGE)
    names = TextIndex(root).names_by_element()
    assert set(names) == set(root.iter())
    assert names[root.get_element_by_id("story")] == "post story story"
    assert names[root.find("body")] is None
    empty = root.find(".//div[@class='']")
    assert names[empty] == " "  # named, but with nothing in the name: no group bits


def test_white_space_only_runs_between_blocks_give_no_paragraph_and_pre_keeps_its_spaces() -> None:
    root = lxml.html.fromstring(PAGE)
    paras = render_blocks([root.get_element_by_id("story")], set())
    assert Paragraph("code\n    kept", "pre", 0) in paras  # inner line breaks and indent kept
    assert all(p.text.strip() for p in paras)
    assert [p.text for p in paras if p.kind == "p"][-2:] == ["Line one", "Line two"]


def test_paragraph_divs_are_the_descendant_divs_the_div_to_p_rule_holds_for() -> None:
    root = lxml.html.fromstring(
        "<div><div><!-- a comment --><span>inline only</span></div>"
        "<div><p>a paragraph inside</p></div><div><div>nested</div> tail</div>"
        "<div>text<hr>after a rule</div><div><form></form></div><section><div>x</div></section>"
        "</div>")
    expected = [d for d in root.iterdescendants() if is_paragraph_div(d)]
    assert paragraph_divs(root) == expected
    assert [d.text_content() for d in expected] == [
        "inline only", "nested", "textafter a rule", "x"]
    assert root not in paragraph_divs(root)  # descendants only, as the XPath it replaced


FIGURES = """<html><body><div id="main">
  <div id="one"><p>Story text <a href="/a?b=1" class="x">link</a>.</p>
    <figure><img src="/i.jpg" alt="A cat on a mat"><figcaption>A cat on a mat</figcaption></figure>
    <p class="credit">Photo: Agency</p> tail one</div>
  <div id="two"><p style="color:red">Second block <img data-src="/lazy.jpg" alt="kept alt"></p>
    <p class="credit">Photo: Agency</p></div>
</div></body></html>"""


def _page(markup: str, ids: list[str]) -> Page:
    page = Page(config=DEFAULT_CONFIG, url="https://example.com/story/", raw="")
    root = lxml.html.fromstring(markup)
    page.base_url = "https://example.com/story/"
    page.body_blocks = [root.get_element_by_id(i) for i in ids]
    page.caption_nodes = set(root.find_class("credit"))
    img = root.find(".//figure/img")
    page.image_captions = {img: "A cat on a mat"}
    return page


def test_the_body_html_made_in_place_is_the_body_html_made_from_a_copy() -> None:
    copied = to_html(_page(FIGURES, ["one", "two"]))
    page = _page(FIGURES, ["one", "two"])
    main = page.body_blocks[0].getparent()
    assert main is not None and len(main) == 2
    assert to_html(page, consume=True) == copied
    assert "Photo: Agency" not in copied and "tail one" in copied  # repeated caption dropped
    assert 'alt="A cat on a mat"' not in copied and 'alt="kept alt"' in copied
    assert 'href="https://example.com/a?b=1"' in copied and "class=" not in copied
    assert len(main) == 0  # both blocks were moved out of the page's tree, not copied


def test_nested_blocks_are_copied_even_when_the_tree_may_be_consumed() -> None:
    copied = to_html(_page(FIGURES, ["main", "two"]))
    page = _page(FIGURES, ["main", "two"])
    assert to_html(page, consume=True) == copied
    assert copied.count("Second block") == 2  # the copy path renders a nested block twice
    assert page.body_blocks[1].getparent() is page.body_blocks[0]  # the tree was left alone


def test_squash_returns_clean_text_as_it_is_and_collapses_every_space_otherwise() -> None:
    # the fast path's premise: no white-space character but " " is printable
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]
    clean = "Already clean text, one space apart."
    assert squash(clean) is clean
    for space in spaces:
        for text in (f"a{space}b", f"{space}a b", f"a b{space}", f"a {space}b"):
            assert squash(text) == " ".join(text.split())
    assert squash("") == "" and squash("   ") == ""
