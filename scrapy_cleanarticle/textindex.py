"""One walk over the tree that measures every element's text: the noise stages' shared index.

Asking lxml for ``string-length(normalize-space())`` or ``text_content()`` per element costs a
walk of each subtree, which is quadratic in depth; this index gets every element's text and link
text sizes from a single ``iterwalk`` (no recursion, linear in the page), and the stages then read
sizes from a dict. Sizes count non-space characters, so indentation in the markup does not count.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

_SPACES = str.maketrans("", "", " \t\n\r\f\v\xa0")


def solid(text: str | None) -> int:
    """Number of non-white-space characters in ``text``."""
    if not text:
        return 0
    return len(text.translate(_SPACES))


class TextIndex:
    """``chars[el]``: text in ``el``'s subtree; ``links[el]``: of which inside ``<a>``.

    The index is a snapshot: when a stage removes a node, the sizes of its former ancestors are
    not updated. Stages only use it for thresholds, where an overestimate is the safe side.
    """

    __slots__ = ("chars", "links", "order")

    def __init__(self, root: HtmlElement) -> None:
        chars: dict[HtmlElement, int] = {}
        links: dict[HtmlElement, int] = {}
        stack: list[HtmlElement] = []
        link_depth = 0
        for event, el in etree.iterwalk(root, events=("start", "end")):
            if event == "start":
                own = solid(el.text)
                chars[el] = own
                links[el] = 0
                if el.tag == "a":
                    link_depth += 1
                if link_depth:
                    links[el] = own
                stack.append(el)
                continue
            stack.pop()
            is_link = el.tag == "a"
            if is_link:
                link_depth -= 1
            if stack:
                parent = stack[-1]
                tail = solid(el.tail)
                chars[parent] += chars[el] + tail
                links[parent] += links[el] + (tail if link_depth else 0)
        self.chars = chars
        self.links = links
        self.order = chars  # insertion order is document order

    def size(self, el: HtmlElement) -> int:
        return self.chars.get(el, 0)

    def link_size(self, el: HtmlElement) -> int:
        return self.links.get(el, 0)

    def prose(self, el: HtmlElement) -> int:
        """Text outside links: what a reader reads rather than clicks."""
        return self.chars.get(el, 0) - self.links.get(el, 0)


__all__ = ["TextIndex", "solid"]
