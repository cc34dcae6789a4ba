from __future__ import annotations

import lxml.html

from scrapy_cleanarticle.textindex import TextIndex


def _tree() -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        "<html><body><div id='a' class='wrap'>Hello <a href='/x'>link text</a> tail"
        "<nav><a href='/'>Home</a></nav><p hidden>gone</p><img src='i.jpg'></div>"
        "<article><h1>Title</h1></article></body></html>")


def test_sizes_and_link_sizes_are_exact() -> None:
    root = _tree()
    index = TextIndex(root)
    div = root.get_element_by_id("a")
    a = div.find("a")
    assert index.size(a) == len("link text")
    assert index.link_size(a) == len("link text")
    # "Hello" + "link text" + "tail" + "Home" + "gone"
    assert index.size(div) == 5 + 9 + 4 + 4 + 4
    assert index.link_size(div) == 9 + 4
    assert index.prose(div) == index.size(div) - index.link_size(div)


def test_candidates_are_collected_in_one_walk() -> None:
    root = _tree()
    index = TextIndex(root)
    assert [el.tag for el in index.images] == ["img"]
    assert {el.tag for el in index.anchors} == {"article", "h1"}
    assert any(el.tag == "p" for el in index.maybe_hidden)
    assert any(value.strip() == "wrap a" for _el, value in index.named)


def test_remove_keeps_ancestors_exact_and_tracks_liveness() -> None:
    root = _tree()
    index = TextIndex(root)
    div = root.get_element_by_id("a")
    nav = div.find("nav")
    home = nav.find("a")
    before = index.size(div)
    index.remove(nav)
    assert index.size(div) == before - 4
    assert not index.alive(nav)
    assert not index.alive(home)  # inside a removed subtree
    assert index.alive(div.find("a"))
    assert nav.getparent() is None
