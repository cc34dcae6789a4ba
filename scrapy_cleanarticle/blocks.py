"""Text units of a whole page, with the shallow features a learned block scorer reads.

The rules of :mod:`.content` pick one container and trust it; that is right for a story and wrong
for a forum thread, a documentation page or a product page, whose main text is spread over
several containers that no story-shaped score prefers. This module cuts what the noise stages
left of the page into units (the paragraphs a reader sees, as :mod:`.render` cuts them) and
describes each one by its text shape, its place in the tree, the class names around it and the
rules' own verdict (is it inside the container the rules chose?), so that :mod:`.scorer` can
decide unit by unit.

One loop over the text index's lists by document position, no recursion: deep trees are safe,
and the walk costs about what rendering the body costs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement

from .tags import BLOCK, CELLS
from .textindex import TextIndex
from .textutil import squash

# Units are cut where render cuts paragraphs, so a unit is what a reader sees as one paragraph.
_UNIT_BREAKS = BLOCK | {"figcaption", "caption", "label", "legend", "dt", "dd", "th"}
_SKIP = frozenset({"picture", "video", "audio", "source", "img"})
# Comments and processing instructions (the parser drops them) are passed over with their
# tails, as the tree walk (iterwalk) that cut the units the model was trained on did.
_UNWALKED = (etree.Comment, etree.ProcessingInstruction)
# Tags whose start or end does more than add text (see index_units)
_LEAF_EVENTS = _UNIT_BREAKS | {"br"}

#: Tags whose presence among a unit's ancestors is a feature (the probe's list, plus tables' and
#: definition lists' parts, which carry specs and forum metadata).
ANCESTOR_TAGS: tuple[str, ...] = ("article", "main", "header", "footer", "aside", "nav", "section",
                                  "ul", "ol", "li", "table", "figure", "pre", "blockquote", "dl",
                                  "td", "form", "details", "address", "label")
_ANCESTOR_BIT = {tag: 1 << i for i, tag in enumerate(ANCESTOR_TAGS)}

#: Unit kinds: the tag that opened the unit's paragraph.
KINDS: tuple[str, ...] = ("p", "div", "h1", "h2", "h3", "h4", "li", "td", "pre", "blockquote",
                          "dd", "dt", "figcaption", "span", "a", "section", "article", "other")
_KIND_INDEX = {kind: i for i, kind in enumerate(KINDS)}
_KIND_ALIAS = {"h5": "h4", "h6": "h4", "th": "td", "caption": "figcaption", "tr": "td",
               "main": "article", "code": "pre", "label": "dt", "legend": "dt", "summary": "dt"}


@dataclass
class Unit:
    """One paragraph of the page as a reader sees it, with where it came from."""

    text: str
    kind: str
    link_chars: int
    depth: int
    in_body: bool  # inside the container the rules chose
    ancestors: int  # bit set over ANCESTOR_TAGS
    names_near: int  # bit set over the class-name groups of the unit's element and 3 ancestors
    names_far: int  # the same over all further ancestors
    hashed: tuple[int, ...] = field(default_factory=tuple)  # hashed class tokens, near
    element: HtmlElement | None = None


_LEARNED_MAX = 50_000  # names and tokens remembered per process, between two clears


class NameGroups:
    """Class/id word groups: a name token is in a group when it contains one of the group's
    stems (``comment`` finds ``comments`` and ``commentlist``); a stem written ``=ad`` must be the
    whole token (``ad`` is inside ``head`` and ``load``). Tokens are judged once each and
    remembered, since templates repeat the same few hundred names on every page."""

    def __init__(self, groups: tuple[tuple[str, ...], ...]) -> None:
        self.groups = groups
        self._stems = [(stem, 1 << i) for i, stems in enumerate(groups) for stem in stems
                       if stem[0] != "="]
        self._whole: dict[str, int] = {}  # the "=" stems: a dict lookup
        for i, stems in enumerate(groups):
            for stem in stems:
                if stem[0] == "=":
                    self._whole[stem[1:]] = self._whole.get(stem[1:], 0) | 1 << i
        # most tokens hold no stem at all: one regex search says so instead of a loop over all
        self._any_stem = re.compile("|".join(re.escape(stem) for stem, _bit in self._stems)
                                    or "(?!x)x")
        self._tokens: dict[str, int] = {}
        self._values: dict[str, Names] = {}

    def __len__(self) -> int:
        return len(self.groups)

    def token_bits(self, token: str) -> int:
        bits = self._tokens.get(token)
        if bits is None:
            bits = self._whole.get(token, 0)
            if self._any_stem.search(token) is not None:
                for stem, bit in self._stems:
                    if stem in token:
                        bits |= bit
            if len(self._tokens) >= _LEARNED_MAX:
                self._tokens.clear()  # start over (see names)
            self._tokens[token] = bits
        return bits

    def bits(self, value: str) -> int:
        return self._bits(_TOKEN_SPLIT.split(value.lower()))

    def _bits(self, tokens: list[str]) -> int:
        out = 0
        for token in tokens:
            if len(token) > 1:
                out |= self.token_bits(token)
        return out

    def names(self, value: str) -> Names:
        """:meth:`bits` and :func:`_hashed` of a class/id string, remembered: a page repeats a
        few dozen class strings over thousands of elements, and splitting each one again cost
        as much as the rest of the walk. A new string is split once for both."""
        known = self._values.get(value)
        if known is None:
            tokens = _TOKEN_SPLIT.split(value.lower())
            known = Names(self._bits(tokens), _hashed(tokens))
            if len(self._values) >= _LEARNED_MAX:
                # start over rather than stop learning: a crawl of many sites fills the cache
                # with other sites' names, and a full cache that learns nothing more would
                # read each of this page's repeated names again at every element
                self._values.clear()
            self._values[value] = known
        return known


class Names(NamedTuple):
    """What a unit's features read from one element's class and id."""

    bits: int  # over the name groups
    hashed: tuple[int, ...]  # hashed tokens (see _hashed)


_TOKEN_SPLIT = re.compile(r"[^a-z]+")
HASH_BUCKETS = 32


def _hashed(tokens: list[str]) -> tuple[int, ...]:
    """A class/id string's tokens (``_TOKEN_SPLIT``) hashed into a few buckets: names no rule
    lists still carry signal (``post-body`` and ``msg-text`` share nothing with our word
    groups). A stable hash, so a model trained once reads the same buckets in every process.
    Not cached here: :meth:`NameGroups.names` remembers each string's result."""
    out = {_bucket(token) for token in tokens if 3 <= len(token) <= 20}
    return tuple(sorted(out))


