"""parse_html: no silent loss on deep pages, no lxml exception escapes, safe characters only."""

from __future__ import annotations

import re
import threading

import hostile_corpus as hc
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from scrapy_cleanarticle import parse as parse_mod
from scrapy_cleanarticle.config import CleanerConfig
from scrapy_cleanarticle.errors import NotHTMLError, ParseError
from scrapy_cleanarticle.flatten import flatten_deep
from scrapy_cleanarticle.parse import parse_html

CFG = CleanerConfig()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _depth(root: etree._Element) -> int:
    best, todo = 0, [(root, 1)]
    while todo:
        el, d = todo.pop()
        best = max(best, d)
        todo.extend((child, d + 1) for child in el)
    return best


@pytest.mark.parametrize("depth", [250, 256, 300, 2047, 2049, 10_000, 100_000])
def test_deep_div_keeps_every_word(depth: int) -> None:
    raw = hc._deep(depth).decode()
    parsed = parse_html(raw, config=CFG)
    text = parsed.tree.text_content()
    for paragraph in hc.STORY_EN:
        assert paragraph in text
    assert "depth_flattened" in parsed.warnings
    assert "depth_loss" not in parsed.warnings
    assert _depth(parsed.tree) <= CFG.max_depth + 8


def test_deep_list_keeps_every_word() -> None:
    raw = hc._deep(20_000, "<ul><li>", "</li></ul>").decode()
    parsed = parse_html(raw, config=CFG)
    assert all(p in parsed.tree.text_content() for p in hc.STORY_EN)
    assert parsed.nodes < 1000  # empty flattened <li> are dropped, not kept by the thousand


def test_shallow_page_is_untouched() -> None:
    raw = hc._deep(100).decode()
    parsed = parse_html(raw, config=CFG)
    assert parsed.warnings == ()
    assert _depth(parsed.tree) >= 100


def test_max_depth_is_configurable() -> None:
    parsed = parse_html(hc._deep(100).decode(), config=CFG.replace(max_depth=40))
    assert "depth_flattened" in parsed.warnings
    assert _depth(parsed.tree) <= 48
    assert all(p in parsed.tree.text_content() for p in hc.STORY_EN)


def test_bare_lxml_really_loses_text() -> None:
    """The reason this module exists: if libxml2 ever stops dropping text, simplify."""
    root = lxml.html.document_fromstring(hc._deep(300).decode())
    assert hc.STORY_EN[-1] not in str(etree.tostring(root, method="text", encoding="unicode"))


def test_flatten_keeps_paragraphs_as_siblings() -> None:
    html = "<div><div><div><p>one</p><p>two</p><div><p>three</p></div></div></div></div>"
    flat = flatten_deep(html, 2)
    root = lxml.html.document_fromstring(f"<html><body>{flat}</body></html>")
    assert [p.text for p in root.iter("p")] == ["one", "two", "three"]
    assert _depth(root) <= 2 + 2 + 1  # html, body, two kept divs, p


def test_flatten_skips_comments_and_raw_text() -> None:
    html = "<div><div><!-- <div><div><div> --><script>'<div><div>'</script><p>x</p></div></div>"
    assert flatten_deep(html, 2) == html


_tag = st.sampled_from(["div", "span", "p", "ul", "li", "section", "b", "table", "td", "a"])


@st.composite
def nested(draw: st.DrawFn, depth: int = 0) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        if depth < 40 and draw(st.booleans()):
            tag = draw(_tag)
            close = draw(st.booleans())
            parts.append(f"<{tag}>{draw(nested(depth + 1))}" + (f"</{tag}>" if close else ""))
        else:
            parts.append(draw(st.text("abcxyz ", min_size=1, max_size=6)) + " ")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(nested(), st.integers(2, 12))
def test_flatten_never_loses_a_word(html: str, limit: int) -> None:
    before = lxml.html.document_fromstring(f"<html><body>{html}!</body></html>")
    parsed = parse_html(f"<html><body>{html}!</body></html>", config=CFG.replace(max_depth=limit))
    expected = str(etree.tostring(before, method="text", encoding="unicode"))
    assert _words(parsed.tree.text_content()) == _words(expected)


@pytest.mark.parametrize("text", ["<!-- only a comment -->", "   ", "\x00\x00", "<?pi x?>"])
def test_nothing_to_parse_is_not_html(text: str) -> None:
    with pytest.raises(NotHTMLError):
        parse_html(text, config=CFG)


def test_control_characters_are_removed() -> None:
    raw = hc.generate_one("nul_control_chars")[0].decode("utf-8", "surrogatepass")
    parsed = parse_html(raw, config=CFG)
    assert "control_chars" in parsed.warnings
    text = parsed.tree.text_content()
    assert not re.search("[\x00-\x08\x0e-\x1f\ufffe\uffff]", text)
    # every string in the tree must be assignable back into lxml
    for el in parsed.tree.iter():
        el.text = el.text
    assert hc.MARKER_EN in text


