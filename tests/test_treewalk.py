"""The tree readings in C (``_treewalk.c``) read what the lxml-API readings do.

The text index's ``scan`` must equal :func:`scrapy_cleanarticle.textindex.scan_python` value
for value, and ``text``, ``prose``, ``words_meet`` and ``carrying`` the references in
``_xpath``, on the bundled pages and on the node kinds an HTML parse rarely makes (adjacent
text and CDATA nodes, namespaced tags, entity references, attribute values of several nodes),
where the C code takes other paths or leaves the reading to lxml. A build without a compiler
has no ``_treewalk``: these tests then skip, and tests/test_native.py fails a CI build that
fell back to Python.
"""

from __future__ import annotations

import sys
import types
from itertools import islice
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from scrapy_cleanarticle import _xpath, textindex
from scrapy_cleanarticle._native import STATE
from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.parse import parse_html
from scrapy_cleanarticle.textindex import JUNK_TAGS, Scan, TextIndex, scan_python

treewalk = pytest.importorskip("scrapy_cleanarticle._treewalk")

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "html").glob("*.html"))


def _both(root: etree._Element) -> tuple[Scan, Scan]:
    order = list(root.iter())
    return (Scan(*treewalk.scan(order, JUNK_TAGS)),
            scan_python(order, {el: i for i, el in enumerate(order)}))


_SKIP = ("script", "style", "noscript")
_NAMES = ("role", "itemtype", "itemscope", "id", "class", "href", "hidden", "style")
# words an attribute value may hold: common ones, none, the empty one (any value holds it),
# one no page has, and a non-ASCII one
_WORDS = ((), ("content",), ("a", "b", "c", "d", "e", "f", "g", "h"), ("",), ("\u00e9t\u00e9x",),
          ("uthor", "yline", "writer"), ("\u00e9",), ("date", "Date", "title", "nav", "post"))


