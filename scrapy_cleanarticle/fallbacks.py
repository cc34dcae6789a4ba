"""Where the visible DOM gives no body: JSON-LD ``articleBody``, embedded app JSON, Readability.

These run only when DOM selection found too little text, so their extra cost (Readability parses
the page again) is paid on a small minority of pages.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html

from .page import Page, Paragraph
from .render import paragraphs, to_text
from .textutil import squash

_EMBEDDED_IDS = frozenset({"__NEXT_DATA__", "__NUXT_DATA__"})
_BODY_KEYS = ("articleBody", "body", "content", "text", "html", "bodyHtml", "articleText",
              "contentHtml", "content_html", "story", "description")
_TAGS = re.compile(r"<[^>]{0,2000}>")
_MAX_JSON = 5_000_000


def capture_embedded(page: Page) -> None:
    """Keep embedded app state (``__NEXT_DATA__`` & co) before the noise stages drop every
    script. Only the raw JSON is kept: it is parsed and searched only when the DOM yields no
    body (see :func:`embedded_body`), since a large payload costs more than the whole page."""
    # iter() filters by tag in C; an XPath "//script[...]" visits every node of the page
    for script in page.root.iter("script"):
        if script.get("id") not in _EMBEDDED_IDS and script.get("type") != "application/json":
            continue
        raw = script.text or ""
        if 200 < len(raw) <= _MAX_JSON:
            page.embedded_json.append(raw)


def embedded_body(page: Page) -> str | None:
    """The longest article-like text in the page's embedded app state."""
    found: str | None = None
    for raw in page.embedded_json:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        best = _best_text(data)
        if best and (found is None or len(best) > len(found)):
            found = best
    return found


def _strings(data: Any, key: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    stack: list[tuple[Any, str, int]] = [(data, key, depth)]
    while stack:
        node, k, d = stack.pop()
        if d > 60:
            continue
        if isinstance(node, dict):
            stack.extend((v, str(kk), d + 1) for kk, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, k, d + 1) for v in node)
        elif isinstance(node, str) and len(node) >= 200:
            yield k, node


def _best_text(data: Any) -> str | None:
    best: str | None = None
    best_len = 0
    for key, value in _strings(data):
        if key not in _BODY_KEYS:
            continue
        text = _html_to_text(value) if "<" in value else value
        if len(text) > best_len and text.count(" ") > len(text) / 20:
            best, best_len = text, len(text)
    return best


def _html_to_text(value: str) -> str:
    value = re.sub(r"(?i)</?(?:p|div|h[1-6]|li|br|blockquote)\b[^>]{0,500}>", "\n\n", value)
    return htmllib.unescape(_TAGS.sub("", value))


def text_paragraphs(text: str) -> list[Paragraph]:
    parts = re.split(r"\n\s*\n|\n", text)
    return [Paragraph(squash(p), "p") for p in parts if squash(p)]


def body_from_fallbacks(page: Page) -> None:
    """Try JSON-LD articleBody, embedded JSON, then Readability; keep the longest that passes."""
    current = len(to_text(page.paras))
    options: list[tuple[str, list[Paragraph], list[lxml.html.HtmlElement]]] = []
    meta = page.meta
    if page.config.use_jsonld_body and meta and meta.jsonld_body:
        options.append(("jsonld", text_paragraphs(meta.jsonld_body), []))
    embedded = embedded_body(page)
    if embedded:
        options.append(("next_data", text_paragraphs(embedded), []))
    if page.config.use_readability_fallback and not options:
        blocks = _readability_blocks(page)
        if blocks:
            saved = page.body_blocks
            page.body_blocks = blocks
            options.append(("readability", paragraphs(page), blocks))
            page.body_blocks = saved
    for source, paras, blocks in options:
        length = len(to_text(paras))
        if length >= page.config.min_body_chars and length > current:
            page.paras, page.body_blocks, page.body_source = paras, blocks, source
            current = length


def _readability_blocks(page: Page) -> list[lxml.html.HtmlElement]:
    from readability import Document  # imported lazily: it is only the last resort

    cleaned = lxml.html.tostring(page.root, encoding="unicode")
    try:
        summary = Document(cleaned).summary(html_partial=True)
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception as exc:  # noqa: BLE001 - readability raises bare Exception subclasses
        page.warnings.append(f"readability_failed:{type(exc).__name__}")
        return []
    return [root]


def paragraphs_to_html(paras: list[Paragraph]) -> str:
    out = []
    for p in paras:
        tag = p.kind if p.kind.startswith("h") else "p"
        out.append(f"<{tag}>{htmllib.escape(p.text)}</{tag}>")
    return "<div>" + "".join(out) + "</div>"
