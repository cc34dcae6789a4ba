"""Render the selected body as plain text, sanitized HTML and Markdown.

All three come from one walk over the body (``etree.iterwalk``: no recursion, so deep trees are
safe), which produces typed paragraphs; text and Markdown are views of that list, and the HTML is
an allowlisted copy of the same nodes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from .page import Page
from .sanitize import is_safe_url, sanitize_tree
from .textutil import fold, squash

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


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str  # "p", "h2".."h6", "li", "quote", "pre", "row"
    link_chars: int = 0


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
    headline = fold(page.meta.headline) if page.meta and page.meta.headline else ""
    for block in page.body_blocks:
        _walk(block, out, skip_nodes)
    tradeoff = page.config.tradeoff
    result: list[Paragraph] = []
    seen: set[str] = set()
    for para in out:
        if _SHORTCODE.search(para.text):
            para = Paragraph(squash(_SHORTCODE.sub(" ", para.text)), para.kind, para.link_chars)
        text = para.text
        n = len(text)
        if not n or not _LETTER.search(text):
            continue  # empty, or only numbers and punctuation (pagers, counters)
        if para.link_chars > tradeoff.para_link_density * n and para.kind != "li" and n < 300:
            continue
        if para.kind == "li" and para.link_chars > tradeoff.item_link_density * n and n < 120:
            continue
        # fold() is the costly step: only for paragraphs that could repeat the headline or a
        # paragraph already kept.
        key = fold(text) if n >= 100 or (headline and abs(n - len(headline)) <= 30) else ""
        if headline and key and (key == headline or (para.kind == "h1" and key in headline)):
            continue
        if para.kind == "h1":
            if not any(p.kind == "p" for p in result):
                continue  # the page title repeated above the story
            para = Paragraph(text, "h2", para.link_chars)
        if n <= 70 and not result and _DATE_LINE.search(text) and len(text.split()) <= 9:
            continue  # a dateline above the story
        if n <= 80 and len(result) < 2 and _BYLINE.match(text) and para.kind == "p":
            continue  # a byline above the story
        if n >= 100 and para.kind != "row":
            if key in seen:
                continue
            seen.add(key)
        result.append(para)
    return result


def _walk(block: HtmlElement, out: list[Paragraph], skip_nodes: set[HtmlElement]) -> None:
    buf: list[str] = []
    links = [0]
    kinds: list[str] = ["p"]
    link_depth = 0
    skip_depth = 0
    pre_depth = 0

    def flush() -> None:
        raw = "".join(buf)
        text = raw.strip() if pre_depth else squash(raw)
        if text:
            out.append(Paragraph(text, kinds[-1], min(links[0], len(text))))
        buf.clear()
        links[0] = 0

    walker = etree.iterwalk(block, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if skip_depth or tag in SKIP_TEXT or el in skip_nodes or not tag:
                skip_depth += 1
                continue
            if tag in BLOCK:
                flush()
                kinds.append(_kind(tag) if tag not in ("div", "section", "article", "main")
                             else kinds[-1])
            if tag == "pre":
                pre_depth += 1
            if tag == "br":
                buf.append("\n" if pre_depth else " ")
                if not pre_depth and el.getnext() is not None and el.getnext().tag == "br":
                    flush()
            if tag == "a":
                link_depth += 1
            if tag in CELLS and buf and "".join(buf).strip():
                buf.append(" | ")  # a table row is one paragraph, its cells joined
            if el.text:
                buf.append(el.text)
                if link_depth:
                    links[0] += len(el.text.strip())
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth == 0 and el is not block and el.tail:
                    buf.append(el.tail)
                continue
            if tag == "a":
                link_depth -= 1
            if tag in BLOCK:
                flush()
                kinds.pop()
            if tag == "pre":
                pre_depth -= 1
            if el is not block and el.tail:
                buf.append(el.tail)
                if link_depth:
                    links[0] += len(el.tail.strip())
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
    """An allowlisted copy of the body: structure and links kept, everything else unwrapped."""
    container = lxml.html.Element("div")
    for block in page.body_blocks:
        copy = _copy_allowed(block, page)
        if isinstance(copy, list):
            for item in copy:
                if isinstance(item, str):
                    _append_text(container, item)
                else:
                    container.append(item)
        elif copy is not None:
            container.append(copy)
    sanitize_tree(container)
    html = lxml.html.tostring(container, encoding="unicode", method="html")
    return str(html)


def _append_text(parent: HtmlElement, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _copy_allowed(el: HtmlElement, page: Page) -> HtmlElement | list[HtmlElement | str] | None:
    """Copy ``el`` keeping allowed tags; disallowed tags are unwrapped (their content kept)."""
    top = lxml.html.Element("div")
    walker = etree.iterwalk(el, events=("start", "end"))
    dest_stack: list[HtmlElement] = [top]
    skip = 0
    for event, src in walker:
        tag = src.tag if isinstance(src.tag, str) else ""
        if event == "start":
            if skip or not tag or tag in ("script", "style", "h1") or (
                    src in page.caption_nodes and tag != "figcaption"):
                skip += 1
                continue
            parent = dest_stack[-1]
            if tag in ALLOWED_HTML:
                new = etree.SubElement(parent, tag)
                _copy_attrs(src, new, page)
                if src.text:
                    new.text = src.text
                dest_stack.append(new)
            else:
                if src.text:
                    _append_text(parent, src.text)
                dest_stack.append(parent)
        else:
            if skip:
                skip -= 1
                if skip == 0 and src is not el and src.tail:
                    _append_text(dest_stack[-1], src.tail)
                continue
            dest_stack.pop()
            if src is not el and src.tail:
                _append_text(dest_stack[-1], src.tail)
    children: list[HtmlElement | str] = []
    if top.text:
        children.append(top.text)
    children.extend(top)
    return children


def _copy_attrs(src: HtmlElement, new: HtmlElement, page: Page) -> None:
    base = page.url or ""
    if src.tag == "a":
        href = src.get("href")
        if href and is_safe_url(href) and not href.startswith("#"):
            new.set("href", urljoin(base, href.strip()))
    elif src.tag == "img":
        url = image_url(src)
        if url and is_safe_url(url):
            new.set("src", urljoin(base, url))
        alt = src.get("alt")
        if alt and not _alt_repeats_caption(src, alt, page):
            new.set("alt", alt)
    elif src.tag in ("td", "th"):
        for attr in ("colspan", "rowspan"):
            if src.get(attr, "").isdigit():
                new.set(attr, src.get(attr))


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


__all__ = ["Paragraph", "image_url", "paragraphs", "to_html", "to_markdown", "to_text"]