@lru_cache(maxsize=16384)
def _bucket(token: str) -> int:
    """One token's bucket: tokens repeat across class strings far more than whole strings do."""
    h = 0
    for ch in token:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h % HASH_BUCKETS


def page_units(body: HtmlElement, body_blocks: list[HtmlElement], skip: set[HtmlElement],
               groups: NameGroups) -> list[Unit]:
    """The units of ``body`` in document order. ``skip``: nodes already judged noise (repeated
    captions); ``groups``: the class-name word groups (rules data, see :class:`NameGroups`) whose
    hits become features. For a tree without a text index (training, tests); the pipeline
    reads its page's index (:func:`index_units`)."""
    return index_units(TextIndex(body), body, body_blocks, skip, groups)


def index_units(index: TextIndex, body: HtmlElement, body_blocks: list[HtmlElement],
                skip: set[HtmlElement], groups: NameGroups) -> list[Unit]:
    """The units of ``body`` (see :func:`page_units`), walked over ``index``'s lists by
    document position instead of over the tree: the tags, parents and class/id names were read
    once when the index was built, so a node costs one loop step and its text and tail reads
    (live: a removed node's tail is in its neighbour's now) instead of two iterwalk events and
    every attribute and tag read again; a leaf that breaks nothing needs no stack entry. A tree
    that no longer holds exactly what the index saw is indexed again.

    The walk visits every element of the page, so its state lives in local variables rather
    than on an object, and a unit is built only where a paragraph with text closes.

    An element's end comes when the next position is not its descendant (its parent is not
    the element on top of the open list); a skipped subtree (captions, media) is jumped over,
    its tail read at once."""
    span = index.subtree(body)
    if span is None:
        return page_units(body, body_blocks, skip, groups)  # indexes the tree as it stands
    positions, ups, tags, order, names = span
    first = positions[0]
    position = index.position
    chosen = {at for el in body_blocks if (at := position(el)) is not None}
    skipped = {at for el in skip if (at := position(el)) is not None}
    units: list[Unit] = []
    buf: list[str] = []
    stack: list[_Open] = [_TOP]
    kinds: list[str] = ["div"]
    owners: list[HtmlElement] = [body]
    opened: list[int] = []  # positions of the open elements, as stack[1:]
    pre = in_body = link_depth = links = 0
    skip_to = -1
    holders = set(ups)  # the positions with a child still in the tree

    def flush() -> None:
        nonlocal links
        raw = "".join(buf)
        buf.clear()
        text = raw.strip("\n\r") if pre else "" if raw.isspace() else squash(raw)
        if text:
            units.append(_unit(text, kinds[-1], min(links, len(text)), stack, in_body > 0,
                               owners[-1]))
        links = 0

    append = buf.append
    # a last position -1 whose parent -2 is no element closes everything still open
    for at, up in zip(chain(positions, (-1,)), chain(ups, (-2,)), strict=True):
        if at <= skip_to and at >= 0:
            continue
        while opened and opened[-1] != up:
            done = opened.pop()
            tag = tags[done]
            if tag in _UNIT_BREAKS:
                if buf:
                    flush()
                kinds.pop()
                owners.pop()
                if tag == "pre":
                    pre -= 1
            elif tag == "a":
                link_depth -= 1
            stack.pop()
            if done in chosen:
                in_body -= 1
            if done != first:
                tail = order[done].tail
                if tail:
                    append(tail)
                    if link_depth:
                        links += len(tail.strip())
        if at < 0:
            break
        el = order[at]
        tag = tags[at]
        if tag.__class__ is not str or tag in _SKIP or at in skipped:
            if tag in _UNWALKED:
                continue
            if len(el):
                skip_to = index.last_position(el)
            if at != first and (tail := el.tail):
                append(tail)
            continue
        if at not in holders and tag not in _LEAF_EVENTS:
            # a leaf that breaks nothing (most nodes): its text and tail are all it adds, and
            # no unit can close while it is open, so it needs no stack entry
            if tag in CELLS and buf:
                append(" | ")
            text = el.text
            if text:
                append(text)
                if link_depth or tag == "a":
                    links += len(text.strip())
            if at != first and (tail := el.tail):
                append(tail)
                if link_depth:
                    links += len(tail.strip())
            continue
        if at in chosen:
            in_body += 1
        stack.append(_open(names[at], tag, stack[-1], groups))
        opened.append(at)
        if tag in _UNIT_BREAKS:
            if buf:
                flush()
            kinds.append(_kind(tag, kinds[-1]))
            owners.append(el)
            if tag == "pre":
                pre += 1
        elif tag == "br":
            nxt = el.getnext()
            if pre:
                append("\n")
            elif nxt is not None and nxt.tag == "br":
                if buf:
                    flush()
            else:
                append(" ")
        elif tag in CELLS and buf:
            append(" | ")
        elif tag == "a":
            link_depth += 1
        text = el.text
        if text:
            append(text)
            if link_depth:
                links += len(text.strip())
    if buf:
        flush()
    return units


