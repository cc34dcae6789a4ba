"""Render the selected body as plain text, sanitized HTML and Markdown.

All three come from one walk over the body (``etree.iterwalk``: no recursion, so deep trees are
safe), which produces typed paragraphs; text and Markdown are views of that list, and the HTML is
an allowlisted copy of the same nodes.
"""

from __future__ import annotations

import re
from copy import deepcopy

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from ._xpath import elements, text_of
from .page import Page, Paragraph
from .parse import element
from .sanitize import is_safe_url
from .textutil import fold, squash
from .urls import resolve, web_url

BLOCK = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3",
                   "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "thead", "tbody", "dd",
                   "dt", "dl", "header", "figure", "figcaption", "address", "center", "hr",
                   "details", "summary", "caption"})
CELLS = frozenset({"td", "th"})
SKIP_TEXT = frozenset({"figcaption", "picture", "video", "audio", "source",
                       "caption"})
ALLOWED_HTML = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
                          "code", "figure", "img", "figcaption", "table", "thead", "tbody", "tr",
                          "td", "th", "a", "em", "strong", "b", "i", "br", "sub", "sup"})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_BYLINE = re.compile(r"^\W*(?:(?:written|posted|published|reported|words|text|story)\s+by|"
                     r"by|von|par|por|di|door|av|af|przez|от)\s+\w[^.!?]{0,60}"
                     r"(?:[·|•,–-]\s*\d|$)", re.I)
# Unrendered CMS shortcodes such as [button link="..."] or [/caption] leak into some pages.
_SHORTCODE = re.compile(r"\[/[a-z][a-z0-9_-]{1,30}\]"
                        r"|\[[a-z][a-z0-9_-]{1,30}\s+[a-z_-]{1,30}\s*=[^\]\[]{0,300}\]")
_SRCSET = re.compile(r"\s\d+(?:\.\d+)?[wx]\b")  # a srcset list where a single URL belongs
_LETTER = re.compile(r"[^\W\d_]")
_DATE_LINE = re.compile(r"\b(?:19|20)\d{2}\b.*\d{1,2}[:h.]\d{2}|\d{1,2}[:h.]\d{2}.*\b(?:19|20)\d{2}\b|"
                        r"^\W*(?:updated|published|posted|aktualisiert|publié|mis à jour|publicado|"
                        r"atualizado|pubblicato|aggiornato)\b", re.I)


def _kind(tag: str) -> str:
    if tag in _HEADINGS or tag == "h1":
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


def paragraphs(page: Page) -> list[Paragraph]:
    """Typed paragraphs of the body blocks, in document order, noise-free and de-duplicated."""
    out: list[Paragraph] = []
    skip_nodes = page.caption_nodes
    for block in page.body_blocks:
        _walk(block, out, skip_nodes)
    return clean_paragraphs(page, out, story=True)


def clean_paragraphs(page: Page, out: list[Paragraph], *, story: bool) -> list[Paragraph]:
    """Filter rendered paragraphs: shortcodes, number-only lines, the headline repeated, a
    byline above the text, re-renderings; with ``story`` (the rules' story container) also
    link-heavy lines and a dateline above the story. The learned scorer has judged those itself:
    links are the main text of a listing, and dates head every post of a thread."""
    headline = fold(page.meta.headline) if page.meta and page.meta.headline else ""
    tradeoff = page.config.tradeoff
    result: list[Paragraph] = []
    for para in out:
        if _SHORTCODE.search(para.text):
            para = Paragraph(squash(_SHORTCODE.sub(" ", para.text)), para.kind, para.link_chars)
        text = para.text
        n = len(text)
        if not n or not _LETTER.search(text):
            continue  # empty, or only numbers and punctuation (pagers, counters)
        if story and para.link_chars > tradeoff.para_link_density * n \
                and para.kind != "li" and n < 300:
            continue
        if story and para.kind == "li" and para.link_chars > tradeoff.item_link_density * n \
                and n < 120:
            continue
        # fold() is the costly step: only for paragraphs that could repeat the headline.
        key = fold(text) if headline and abs(n - len(headline)) <= 30 else ""
        if key and (key == headline or (para.kind == "h1" and key in headline)):
            continue
        if para.kind == "h1":
            if not any(p.kind == "p" for p in result):
                continue  # the page title repeated above the story
            para = Paragraph(text, "h2", para.link_chars)
        if story and n <= 70 and not result and _DATE_LINE.search(text) and len(text.split()) <= 9:
            continue  # a dateline above the story
        if n <= 80 and len(result) < 2 and _BYLINE.match(text) and para.kind == "p":
            continue  # a byline above the story
        result.append(para)
    return _drop_rerenderings(result)


