"""The text index's tree reading in C (``_treewalk.c``) reads what the lxml-API reading does.

Its results must equal :func:`scrapy_cleanarticle.textindex.scan_python` value for value, on
the bundled pages and on the node kinds an HTML parse rarely makes (adjacent text and CDATA
nodes, namespaced tags, entity references, attribute values of several nodes), where the C code
takes other paths. A build without a compiler has no ``_treewalk``: these tests then skip, and
tests/test_native.py fails a CI build that fell back to Python.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from scrapy_cleanarticle import textindex
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


@pytest.mark.parametrize("page", FIXTURES, ids=lambda p: p.stem)
def test_fixture_pages_read_alike(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    ours = parse_html(html, config=CleanerConfig()).tree
    native, python = _both(ours)
    assert native == python
    assert native.depth > 2 and max(native.size) > 100
    # lxml's own parser keeps comments: they take the path through lxml's API
    native, python = _both(lxml.html.fromstring(html))
    assert native == python


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


def test_attributes_as_lxml_reads_them() -> None:
    root = lxml.html.fromstring('<div class id="x" data-a=1><span style="s">t</span>'
                                '<i class="c" class="d">u</i></div>')
    native, python = _both(root)
    assert native == python
    assert native.classes[:3] == ["", None, "c"]
    assert native.names[:3] == [" x", None, "c "]
    assert native.rare == [0, 1]


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
    index = TextIndex(lxml.html.fromstring("<div><p class=a>hello</p></div>"))
    assert index.named[0][1] == "a " and index.depth == 1


@pytest.mark.skipif(not STATE.compiled, reason="the C reading is used by compiled builds only")
def test_a_reading_that_disagrees_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong(order: list[object], junk: frozenset[str]) -> tuple[object, ...]:
        return (*treewalk.scan(order, junk)[:4], 0, [], [], [])

    fake = types.ModuleType("scrapy_cleanarticle._treewalk")
    fake.scan = wrong  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scrapy_cleanarticle._treewalk", fake)
    with pytest.warns(RuntimeWarning, match="disagrees"):
        assert textindex._native_scan() is None
    monkeypatch.setitem(sys.modules, "scrapy_cleanarticle._treewalk", treewalk)
    assert textindex._native_scan() is treewalk.scan
