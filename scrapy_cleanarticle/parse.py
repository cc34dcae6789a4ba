"""str -> lxml tree. (Stub: the hostile-input work replaces this with the defensive parser.)"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml import etree

from .config import CleanerConfig
from .errors import NotHTMLError, ParseError


@dataclass(frozen=True)
class Parsed:
    tree: lxml.html.HtmlElement
    warnings: tuple[str, ...] = ()


_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)


def parse_html(text: str, *, config: CleanerConfig) -> Parsed:
    text = text.replace("\x00", "")
    if not text.strip():
        raise NotHTMLError("no text")
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"lxml could not parse the page: {exc}") from exc
    return Parsed(root)
