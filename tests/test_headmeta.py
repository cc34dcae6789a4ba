"""What ``CleanHtmlMiddleware``'s cleaning puts back into the head, and what it never does."""

from __future__ import annotations

import json

import lxml.html

from scrapy_cleanarticle.headmeta import clean_html_with_head, head_metadata, with_charset

STORY = "<p>" + "The council approved the bridge plan after a long debate on Monday. " * 6 + "</p>"
HEAD = """<head><meta charset="windows-1252"><meta http-equiv="refresh" content="0;url=http://evil">
<title>Bridge</title><meta property="og:title" content="Bridge: the plan" onload="alert(1)">
<meta name="description" content="Caf\u00e9 talk" style="x" weird...attr="1">
<link rel="canonical" href="https://example.org/bridge"><link rel="stylesheet" href="/s.css">
<link rel="alternate" href="javascript:alert(1)"><base href="https://example.org/news/">
<base href="https://evil.example/"><script>var x = 1;</script>
<script type="application/ld+json">{"headline": "Bridge <b>plan</b> <!-- x"}</script></head>"""
PAGE = f"<html>{HEAD}<body><article>{STORY}</article></body></html>"


def _head(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(markup).find("head")


def test_metadata_is_put_back_in_safe_forms() -> None:
    out = clean_html_with_head(PAGE.encode("utf-8"), "https://example.org/bridge")
    head = _head(out)
    assert head.xpath("string(//meta[@property='og:title']/@content)") == "Bridge: the plan"
    assert head.xpath("string(//meta[@name='description']/@content)") == "Caf\u00e9 talk"
    assert head.xpath("//link/@href") == ["https://example.org/bridge"]
    assert head.xpath("//base/@href") == ["https://example.org/news/"]
    assert not head.xpath("//meta[@http-equiv or @charset] | //@onload | //@style")
    (script,) = head.xpath("//script")
    assert script.get("type") == "application/ld+json"
    assert json.loads(script.text)["headline"] == "Bridge <b>plan</b> <!-- x"
    assert "<" not in script.text  # nothing in it can end the script or open a comment
    assert "alert" not in out and "evil" not in out


def test_charset_names_the_written_encoding_once() -> None:
    out = with_charset(clean_html_with_head(PAGE, "https://example.org/"), "cp1251")
    assert _head(out).xpath("//meta/@charset") == ["cp1251"]
    assert with_charset(out, "utf-8") == out


def test_no_head_or_no_markup_gives_nothing() -> None:
    assert head_metadata("just text") == ""
    assert head_metadata("<html><body><p>x</p></body></html>") == ""


def test_the_old_settings_path_still_names_the_function() -> None:
    """CLEANARTICLE_CLEAN_HTML_FUNCTION values written before the move keep working."""
    from scrapy_cleanarticle.scrapy import headmeta as old_home

    assert old_home.clean_html_with_head is clean_html_with_head
