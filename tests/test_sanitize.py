"""sanitize_tree / is_safe_url: nothing that runs script survives, whatever the markup.

The property tests check the *serialized* output by re-parsing it, the way a browser would meet
it, with a checker written independently of the sanitizer's own rules.
"""

from __future__ import annotations

import html as html_mod
import re

import hostile_corpus as hc
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from scrapy_cleanarticle import clean_article, clean_html
from scrapy_cleanarticle.errors import CleanArticleError
from scrapy_cleanarticle.sanitize import is_safe_css, is_safe_url, sanitize_tree

BANNED_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
               "input", "button", "textarea", "select", "base", "style", "svg", "template",
               "noscript"}
_WS = re.compile(r"[\s\x00-\x20\x7f-\xa0\u200b-\u200f\ufeff]+")


def _flat(value: str) -> str:
    for _ in range(4):
        value = html_mod.unescape(value)
    return _WS.sub("", value).lower()


def assert_safe_html(markup: str) -> None:
    """Independent check: re-parse, walk every element and attribute."""
    assert "<script" not in markup.lower()
    if not markup.strip():
        return
    root = lxml.html.document_fromstring(f"<html><body>{markup}</body></html>")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        assert tag not in BANNED_TAGS - {"base"}, tag
        assert tag != "meta" or "http-equiv" not in el.attrib, el.attrib
        if tag == "base":
            assert _flat(el.get("href", "")).startswith(("http:", "https:")), el.attrib
        for raw_name, raw_value in el.attrib.items():
            name, value = str(raw_name), str(raw_value)
            assert not name.lower().startswith("on"), (tag, name)
            flat = _flat(value)
            assert not flat.startswith(("javascript:", "vbscript:", "data:text/html", "livescript:")), \
                (tag, name, value)
            if name.lower() == "style":
                assert "expression(" not in flat and "javascript:" not in flat, value


def test_the_xss_page() -> None:
    raw, ctype = hc.generate_one("xss_payloads")
    article = clean_article(raw, "https://example.com/x", content_type=ctype)
    assert hc.MARKER_EN in article.articleBody
    assert_safe_html(article.articleBodyHtml)
    assert_safe_html(clean_html(raw, "https://example.com/x", content_type=ctype))


@pytest.mark.parametrize("payload", hc.XSS_PAYLOADS)
def test_each_payload_alone(payload: str) -> None:
    root = lxml.html.document_fromstring(f"<html><body><div>{payload}</div></body></html>")
    sanitize_tree(root)
    assert_safe_html(lxml.html.tostring(root, encoding="unicode"))


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " \x01javascript:alert(1)", "java\nscript:x",
    "java\tscript:x", "jav&#x09;ascript:x", "&#106;&#97;&#118;&#97;script:x", "&#x6A;avascript&colon;x",
    "&amp;#106;avascript:x", "vbscript:msgbox", "VBSCRIPT:x", "data:text/html,<script>",
    "DATA:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml,<svg onload=x>", "livescript:x",
    "java\u200bscript:x", "\ufeffjavascript:x", "javascript\x00:x", "feed:javascript:x",
    "jar:file:x", "file:///etc/passwd", "view-source:x", "ms-its:x",
])
def test_unsafe_urls(url: str) -> None:
    assert not is_safe_url(url)


@pytest.mark.parametrize("url", [
    "https://example.com/a?b=javascript:x", "/relative/path", "page.html", "#frag", "?q=1",
    "//cdn.example.com/x.png", "mailto:a@example.com", "tel:+123", "data:image/png;base64,iVBO",
    "", None, "HTTP://EXAMPLE.COM", "./a:b", "a/b:c",
])
def test_safe_urls(url: str | None) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize("css,safe", [
    ("color: red; font-weight: bold", True), ("width: expression(alert(1))", False),
    ("width: e\\78pression(alert(1))", False), ("width: exp/**/ression(alert(1))", False),
    ("background: url(javascript:alert(1))", False), ("background:url('https://x/y.png')", True),
    ("behavior: url(x.htc)", False), ("-moz-binding: url(x.xml#y)", False),
    ("@import 'x.css'", False), ("background: url( &quot;javascript:x&quot; )", False),
])
def test_css(css: str, safe: bool) -> None:
    assert is_safe_css(css) is safe


def test_form_is_unwrapped_not_dropped() -> None:
    root = lxml.html.document_fromstring(
        "<html><body><form action='/x'><article><p>story text</p><input name=q>"
        "<button>go</button></article></form></body></html>")
    sanitize_tree(root)
    out = lxml.html.tostring(root, encoding="unicode")
    assert "story text" in out and "<form" not in out and "<input" not in out


