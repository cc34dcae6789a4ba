"""Typed access to compiled XPath results.

lxml returns a union of every XPath result type; the stages only ever ask for elements, so this
one place narrows the type (and drops stray strings), instead of casts sprinkled over the stages.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from lxml.html import HtmlElement


def elements(xpath: etree.XPath | str, node: Any, **variables: Any) -> list[HtmlElement]:
    result = node.xpath(xpath, **variables) if isinstance(xpath, str) else xpath(node, **variables)
    if not isinstance(result, list):
        return []
    return [r for r in result if isinstance(r, HtmlElement)]


def text_of(el: HtmlElement) -> str:
    """``el.text_content()`` (every text node of the subtree, tails inside it included), at half
    the cost on the short blocks the stages read: the text serializer runs in one C call, where
    ``text_content`` evaluates an XPath ``string()`` with its context set-up each time."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def number(xpath: etree.XPath, node: Any) -> float:
    """A numeric XPath result (``count()``, ``sum()``); 0 for anything else."""
    result = xpath(node)
    return float(result) if isinstance(result, (int, float)) else 0.0


__all__ = ["HtmlElement", "elements", "number", "text_of"]