class _Open:
    """What an open element hands down: its own name bits and hashed names, and the OR of the
    ancestor-tag bits and of the name bits of it and everything above it. A plain class, not a
    NamedTuple: one is built for every element the walk opens, and the compiled build makes a
    NamedTuple through its Python-level ``__new__``."""

    __slots__ = ("bits", "hashed", "names_above", "tags_above")

    def __init__(self, bits: int, hashed: tuple[int, ...], tags_above: int,
                 names_above: int) -> None:
        self.bits = bits
        self.hashed = hashed
        self.tags_above = tags_above
        self.names_above = names_above


_TOP = _Open(0, (), 0, 0)  # above the walk's root: nothing


def _open(value: str | None, tag: str, parent: _Open, groups: NameGroups) -> _Open:
    """The stack entry of an element opened under ``parent``; ``value``: its ``"class id"``
    string, None when it has neither."""
    tag_bit = _ANCESTOR_BIT.get(tag, 0)
    if value:
        bits, hashed = groups.names(value)
        return _Open(bits, hashed, parent.tags_above | tag_bit, parent.names_above | bits)
    if not parent.bits and not parent.hashed and parent.tags_above & tag_bit == tag_bit:
        return parent  # an unnamed element under an unnamed one: the same entry again
    return _Open(0, (), parent.tags_above | tag_bit, parent.names_above)


