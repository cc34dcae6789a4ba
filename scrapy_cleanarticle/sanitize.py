"""Make a tree safe to serve: no script can run from what we output, whatever came in.

Two rules carry the weight. Elements that run code, embed other documents or submit data are
removed (forms are unwrapped, because some CMSs wrap the whole page in one). Every attribute
that could hold a URL is checked against a scheme *allowlist* after the same normalisation a
browser applies and more (entities decoded repeatedly, white space and control characters
removed everywhere, case folded), so ``jav&#x09;ascript:``, ``JaVaScRiPt:``, ``\\x01javascript:``
and ``&#106;avascript&colon;`` all fail. Event handlers (``on*``) go unconditionally.

Candidates are selected in C (lxml's tag matcher, one XPath for attributes), so Python only
looks at elements and attributes that could be dangerous at all (a scheme needs a ``:`` or an
entity). That keeps the cost linear and small on million-node pages.
"""

from __future__ import annotations

import html
import re

from lxml import etree

from .textutil import XML_FORBIDDEN

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Removed with their content.
DANGEROUS_TAGS = _words(
    "script style iframe frame frameset noframes object embed applet param noscript noembed "
    "template svg base link meta input button textarea select option optgroup datalist keygen "
    "isindex portal bgsound layer ilayer xml import handler listener set animate animatemotion "
    "animatetransform slot")
#: Removed, content kept (some pages wrap the whole article in a form).
UNWRAP_TAGS = frozenset({"form", "xmp", "plaintext", "listing"})

# base/link/meta are kept in these safe forms so clean_html() output still resolves relative
# links and keeps its metadata for spider callbacks.
_SAFE_LINK_RELS = frozenset({"canonical", "alternate", "amphtml", "author", "license",
                             "shortlink", "next", "prev", "icon", "apple-touch-icon"})

_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp", "ftps", "sftp", "news",
                           "nntp", "sms", "geo", "irc", "ircs", "xmpp", "magnet", "webcal",
                           "callto", "urn", "doi"})
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha", "jscript",
                             "ecmascript"})
_SAFE_DATA = re.compile(r"data:image/(?:png|gif|jpe?g|webp|avif|bmp|x-icon)[;,]")
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "data", "codebase", "cite",
                        "background", "poster", "lowsrc", "dynsrc", "longdesc", "usemap",
                        "manifest", "profile", "ping", "classid", "archive", "icon", "base",
                        "to", "from", "values", "by", "xlink:href", "xml:base"})
_SRCSET_ATTRS = frozenset({"srcset", "imagesrcset", "data-srcset"})
_DROP_ATTRS = frozenset({"srcdoc", "xml:base", "xmlns:xlink", "http-equiv"})