def test_tails_survive_removal() -> None:
    root = lxml.html.fragment_fromstring("<p>a<script>x</script>b<!-- c -->d<iframe></iframe>e</p>")
    sanitize_tree(root)
    assert root.text_content() == "abde"


def test_dangerous_root_is_emptied() -> None:
    root = lxml.html.fragment_fromstring("<script>alert(1)</script>")
    sanitize_tree(root)
    assert root.tag == "div" and not root.text_content()


def test_head_keeps_safe_metadata_only() -> None:
    root = lxml.html.document_fromstring(
        "<html><head><base href='javascript:x//'><base href='https://a.example/'>"
        "<meta property='og:title' content='T'><meta http-equiv='refresh' content='0;url=x'>"
        "<link rel='canonical' href='https://a.example/c'><link rel='stylesheet' href='s.css'>"
        "<link rel='import' href='x.html'></head><body><p>x</p></body></html>")
    sanitize_tree(root)
    assert root.findall(".//base") == []  # the first <base> was unsafe: none may take its place
    assert [m.get("property") for m in root.iter("meta")] == ["og:title"]
    assert [link.get("rel") for link in root.iter("link")] == ["canonical"]


def test_uppercase_tags_built_by_code() -> None:
    root = lxml.html.fragment_fromstring("<div></div>")
    etree.SubElement(root, "SCRIPT").text = "alert(1)"
    etree.SubElement(root, "p", ONCLICK="x").text = "ok"
    sanitize_tree(root)
    assert lxml.html.tostring(root, encoding="unicode") == "<div><p>ok</p></div>"


# --- property tests -------------------------------------------------------------------------------

_SCHEMES = ["javascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "java\tscript:",
            "&#106;avascript:", "jav&#x0A;ascript:", " javascript:", "\x01javascript:",
            "https://ok.example/", "/rel/", "data:image/png;base64,x"]
_TAGS = ["a", "img", "div", "p", "script", "SCRIPT", "iframe", "object", "embed", "form",
         "svg", "math", "style", "meta", "base", "link", "frameset", "frame", "noscript",
         "template", "table", "video", "source", "details", "xmp", "textarea", "title", "button"]
_ATTRS = ["href", "src", "action", "formaction", "onclick", "ONLOAD", "onerror", "style",
          "xlink:href", "srcset", "data", "poster", "background", "http-equiv", "content", "title"]
_VALUES = st.one_of(
    st.builds(lambda s, t: s + t, st.sampled_from(_SCHEMES), st.sampled_from(["alert(1)", "x"])),
    st.sampled_from(["expression(alert(1))", "e\\78pression(1)", "url(javascript:x)",
                     "0;url=javascript:alert(1)", "refresh", "color:red"]),
    st.text(max_size=12),
)


@st.composite
def hostile_markup(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.integers(0, 9))
        if kind < 6 and depth < 3:
            tag = draw(st.sampled_from(_TAGS))
            attrs = "".join(
                f" {draw(st.sampled_from(_ATTRS))}=\"{draw(_VALUES).replace(chr(34), '&quot;')}\""
                for _ in range(draw(st.integers(0, 3))))
            inner = draw(hostile_markup(depth + 1))
            close = f"</{tag}>" if draw(st.booleans()) else ""
            parts.append(f"<{tag}{attrs}>{inner}{close}")
        elif kind < 8:
            parts.append(draw(st.sampled_from(hc.XSS_PAYLOADS)))
        else:
            parts.append(draw(st.sampled_from(["story words here ", "<!-- c -->", "<![CDATA[x]]>",
                                               "&lt;script&gt;", "</p>", "<p>", "\x00", "<"])))
    return "".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markup())
def test_sanitized_tree_is_always_safe(markup: str) -> None:
    root = lxml.html.document_fromstring(f"<html><body><div>{markup}</div></body></html>")
    sanitize_tree(root)
    assert_safe_html(lxml.html.tostring(root, encoding="unicode"))


_STORY = "".join(f"<p>{p}</p>" for p in hc.STORY_EN)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markup(), hostile_markup())
def test_pipeline_outputs_are_always_safe(before: str, inside: str) -> None:
    page = (f"<html><head><title>T</title>{before}</head><body><article>"
            f"{_STORY}<div>{inside}</div>{_STORY}</article></body></html>")
    with hc.time_limit(30):
        try:
            article = clean_article(page, "https://example.com/a")
            out = clean_html(page, "https://example.com/a")
        except CleanArticleError:
            return
    assert_safe_html(article.articleBodyHtml)
    assert_safe_html(out)
