"""Typed access to compiled XPath results, and the subtree reads the stages share.

lxml returns a union of every XPath result type; the stages only ever ask for elements, so this
one place narrows the type (and drops stray strings), instead of casts sprinkled over the stages.

A subtree's text, its text outside links and the elements that carry an attribute are read
here for every stage. Through lxml's API each read is a serializer or an XPath set-up per call,
most of the cost on the short blocks the stages read one by one; the compiled build reads them
from the libxml2 nodes in C (:mod:`._treewalk`), once it has read a sample tree exactly as the
lxml-API reading below does (once per process; where the two disagree, or the C reading meets
a node kind lxml reads its own way, lxml reads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice, repeat
from types import ModuleType
from typing import Any, cast

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from ._native import compiled_reads
from ._native import disagree as native_disagree
from .textutil import XML_SPACE


def elements(xpath: etree.XPath | str, node: Any, **variables: Any) -> list[HtmlElement]:
    result = node.xpath(xpath, **variables) if isinstance(xpath, str) else xpath(node, **variables)
    if not isinstance(result, list):
        return []
    return [r for r in result if isinstance(r, HtmlElement)]


def number(xpath: etree.XPath, node: Any) -> float:
    """A numeric XPath result (``count()``, ``sum()``); 0 for anything else."""
    result = xpath(node)
    return float(result) if isinstance(result, (int, float)) else 0.0


_LINK_TEXT = etree.XPath(".//a//text()", smart_strings=False)
# every text node below an element, as ``itertext`` yields them, in one C call
_TEXT_NODES = etree.XPath("descendant::text()", smart_strings=False)


def text_python(el: HtmlElement) -> str:
    """``el.text_content()`` (every text node of the subtree, tails inside it included), at half
    the cost on short blocks: the text serializer runs in one C call, where ``text_content``
    evaluates an XPath ``string()`` with its context set-up each time."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def prose_python(el: HtmlElement) -> int:
    """The length of ``el``'s text outside the links below it: the story guards' measure."""
    links = _LINK_TEXT(el)
    return len(text_python(el)) - (sum(map(len, links)) if isinstance(links, list) else 0)


def text_nodes(el: HtmlElement) -> list[str]:
    """The text nodes below ``el`` in document order (its tail left out)."""
    nodes = _TEXT_NODES(el)
    return cast("list[str]", nodes) if isinstance(nodes, list) else []  # plain strs: no copy


def words_meet_python(el: HtmlElement) -> bool:
    """Whether two text nodes below ``el`` that follow each other (empty ones passed over) meet
    without white space between them: exactly when reading them apart (``" ".join``) gives
    more words than the subtree's text (``str.split`` breaks words where ``str.isspace``)."""
    before = ""
    for text in text_nodes(el):
        if text:
            if before and not before[-1].isspace() and not text[0].isspace():
                return True
            before = text
    return False


@lru_cache(maxsize=16)
def _carrying_xpath(name: str) -> etree.XPath:
    return etree.XPath(f"//@{name}/..")  # the attribute axis keeps the node set small


def carrying_python(el: HtmlElement, name: str) -> list[HtmlElement]:
    """The elements of ``el``'s document that carry a ``name`` attribute, in document order."""
    return elements(_carrying_xpath(name), el)


def carrying_below_python(el: HtmlElement, names: tuple[str, ...], words: tuple[str, ...] = (),
                          fold: bool = False) -> list[HtmlElement]:
    """``el``'s descendants that carry an attribute of one of the ``names`` (at most 8), in
    document order: a walk that reads only elements with such attributes skips the rest.

    With ``words`` (at most 16), only those whose value of such an attribute holds one of
    them: a filter that hands a caller the few elements worth its own test, which it still
    makes. With ``fold``, the value's ASCII letters are read in lower case (the words are
    not), and a value with any other character counts whatever it holds: its lower case may
    hold a word, which the caller's test reads.
    """
    return [d for d in el.iterdescendants() if _holds(d, names, words, fold)]


def carrying_among_python(found: list[HtmlElement], names: tuple[str, ...],
                          words: tuple[str, ...], fold: bool = False) -> list[HtmlElement]:
    """The elements of ``found`` that :func:`carrying_below_python` would keep."""
    return [el for el in found if isinstance(el.tag, str) and _holds(el, names, words, fold)]


def _holds(el: HtmlElement, names: tuple[str, ...], words: tuple[str, ...], fold: bool) -> bool:
    for name in names:
        value = el.get(name)
        if value is None:
            continue
        if not words:
            return True
        if fold:
            if not value.isascii():
                return True
            value = value.lower()
        if any(word in value for word in words):
            return True
    return False


TextLine = tuple[str, HtmlElement | None, bool]  # a text, the element it sits in, is it a tail


def _shown(text: str | None, box: HtmlElement | None, is_tail: bool,
           skip: tuple[str, ...]) -> TextLine | None:
    if text and text.strip(XML_SPACE) and (box is None or box.tag not in skip):
        return text, box, is_tail
    return None