def _unit(text: str, kind: str, link_chars: int, stack: list[_Open], in_body: bool,
          owner: HtmlElement) -> Unit:
    """A closed paragraph with its features read off the open elements (``stack[0]`` is
    :data:`_TOP`, not an element)."""
    depth = len(stack) - 1
    near = 0
    hashed: set[int] = set()
    for entry in stack[-4:] if depth >= 4 else stack[1:]:
        near |= entry.bits
        hashed.update(entry.hashed)
    far = stack[-5].names_above if depth > 4 else 0
    return Unit(text, kind, link_chars, depth, in_body, stack[-1].tags_above, near, far,
                tuple(sorted(hashed)), owner)


def containers_of(chosen: list[Unit], units: list[Unit], body: HtmlElement) -> list[HtmlElement]:
    """The elements that hold the chosen units, for the HTML rendering and the body's images.

    One container when the chosen units' common ancestor holds little else (a story the rules'
    scores missed); otherwise the chosen units' own elements, outermost first, so that what the
    HTML shows is what the text says."""
    owners = [u.element for u in chosen if u.element is not None and u.element is not body]
    if not owners:
        return []
    common = _common_ancestor(owners)
    if common is not None and common is not body:
        inside = {id(u) for u in units if u.element is not None
                  and (u.element is common or common in u.element.iterancestors())}
        total = sum(len(u.text) for u in units if id(u) in inside)
        kept = sum(len(u.text) for u in chosen if id(u) in inside)
        if total and kept >= _CLEAN_CONTAINER * total and kept == sum(len(u.text) for u in chosen):
            return [common]
    outer = set(owners)
    return [el for el in dict.fromkeys(owners)
            if not any(a in outer for a in el.iterancestors())]


_CLEAN_CONTAINER = 0.9  # share of a container's text that must be chosen to render it whole


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement | None:
    path = [elements[0], *elements[0].iterancestors()]
    depth = {id(el): i for i, el in enumerate(path)}
    best = 0
    # each distinct element once, and its ancestors read lazily: the walk stops at the first
    # one on the path, usually a level or two up
    for el in dict.fromkeys(elements[1:]):
        for anc in chain((el,), el.iterancestors()):
            at = depth.get(id(anc))
            if at is not None:
                best = max(best, at)
                break
        else:
            return None
    return path[best]


@lru_cache(maxsize=1024)
def _kind(tag: str, parent_kind: str) -> str:
    """The kind of a unit opened by ``tag`` inside one of ``parent_kind``; a few hundred
    pairs occur at all, so each is decided once."""
    if tag in ("div", "section", "article", "main") and parent_kind not in ("div", "section",
                                                                          "article"):
        return parent_kind  # a wrapper inside a list item or cell is part of that item
    kind = _KIND_ALIAS.get(tag, tag)
    return kind if kind in _KIND_INDEX else "other"


__all__ = ["ANCESTOR_TAGS", "HASH_BUCKETS", "KINDS", "NameGroups", "Unit", "containers_of", "index_units",
           "page_units"]
