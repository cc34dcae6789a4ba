"""The depth flattener: a page deeper than libxml2's cap, rewritten flat before it is parsed.

A hand-rolled tokenizer, not a parser: it only has to track element depth well enough to stay
under libxml2's cap. Where it is unsure it over-counts, which costs structure (a container tag
unwrapped) but never text. The error_log check in parse_html catches what it under-counts.
Kept apart from :mod:`.parse` because it is a tokenizer of its own (one loop, no tree), read
and tested alone.
"""

from __future__ import annotations

import re

from .tags import HTML_BLOCK


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TAG = re.compile(r"<(?:(/?)([A-Za-z][^\s/<>]*)([^<>]*)>|(!--)|([!?]))")
_VOID = _words("area base basefont bgsound br col embed frame hr image img input isindex keygen link "
               "meta param source track wbr")
_RAW = _words("script style textarea title xmp iframe noembed noframes plaintext")
# Blocks we keep beyond the limit, as flat siblings, so paragraphs stay paragraphs.
_LEAF = _words("p h1 h2 h3 h4 h5 h6 li dt dd pre blockquote td th figcaption")
# "opening X implicitly closes an open Y": the common cases of libxml2's auto-close table.
_CLOSES: dict[str, frozenset[str]] = {
    **{name: frozenset({"p"}) for name in HTML_BLOCK - {"li", "dt", "dd", "tr", "td", "th"}},
    "li": frozenset({"li", "p"}), "dt": frozenset({"dt", "dd", "p"}),
    "dd": frozenset({"dt", "dd", "p"}), "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}), "th": frozenset({"td", "th"}),
    "option": frozenset({"option"}),
}
_SEARCH = 64  # how far down the stack an end tag may look for its start tag


def flatten_deep(text: str, limit: int) -> str:
    """Return ``text`` with start/end tags deeper than ``limit`` removed, text kept.

    Leaf blocks (p, li, headings...) deeper than the limit are kept as a flat run of siblings
    at depth ``limit + 1`` (empty ones are dropped); every other tag beyond the limit becomes a
    space or a newline, so words never merge. One left-to-right pass, linear in ``len(text)``;
    written as a single loop with local names because it runs once per tag.
    """
    out: list[str] = []
    emit = out.append
    copied = 0  # text[:copied] is already in out
    stack: list[str] = []  # kept open elements
    skipped: list[str] = []  # dropped open elements, all deeper than the kept ones
    leaf = ""  # the flat leaf block open beyond the limit, "" if none
    leaf_mark = leaf_index = 0  # len(skipped) when it opened; index of its start tag in out
    leaf_text = False  # whether text followed the leaf's start tag yet
    tag_end = skip_until = 0

    def close_leaf(at: int) -> None:
        """End the open flat leaf before ``at``; a leaf that got no text is dropped."""
        nonlocal copied, leaf
        if leaf_text:
            emit(text[copied:at] + f"</{leaf}>")
        else:
            out[leaf_index] = " "
            emit(text[copied:at])
        copied, leaf = at, ""

    for m in _TAG.finditer(text):
        start = m.start()
        if start < skip_until:  # inside a comment or raw text
            continue
        pos = m.end()
        if leaf and not leaf_text and not text[tag_end:start].isspace() and start > tag_end:
            leaf_text = True
        tag_end = pos
        name = m.group(2)
        if name is None:  # comment to "-->", or <!doctype>/CDATA/<?pi?> to ">"
            if m.group(4):
                end = text.find("-->", pos)
                skip_until = len(text) if end < 0 else end + 3
            else:
                end = text.find(">", pos)
                skip_until = len(text) if end < 0 else end + 1
            tag_end = skip_until
            continue
        name = name.lower()
        if m.group(1):  # end tag
            if leaf and name == leaf:
                emit(text[copied:start] + ("" if leaf_text else " "))
                if not leaf_text:
                    out[leaf_index] = " "
                    copied = pos
                else:
                    copied = start
                leaf = ""
                del skipped[leaf_mark:]
            elif skipped and _pop_to(skipped, name):
                emit(text[copied:start] + " ")
                copied = pos
            elif _pop_to(stack, name):
                if leaf:  # closing a kept ancestor closes the flat leaf too
                    close_leaf(start)
                skipped.clear()
            continue
        if name in _RAW:  # no tags inside: skip to its end tag; it adds no depth of its own
            raw_end = re.compile(f"</{re.escape(name)}", re.IGNORECASE).search(text, pos)
            skip_until = len(text) if raw_end is None else raw_end.start()
            tag_end = skip_until
            continue
        if name in _VOID or m.group(3).endswith("/"):
            continue
        closes = _CLOSES.get(name)
        if closes:
            if leaf and leaf in closes:
                close_leaf(start)
                del skipped[leaf_mark:]
            elif stack and not skipped and stack[-1] in closes:
                stack.pop()
        if not leaf and not skipped and len(stack) < limit:
            stack.append(name)
        elif name in _LEAF:  # a new flat sibling
            if leaf:
                if leaf_text:
                    emit(text[copied:start] + f"</{leaf}>")
                else:
                    out[leaf_index] = " "
                    emit(text[copied:start])
                del skipped[leaf_mark:]
            else:
                emit(text[copied:start])
            emit(m.group(0))
            copied, leaf, leaf_mark = pos, name, len(skipped)
            leaf_index, leaf_text = len(out) - 1, False
        else:
            skipped.append(name)
            emit(text[copied:start] + ("\n" if name in HTML_BLOCK else " "))
            copied = pos
    emit(text[copied:])
    return "".join(out)


def _pop_to(stack: list[str], name: str) -> bool:
    """Pop ``stack`` down to (and including) the nearest ``name``; False if not near the top."""
    if not stack:
        return False
    if stack[-1] == name:
        stack.pop()
        return True
    top = stack[-_SEARCH:]
    top.reverse()
    try:
        i = top.index(name)
    except ValueError:
        return False
    del stack[len(stack) - 1 - i:]
    return True


__all__ = ["flatten_deep"]