def lines_after_python(el: HtmlElement, skip: tuple[str, ...]) -> Iterator[TextLine]:
    """The text nodes after ``el``'s subtree that are not blank, in document order
    (``following::text()``), each as lxml's ``text`` or ``tail`` with the element it sits in;
    not the own text of a ``skip`` element. The XPath axis builds the node-set of the whole
    rest of the page before it counts: this walks only as far as the reader asks.

    Each subtree is walked with a stack of child iterators rather than ``iterwalk``: a leaf
    (most elements) costs no event tuples and no stack push, its tail is read right after
    its text, and the tag is read only for text that is not blank. Comments and processing
    instructions after ``el`` are skipped with their tails (as ``iterwalk`` skips them)."""
    node: HtmlElement | None = el
    while node is not None:
        parent = node.getparent()
        line = _shown(node.tail, parent, True, skip)
        if line:
            yield line
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            line = _shown(sibling.text, sibling, False, skip)
            if line:
                yield line
            stack = [(sibling, iter(sibling))] if len(sibling) else []
            while stack:
                box, children = stack[-1]
                for child in children:
                    text = child.text
                    if text and text.strip(XML_SPACE):
                        if not isinstance(child.tag, str):
                            continue
                        line = _shown(text, child, False, skip)
                        if line:
                            yield line
                    if len(child):
                        stack.append((child, iter(child)))
                        break
                    text = child.tail
                    if text and text.strip(XML_SPACE) and isinstance(child.tag, str):
                        line = _shown(text, box, True, skip)
                        if line:
                            yield line
                else:  # ``box`` is done: its tail follows its subtree
                    stack.pop()
                    text = box.tail
                    if stack and text and text.strip(XML_SPACE):  # blank: no call
                        line = _shown(text, stack[-1][0], True, skip)
                        if line:
                            yield line
            line = _shown(sibling.tail, parent, True, skip)
            if line:
                yield line
        node = parent


def lines_before_python(el: HtmlElement, skip: tuple[str, ...]) -> Iterator[TextLine]:
    """The text nodes before ``el`` that are not blank (``preceding::text()``: ancestors'
    own leading text included), nearest first, read as :func:`lines_after_python` reads
    them. A stack, not recursion: hostile pages nest thousands deep."""
    node: HtmlElement | None = el
    while node is not None:
        parent = node.getparent()
        for sibling in node.itersiblings(preceding=True):
            stack: list[tuple[HtmlElement, bool]] = [(sibling, False)]
            while stack:
                item, opened = stack.pop()
                if opened:  # its children are done: the text before them comes last
                    text = item.text
                    if text and text.strip(XML_SPACE) and isinstance(item.tag, str):
                        line = _shown(text, item, False, skip)
                        if line:
                            yield line
                else:
                    text = item.tail
                    if text and text.strip(XML_SPACE):
                        line = _shown(text, item.getparent(), True, skip)
                        if line:
                            yield line
                    stack.append((item, True))
                    if len(item):  # last child popped first
                        stack.extend(zip(item, repeat(False)))
        if parent is not None:
            line = _shown(parent.text, parent, False, skip)
            if line:
                yield line
        node = parent


# A sample tree that the C readings must read as lxml's API does before they are used: nested
# and sibling text, white space that str.strip() removes (NBSP, ideographic space, line
# separator), multi-byte letters, links (one nested in a link), junk with text, attributes
# without a value, beside others, and a comment.
PROBE_PAGE = ("<html><head><title> T </title><script>var x = 1;</script></head><body id=b>"
              "<div class='a  b' data-x=1 role=main> \u00a0Caf\u00e9 \u3000<a href=#>l\u00efnk"
              "<b>bold</b></a> tail <p class>\u2028 \u6f22\u5b57\U0001f600 </p><!-- c --> after"
              "<br hidden></div><span id='' style='x' role=''>\t</span>"
              "<ul><li>one<li>two <a>x</a></ul></body></html>")
_PROBE_NAMES = ("role", "id", "class", "hidden", "style", "data-x")
MAX_NAMES = 8  # attribute names that one C reading takes (_treewalk.h)
MAX_WORDS = 16  # words that one C reading looks for in attribute values (_treewalk.h)
_PROBE_WORDS = ((), ("b",), ("ai", "zz"), ("",), ("a  b",))


def disagree(what: str) -> None:
    native_disagree(what, f"lxml {etree.__version__}", "reading through lxml's API")


