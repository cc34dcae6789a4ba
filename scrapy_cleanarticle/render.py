"""Every renderer: the selected body as typed paragraphs, plain text, sanitized HTML and Markdown.

The paragraphs come from one walk over the body (``etree.iterwalk``: no recursion, so deep trees
are safe); text and Markdown are views of that list, and the HTML is an allowlisted copy of the
same nodes (or, for a body that has no nodes, made from the paragraphs). Rendering decides
nothing about the story: which paragraphs belong to it is the selection stage's call
(``content.filter_paragraphs``).
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from copy import deepcopy

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from ._xpath import elements, text_of
from .page import Page, Paragraph
from .parse import element
from .sanitize import is_safe_url
from .tags import BLOCK, CELLS, INLINE, SUBHEADINGS, paragraph_divs
from .textutil import fold, squash
from .urls import resolve, web_url

SKIP_TEXT = frozenset({"figcaption", "picture", "video", "audio", "source",
                       "caption"})
ALLOWED_HTML = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
                          "code", "figure", "img", "figcaption", "table", "thead", "tbody", "tr",
                          "td", "th", "a", "em", "strong", "b", "i", "br", "sub", "sup"})
_SRCSET = re.compile(r"\s\d+(?:\.\d+)?[wx]\b")  # a srcset list where a single URL belongs


def _kind(tag: str) -> str:
    if tag in SUBHEADINGS or tag == "h1":
        return tag
    if tag == "li":
        return "li"
    if tag == "blockquote":
        return "quote"
    if tag == "pre":
        return "pre"
    if tag == "tr":
        return "row"
    return "p"


# A block's paragraph kind; containers ("") take their parent's.
_BLOCK_KINDS = {tag: "" if tag in ("div", "section", "article", "main") else _kind(tag)
                for tag in BLOCK}


def render_blocks(blocks: list[HtmlElement], skip_nodes: set[HtmlElement]) -> list[Paragraph]:
    """Typed paragraphs of ``blocks``, in document order, without the nodes in ``skip_nodes``
    (repeated captions). Nothing is filtered: which paragraphs belong to the story is the
    selection stage's call (``content.filter_paragraphs``)."""
    out: list[Paragraph] = []
    for block in blocks:
        _walk(block, out, skip_nodes)
    return out


def _walk(block: HtmlElement, out: list[Paragraph], skip_nodes: set[HtmlElement]) -> None:
    buf: list[str] = []
    links = 0
    kinds: list[str] = ["p"]
    link_depth = 0
    skip_depth = 0
    pre_depth = 0

    def flush() -> None:
        nonlocal links
        raw = "".join(buf)
        # most buffers between blocks hold only the white space of the markup's indentation
        text = raw.strip() if pre_depth else "" if raw.isspace() else squash(raw)
        if text:
            out.append(Paragraph(text, kinds[-1], min(links, len(text))))
        buf.clear()
        links = 0

    # el.tag, el.text and el.tail each build a new str on every access: read each once.
    # flush() is called only on a non-empty buffer: most block boundaries close nothing.
    append = buf.append
    for event, el in etree.iterwalk(block, events=("start", "end")):
        tag = el.tag
        if tag.__class__ is not str:
            tag = ""
        if event == "start":
            if skip_depth or tag in SKIP_TEXT or el in skip_nodes or not tag:
                skip_depth += 1
                continue
            if tag in BLOCK:
                if buf:
                    flush()
                kinds.append(_BLOCK_KINDS.get(tag) or kinds[-1])
                if tag == "pre":
                    pre_depth += 1
            elif tag == "a":
                link_depth += 1
            elif tag == "br":
                append("\n" if pre_depth else " ")
                nxt = el.getnext()
                if not pre_depth and nxt is not None and nxt.tag == "br":
                    flush()
            elif tag in CELLS and buf and "".join(buf).strip():
                append(" | ")  # a table row is one paragraph, its cells joined
            text = el.text
            if text:
                append(text)
                if link_depth:
                    links += len(text.strip())
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth == 0 and el is not block:
                    tail = el.tail
                    if tail:
                        append(tail)
                continue
            if tag == "a":
                link_depth -= 1
            elif tag in BLOCK:
                if buf:
                    flush()
                kinds.pop()
                if tag == "pre":
                    pre_depth -= 1
            if el is not block:
                tail = el.tail
                if tail:
                    append(tail)
                    if link_depth:
                        links += len(tail.strip())
    if buf:
        flush()


