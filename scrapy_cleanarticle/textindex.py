"""One walk over the tree that the noise stages share: text sizes and the nodes they look at.

Asking lxml for ``string-length(normalize-space())`` or ``text_content()`` per element walks each
subtree again, which is quadratic in depth, and every XPath pass creates a Python proxy per node.
This index (one ``root.iter()``, list comprehensions by document position and one reverse loop:
no recursion, linear in the page) measures every element's text, link text and the tree's
depth once, and on the way collects what the later stages need:
candidates for the hidden check, elements with class/id names, images, and the anchors of the
story. Junk and page chrome are removed before it is built (see noise.py).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from typing import TYPE_CHECKING, NamedTuple

import lxml.html
from lxml.html import HtmlElement

from ._native import compiled_reads
from ._xpath import PROBE_PAGE, disagree
from .rules import name_rules

if TYPE_CHECKING:
    from ._treewalk import Fields

JUNK_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed",
                       "applet", "canvas", "map", "button", "select", "textarea", "input", "link",
                       "meta", "svg", "math"})
CHROME_TAGS = frozenset({"nav", "aside", "footer", "form", "menu", "dialog"})
CHROME_ROLES = frozenset({"navigation", "complementary", "contentinfo", "banner", "dialog",
                          "alertdialog", "search"})
ANCHOR_TAGS = frozenset({"h1", "article", "main"})
_ALIVE = bytes.maketrans(b"\x00\x01", b"\x01\x00")  # dead flags to alive ones (compress)
_HIDDEN_HINT = name_rules().hidden_hint
_HIDDEN_QUICK = name_rules().quick["hidden_hint"]


def _hints_hiding(cls: str) -> bool:
    """The ``hidden_hint`` name rule, after its substring tests that rule out most class
    strings in C."""
    low = cls.lower()
    for word in _HIDDEN_QUICK:  # a plain loop: any() over a generator costs twice as much here
        if word in low:
            return bool(_HIDDEN_HINT.search(cls))
    return False


class Subtree(NamedTuple):
    """A subtree by document position (:meth:`TextIndex.subtree`): the live positions in
    document order (the subtree's root first) and each one's parent position, beside the
    index's lists by position of tags, elements and ``"class id"`` strings."""

    positions: list[int]
    parents: list[int]
    tags: list[object]
    elements: list[HtmlElement]
    names: list[str | None]


class Scan(NamedTuple):
    """What one reading of the listed nodes gives the index, by document position."""

    parents: list[int]  # -1 for the root
    tags: list[object]  # str for an element, lxml's Comment/Entity/PI factory otherwise
    size: list[int]  # text in the subtree, white space around text nodes left out
    links: list[int]  # the part of it inside <a>
    depth: int  # levels below the root
    classes: list[str | None]
    names: list[str | None]  # "class id", None for an element with neither
    hiding: list[int]  # a hidden or aria-hidden attribute, or a style (see TextIndex._collect)
    bodies: list[int]  # itemprop="articleBody", in any case


def scan_python(order: list[HtmlElement], pos: dict[HtmlElement, int]) -> Scan:
    """The reading through lxml's API, the reference for :mod:`._treewalk` (which reads the
    same fields from the nodes in C, where the package is compiled)."""
    size = [len(t.strip()) if (t := el.text) else 0 for el in order]
    tails = [len(t.strip()) if (t := el.tail) else 0 for el in order]
    # map() calls getparent and the lookup in C: no bytecode per element
    parents = list(map(pos.__getitem__, map(HtmlElement.getparent, order[1:])))
    parents.insert(0, -1)  # the root has none
    n = len(order)
    links = [0] * n
    tags = [el.tag for el in order]
    for i in [i for i, tag in enumerate(tags) if tag in JUNK_TAGS or tag.__class__ is not str]:
        size[i] = 0  # entities; kept junk (keep_selectors) is not text
    is_link = [tag == "a" for tag in tags]
    height = [0] * n  # levels below each element: the root's is the tree's depth
    # Reverse document order: every descendant is final before its ancestor is reached.
    for i in range(n - 1, 0, -1):
        p = parents[i]
        if is_link[i]:
            links[i] = size[i]
        size[p] += size[i] + tails[i]
        links[p] += links[i]
        if height[i] >= height[p]:
            height[p] = height[i] + 1
    if is_link and is_link[0]:
        links[0] = size[0]
    attrs = [(el.get("class"), el.get("id"), len(el.attrib)) for el in order]
    # only an element with more attributes than its class and id can carry the others
    rare = [order[i] for i, (cls, ident, k) in enumerate(attrs)
            if k > (cls is not None) + (ident is not None)]
    return Scan(parents, tags, size, links, height[0] if n else 0,
                [cls for cls, _ident, _n in attrs],
                [None if cls is None and ident is None else f"{cls or ''} {ident or ''}"
                 for cls, ident, _n in attrs],
                [pos[el] for el in rare if el.get("hidden") is not None
                 or el.get("aria-hidden") is not None or el.get("style")],
                [pos[el] for el in rare if (prop := el.get("itemprop"))
                 and prop.lower() == "articlebody"])


def _native_scan() -> Callable[[list[HtmlElement], frozenset[str]], Fields] | None:
    """The C reading, where this build has it and it reads a sample tree exactly as
    :func:`scan_python` does (it reads lxml's and libxml2's structures, which a later lxml
    could change: then the index reads through lxml's API, with a warning)."""
    native = compiled_reads()
    if native is None:
        return None
    root = lxml.html.fromstring(PROBE_PAGE)
    order = list(root.iter())
    if Scan(*native.scan(order, JUNK_TAGS)) != scan_python(order, {el: i for i, el in enumerate(order)}):
        disagree("tree reading")
        return None
    read: Callable[[list[HtmlElement], frozenset[str]], Fields] = native.scan
    return read


_NATIVE = _native_scan()


def scan(order: list[HtmlElement], pos: dict[HtmlElement, int]) -> Scan:
    """:func:`scan_python`'s reading of ``order`` (``list(root.iter())``), in C when built."""
    if _NATIVE is not None:
        return Scan(*_NATIVE(order, JUNK_TAGS))
    return scan_python(order, pos)


class TextIndex:
    """Text sizes by element: ``size(el)`` is the text in ``el``'s subtree, ``link_size(el)`` the
    part of it inside ``<a>``.

    Sizes leave out white space around text nodes. A stage that removes a node through
    :meth:`remove` keeps every ancestor's sizes exact; :meth:`alive` says whether a node is
    still in the tree. Everything is stored in lists by document position (one dict maps an
    element to its position): list comprehensions over ``root.iter()`` and one reverse loop
    over integers cost a fraction of per-element dict updates.
    """

    __slots__ = ("_dead", "_links", "_names", "_order", "_parents", "_pos", "_size",
                 "_tags", "anchors", "depth", "distinct_names", "images", "maybe_hidden",
                 "named")

    def __init__(self, root: HtmlElement) -> None:
        order: list[HtmlElement] = list(root.iter())
        self._order = order
        pos = {el: i for i, el in enumerate(order)}
        self._pos = pos
        # Document positions: a removed subtree is an interval of them (see remove), marked in
        # one slice assignment, so "is this node inside a removed one" is one byte read instead
        # of a walk up the ancestors.
        self._dead = bytearray(len(order))
        read = scan(order, pos)
        # Tag lists stand in for further walks of the tree: a list comprehension over them
        # touches no node (every walk of the tree pays its cache misses again).
        self._tags = read.tags
        self._size = read.size
        self.depth = read.depth  # levels below the root, as built
        self._parents = read.parents
        self._links = read.links
        self._names = read.names
        self._collect(order, read)

    def _collect(self, order: list[HtmlElement], read: Scan) -> None:
        """The rule candidates: named elements, hidden-looking ones, anchors and images."""
        names = read.names
        self.named: list[tuple[HtmlElement, str]] = [
            (order[i], name) for i, name in enumerate(names) if name is not None]
        # Its strings repeat a lot: the stages that match names test each distinct one once
        self.distinct_names: frozenset[str] = frozenset(name for _el, name in self.named)
        # Class strings repeat a lot: each distinct one is checked once.
        classes = read.classes
        hinted = {cls for cls in set(classes) if cls and _hints_hiding(cls)}
        hidden = {order[i] for i, cls in enumerate(classes) if cls in hinted} if hinted else set()
        hidden.update(map(order.__getitem__, read.hiding))
        pos = self._pos
        tags = self._tags
        anchors = [order[i] for i, tag in enumerate(tags) if tag in ANCHOR_TAGS]
        anchors += map(order.__getitem__, read.bodies)
        self.maybe_hidden: list[HtmlElement] = sorted(hidden, key=pos.__getitem__)
        self.anchors: list[HtmlElement] = sorted(set(anchors), key=pos.__getitem__)
        self.images: list[HtmlElement] = [order[i] for i, tag in enumerate(tags) if tag == "img"]

    def names_by_element(self) -> dict[HtmlElement, str | None]:
        """Every indexed element's ``"class id"`` string (as in :attr:`named`), None for one
        with neither: a later walk of the tree looks names up here instead of reading two
        attributes of every element again (the stages never rename an element)."""
        return dict(zip(self._order, self._names_by_position(), strict=True))

    def subtree(self, el: HtmlElement) -> Subtree | None:
        """``el``'s subtree as it stands, by document position, for a walk that reads the
        index's lists instead of asking lxml for every node again (see
        :func:`.blocks.index_units`). None when ``el`` is not indexed or its subtree no longer
        holds exactly the indexed nodes still alive (a node added, moved or dropped behind the
        index's back): the caller then walks the tree itself."""
        first = self._pos.get(el)
        if first is None or self._dead[first]:
            return None
        last = self._last_position(el) + 1
        parents = self._parents
        if self._dead.find(1, first, last) < 0:  # nothing removed inside: slices
            positions = list(range(first, last))
            ups = parents[first:last]
        else:
            positions = list(compress(range(first, last), self._dead[first:last].translate(_ALIVE)))
            ups = list(map(parents.__getitem__, positions))
        # one C-level count of the live subtree: equal only if nothing changed behind our back
        if len(list(el.iter())) != len(positions):
            return None
        return Subtree(positions, ups, self._tags, self._order, self._names_by_position())

    def _names_by_position(self) -> list[str | None]:
        """Every indexed element's ``"class id"`` string (as in :attr:`named`) by document
        position, None for one with neither."""
        return self._names

    def position(self, el: HtmlElement) -> int | None:
        """``el``'s document position, None for a node the index never saw."""
        return self._pos.get(el)

    def last_position(self, el: HtmlElement) -> int:
        """The position of the last node of an indexed ``el``'s subtree as it stands."""
        return self._last_position(el)

    def alive(self, el: HtmlElement) -> bool:
        """False once ``el`` or one of its ancestors has been removed through :meth:`remove`."""
        where = self._pos.get(el)
        if where is None:
            return el.getparent() is not None
        return self.alive_at(where)

    def remove(self, el: HtmlElement) -> None:
        """Drop ``el`` (keeping its tail text) and keep every ancestor's sizes exact."""
        where = self._pos.get(el)
        if where is not None:
            chars = self._size[where]
            links = self._links[where]
            if chars or links:
                # up the parent positions (the stages remove nodes, they never move them)
                size, link_size, parents = self._size, self._links, self._parents
                i = parents[where]
                while i >= 0:
                    size[i] -= chars
                    link_size[i] -= links
                    i = parents[i]
            last = self._last_position(el)
            self._dead[where:last + 1] = b"\x01" * (last + 1 - where)
        if el.getparent() is not None:
            el.drop_tree()

    def small(self, limit: int, boxes: frozenset[str],
              inline: frozenset[str]) -> list[tuple[int, HtmlElement, int]]:
        """(position, element, size) for the short blocks that the phrase rules read on their
        own, in document order: the elements of ``boxes`` still in the tree whose text is 1 to
        ``limit`` characters long, except a box inside a box that holds the same text (that one
        is judged instead) and an ``inline`` element whose parent holds more text (a word in a
        sentence). Filtered in one comprehension: half of the short elements are skipped, and
        building their records cost more than judging the rest. Sizes are as measured now."""
        size = self._size
        parents = self._parents
        kinds = self._tags
        order = self._order
        return [(i, order[i], size[i]) for i in self.sized(1, limit, boxes)
                if (kinds[parents[i]] not in boxes if i and size[parents[i]] == size[i]
                    else kinds[i] not in inline)]

    def sized(self, low: int, high: int, tags: frozenset[str]) -> list[int]:
        """Positions of the elements of ``tags`` still in the tree whose text is ``low`` to
        ``high`` characters long, in document order (one comprehension over the size list)."""
        size = self._size
        kinds = self._tags
        dead = self._dead
        return [i for i, n in enumerate(size) if low <= n <= high and kinds[i] in tags
                and not dead[i]]

    def element(self, position: int) -> HtmlElement:
        return self._order[position]

    def _last_position(self, el: HtmlElement) -> int:
        """The position of the last node of ``el``'s subtree: its last child's last child, and so
        on (children removed before are dead intervals of their own already)."""
        node = el
        while len(node):
            node = node[-1]
        return self._pos.get(node, self._pos[el])

    def alive_at(self, where: int) -> bool:
        """:meth:`alive` for the element at a document position (see :meth:`small`)."""
        return not self._dead[where]

    def size(self, el: HtmlElement) -> int:
        i = self._pos.get(el)
        return 0 if i is None else self._size[i]

    def link_size(self, el: HtmlElement) -> int:
        i = self._pos.get(el)
        return 0 if i is None else self._links[i]

    def story_container(self) -> HtmlElement | None:
        """The element whose own ``<p>`` children hold the most prose: where the story's
        paragraphs live, whatever the page's other text (comments, rails, a second story)."""
        parents, size, links = self._parents, self._size, self._links
        held: dict[int, int] = {}
        for i in [i for i, tag in enumerate(self._tags) if tag == "p"]:
            prose = size[i] - links[i]
            if prose and self.alive_at(i):  # a removed paragraph's sizes are kept as they were
                parent = parents[i]
                held[parent] = held.get(parent, 0) + prose
        if not held:
            return None
        best = max(held, key=held.__getitem__)
        return self._order[best] if held[best] >= 200 else None

    def prose(self, el: HtmlElement) -> int:
        """Text outside links: what a reader reads rather than clicks."""
        i = self._pos.get(el)
        return 0 if i is None else self._size[i] - self._links[i]


__all__ = ["ANCHOR_TAGS", "CHROME_ROLES", "CHROME_TAGS", "JUNK_TAGS", "Scan", "Subtree", "TextIndex",
           "scan", "scan_python"]