def test_control_characters_in_given_utf8_are_removed() -> None:
    """A response body handed over as UTF-8 (``utf8=``) gets the same checks as text."""
    raw = hc.generate_one("nul_control_chars")[0]
    text = raw.decode("utf-8", "surrogatepass")
    parsed = parse_html(text, config=CFG, utf8=raw)
    assert "control_chars" in parsed.warnings
    assert not re.search("[\x00-\x08\x0e-\x1f]", parsed.tree.text_content())


@pytest.mark.parametrize("page", [
    "<html><head><title>t</title></head><body><p>caf\u00e9 \u201cquoted\u201d \u4e2d\u6587</p></body></html>",
    "<?xml version='1.0' encoding='latin-1'?><p>after an XML declaration: \u00e9</p>",
])
def test_given_utf8_parses_like_the_text(page: str) -> None:
    """The bytes are used only when they are the text; a text the parse must change (an XML
    declaration cut) is encoded again, so the tree is the same either way."""
    plain = parse_html(page, config=CFG)
    given = parse_html(page, config=CFG, utf8=page.encode("utf-8"))
    assert etree.tostring(given.tree) == etree.tostring(plain.tree)
    assert given.warnings == plain.warnings


def test_control_character_references_are_removed() -> None:
    root = parse_html("<p>a&#1;b&#x0B;c&#31;d&#9;e&#123;f&#x1f600;</p>", config=CFG).tree
    text = root.text_content()
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    assert text.startswith("abcd") and "{" in text and "\U0001f600" in text


def test_lone_surrogates_are_removed() -> None:
    parsed = parse_html("<p>a\ud800b</p>", config=CFG)
    assert parsed.tree.text_content() == "ab"


@pytest.mark.parametrize("name", ["billion_laughs", "quadratic_blowup", "external_entity"])
def test_entities_are_never_expanded(name: str) -> None:
    parsed = parse_html(hc.generate_one(name)[0].decode(), config=CFG)
    text = parsed.tree.text_content()
    assert "lollollol" not in text and "root:x:0" not in text
    assert "]>" not in text
    assert len(text) < 100_000
    assert hc.MARKER_EN in text


def test_xhtml_with_declaration_and_namespaces() -> None:
    parsed = parse_html(hc.generate_one("xhtml_namespaces")[0].decode(), config=CFG)
    assert hc.MARKER_EN in parsed.tree.text_content()


def test_frameset_only_page_gets_a_body() -> None:
    parsed = parse_html(hc.FRAMESET.decode(), config=CFG)
    assert "frameset" in parsed.warnings
    body = parsed.tree.find("body")
    assert body is not None and "does not support frames" in body.text_content()
    assert parsed.tree.find(".//frame") is None


def test_skeleton_always_has_head_and_body() -> None:
    for text in ["plain words", "<p>x</p>", "<title>t</title>", "<svg><g/></svg>"]:
        root = parse_html(text, config=CFG).tree
        assert root.tag == "html"
        assert root.find("head") is not None and root.find("body") is not None


def test_unterminated_comment_keeps_text_before_it() -> None:
    parsed = parse_html(hc.generate_one("unterminated_comment")[0].decode(), config=CFG)
    assert hc.STORY_EN[-1] in parsed.tree.text_content()
    assert not list(parsed.tree.iter(etree.Comment))


def test_node_limit() -> None:
    html = "<html><body>" + "<p>x</p>" * 5000 + "</body></html>"
    parsed = parse_html(html, config=CFG.replace(max_nodes=1000))
    assert "node_limit" in parsed.warnings
    assert int(parsed.tree.xpath("count(//*)")) <= 1000


def test_lxml_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise etree.XMLSyntaxError("broken", 1, 1, 1)  # type: ignore[call-arg, arg-type]

    monkeypatch.setattr(etree, "fromstring", boom)
    with pytest.raises(ParseError):
        parse_html("<p>x</p>", config=CFG)


@pytest.mark.pure_python  # replaces a compiled module's function or constant
def test_non_text_is_a_typed_error() -> None:
    with pytest.raises(ParseError):
        parse_html(b"<p>x</p>", config=CFG)  # type: ignore[arg-type]


def test_parser_is_per_thread() -> None:
    seen: list[object] = []

    def grab() -> None:
        seen.append(parse_mod._parser())

    threads = [threading.Thread(target=grab) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(p) for p in seen}) == 3
    assert parse_mod._parser() is parse_mod._parser()


def test_junk_in_the_head_does_not_cost_the_body() -> None:
    """100,000 <meta> tags (issue 15, item 7) used to spend the whole node limit before <body>."""
    head = "<meta name='x' content='junk junk junk junk'>" * 100_000
    story = "".join(f"<p>Paragraph {i} of the story that must survive the junk.</p>"
                    for i in range(20))
    page = (f"<html><head><title>T</title><meta property='og:title' content='Real'>{head}"
            f"</head><body><article>{story}</article></body></html>")
    parsed = parse_html(page, config=CleanerConfig())
    assert "Paragraph 19 of the story" in parsed.tree.text_content()
    assert parsed.warnings == ("head_trimmed",)
    assert parsed.tree.xpath("//meta[@property='og:title']/@content") == ["Real"]
    assert parsed.nodes < CleanerConfig().max_nodes