def _checked_reads() -> ModuleType | None:
    native = compiled_reads()
    if native is None:
        return None
    root = lxml.html.fromstring(PROBE_PAGE)
    # comments and the like are left to lxml (None), elements read alike
    found = [el for el in root.iter() if isinstance(el.tag, str)]
    if any(native.text(el) is not None or native.prose(el) is not None
           for el in root.iter() if not isinstance(el.tag, str)) or \
            any(native.text(el) != text_python(el) or native.prose(el) != prose_python(el)
                or native.words_meet(el) != words_meet_python(el) for el in found):
        disagree("text reading")
        return None
    if any(native.text_lines(el, 50, ("script",), before) != list(islice(
            (lines_before_python if before else lines_after_python)(el, ("script",)), 50))
           for el in found for before in (False, True)):
        disagree("text line reading")
        return None
    names = _PROBE_NAMES[:3]
    if any(native.carrying(root, (name,), False) != carrying_python(root, name)
           for name in _PROBE_NAMES) or \
            any(native.carrying(el, names, True) != carrying_below_python(el, names) for el in found) \
            or any(native.carrying(el, _PROBE_NAMES, True, words, fold) != carrying_below_python(
                el, _PROBE_NAMES, words, fold) for el in found for words in _PROBE_WORDS
                   for fold in (False, True)) \
            or any(native.carrying_among(found, _PROBE_NAMES, words, fold) !=
                   carrying_among_python(found, _PROBE_NAMES, words, fold)
                   for words in _PROBE_WORDS for fold in (False, True)):
        disagree("attribute search")
        return None
    return native


_NATIVE = _checked_reads()
_TEXT: Callable[[HtmlElement], str | None] | None = None if _NATIVE is None else _NATIVE.text
_PROSE: Callable[[HtmlElement], int | None] | None = None if _NATIVE is None else _NATIVE.prose
_MEET: Callable[[HtmlElement], bool | None] | None = (
    None if _NATIVE is None else _NATIVE.words_meet)
_CARRYING: Callable[[HtmlElement, tuple[str, ...], bool, tuple[str, ...], bool],
                    list[HtmlElement] | None] | None = (
    None if _NATIVE is None else _NATIVE.carrying)
_AMONG: Callable[[list[HtmlElement], tuple[str, ...], tuple[str, ...], bool],
                 list[HtmlElement]] | None = None if _NATIVE is None else _NATIVE.carrying_among
_LINES: Callable[[HtmlElement, int, tuple[str, ...], bool], list[TextLine] | None] | None = (
    None if _NATIVE is None else _NATIVE.text_lines)


def text_of(el: HtmlElement) -> str:
    """:func:`text_python`, read in C where built."""
    text = None if _TEXT is None else _TEXT(el)
    return text if text is not None else text_python(el)


def prose(el: HtmlElement) -> int:
    """:func:`prose_python`, read in C where built."""
    size = None if _PROSE is None else _PROSE(el)
    return size if size is not None else prose_python(el)


def words_meet(el: HtmlElement) -> bool:
    """:func:`words_meet_python`, read in C where built."""
    meet = None if _MEET is None else _MEET(el)
    return meet if meet is not None else words_meet_python(el)


def carrying(el: HtmlElement, name: str) -> list[HtmlElement]:
    """:func:`carrying_python`, read in C where built."""
    found = None if _CARRYING is None else _CARRYING(el, (name,), False, (), False)
    return found if found is not None else carrying_python(el, name)


def carrying_below(el: HtmlElement, names: tuple[str, ...], words: tuple[str, ...] = (),
                   fold: bool = False) -> list[HtmlElement]:
    """:func:`carrying_below_python`, read in C where built (up to ``MAX_NAMES`` names and
    ``MAX_WORDS`` words: rules extended past that are read through lxml)."""
    found = None if _CARRYING is None or len(names) > MAX_NAMES or len(words) > MAX_WORDS \
        else _CARRYING(el, names, True, words, fold)
    return found if found is not None else carrying_below_python(el, names, words, fold)


def carrying_among(found: list[HtmlElement], names: tuple[str, ...], words: tuple[str, ...],
                   fold: bool = False) -> list[HtmlElement]:
    """:func:`carrying_among_python`, read in C where built (as :func:`carrying_below`)."""
    if _AMONG is None or len(names) > MAX_NAMES or len(words) > MAX_WORDS:
        return carrying_among_python(found, names, words, fold)
    return _AMONG(found, names, words, fold)


def lines_after(el: HtmlElement, limit: int, skip: tuple[str, ...]) -> list[TextLine]:
    """The first ``limit`` lines of :func:`lines_after_python`, read in C where built."""
    found = None if _LINES is None else _LINES(el, limit, skip, False)
    return found if found is not None else list(islice(lines_after_python(el, skip), limit))


def lines_before(el: HtmlElement, limit: int, skip: tuple[str, ...]) -> list[TextLine]:
    """The first ``limit`` lines of :func:`lines_before_python`, read in C where built."""
    found = None if _LINES is None else _LINES(el, limit, skip, True)
    return found if found is not None else list(islice(lines_before_python(el, skip), limit))


__all__ = [
    "MAX_NAMES",
    "MAX_WORDS",
    "PROBE_PAGE",
    "HtmlElement",
    "TextLine",
    "carrying",
    "carrying_among",
    "carrying_among_python",
    "carrying_below",
    "carrying_below_python",
    "carrying_python",
    "disagree",
    "elements",
    "lines_after",
    "lines_after_python",
    "lines_before",
    "lines_before_python",
    "number",
    "prose",
    "prose_python",
    "text_nodes",
    "text_of",
    "text_python",
    "words_meet",
    "words_meet_python",
]