def to_text(paras: list[Paragraph]) -> str:
    return "\n\n".join(p.text for p in paras)


def to_markdown(paras: list[Paragraph]) -> str:
    lines: list[str] = []
    for p in paras:
        if p.kind in SUBHEADINGS:
            lines.append("#" * int(p.kind[1]) + " " + p.text)
        elif p.kind == "li":
            lines.append("- " + p.text)
        elif p.kind == "quote":
            lines.append("> " + p.text)
        elif p.kind == "pre":
            lines.append("```\n" + p.text + "\n```")
        else:
            lines.append(p.text)
    return "\n\n".join(lines)


def paragraphs_to_html(paras: list[Paragraph]) -> str:
    """HTML for a body that has no nodes of its own (JSON-LD or app-state text)."""
    out = []
    for p in paras:
        tag = p.kind if p.kind.startswith("h") else "p"
        out.append(f"<{tag}>{htmllib.escape(p.text)}</{tag}>")
    return "<div>" + "".join(out) + "</div>"


def to_html(page: Page, *, consume: bool = False) -> str:
    """An allowlisted copy of the body: structure and links kept, everything else unwrapped.

    The copy is made in C (``deepcopy``, then ``strip_elements`` / ``strip_tags``); Python only
    visits the allowed elements that are left, to set their few attributes. ``consume``: the
    page's tree is read no more (the last stage of ``clean_article``), so the blocks themselves
    are moved into the output and rewritten, which saves the copy (a fifth of the cost);
    blocks nested in one another are copied all the same, since a node can be moved only once.
    """
    container = element("div")
    repeated: list[HtmlElement] = []  # copies of repeated captions
    no_alt: set[HtmlElement] = set()  # copies of images whose alt repeats their caption
    captions = _captions_by_block(page)
    blocks = page.body_blocks
    in_place = consume and _apart(blocks)
    copies = blocks if in_place else [deepcopy(block) for block in blocks]
    # every verdict is read off the tree as it stands before any block is moved out of it
    for block, copy in zip(blocks, copies, strict=True):
        _pair_copies(block, copy, page, captions.get(block, ()), repeated, no_alt)
    for copy in copies:
        copy.tail = None
        container.append(copy)
    for el in repeated:
        if el.getparent() is not None:
            el.drop_tree()  # a repeated caption: gone, its tail text kept
    etree.strip_elements(container, "script", "style", "h1", etree.Comment, etree.Entity,
                         etree.ProcessingInstruction, with_tail=False)
    for div in paragraph_divs(container):
        # a div that holds only inline content is a paragraph (Readability's div-to-p): it
        # becomes a <p> instead of being unwrapped into one run of text with its neighbours
        parent = div.getparent()
        if parent is not None and parent.tag not in INLINE and \
                text_of(div).strip():
            div.tag = "p"
    unwanted = {el.tag for el in container.iterdescendants()} - ALLOWED_HTML
    if unwanted:  # unwrapped, text kept (the container itself is never stripped)
        etree.strip_tags(container, *unwanted)
    for el in elements(_WITH_ATTRIBUTES, container):  # most body elements carry none
        if el.tag in _ATTRIBUTE_TAGS:
            attrs = _allowed_attrs(el, page, keep_alt=el not in no_alt)
            el.attrib.clear()
            for key, value in attrs:
                el.set(key, value)
        else:
            el.attrib.clear()
    # No sanitize_tree pass: the allowlist above is the sanitizer (no tag that can run script,
    # and only href/src that passed is_safe_url, alt text, and numeric colspan/rowspan).
    html = lxml.html.tostring(container, encoding="unicode", method="html")
    return str(html)


_WITH_ATTRIBUTES = etree.XPath("descendant::*[@*]")
_ATTRIBUTE_TAGS = frozenset({"a", "img", "td", "th"})  # the only ones that keep attributes


