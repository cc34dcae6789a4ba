"""The per-page working state that the pipeline's stages read and write.

One ``Page`` exists per call and is never shared between calls or threads; stages are plain
functions of a ``Page``, so each can be run, timed and tested on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import lxml.html

from .config import CleanerConfig
from .rules import RuleSet, compile_rules
from .textindex import TextIndex

if TYPE_CHECKING:
    from .metadata import PageMetadata


class Paragraph(NamedTuple):
    """One rendered paragraph (``Page.paras``; ``render`` builds them). A NamedTuple: a long
    story makes hundreds, and a frozen dataclass costs several times more to build."""

    text: str
    kind: str  # "p", "h2".."h6", "li", "quote", "pre", "row"
    link_chars: int = 0


@dataclass
class Page:
    config: CleanerConfig
    url: str | None = None
    base_url: str = ""  # what relative URLs resolve against (api.read_metadata sets it)
    raw: str | bytes = ""
    content_type: str | None = None
    # False: the parse skips its whole-tree depth probe and the text index measures the depth
    # instead; a page found too deep is parsed again with the probe (api.clean_article)
    probe_depth: bool = False
    text: str = ""
    utf8: bytes | None = None  # the input, when it is exactly ``text`` in UTF-8 (decode.Decoded)
    encoding: str | None = None
    tree: lxml.html.HtmlElement | None = None
    meta: PageMetadata | None = None
    removed: Counter[str] = field(default_factory=Counter)
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    body: lxml.html.HtmlElement | None = None
    body_blocks: list[lxml.html.HtmlElement] = field(default_factory=list)
    paras: list[Paragraph] = field(default_factory=list)
    embedded_json: list[str] = field(default_factory=list)  # __NEXT_DATA__ & co, unparsed
    body_source: str | None = None  # "dom", "jsonld", "readability", "next_data"
    reason: str | None = None  # why there is no article, when there is none
    listing: bool = False  # the rules' container is a list of teasers (a verdict, not a cut)
    # Element sets hold the proxies alive, so membership tests are stable for the page's life.
    protected: set[lxml.html.HtmlElement] = field(default_factory=set)  # keep_selectors matches
    caption_nodes: set[lxml.html.HtmlElement] = field(default_factory=set)
    # boxes that held a button, input or select before junk removal: a sign-up prompt's markup
    control_boxes: set[lxml.html.HtmlElement] = field(default_factory=set)
    image_captions: dict[lxml.html.HtmlElement, str] = field(default_factory=dict)

    _index: TextIndex | None = None

    def text_index(self) -> TextIndex:
        """Text sizes and rule candidates, from one walk of the parsed page (see textindex)."""
        if self._index is None:
            self._index = TextIndex(self.root)
        return self._index

    @cached_property
    def rules(self) -> RuleSet:
        """Compiled once per configuration (``compile_rules`` caches); looked up once per page."""
        return compile_rules(self.config.extra_phrases, self.config.languages)

    def count(self, noise_class: str, n: int = 1) -> None:
        if n:
            self.removed[noise_class] += n

    @property
    def root(self) -> lxml.html.HtmlElement:
        if self.tree is None:
            raise RuntimeError("stage ran before parse")
        return self.tree
