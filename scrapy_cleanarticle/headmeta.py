"""``clean_html`` with the head's metadata back (``CleanHtmlMiddleware``'s default function).

The noise stages drop ``<meta>``, ``<link>`` and ``<script>`` wherever they are, which is right
for the article body but leaves a spider callback without the OpenGraph tags, the canonical
link and the JSON-LD it reads from the head. This puts back what the original head declared,
in safe forms (metadata attributes only, no ``http-equiv``, no script URLs, JSON-LD as inert
data), and leaves the charset to :func:`with_charset`, which names the encoding the middleware
actually writes. It is HTML cleaning, beside ``clean_html``, and imports no Scrapy: the
middleware runs it in pool workers, and a standalone user may call it too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from .api import clean_html
from .config import CleanerConfig
from .decode import decode_html
from .sanitize import is_safe_url

#: Only this much of the page is searched for the head: a bounded cost for any input.
MAX_HEAD_CHARS = 512 * 1024
_HEAD_END = re.compile(r"<body[\s>/]|</head\s*>", re.IGNORECASE)
_HEAD_END_BYTES = re.compile(rb"<body[\s>/]|</head\s*>", re.IGNORECASE)
_HEAD_START = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_HEAD_CLOSE = re.compile(r"</head\s*>", re.IGNORECASE)
_JSONLD_TYPE = "application/ld+json"
_ATTRIBUTES = {"meta": ("name", "property", "itemprop", "content", "lang"),
               "link": ("rel", "href", "hreflang", "type", "title", "media", "sizes")}
_METADATA_RELS = frozenset({"canonical", "alternate", "amphtml", "author", "license",
                            "shortlink", "next", "prev"})


def clean_html_with_head(html: str | bytes, url: str | None = None, *,
                         config: CleanerConfig | None = None,
                         content_type: str | None = None) -> str:
    """:func:`~scrapy_cleanarticle.clean_html`, plus the original head's metadata."""
    config = config or CleanerConfig()
    cleaned = clean_html(html, url, config=config, content_type=content_type)
    if not cleaned:
        return cleaned
    head = _head_segment(cleaned)
    if head is None or "<meta" in head.text or "<script" in head.text:
        return cleaned  # no head to fill, or the cleaner kept the metadata itself
    return _insert(cleaned, head.end, head_metadata(_head_text(html, content_type, config)))


def _head_text(html: str | bytes, content_type: str | None, config: CleanerConfig) -> str:
    """The page up to its body as text. Most heads are valid UTF-8 (or ASCII) up to ``<body``,
    and for those decoding the whole page again, which costs as much as the rest of this
    module, gives the same characters; anything else goes through the full decoder."""
    if isinstance(html, str):
        return html
    end = _HEAD_END_BYTES.search(html, 0, MAX_HEAD_CHARS)
    prefix = html[:end.start() if end else MAX_HEAD_CHARS]
    if b"\x00" not in prefix[:1024]:  # UTF-16 is valid UTF-8 byte for byte, and wrong
        try:
            return prefix.decode("utf-8")
        except UnicodeDecodeError:
            pass  # another charset: the full decoder finds which
    return decode_html(html, content_type, config=config).text


def head_metadata(text: str) -> str:
    """The metadata elements of the page's head, serialized: meta, link and JSON-LD."""
    match = _HEAD_END.search(text, 0, MAX_HEAD_CHARS)
    prefix = text[:match.start() if match else MAX_HEAD_CHARS]
    if "<" not in prefix:
        return ""
    try:
        root = lxml.html.document_fromstring(prefix)
    except (etree.LxmlError, ValueError):
        return ""  # nothing readable before the body: nothing to put back
    kept: list[etree._Element] = []
    scripts: list[str] = []
    for el in root.iter("meta", "link", "script"):
        if el.tag == "script":
            if (el.get("type") or "").strip().lower() == _JSONLD_TYPE and el.text:
                scripts.append(_jsonld(el.text))
        elif _is_metadata(el):
            kept.append(el)
    parts = [_markup(el) for el in kept]
    return "\n".join(parts + scripts)


def with_charset(cleaned: str, encoding: str) -> str:
    """Name ``encoding`` in a ``<meta charset>``: the one the body is really written in."""
    head = _head_segment(cleaned)
    if head is None or "charset" in head.text.lower():
        return cleaned
    return _insert(cleaned, head.end, f'<meta charset="{encoding}">')


@dataclass(frozen=True)
class _Head:
    """Where the head's content starts in a serialized page, and that content."""

    end: int
    text: str


def _head_segment(page: str) -> _Head | None:
    start = _HEAD_START.search(page, 0, 4096)
    if start is None:
        return None
    close = _HEAD_CLOSE.search(page, start.end())
    return _Head(start.end(), page[start.end():close.start() if close else len(page)])


def _insert(page: str, at: int, markup: str) -> str:
    return page[:at] + "\n" + markup + page[at:] if markup else page


def _is_metadata(el: etree._Element) -> bool:
    """Worth putting back, and harmless: never the charset (``with_charset`` writes the real
    one) or ``http-equiv``; links only when they say something about the page (stylesheets,
    preloads and icons are many, and nothing reads them) and point at a safe URL. (``<base>``
    needs nothing: ``clean_html`` keeps the first one itself.)"""
    if el.tag == "meta":
        return el.get("charset") is None and el.get("http-equiv") is None
    href = el.get("href")
    rels = (el.get("rel") or "").lower().split()
    return not _METADATA_RELS.isdisjoint(rels) and bool(href) and is_safe_url(href)


def _markup(el: etree._Element) -> str:
    """The element alone, with only the attributes that carry metadata (no ``on*``, no
    ``style``): an allowlist, so nothing a browser or a spider would act on gets through."""
    attrs = "".join(f' {name}="{html.escape(str(el.get(name)), quote=True)}"'
                    for name in _ATTRIBUTES[el.tag] if el.get(name) is not None)
    return f"<{el.tag}{attrs}>"


def _jsonld(data: str) -> str:
    """JSON-LD as a script element whose text cannot end it early: ``<`` can only stand in a
    JSON string, where ``\\u003c`` means the same."""
    inert = data.strip().replace("<", "\\u003c")
    return f'<script type="{_JSONLD_TYPE}">{inert}</script>'


__all__ = ["MAX_HEAD_CHARS", "clean_html_with_head", "head_metadata", "with_charset"]