# Browsers strip these anywhere in a URL scheme, or ignore them; we strip them all and more.
_INVISIBLE = re.compile("[\x00-\x20\x7f-\xa0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
                        "\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3000\u3164"
                        "\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_CSS_COMMENT = re.compile(r"/\*[^*]*\*+(?:[^/*][^*]*\*+)*/|/\*.*", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
_CSS_URL = re.compile(r"url\(([^)]*)\)?")
_CSS_BAD = ("expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding",
            "@import", "-o-link", "mocha:", "livescript:")

# One pass in C for each kind of candidate. lxml's tag matcher skips a document outright when
# none of the names occurs in it, so the element pass is nearly free on clean pages. Tags from
# the HTML parser are lower case; the other spellings cover trees that code built by hand.
_REMOVE_TAGS: tuple[str, ...] = tuple(sorted({
    spelling for tag in DANGEROUS_TAGS | UNWRAP_TAGS
    for spelling in (tag, tag.upper(), tag.capitalize())}))
_SUSPECT_ATTRS = etree.XPath(
    "//@*[starts-with(translate(name(), 'ON', 'on'), 'on') or contains(., ':')"
    " or contains(., '&') or contains(., '\\') or contains(translate(name(), $up, $low), 'src')"
    " or contains(translate(name(), $up, $low), 'xml')"
    " or translate(name(), $up, $low) = 'http-equiv' or translate(name(), $up, $low) = 'srcdoc'"
    " or translate(name(), $up, $low) = 'style' or contains(translate(., $up, $low), 'expression')]")


def _normalize(url: str) -> str:
    value = url
    for _ in range(4):  # double- and triple-encoded entities
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return _INVISIBLE.sub("", value).lower()


# No "&" (entities), quotes, parentheses ("expression("), white space, controls or non-ASCII
# (invisible characters): such a URL reads the same to a browser as to us.
_PLAIN_URL = re.compile(r"(?:https?://|/(?!/))[A-Za-z0-9\-._~:/?#\[\]@!$*+,;=%]*\Z")


def is_safe_url(url: str | None) -> bool:
    """Whether ``url`` may appear in an href/src of output HTML.

    Relative URLs and an allowlist of schemes pass; ``data:`` only for raster images. Anything
    else (``javascript:``, ``vbscript:``, ``data:text/html``, unknown schemes) fails.
    """
    if not url or _PLAIN_URL.match(url):
        return True  # http(s) or a path, in plain characters: nothing to decode or hide
    value = _normalize(url)
    if "expression(" in value:
        return False  # old-IE CSS expressions: never a real link, always an attack
    match = _SCHEME.match(value)
    if match is None:
        # no scheme: relative, unless a colon hides before the first / ? # (browsers would
        # then read a scheme we could not parse)
        head = re.split(r"[/?#]", value, maxsplit=1)[0]
        return ":" not in head
    scheme = match.group(1)
    if scheme == "data":
        return bool(_SAFE_DATA.match(value))
    return scheme in _SAFE_SCHEMES


def _has_script_scheme(value: str) -> bool:
    """Blocklist check for attributes that are not URLs but could be used as one."""
    norm = _normalize(value)
    match = _SCHEME.match(norm)
    if match is None:
        return False
    scheme = match.group(1)
    return scheme in _SCRIPT_SCHEMES or (scheme == "data" and not _SAFE_DATA.match(norm))


def is_safe_css(style: str) -> bool:
    """Whether an inline ``style`` value is free of script vectors (expression(), urls...)."""
    value = _CSS_COMMENT.sub("", html.unescape(style))
    value = _CSS_ESCAPE.sub(_css_unescape, value)
    value = _CSS_COMMENT.sub("", value)
    flat = _INVISIBLE.sub("", value).lower()
    if any(token in flat for token in _CSS_BAD):
        return False
    return all(is_safe_url(m.group(1).strip("'\"")) for m in _CSS_URL.finditer(flat))


def _css_unescape(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
    return match.group(2)


def sanitize_tree(root: etree._Element) -> None:
    """Remove everything that could run script, embed a document or submit data, in place.

    If ``root`` itself is dangerous it is emptied and renamed ``div`` (it cannot be removed).
    """
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove_keep_tail(node)
    candidates = list(root.iter(*_REMOVE_TAGS))
    # Only the first <base> counts in a browser; a later one must not become "first" by our
    # removing an earlier one, so at most the first survives, and only with an http(s) href.
    first_base = next((el for el in candidates if el.tag == "base"), None)
    for el in candidates:
        _drop_element(el, root, first_base)
    found = _SUSPECT_ATTRS(root, up=_UPPER, low=_LOWER)
    for attr in found if isinstance(found, list) else ():
        if isinstance(attr, etree._ElementUnicodeResult):
            _check_attribute(attr)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _drop_element(el: etree._Element, root: etree._Element,
                  first_base: etree._Element | None) -> None:
    tag = _local(el.tag) if isinstance(el.tag, str) else ""
    head_kind = tag in ("link", "meta") or (tag == "base" and el is first_base)
    if head_kind and _keep_head_element(el, tag):
        return
    if el is root:
        for child in list(el):
            el.remove(child)
        el.text = None
        el.attrib.clear()
        el.tag = "div"
        return
    if el.getparent() is None:  # already detached with an ancestor
        return
    if tag in UNWRAP_TAGS:
        _unwrap(el)
    else:
        _remove_keep_tail(el)


def _keep_head_element(el: etree._Element, tag: str) -> bool:
    attrs = {str(k).lower(): str(v) for k, v in el.attrib.items()}
    if any(k.startswith("on") for k in attrs):
        return False
    if tag == "base":
        href = attrs.get("href", "")
        return bool(href) and _SCHEME.match(_normalize(href)) is not None and \
            _normalize(href).startswith(("http:", "https:"))
    if tag == "link":
        rels = set(attrs.get("rel", "").lower().split())
        return bool(rels) and rels <= _SAFE_LINK_RELS and is_safe_url(attrs.get("href"))
    # meta: metadata only; http-equiv (refresh, set-cookie, CSP...) never survives
    return "http-equiv" not in attrs and not _has_script_scheme(attrs.get("content", ""))


def _check_attribute(attr: etree._ElementUnicodeResult) -> None:
    parent = attr.getparent()
    raw_name = attr.attrname
    if parent is None or raw_name is None or raw_name not in parent.attrib:
        return
    name = raw_name if isinstance(raw_name, str) else raw_name.decode("utf-8", "replace")
    local = name.rsplit("}", 1)[-1].lower()
    short = local.rsplit(":", 1)[-1]
    value = str(attr)
    if short.startswith("on") or local in _DROP_ATTRS or short in _DROP_ATTRS:
        unsafe = True
    elif short == "style":
        unsafe = not is_safe_css(value) or _has_script_scheme(value)
    elif short in _SRCSET_ATTRS:
        unsafe = not all(is_safe_url(part.strip().split(" ")[0])
                         for part in value.split(",") if part.strip())
    elif local in _URL_ATTRS or short in _URL_ATTRS or short.endswith(("src", "href", "url")):
        unsafe = not is_safe_url(value)
    else:
        unsafe = _has_script_scheme(value)
    if unsafe:
        del parent.attrib[raw_name]


def _join(first: str | None, second: str) -> str:
    # without the text lxml refuses to store (raw-text elements parsed by plain lxml carry it)
    return XML_FORBIDDEN.sub("", (first or "") + second)


def _remove_keep_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        prev = node.getprevious()
        if prev is not None:
            prev.tail = _join(prev.tail, tail)
        else:
            parent.text = _join(parent.text, tail)
    parent.remove(node)


def _unwrap(el: etree._Element) -> None:
    """Replace ``el`` by its children (lxml's drop_tag, for any element type)."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    prev = el.getprevious()
    text = (el.text or "")
    if text:
        if prev is not None:
            prev.tail = _join(prev.tail, text)
        else:
            parent.text = _join(parent.text, text)
    children = list(el)
    tail = el.tail
    parent.remove(el)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if tail:
        last = children[-1] if children else (parent[index - 1] if index > 0 else None)
        if last is not None:
            last.tail = _join(last.tail, tail)
        else:
            parent.text = _join(parent.text, tail)


__all__ = ["DANGEROUS_TAGS", "UNWRAP_TAGS", "is_safe_css", "is_safe_url",
           "sanitize_tree"]