def _texts_alike(root: etree._Element) -> int:
    """Asserts the C text readings equal the references on every node of ``root``'s tree and
    returns how many elements hold link text (so a test can tell links were met)."""
    linked = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            assert treewalk.text(el) is None and treewalk.prose(el) is None
            assert treewalk.words_meet(el) is None
            continue
        text, prose = treewalk.text(el), treewalk.prose(el)
        assert (text, prose) == (_xpath.text_python(el), _xpath.prose_python(el))
        assert treewalk.words_meet(el) == _xpath.words_meet_python(el)
        linked += prose < len(text)
    for name in _NAMES:
        assert treewalk.carrying(root, (name,), False) == _xpath.carrying_python(root, name)
    for el in root.iter():
        assert treewalk.carrying(el, _NAMES[:4], True) == (
            _xpath.carrying_below_python(el, _NAMES[:4]) if isinstance(el.tag, str) else None)
    every = list(root.iter())
    for words in _WORDS:
        for fold in (False, True):
            assert treewalk.carrying(root, _NAMES, True, words, fold) == \
                _xpath.carrying_below_python(root, _NAMES, words, fold)
            assert treewalk.carrying_among(every, _NAMES, words, fold) == \
                _xpath.carrying_among_python(every, _NAMES, words, fold)
    for el in list(root.iter(etree.Element))[::7]:
        assert treewalk.text_lines(el, 30, _SKIP, False) == list(
            islice(_xpath.lines_after_python(el, _SKIP), 30))
        assert treewalk.text_lines(el, 30, _SKIP, True) == list(
            islice(_xpath.lines_before_python(el, _SKIP), 30))
    return linked


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: p.stem)
def test_fixture_pages_read_alike(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    ours = parse_html(html, config=CleanerConfig()).tree
    native, python = _both(ours)
    assert native == python
    assert native.depth > 2 and max(native.size) > 100
    assert _texts_alike(ours) > 0
    # lxml's own parser keeps comments: they take the path through lxml's API
    theirs = lxml.html.fromstring(html)
    native, python = _both(theirs)
    assert native == python
    _texts_alike(theirs)


def test_white_space_strip_removes() -> None:
    root = lxml.html.fromstring("<div><p>\u00a0\u3000 Caf\u00e9\u2028\t</p><p>\u200b x \u200b</p>"
                                "<p>\U0001f600</p><p> \u00a0 </p></div>")
    native, python = _both(root)
    assert native == python
    # strip() keeps U+200B (not white space) and drops NBSP, ideographic space, LS
    assert native.size[1:] == [4, 5, 1, 0]


def test_adjacent_text_and_cdata_nodes_join() -> None:
    parser = etree.XMLParser(strip_cdata=False)
    root = etree.fromstring(b"<r><a> x<![CDATA[ y ]]>z </a>tail<![CDATA[ t ]]><b/></r>", parser)
    native, python = _both(root)
    assert native == python
    assert native.size[1] == len("x y z") and native.size[0] == len("x y z") + len("tail t")
    _texts_alike(root)
    assert treewalk.text(root) == " x y z tail t " and treewalk.prose(root) == len("tail t ")


def test_namespaced_tags_entities_and_split_attribute_values() -> None:
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring(
        b'<!DOCTYPE r [<!ENTITY e "E">]><r xmlns:h="urn:h"><h:a class="k">x</h:a>'
        b'<p class="a&e;b" id="i">y&e;z</p><a>link</a><script>no</script></r>', parser)
    native, python = _both(root)
    assert native == python
    assert "{urn:h}a" in native.tags
    assert "a&e;b i" not in native.names and any(n and n.endswith(" i") for n in native.names)
    assert native.links[0] == len("link")
    # an entity reference is left to lxml (None), and text_of then reads through lxml
    assert treewalk.text(root) is None and treewalk.prose(root) is None
    assert treewalk.carrying(root, ("class",), False) is None
    assert treewalk.carrying(root, ("class",), True) is None
    assert _xpath.text_of(root) == _xpath.text_python(root) and "yEz" in _xpath.text_of(root)
    assert _xpath.carrying(root, "class") == _xpath.carrying_python(root, "class")
    assert _xpath.carrying_below(root, ("id",)) == [root[1]]
    # a value of several nodes is joined, entity and all, as lxml's get() reads it
    assert treewalk.carrying_among(list(root), ("class",), ("aEb",)) == [root[1]]
    assert _xpath.carrying_among_python(list(root), ("class",), ("aEb",)) == [root[1]]
    x_only = root[0]  # no entity below it: read in C; a namespaced <a> is not a link
    assert treewalk.text(x_only) == "x" and treewalk.prose(x_only) == 1


def test_attributes_as_lxml_reads_them() -> None:
    root = lxml.html.fromstring('<div class id="x" data-a=1><span style="s">t</span>'
                                '<i class="c" class="d">u</i></div>')
    native, python = _both(root)
    assert native == python
    assert native.classes[:3] == ["", None, "c"]
    assert native.names[:3] == [" x", None, "c "]
    assert native.hiding == [1]


def test_hiding_and_story_body_attributes_as_lxml_reads_them() -> None:
    root = lxml.html.fromstring(
        '<div><p hidden>a</p><p aria-hidden=false>b</p><p style="">c</p><p style=" ">d</p>'
        '<p itemprop=ArticleBody>e</p><p itemprop="articleBody x">f</p><p data-x=1>g</p>'
        '<p class=k id=i itemprop=articlebody style=s>h</p><a href=#>i</a></div>')
    native, python = _both(root)
    assert native == python
    assert native.hiding == [1, 2, 4, 8] and native.bodies == [5, 8]
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring(
        b'<!DOCTYPE r [<!ENTITY e "E">]><r xmlns:h="urn:h"><h:p style="x">a</h:p>'
        b'<p style="&e;" n="1">b</p><p itemprop="article&e;ody" n="1">c</p>'
        b'<p h:hidden="1" n="1">d</p><p itemprop="\xc4\xb0articlebody" n="1">e</p></r>', parser)
    native, python = _both(root)
    assert native == python
    assert native.hiding == [1, 2] and native.bodies == []


def test_long_texts_links_in_links_and_what_is_not_an_element() -> None:
    long = "w\u00e9rd " * 600  # past the C reading's stack room
    root = lxml.html.fromstring(f"<div><p role=x>{long}<b>{long}</b></p><!-- c -->"
                                "<p><a href=#>out <a>in</a></a> rest</p></div>")
    assert _texts_alike(root) > 0
    assert treewalk.text(root[0]) == long * 2
    comment = root[1]
    assert treewalk.text(comment) is None and treewalk.carrying(comment, ("role",), 0) is None
    assert treewalk.text("p") is None and treewalk.prose(None) is None
    assert treewalk.carrying(root[2], ("role",), False) == [root[0]]  # the document, as "//"
    assert treewalk.carrying(root, ("role", "href"), True) == [root[0], root[2][0]]
    assert treewalk.carrying(root[0], ("role",), True) == []  # below: not the element itself
    with pytest.raises(ValueError):
        treewalk.carrying(root, (), True)
    with pytest.raises(ValueError):
        treewalk.carrying(root, ("a",) * 9, True)
    with pytest.raises(TypeError):
        treewalk.carrying(root, ("a", 1), True)


@pytest.mark.parametrize(("html", "meet"), [
    # white space between every two text nodes, as markup's indentation leaves it
    ("<div><p>one</p>\n<p>two</p></div>", False),
    ("<div><p>one </p><p>two</p></div>", False),
    # words glued by markup alone, an empty node passed over, a comment between
    ("<div><p>one</p><p>two</p></div>", True),
    ("<div><p>one</p><p></p><p>two</p></div>", True),
    ("<div>one<!-- c -->two</div>", True),
    # edges of two, three and four bytes: NBSP, ideographic and line separators are white
    # space to str.isspace; a zero-width space is not
    ("<div><p>caf\u00e9</p><p>\u00e9t\u00e9</p></div>", True),
    ("<div><p>one\u00a0</p><p>two</p></div>", False),
    ("<div><p>one</p><p>\u3000two</p></div>", False),
    ("<div><p>one\u2028</p><p>two</p></div>", False),
    ("<div><p>one\u200b</p><p>two</p></div>", True),
    ("<div><p>\U0001f600</p><p>\U0001f600</p></div>", True),
    ("<div><p>one</p></div>", False),
])
def test_where_text_nodes_meet(html: str, meet: bool) -> None:
    root = lxml.html.fromstring(html)
    assert treewalk.words_meet(root) is meet
    assert _xpath.words_meet_python(root) is meet
    joined = " ".join(_xpath.text_nodes(root))
    assert (len(joined.split()) > len(_xpath.text_python(root).split())) is meet


def test_words_meet_leaves_entities_to_lxml() -> None:
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring(b'<!DOCTYPE r [<!ENTITY e "E">]><r><p>x&e;y</p></r>', parser)
    assert treewalk.words_meet(root) is None and treewalk.words_meet("p") is None


def _lines(el: etree._Element, before: bool, limit: int = 100) -> list[tuple[object, ...]]:
    native = treewalk.text_lines(el, limit, _SKIP, before)
    walk = _xpath.lines_before_python if before else _xpath.lines_after_python
    assert native == list(islice(walk(el, _SKIP), limit))
    return [(text, getattr(box, "tag", None), tail) for text, box, tail in native]


def test_text_lines_around_an_element() -> None:
    root = lxml.html.fromstring(
        "<div>lead<p>one <b>two</b> three<!-- c -->after comment</p>"
        "<h1 id=h>Title</h1><p>four<script>x()</script>five<i>\u00a0</i> \n<i>six</i></p>"
        "seven</div>")
    h1 = root.get_element_by_id("h")
    assert _lines(h1, False) == [("four", "p", False), ("five", "p", True),
                                 ("\u00a0", "i", False), ("six", "i", False),
                                 ("seven", "div", True)]
    # nearest first, a comment's tail included; an ancestor's text before its first child
    assert _lines(h1, True) == [("after comment", "p", True), (" three", "p", True),
                                ("two", "b", False), ("one ", "p", False), ("lead", "div", False)]
    assert _lines(h1, False, limit=2) == [("four", "p", False), ("five", "p", True)]
    assert treewalk.text_lines(h1, 0, _SKIP, False) == []
    assert treewalk.text_lines(root[0][1], 5, _SKIP, False) is None  # a comment
    with pytest.raises(ValueError):
        treewalk.text_lines(h1, 5, ("a",) * 9, False)


def test_text_lines_join_text_nodes_and_pass_entities() -> None:
    parser = etree.XMLParser(resolve_entities=False, strip_cdata=False)
    root = etree.fromstring(
        b'<!DOCTYPE r [<!ENTITY e "E">]><r><h/>a<![CDATA[b]]><p>x&e;y<q>z</q></p>&e;tail'
        b'<s>\xc3\xa9</s></r>', parser)
    assert _lines(root[0], False) == [("ab", "r", True), ("x", "p", False), ("z", "q", False),
                                      ("\u00e9", "s", False)]
    assert _lines(root[-1], True)[:2] == [("tail", "r", True), ("z", "q", False)]


def test_refuses_what_is_not_a_subtree_in_order() -> None:
    root = lxml.html.fromstring("<div><p>a</p><p>b</p></div>")
    order = list(root.iter())
    with pytest.raises(TypeError):
        treewalk.scan([root, "p"], JUNK_TAGS)
    with pytest.raises(ValueError):
        treewalk.scan([], JUNK_TAGS)
    with pytest.raises(ValueError):
        treewalk.scan([order[1], order[0]], JUNK_TAGS)


@pytest.mark.skipif(not STATE.compiled, reason="the C reading is used by compiled builds only")
def test_compiled_index_reads_in_c() -> None:
    assert textindex._NATIVE is treewalk.scan
    assert _xpath._TEXT is treewalk.text and _xpath._PROSE is treewalk.prose
    assert _xpath._CARRYING is treewalk.carrying and _xpath._LINES is treewalk.text_lines
    assert _xpath._MEET is treewalk.words_meet
    index = TextIndex(lxml.html.fromstring("<div><p class=a>hello</p></div>"))
    assert index.named[0][1] == "a " and index.depth == 1


@pytest.mark.skipif(not STATE.compiled, reason="the C reading is used by compiled builds only")
def test_a_reading_that_disagrees_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong(order: list[object], junk: frozenset[str]) -> tuple[object, ...]:
        return (*treewalk.scan(order, junk)[:4], 0, [], [], [], [])

    fake = types.ModuleType("scrapy_cleanarticle._treewalk")
    fake.scan = wrong  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scrapy_cleanarticle._treewalk", fake)
    with pytest.warns(RuntimeWarning, match="disagrees"):
        assert textindex._native_scan() is None
    monkeypatch.setitem(sys.modules, "scrapy_cleanarticle._treewalk", treewalk)
    assert textindex._native_scan() is treewalk.scan


@pytest.mark.skipif(not STATE.compiled, reason="the C reading is used by compiled builds only")
@pytest.mark.parametrize("wrong", ["text", "prose", "words_meet", "carrying", "text_lines"])
def test_text_readings_that_disagree_are_not_used(monkeypatch: pytest.MonkeyPatch,
                                                  wrong: str) -> None:
    fake = types.ModuleType("scrapy_cleanarticle._treewalk")
    for name in ("scan", "text", "prose", "words_meet", "carrying", "text_lines"):
        setattr(fake, name, getattr(treewalk, name))
    answer = {"text": "", "prose": 0, "words_meet": True, "carrying": [],
              "text_lines": []}[wrong]
    setattr(fake, wrong, lambda *args: answer)
    monkeypatch.setitem(sys.modules, "scrapy_cleanarticle._treewalk", fake)
    with pytest.warns(RuntimeWarning, match="disagrees"):
        assert _xpath._checked_reads() is None
    monkeypatch.setitem(sys.modules, "scrapy_cleanarticle._treewalk", treewalk)
    assert _xpath._checked_reads() is treewalk


def test_attribute_words_are_checked() -> None:
    """Up to eight names and eight words, each a str; a list is read element by element, and
    what is not an element in it is passed over."""
    root = lxml.html.fromstring("<div><p class='byline x' id=a>t</p><!-- c --><b rel=author>u</b>"
                                "<i class='Author'>v</i></div>")
    items = list(root.iter())
    assert treewalk.carrying_among(items, ("class", "rel"), ("uthor", "yline")) == [
        root[0], root[2], root[3]]
    assert treewalk.carrying(root, ("class",), True, ("yline",)) == [root[0]]
    assert treewalk.carrying(root, ("class",), True, ()) == [root[0], root[3]]
    # fold: the value's ASCII letters in lower case, and a value with other characters always
    # counts (the caller's own test reads its lower case); a word may start where another
    # one's first bytes failed ("dadate"), or end the value
    boxes = lxml.html.fromstring("<div><p class='Post-DATE'>1</p><p class='\u0130d'>2</p>"
                                 f"<p class='{'x' * 600}dadate'>3</p><p class='dat'>4</p>"
                                 "<p class='da'>5</p></div>")
    assert treewalk.carrying(boxes, ("class",), True, ("date",), True) == list(boxes)[:3]
    assert treewalk.carrying(boxes, ("class",), True, ("date",), False) == [boxes[2]]
    assert treewalk.carrying(boxes, ("class",), True, ("dat", "date"), False) == [
        boxes[2], boxes[3]]
    assert _xpath.carrying_below_python(boxes, ("class",), ("date",), True) == list(boxes)[:3]
    sixteen = tuple("abcdefghijklmnop")
    assert treewalk.carrying_among(items, ("class",), sixteen) == _xpath.carrying_among_python(
        items, ("class",), sixteen) == [root[0], root[3]]
    with pytest.raises(ValueError):
        treewalk.carrying_among(items, ("class",), tuple("abcdefghijklmnopq"))
    with pytest.raises(TypeError):
        treewalk.carrying_among(items, ("class",), (b"x",))
    with pytest.raises(TypeError):
        treewalk.carrying_among(tuple(items), ("class",), ("x",))
    with pytest.raises(ValueError):
        treewalk.carrying(root, (), True, ("x",))
