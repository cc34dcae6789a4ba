"""Is this response a web page? Decided before any cleaning, so images and PDFs never reach
the cleaner and are counted as skipped instead of failing as errors.

The ``Content-Type`` header decides when it names a type. When it is missing or says only
"some bytes" (``application/octet-stream``), the body is sniffed the way browsers do (WHATWG
MIME sniffing): after white space and a byte-order mark, markup starts with one of a few tags.
No Scrapy import: the pipeline reads the header from an item, not from a response.
"""

from __future__ import annotations

import re

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Headers that say nothing about the format: the body decides.
UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream",
                           "application/unknown", "unknown/unknown", "application/x-unknown"})
SNIFF_BYTES = 1024
# The WHATWG "text/html" patterns, plus a few block tags crawled fragments often start with.
_MARKUP_START = re.compile(
    r"<(?:!doctype\s+html|html|head|script|iframe|h[1-6]|div|font|table|a|style|title|b|body"
    r"|br|p|meta|link|article|section|main|header|!--)[\s>/]", re.IGNORECASE)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def media_type(content_type: str | None) -> str:
    """``text/html; charset=utf-8`` -> ``text/html``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_html(content_type: str | None, body: bytes | str) -> bool:
    """True if the header says HTML, or says nothing useful and the body starts like markup."""
    declared = media_type(content_type)
    if declared in HTML_TYPES:
        return True
    if declared not in UNKNOWN_TYPES:
        return False
    return looks_like_markup(body)


def looks_like_markup(body: bytes | str) -> bool:
    head = body[:SNIFF_BYTES]
    text = head if isinstance(head, str) else _prefix_text(head)
    return _MARKUP_START.match(text.lstrip(" \t\r\n\f\ufeff")) is not None


def _prefix_text(head: bytes) -> str:
    """Enough of a decoding to see ASCII markup: UTF-16 by its BOM, or without one by the NUL
    beside an ASCII first character; else byte for byte."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(codec, "replace")
    if head[:1] != b"\x00" and head[1:2] == b"\x00":
        return head.decode("utf-16-le", "replace")
    if head[:1] == b"\x00" and head[1:2] != b"\x00":
        return head.decode("utf-16-be", "replace")
    return head.decode("latin-1")


__all__ = ["HTML_TYPES", "UNKNOWN_TYPES", "is_html", "looks_like_markup", "media_type"]
