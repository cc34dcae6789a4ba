"""One walk over the tree that the noise stages share: text sizes and the nodes they look at.

Asking lxml for ``string-length(normalize-space())`` or ``text_content()`` per element walks each
subtree again, which is quadratic in depth, and every XPath pass creates a Python proxy per node.
This index (two passes over ``root.iter()``: no recursion, linear in the page) measures every
element's text and link text once, and on the way collects what the later stages need:
candidates for the hidden check, elements with class/id names, images, and the anchors of the
story. Junk and page chrome are removed before it is built (see noise.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lxml.html import HtmlElement

JUNK_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed",
                       "applet", "canvas", "map", "button", "select", "textarea", "input", "link",
                       "meta", "svg", "math"})
CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "menu", "dialog"})
CHROME_ROLES = frozenset({"navigation", "complementary", "contentinfo", "banner", "dialog",
                          "alertdialog", "search"})
ANCHOR_TAGS = frozenset({"h1", "article", "main"})
_HIDDEN_HINTS = re.compile(r"hid|sr-only|offscreen|invisible|screen-?reader", re.I)


class TextIndex:
    """``chars[el]``: text in ``el``'s subtree (junk excluded); ``links[el]``: of which in ``<a>``.

    Sizes leave out white space around text nodes. A stage that removes a node through
    :meth:`remove` keeps every ancestor's sizes exact; ``span`` and :meth:`alive` say whether a
    node is still in the tree.
    """

    __slots__ = ("_dead", "_dead_starts", "anchors", "chars", "images", "links", "maybe_hidden",
                 "named", "span")

    def __init__(self, root: HtmlElement) -> None:
        chars: dict[HtmlElement, int] = {}
        links: dict[HtmlElement, int] = {}
        self.maybe_hidden: list[HtmlElement] = []
        self.named: list[tuple[HtmlElement, str]] = []  # (element, "class id")
        self.anchors: list[HtmlElement] = []
        self.images: list[HtmlElement] = []
        # Document positions: span[el] = (first, last) covers el's subtree, so "is this node
        # inside a removed one" is a bisect instead of a walk up the ancestors.
        self._dead: list[tuple[int, int]] = []
        self._dead_starts: list[int] = []
        # Pass 1, document order (C-level iteration): own text, tails, and the rule candidates.
        order: list[HtmlElement] = []
        tails: list[int] = []
        hints: dict[str, bool] = {}  # class string -> looks like a hiding class
        for el in root.iter():
            tag = el.tag
            order.append(el)
            tail = el.tail
            tails.append(len(tail.strip()) if tail and not tail.isspace() else 0)
            if not isinstance(tag, str):
                chars[el] = 0
                continue
            text = el.text
            chars[el] = len(text.strip()) if text and not text.isspace() else 0
            if tag in JUNK_TAGS:
                chars[el] = 0  # only kept junk (keep_selectors) is still here: it is not text
            elif tag in ANCHOR_TAGS:
                self.anchors.append(el)
            elif tag == "img":
                self.images.append(el)
            get = el.get
            cls = get("class")
            ident = get("id")
            known = 0
            if cls is not None or ident is not None:
                known = (cls is not None) + (ident is not None)
                self.named.append((el, f"{cls or ''} {ident or ''}"))
                if cls:
                    hinted = hints.get(cls)
                    if hinted is None:
                        hinted = hints[cls] = bool(_HIDDEN_HINTS.search(cls))
                    if hinted:
                        self.maybe_hidden.append(el)
            if len(el.attrib) > known:  # hidden / aria-hidden / style / itemprop
                self._rare_attributes(el)
        # Pass 2, reverse document order: every child is final before its parent is reached.
        span: dict[HtmlElement, tuple[int, int]] = {}
        last: dict[HtmlElement, int] = {}
        for i in range(len(order) - 1, -1, -1):
            el = order[i]
            end = last.get(el, i)
            span[el] = (i, end)
            if el.tag == "a":
                links[el] = chars[el]
            parent = el.getparent()
            if parent is None or el is root:
                continue
            chars[parent] += chars[el] + tails[i]
            links[parent] = links.get(parent, 0) + links.get(el, 0)
            if end > last.get(parent, -1):
                last[parent] = end
        for el in order:
            links.setdefault(el, 0)
        self.chars = chars
        self.links = links
        self.span = span
        # two sources (class hints, rare attributes): back to one list in document order
        self.maybe_hidden = sorted(set(self.maybe_hidden), key=lambda e: span[e][0])

    def alive(self, el: HtmlElement) -> bool:
        """False once ``el`` or one of its ancestors has been removed through :meth:`remove`."""
        where = self.span.get(el)
        if where is None:
            return el.getparent() is not None
        i = bisect_right(self._dead_starts, where[0]) - 1
        return i < 0 or self._dead[i][1] < where[0]

    def remove(self, el: HtmlElement) -> None:
        """Drop ``el`` (keeping its tail text) and keep every ancestor's sizes exact."""
        chars = self.chars.get(el, 0)
        links = self.links.get(el, 0)
        if chars or links:
            for anc in el.iterancestors():
                if anc in self.chars:
                    self.chars[anc] -= chars
                    self.links[anc] -= links
        where = self.span.get(el)
        if where is not None:
            i = bisect_right(self._dead_starts, where[0])
            j = i
            while j < len(self._dead) and self._dead[j][1] <= where[1]:
                j += 1  # intervals inside the new one are absorbed
            self._dead[i:j] = [where]
            self._dead_starts[i:j] = [where[0]]
        if el.getparent() is not None:
            el.drop_tree()

    def _rare_attributes(self, el: HtmlElement) -> None:
        """hidden / aria-hidden / style / itemprop, on the few nodes that carry more than a class
        and an id."""
        get = el.get
        if get("hidden") is not None or get("aria-hidden") is not None or get("style"):
            self.maybe_hidden.append(el)
        itemprop = get("itemprop")
        if itemprop and itemprop.lower() == "articlebody":
            self.anchors.append(el)

    def size(self, el: HtmlElement) -> int:
        return self.chars.get(el, 0)

    def link_size(self, el: HtmlElement) -> int:
        return self.links.get(el, 0)

    def prose(self, el: HtmlElement) -> int:
        """Text outside links: what a reader reads rather than clicks."""
        return self.chars.get(el, 0) - self.links.get(el, 0)


__all__ = ["ANCHOR_TAGS", "CHROME_ROLES", "CHROME_TAGS", "JUNK_TAGS", "TextIndex"]
