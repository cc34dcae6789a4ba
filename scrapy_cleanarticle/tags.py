"""The package's vocabulary of tags: which elements break a paragraph, which are inline, which
are headings, and when a ``<div>`` is a paragraph.

Every stage reads these sets from here, so a tag added to one meaning changes every stage that
uses it at once. Where two stages need different sets, the difference is named here (and says
why), not written as a second near-copy of the list.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, islice, takewhile

from lxml.html import HtmlElement

#: Subheadings inside a story; ``h1`` is the page title, rendered and filtered apart.
SUBHEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
HEADINGS = SUBHEADINGS | {"h1"}

#: Tags that start and end a paragraph as a reader sees it: the renderer cuts text there, and
#: the learned scorer cuts its units there too.
BLOCK = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", *HEADINGS,
                   "blockquote", "pre", "table", "tr", "thead", "tbody", "dd", "dt", "dl",
                   "header", "figure", "figcaption", "address", "center", "hr", "details",
                   "summary", "caption"})
#: The page itself, not a box of it: a walk up from an element to the box it sits in (the
#: site's chrome, a box of comments) stops below these, whose classes describe the whole page
#: (WordPress writes "wp-custom-logo" on ``<body>`` when the theme shows a logo).
PAGE_WIDE = frozenset({"body", "html"})
#: How far up from an element a walk looks for the box it sits in.
BOX_LEVELS = 6


def boxes_around(el: HtmlElement) -> Iterator[HtmlElement]:
    """``el`` and its ``BOX_LEVELS`` nearest ancestors, short of the page itself
    (``PAGE_WIDE``): the boxes whose names say what an element is part of."""
    return takewhile(lambda node: node.tag not in PAGE_WIDE,
                     chain((el,), islice(el.iterancestors(), BOX_LEVELS)))


#: A form and its parts: their own text (a ``<legend>``, a ``<label>``, an ``<option>``) is a
#: control's, never a byline or a name.
FORM_PARTS = frozenset({"form", "fieldset", "legend", "label", "select", "option", "button",
                        "textarea"})
#: Table cells: joined into their row's paragraph, not paragraphs of their own.
CELLS = frozenset({"td", "th"})
#: Phrasing elements: they style text inside a paragraph and never start one.
INLINE = frozenset({"a", "em", "strong", "b", "i", "span", "font", "small", "u", "sub", "sup",
                    "code"})

#: Elements whose own text a reader does not see as a line of the page: code, styles, templates
#: and the values of form fields.
UNSEEN_TEXT = frozenset({"script", "style", "noscript", "template", "textarea", "option"})
#: Those, a ``<select>`` and the ``<title>`` of an inline SVG (a logo's tooltip): where a
#: ``<title>``'s segment found in the body is not a segment the page shows.
UNSEEN_IN_BODY = UNSEEN_TEXT | {"select", "title"}

#: Boxes the phrase stage judges as one piece of text (a prompt, a label): the blocks that hold
#: text of their own, not wrappers (main, figure, table parts, pre) nor rules (hr); the chrome
#: boxes aside and footer; table cells; and the inline wrappers a one-line prompt comes in.
TEXT_BOXES = ((BLOCK - {"main", "figure", "thead", "tbody", "pre", "address", "hr", "details",
                        "summary", "caption"})
              | {"aside", "footer", "td"} | {"span", "strong", "b", "em", "small", "a"})

#: HTML's block-level elements: an open ``<p>`` ends where one starts (the parser's rule, which
#: the depth flattener mimics), so they are also where text runs get a line break.
HTML_BLOCK = frozenset({"address", "article", "aside", "blockquote", "center", "details",
                        "dialog", "dir", "div", "dl", "dt", "dd", "fieldset", "figcaption",
                        "figure", "footer", "form", *HEADINGS, "header", "hgroup", "hr", "li",
                        "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table",
                        "tbody", "thead", "tfoot", "tr", "td", "th", "ul"})

#: Children that make a ``<div>`` a container rather than a paragraph. ``hr``, ``caption`` and
#: ``summary`` break lines but hold no paragraphs of their own; ``form`` holds fields that do.
_CONTAINER_CHILDREN = (BLOCK - {"hr", "caption", "summary"}) | {"form"}


def is_paragraph_div(div: HtmlElement) -> bool:
    """Readability's div-to-p rule: a ``<div>`` that holds only inline content is a paragraph.
    Editors that style every line write paragraphs as div > span > text."""
    return div.tag == "div" and _inline_only(div)


def _inline_only(div: HtmlElement) -> bool:
    for child in div:  # noqa: SIM110 - a plain loop: all() over a generator costs more per div
        if child.tag in _CONTAINER_CHILDREN:
            return False
    return True


def paragraph_divs(root: HtmlElement) -> list[HtmlElement]:
    """The divs under ``root`` that :func:`is_paragraph_div` holds for. A C-level walk to the
    divs and a look at their children costs a third of the same test as one XPath, which
    builds a node set per child-axis name test (thirty per div)."""
    return [div for div in root.iterdescendants("div") if _inline_only(div)]


__all__ = ["BLOCK", "CELLS", "HEADINGS", "HTML_BLOCK", "INLINE", "SUBHEADINGS", "TEXT_BOXES",
           "is_paragraph_div", "paragraph_divs"]
