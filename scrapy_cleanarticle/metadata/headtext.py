"""A heading's own words, and the parts a template wraps around a title inside a heading.

``heading_text`` is what the headline rules read from an ``<h1>``; ``heading_parts`` offers
the same heading without the labels around its title, for ``headings.agreed_h1`` to take only
when a declared title gives one of them word for word.
"""

from __future__ import annotations

import re
from itertools import islice

import lxml.html
from lxml import etree

from .._xpath import text_of
from .normalize import clean_shown

# Blocks and stamps that templates nest in a headline (a date box, "Posted on ... by ...")
_NESTED = ("time", "div", "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table")
# Inside a heading but not its words: a component's inline CSS or script, a "copy link" button
_UNSPOKEN = frozenset({"style", "script", "template", "button", "svg"})
# A hidden box in a heading is a tooltip or a menu the page shows on demand, not its words
_HAS_HIDDEN = etree.XPath("boolean(descendant::*[@hidden])")
# The permalink mark documentation generators append: a "¶", or a link icon drawn by an icon
# font, whose glyph sits in the Private Use Area and is never a word ("Ansible playbooks\uf0c1")
_PERMALINK = re.compile("\\s*[\u00b6\ue000-\uf8ff]+$")
_DROPPED = frozenset(_NESTED)
# nothing left without the blocks ("<h1><div><p>Title</p><h4>Subtitle</h4></div></h1>"):
# the blocks are the words, less a lower heading's subtitle or a date
_SUBTITLES = frozenset({"time", "h2", "h3", "h4", "h5", "h6"})
_KEPT: frozenset[str] = frozenset()
_BLOCKS = frozenset(_NESTED) | {"li", "section", "header"}  # words of two blocks are apart
_PART_WORDS = 2  # a part shorter than this is a label, never a title
_PART_ELEMENTS = 12  # elements read for parts: a title's wrapper sits near the heading's top


def heading_text(el: lxml.html.HtmlElement) -> str | None:
    """A heading's own words: the text of a ``<time>`` or a block nested in it (a date box a
    template puts inside the ``<h1>``) is left out, unless nothing else is left. A ``<br>``
    parts two words ("Legacy<br>of" is "Legacy of"), a component's inline ``<style>`` or a
    ``hidden`` tooltip is no part of the words, nor is the "¶" or icon permalink documentation
    generators append."""
    text = _heading_words(el)
    mark = _PERMALINK.search(text) if text else None
    if text and mark:
        return text[:mark.start()] or None
    return text


def heading_parts(el: lxml.html.HtmlElement) -> list[str]:
    """The heading's words without the labels a template sets around its title, as
    candidates: a board's "Thread:" or prefix badge ("Info", "Tips/Techniques"), a news
    aggregator's "(source.com)" link and comment count after the title, a tagline glued to
    a product's name. Each part is the heading without its first or last child element, or
    one nested element's words. Only the headline rules' word-for-word test against a
    declared title picks one (``headings.agreed_h1``): the markup says where a label could
    end, the declared title says that it does."""
    children = [child for child in el if isinstance(child.tag, str)]
    if not children:
        return []
    first, last = children[0], children[-1]
    leads = not (el.text or "").strip()  # the first child opens the heading
    ends = not (last.tail or "").strip()  # the last child closes it
    drops: list[tuple[lxml.html.HtmlElement, ...]] = []
    if leads:
        drops.append((first,))
    if ends:
        drops.append((last,))
    if leads and ends and first is not last:
        drops.append((first, last))
    parts = [_heading_words(el, skip) for skip in drops]
    parts += [heading_text(node) for node in islice(el.iterdescendants(), _PART_ELEMENTS)
              if isinstance(node.tag, str) and node.tag not in _UNSPOKEN]
    return [part for part in parts if part and len(part.split()) >= _PART_WORDS]


def _heading_words(el: lxml.html.HtmlElement,
                   skip: tuple[lxml.html.HtmlElement, ...] = ()) -> str | None:
    if not skip and next(el.iterdescendants(*_NESTED, *_UNSPOKEN, "br"), None) is None \
            and not _HAS_HIDDEN(el):
        return clean_shown(text_of(el))
    own = None
    for dropped in (_DROPPED, _SUBTITLES, _KEPT):  # fewer words dropped at each pass
        parts: list[str] = []
        _inline_text(el, parts, dropped, skip)
        own = clean_shown("".join(parts))
        if own:
            return own
    return own


def _inline_text(el: lxml.html.HtmlElement, parts: list[str], dropped: frozenset[str],
                 skip: tuple[lxml.html.HtmlElement, ...]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in dropped and tag not in _UNSPOKEN \
                and tag != "br" and child not in skip and child.get("hidden") is None:
            if tag in _BLOCKS:
                parts.append(" ")
            _inline_text(child, parts, dropped, skip)
            if tag in _BLOCKS:
                parts.append(" ")
        else:
            parts.append(" ")
        if child.tail:
            parts.append(child.tail)