def _drop_rerenderings(paras: list[Paragraph]) -> list[Paragraph]:
    """A second rendering of the same text (a responsive twin, a duplicated section) goes; a
    story that quotes one of its own paragraphs again keeps it. So a long paragraph that came
    before (its case is all that may differ) is dropped only next to its twin or inside a run of
    such repeats."""
    seen: set[str] = set()
    repeat = []
    for para in paras:
        key = para.text.casefold() if len(para.text) >= 100 and para.kind != "row" else ""
        repeat.append(bool(key) and key in seen)
        if key:
            seen.add(key)
    last = len(paras) - 1
    return [para for i, para in enumerate(paras)
            if not repeat[i] or not (
                (i and paras[i - 1].text.casefold() == para.text.casefold())
                or (i and repeat[i - 1]) or (i < last and repeat[i + 1]))]


# A block's paragraph kind; containers ("") take their parent's.
_BLOCK_KINDS = {tag: "" if tag in ("div", "section", "article", "main") else _kind(tag)
                for tag in BLOCK}


def _walk(block: HtmlElement, out: list[Paragraph], skip_nodes: set[HtmlElement]) -> None:
    buf: list[str] = []
    links = [0]
    kinds: list[str] = ["p"]
    link_depth = 0
    skip_depth = 0
    pre_depth = 0

    def flush() -> None:
        if not buf:
            return  # most block boundaries close nothing (nested divs)
        raw = "".join(buf)
        text = raw.strip() if pre_depth else squash(raw)
        if text:
            out.append(Paragraph(text, kinds[-1], min(links[0], len(text))))
        buf.clear()
        links[0] = 0

    # el.tag, el.text and el.tail each build a new str on every access: read each once.
    append = buf.append
    for event, el in etree.iterwalk(block, events=("start", "end")):
        tag = el.tag
        if not isinstance(tag, str):
            tag = ""
        if event == "start":
            if skip_depth or tag in SKIP_TEXT or el in skip_nodes or not tag:
                skip_depth += 1
                continue
            if tag in BLOCK:
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
                    links[0] += len(text.strip())
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
                flush()
                kinds.pop()
                if tag == "pre":
                    pre_depth -= 1
            if el is not block:
                tail = el.tail
                if tail:
                    append(tail)
                    if link_depth:
                        links[0] += len(tail.strip())
    flush()


def to_text(paras: list[Paragraph]) -> str:
    return "\n\n".join(p.text for p in paras)


def to_markdown(paras: list[Paragraph]) -> str:
    lines: list[str] = []
    for p in paras:
        if p.kind in _HEADINGS:
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


def to_html(page: Page) -> str:
    """An allowlisted copy of the body: structure and links kept, everything else unwrapped.

    The copy is made in C (``deepcopy``, then ``strip_elements`` / ``strip_tags``); Python only
    visits the allowed elements that are left, to set their few attributes.
    """
    container = element("div")
    repeated: list[HtmlElement] = []  # copies of repeated captions
    no_alt: set[HtmlElement] = set()  # copies of images whose alt repeats their caption
    for block in page.body_blocks:
        copy = deepcopy(block)
        copy.tail = None
        _pair_copies(block, copy, page, repeated, no_alt)
        container.append(copy)
    for el in repeated:
        if el.getparent() is not None:
            el.drop_tree()  # a repeated caption: gone, its tail text kept
    etree.strip_elements(container, "script", "style", "h1", etree.Comment, etree.Entity,
                         etree.ProcessingInstruction, with_tail=False)
    for div in elements(_INLINE_ONLY_DIVS, container):
        # a div that holds only inline content is a paragraph (Readability's div-to-p): it
        # becomes a <p> instead of being unwrapped into one run of text with its neighbours
        parent = div.getparent()
        if parent is not None and parent.tag not in _INLINE_PARENTS and \
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
_BLOCK_CHILDREN = BLOCK - {"hr", "caption", "summary"}  # children that make a div a container
# divs without a block-level child, found in C (a child-axis test per div)
_INLINE_ONLY_DIVS = etree.XPath(
    "descendant::div[not(" + " or ".join(sorted(_BLOCK_CHILDREN)) + ")]")
_INLINE_PARENTS = frozenset({"a", "em", "strong", "b", "i", "span", "font", "small", "u", "sub",
                             "sup", "code"})


def _pair_copies(block: HtmlElement, copy: HtmlElement, page: Page,
                 repeated: list[HtmlElement], no_alt: set[HtmlElement]) -> None:
    """Carry verdicts about source nodes (repeated captions, alts that repeat a caption) over to
    their copies: the copy has the same shape, so a node's path of child positions from the
    block leads to its copy."""
    for node in page.caption_nodes:
        if node.tag != "figcaption":
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
    for parent, child in reversed(steps):
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


__all__ = ["clean_paragraphs", "image_url", "paragraphs", "to_html", "to_markdown", "to_text"]
