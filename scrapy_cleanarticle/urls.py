"""Every URL the package outputs is resolved here, against one base per page.

One absolutizer, one scheme policy, one page base, so that the same image never comes out
absolute in ``images`` and relative in ``articleBodyHtml``.

The scheme policy follows what the URL is for. A URL that names something to *fetch* (an
image, the canonical page, a breadcrumb) must be ``http(s)``: a crawler or a reader's browser
can do nothing with ``ftp:``, ``about:`` or ``data:`` there, and ``javascript:`` would be an
attack. A *link* in the body is the author's, so ``mailto:``, ``tel:`` and the other schemes
:func:`~.sanitize.is_safe_url` allows keep their href: the body's safety is sanitize's job, not
this module's. Either kind is dropped (``None``) when Python cannot parse it ("https://[") or
it names no host ("https:///a"): what we cannot parse, a consumer cannot rely on. A
protocol-relative URL on a page without a base becomes ``https:``, the scheme every current
site serves.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

WEB_SCHEMES = frozenset({"http", "https"})

# An absolute http(s) URL that urljoin returns unchanged, so its two parses can be skipped: an
# ASCII host (no IPv6 brackets for it to check, no NFKC look-alikes to refuse), and no tab or
# newline to strip, no ";" parameters or empty "?"/"#" for it to drop.
_PLAIN_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9.\-_~:@%!$&'()*+,=]+"
                             r"(?:/[^?#;\t\r\n]*)?(?:\?[^?#;\t\r\n]+)?(?:#[^#;\t\r\n]+)?\Z")

# "https:///path": a web URL without its host. urljoin would graft the path onto the base's
# host and a browser would take the path's first segment for the host; both are guesses.
_NO_HOST = re.compile(r"https?:///", re.IGNORECASE)


# A path from the site's root that urljoin would only append to the base's origin: no dot
# segments to remove, and nothing (as above) that its parse would strip or drop.
_PLAIN_ROOTED = re.compile(r"/(?!/)[^?#;\t\r\n]*(?:\?[^?#;\t\r\n]+)?(?:#[^#;\t\r\n]+)?\Z")


@lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    """``scheme://host`` of a plain absolute base, or ``None`` to leave the base to urljoin."""
    if not _PLAIN_ABSOLUTE.match(base):
        return None
    end = base.find("/", base.index("://") + 3)
    return base if end < 0 else base[:end]


def resolve(url: str, base: str | None) -> str | None:
    """``url`` made absolute against ``base``; ``None`` when it cannot be parsed."""
    url = url.strip()
    if not url:
        return None
    if _PLAIN_ABSOLUTE.match(url):
        return url
    if _NO_HOST.match(url):
        return None
    if not base:
        return "https:" + url if url.startswith("//") else url
    if "/." not in url and _PLAIN_ROOTED.match(url):
        origin = _origin(base)  # most links are from the root: urljoin's two parses cost more
        if origin is not None:
            return origin + url
    try:
        return urljoin(base, url)
    except ValueError:
        return None


def web_url(url: str | None, base: str | None) -> str | None:
    """A URL to fetch (image, canonical, breadcrumb): resolved, and http(s) or still relative
    (a page with no base at all); anything else is ``None``."""
    if not url:
        return None
    resolved = resolve(url, base)
    if resolved is None or resolved.startswith(("https://", "http://")):
        return resolved
    try:
        scheme = urlsplit(resolved).scheme
    except ValueError:
        return None
    return resolved if not scheme else (resolved if scheme in WEB_SCHEMES else None)


def same_page(href: str | None, page_url: str | None) -> bool:
    """Whether a link (resolved against ``page_url``) leads to the page itself: the same host,
    ``www.`` aside, the same path, a trailing ``/`` aside, and the same query; the scheme and
    the fragment do not count. A story's own heading linked to its permalink is such a link."""
    if not href or not page_url:
        return False
    target = resolve(href, page_url)
    if target is None:
        return False
    try:
        there, here = urlsplit(target), urlsplit(page_url)
    except ValueError:
        return False
    return (without_www(there.netloc.lower()), there.path.rstrip("/"), there.query) \
        == (without_www(here.netloc.lower()), here.path.rstrip("/"), here.query)


def without_www(host: str) -> str:
    """A host as the site is named by it: "www.example.com" and "example.com" are one site."""
    return host[4:] if host.startswith("www.") else host


def page_base(root: HtmlElement, url: str | None) -> str:
    """What the page's relative URLs resolve against: its ``<base href>`` (itself resolved
    against ``url``) when it declares an http(s) one, else ``url``, else ``""``.

    The first ``<base>`` with an href counts, as the HTML standard says; it is read from the
    parsed ``<head>``, where it belongs, rather than by scanning the markup (w3lib's
    ``get_base_url`` regex costs 0.08x a parse on zyte-dev pages, and would also match a
    ``<base`` inside a script or a comment). The page URL is never rewritten: only a declared
    base changes anything.
    """
    head = root.find("head")
    if head is None:
        return url or ""
    for base in head.iter("base"):
        declared = (base.get("href") or "").strip()
        if not declared:
            continue
        joined = web_url(declared, url)
        if joined and joined.startswith(("https://", "http://")):
            return joined
        break
    return url or ""


__all__ = ["WEB_SCHEMES", "page_base", "resolve", "web_url"]
