"""Captions: keep each one once, in ``images[].caption``, never repeated in the body.

Pages repeat a caption in the image's ``alt``, in ``<figcaption>`` and in a caption paragraph,
often with different quote characters; they are compared after folding quotes, dashes, case and
white space, and after dropping punctuation.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from lxml.html import HtmlElement

from ._xpath import text_of
from .page import Page
from .render import image_url
from .rules import name_rules
from .textutil import alnum_only, fold, squash

_CAPTION_LIKE = frozenset({"p", "div", "span", "figcaption", "small", "em", "i"})
_MAX_CAPTION = 700
_NAMES = name_rules()
_CAPTION_BOX = _NAMES.words["caption_box"]  # in a class or id: a caption box
_CAPTION_FIGURE = _NAMES.words["caption_figure"]


def _named_caption(names: str) -> bool:
    low = names.lower()  # lower() and substring tests: cheaper than an re.I search
    for word in _CAPTION_BOX:  # noqa: SIM110 - any() over a generator costs twice as much
        if word in low:
            return True
    return False


def caption_key(text: str) -> str:
    return alnum_only(fold(text))


def _is_caption_node(el: HtmlElement) -> bool:
    if el.tag == "figcaption":
        return True
    cls, ident = el.get("class"), el.get("id")
    return (cls is not None or ident is not None) and _caption_name(f"{cls or ''} {ident or ''}")


@lru_cache(maxsize=4096)
def _caption_name(value: str) -> bool:
    """Class strings repeat over a page's (and a site's) figures: each is searched once."""
    return bool(_NAMES.caption.search(value))


def _figure_of(img: HtmlElement) -> HtmlElement | None:
    node = img.getparent()
    for _ in range(4):
        if node is None:
            return None
        if node.tag == "figure" or _is_caption_container(node):
            return node
        node = node.getparent()
    return None


def _is_caption_container(node: HtmlElement) -> bool:
    value = (node.get("class") or "").lower()
    for word in _CAPTION_FIGURE:  # noqa: SIM110 - see _named_caption
        if word in value:
            return True
    return False


_IMAGE_FILE = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")


def _card_link(img: HtmlElement) -> bool:
    """The image links to another page (a product or story card in a grid), not to a larger
    copy of itself: its ``alt`` names the linked item, and a visible copy of that name is the
    card's label, the page's own text on a shop or listing page."""
    for above in img.iterancestors("a"):
        href = (above.get("href") or "").split("?", 1)[0].split("#", 1)[0].lower()
        return bool(href) and not href.endswith(_IMAGE_FILE)
    return False


class _Caption(NamedTuple):
    node: HtmlElement
    text: str  # squashed, never empty


def _caption_texts(figure: HtmlElement) -> list[_Caption]:
    """The caption nodes inside ``figure`` with their text, empty ones left out. Read once per
    figure: a gallery box holds many images, and walking it again for each one was quadratic."""
    found = []
    for node in figure.iter():
        if node is figure or not isinstance(node.tag, str) or not _is_caption_node(node):
            continue
        text = squash(text_of(node))
        if text:
            found.append(_Caption(node, text))
    return found


def dedupe_captions(page: Page) -> None:
    """Record each image's caption once and remove the caption copies that sit in the text flow."""
    known: dict[str, str] = {}
    from_alt: dict[str, HtmlElement] = {}  # captions we only know from an alt attribute
    figures: dict[HtmlElement, list[_Caption]] = {}
    for img in page.text_index().images:
        if not page.text_index().alive(img):
            continue
        caption = None
        figure = _figure_of(img)
        if figure is not None:
            if figure not in figures:
                figures[figure] = _caption_texts(figure)
            for node, text in figures[figure]:
                if node is img:
                    continue
                key = caption_key(text)
                if key in known or (caption is not None and key == caption_key(caption)):
                    if node.tag != "figcaption" or caption is not None:
                        page.caption_nodes.add(node)
                    continue
                if caption is None:
                    caption = text
                page.caption_nodes.add(node)
        alt = squash(img.get("alt") or img.get("title") or "")
        if len(alt) >= 25 and _card_link(img):
            alt = ""  # an item card's picture: the name beside it is the item's, not a caption
        if caption is None and len(alt) >= 25:
            caption = alt
            from_alt.setdefault(caption_key(alt), img)
        if alt and len(alt) >= 25:
            known.setdefault(caption_key(alt), caption or alt)
        if caption:
            page.image_captions[img] = caption
            known.setdefault(caption_key(caption), caption)
    index = page.text_index()
    # Class strings repeat: each distinct one is tested once, then a set lookup per element;
    # and most pages name no caption box at all, which one search of all the names tells.
    distinct = index.distinct_names
    joined = "\n".join(distinct)  # no caption word holds a line break, nor spans two names
    captioned = {names for names in distinct if _named_caption(names)} \
        if _named_caption(joined) else set()
    for node, names in index.named if captioned else ():
        if names not in captioned or node.tag == "body" or not index.alive(node):
            continue
        if index.size(node) <= _MAX_CAPTION and not node.xpath(".//p[string-length() > 200]"):
            page.caption_nodes.add(node)
    if not known:
        return
    n = 0
    lengths = {len(k) for k in known}
    # A copy of a caption is about as long as the caption (keys drop spaces and punctuation).
    low, high = max(20, min(lengths)), min(_MAX_CAPTION, int(max(lengths) * 1.5) + 20)
    for at in index.sized(low, high, _CAPTION_LIKE):  # no text is built for most nodes
        if not index.alive_at(at):
            continue  # removed as a copy a moment ago, with an ancestor
        el = index.element(at)
        if el in page.caption_nodes and el.tag != "figcaption":
            continue
        text = text_of(el)
        key = caption_key(text)
        if len(key) not in lengths:
            continue
        if key in from_alt:  # a visible copy keeps the page's own typography; figcaption wins
            page.image_captions[from_alt[key]] = squash(text)
            if el.tag == "figcaption" or el in page.caption_nodes:
                del from_alt[key]
        if key in known and el.getparent() is not None and el.tag != "figcaption":
            if el.find(".//img") is not None:
                continue  # the image's own wrapper, not a copy of its caption
            if el.xpath("ancestor::figure"):
                page.caption_nodes.add(el)
                continue
            index.remove(el)
            n += 1
    page.count("duplicate_caption", n)


def body_images(page: Page) -> list[tuple[str, str | None]]:
    """(src, caption) for the story's images, in order, without repeats.

    Those inside the selected body, plus lead art: figures that sit between the story's
    ``<article>`` start and the body (the usual place of the picture under the headline).
    """
    seen: set[str] = set()
    out: list[tuple[str, str | None]] = []
    for img in _lead_images(page) + [i for b in page.body_blocks for i in b.iter("img")]:
        src = image_url(img)
        if not src or src in seen:
            continue
        seen.add(src)
        out.append((src, page.image_captions.get(img)))
    return out


def _lead_images(page: Page) -> list[HtmlElement]:
    if not page.body_blocks:
        return []
    first = page.body_blocks[0]
    article = next((a for a in first.iterancestors("article")), None)
    if article is None:
        return []
    lead: list[HtmlElement] = []
    for figure in article.iter("figure"):
        if figure is first or any(a is first for a in figure.iterancestors()):
            break  # reached the body: what follows is body or after it
        if any(f is figure for f in first.iterancestors()):
            continue
        lead.extend(figure.iter("img"))
    # only figures that come before the body in document order
    order = {el: i for i, el in enumerate(article.iter())}
    start = order.get(first, 0)
    return [img for img in lead if order.get(img, start) < start]