def _captions_by_block(page: Page) -> dict[HtmlElement, list[HtmlElement]]:
    """The repeated captions (not figcaptions) inside each body block: one walk up from each
    caption, instead of one per caption and block (the scorer's bodies have hundreds of
    blocks)."""
    blocks = set(page.body_blocks)
    inside: dict[HtmlElement, list[HtmlElement]] = {}
    for node in page.caption_nodes:
        if node.tag == "figcaption":
            continue
        for holder in (node, *node.iterancestors()):
            if holder in blocks:
                inside.setdefault(holder, []).append(node)
    return inside


def _apart(blocks: list[HtmlElement]) -> bool:
    """Whether no block is listed twice or holds another one."""
    listed = set(blocks)
    return len(listed) == len(blocks) and not any(
        anc in listed for block in blocks for anc in block.iterancestors())


def _pair_copies(block: HtmlElement, copy: HtmlElement, page: Page,
                 captions: Iterable[HtmlElement], repeated: list[HtmlElement],
                 no_alt: set[HtmlElement]) -> None:
    """Carry verdicts about source nodes (repeated ``captions`` inside ``block``, alts that
    repeat a caption) over to their copies: the copy has the same shape, so a node's path of
    child positions from the block leads to its copy."""
    for node in captions:
        dup = _counterpart(block, copy, node)
        if dup is not None:
            repeated.append(dup)
    if page.image_captions:
        for src, dup in zip(block.iter("img"), copy.iter("img"), strict=True):
            alt = src.get("alt")
            if alt and _alt_repeats_caption(src, alt, page):
                no_alt.add(dup)


def _counterpart(block: HtmlElement, copy: HtmlElement, node: HtmlElement) -> HtmlElement | None:
    """``node``'s copy inside ``copy`` (a deepcopy of ``block``), or None if it is not inside.
    Most caption nodes sit in other blocks: the ancestors are walked first, and child positions
    (``index()``, a scan of the siblings) are read only on a path that reaches ``block``."""
    steps: list[tuple[HtmlElement, HtmlElement]] = []
    while node is not block:
        parent = node.getparent()
        if parent is None:
            return None
        steps.append((parent, node))
        node = parent
    for parent, child in steps[::-1]:
        copy = copy[parent.index(child)]
    return copy


def _allowed_attrs(el: HtmlElement, page: Page, *, keep_alt: bool) -> list[tuple[str, str]]:
    base = page.base_url
    tag = el.tag
    if tag == "a":
        href = el.get("href")
        if href and is_safe_url(href) and not href.startswith("#"):
            link = resolve(href, base)
            return [("href", link)] if link else []
    elif tag == "img":
        attrs = []
        url = image_url(el)
        src = web_url(url, base) if url and is_safe_url(url) else None
        if src:
            attrs.append(("src", src))
        alt = el.get("alt")
        if alt and keep_alt:
            attrs.append(("alt", alt))
        return attrs
    elif tag in ("td", "th"):
        return [(attr, el.get(attr, "")) for attr in ("colspan", "rowspan")
                if el.get(attr, "").isdigit()]
    return []


def _alt_repeats_caption(img: HtmlElement, alt: str, page: Page) -> bool:
    """The caption is kept once: an alt that repeats a visible figcaption is dropped."""
    caption = page.image_captions.get(img)
    if not caption or fold(caption) != fold(alt):
        return False
    return bool(img.xpath("ancestor::figure[1]//figcaption"))


def image_url(img: HtmlElement) -> str | None:
    """The real source of an image, looking past lazy-loading placeholders."""
    for attr in ("data-src", "data-lazy-src", "data-original", "data-srcset", "src", "srcset"):
        value = str(img.get(attr) or "").strip()
        if not value:
            continue
        if attr.endswith("srcset") or _SRCSET.search(value):
            value = value.split(",")[0].strip().split(" ")[0]
        if value.startswith("data:"):
            continue
        return value
    return None


__all__ = ["image_url", "paragraphs_to_html", "render_blocks", "to_html", "to_markdown", "to_text"]
