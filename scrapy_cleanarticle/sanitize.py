"""Make an HTML fragment safe to serve. (Stub: hardened by the hostile-input work.)"""

from __future__ import annotations

import re

import lxml.html

_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
DANGEROUS_TAGS = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed",
                            "applet", "form", "input", "button", "textarea", "select", "base",
                            "link", "meta", "noscript", "template"})


def is_safe_url(url: str) -> bool:
    return not _BAD_SCHEME.match(url or "")


def sanitize_tree(root: lxml.html.HtmlElement) -> None:
    """Strip dangerous elements, ``on*`` attributes and unsafe URLs, in place."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in DANGEROUS_TAGS and el is not root:
            el.drop_tree()
            continue
        for attr in list(el.attrib):
            low = attr.lower()
            if low.startswith("on") or (low in ("href", "src", "action", "formaction", "xlink:href")
                                        and not is_safe_url(el.attrib[attr])):
                del el.attrib[attr]
