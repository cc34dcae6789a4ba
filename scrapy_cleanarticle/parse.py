"""str -> lxml tree, without the silent losses of a bare ``lxml.html.fromstring``.

libxml2 stops building the tree at depth 256 (2048 with ``huge_tree``) and drops *everything*
after that point, with no exception: a 300-deep ``<div>`` page loses its story. We parse with
``huge_tree`` (which also lifts the 10 MB text-node cap), read the parser's ``error_log``, and
when the page is deeper than ``config.max_depth`` we rewrite it with one linear scan
(:func:`.flatten.flatten_deep`) that drops the excess container tags but keeps every word, then parse again
and say so in ``Parsed.warnings``.

Other defences, after parsel's ``create_root_node``: XML-incompatible characters are removed
before parsing (lxml refuses them later, when a stage copies text); comments and processing
instructions are dropped by the parser; an XML declaration and a DOCTYPE internal subset are cut
(entities are never expanded: the HTML parser has no DTD support and ``no_network`` is on); every
lxml exception becomes :class:`ParseError` or :class:`NotHTMLError`. The parser is per thread:
lxml parser objects must not be shared between threads.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import lxml.html
import numpy as np
from lxml import etree

from ._native import compiled_reads, disagree
from ._xpath import number
from .config import CleanerConfig
from .errors import NotHTMLError, ParseError
from .flatten import flatten_deep
from .textutil import PARSE_DROPPED as _CONTROL


@dataclass(frozen=True)
class Parsed:
    """A parsed page. The root is always ``<html>`` with one ``<head>`` and one ``<body>``.

    ``warnings`` holds stable tokens the caller copies into ``Article.metadata``:
    ``depth_flattened`` (containers deeper than ``max_depth`` were unwrapped; text kept),
    ``depth_loss`` (libxml2 still hit its depth cap: some text may be missing),
    ``node_limit`` (the tree was cut after ``max_nodes`` elements), ``frameset`` (a
    frameset-only page: its text lives in other documents), ``control_chars`` (removed),
    ``head_trimmed`` (meta/link tags beyond a tenth of ``max_nodes`` dropped from the head).
    """

    tree: lxml.html.HtmlElement
    warnings: tuple[str, ...] = ()

    @property
    def nodes(self) -> int:
        """Elements in the tree; counted on demand, since the pipeline never needs it."""
        return int(number(_COUNT, self.tree))


# _CONTROL: XML 1.0 forbids these; lxml raises "All strings must be XML compatible" when a stage
# later assigns text that holds one, so they go before parsing. \v and \f are white space in
# HTML (replaced by a space first).
# Character references to those same characters: libxml2 turns some into the raw character.
_CONTROL_REF = re.compile(r"&#(?:0*(?:[0-8]|1[1-2]|1[4-9]|2[0-9]|3[01])(?![0-9])"
                          r"|[xX]0*(?:[0-8]|[bBcCeEfF]|1[0-9a-fA-F])(?![0-9a-fA-F]));?")
_CONTROL_REF_BYTES = re.compile(_CONTROL_REF.pattern.encode("ascii"))
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]{0,1000}>")
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]{0,1000}\[", re.IGNORECASE)
_SUBSET_END = re.compile(r"\]\s*>")
_DEPTH_ERROR = "Excessive depth"
_COUNT = etree.XPath("count(//*)")
_SMALL_PAGE = 32 * 1024
# Implied elements (html, head, body, ...) that the parser adds beyond the page's own tags.
_IMPLIED_SLACK = 16

_local = threading.local()


def _parser() -> lxml.html.HTMLParser:
    parser: lxml.html.HTMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        # The page reaches lxml as UTF-8 bytes we encoded ourselves: libxml2 reads bytes faster
        # than a str, and the fixed encoding makes it ignore the page's own (often wrong)
        # <meta charset>, which decode.py has already dealt with.
        parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True,
                                      no_network=True, collect_ids=False, encoding="utf-8")
        # lxml.html picks each element's class in a Python callback (form elements get their
        # own classes); a default lookup does it in C, which makes every node access cheaper.
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))
        _local.parser = parser
    return parser


def element(tag: str) -> lxml.html.HtmlElement:
    """A new element whose subtree gets its proxies from our C-level class lookup (a plain
    ``lxml.html.Element`` runs a Python callback for every node a later walk touches)."""
    new = _parser().makeelement(tag)
    if not isinstance(new, lxml.html.HtmlElement):  # pragma: no cover - the lookup guarantees it
        raise ParseError(f"unexpected element class {type(new).__name__}")
    return new


def parse_html(text: str, *, config: CleanerConfig, probe_depth: bool = True,
               utf8: bytes | None = None) -> Parsed:
    """Parse ``text`` into an lxml HTML tree; see :class:`Parsed` for the guarantees.

    ``probe_depth=False`` skips the whole-tree depth probe: the pipeline measures the depth in
    its text index anyway and parses again, probing, when the tree is too deep (see api.py).
    A tree cut off by libxml2's own depth cap is always noticed (its last error says so).
    ``utf8``: ``text`` in UTF-8, when the caller has it (a response body that was valid UTF-8):
    the parser reads those bytes instead of an encoding of ``text`` made here.
    """
    warnings: list[str] = []
    text, raw, had_controls = _prepare(text, utf8)
    if had_controls:
        warnings.append("control_chars")
    if not text or text.isspace():
        raise NotHTMLError("the page holds no markup or text", reason="empty")

    # Each element needs at least two bytes ("<p"): below that bound no count is needed for the
    # node limit, and on a small page the count is cheaper than the depth probe it can spare.
    tags = len(raw) // 2
    if tags + _IMPLIED_SLACK > config.max_nodes or len(raw) < _SMALL_PAGE:
        tags = _count_tags(raw)
    cut = False
    if tags > config.max_nodes:
        text, trimmed = _trim_head(text, config.max_nodes)
        if trimmed:
            warnings.append("head_trimmed")
        limited, cut = _limit_tags(text, config.max_nodes)
        raw = limited.encode("utf-8")
        tags = limited.count("<")
    limit = config.max_depth
    root, depth_hit = _parse(raw)
    # A page can only be deeper than ``limit`` if it has more than ``limit`` tags.
    if depth_hit or (probe_depth and tags > limit and _deeper_than(root, limit)):
        # Flatten the whole text, then apply the node limit: unwrapped containers no longer
        # count, so the story at the bottom of a very deep page survives.
        for attempt_limit in (limit, max(limit // 2, 16), 16):
            flat, cut = _limit_tags(flatten_deep(text, attempt_limit), config.max_nodes)
            root, depth_hit = _parse(flat.encode("utf-8"))
            if not depth_hit:
                break
        warnings.append("depth_flattened")
        if depth_hit:
            warnings.append("depth_loss")

    if cut:
        warnings.append("node_limit")
    if _ensure_skeleton(root):
        warnings.append("frameset")
    # Every element comes from a start tag, except the few the parser implies: only a page near
    # the limit can be over it, and only then is the tree counted.
    if tags + _IMPLIED_SLACK > config.max_nodes and number(_COUNT, root) > config.max_nodes:
        _cut_after(root, config.max_nodes)
        if "node_limit" not in warnings:
            warnings.append("node_limit")
    return Parsed(root, tuple(warnings))


_START_TAG = re.compile(r"<[A-Za-z]")
_HEAD_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
# What may stand in a head (and the document's own opening tags); the first other tag starts
# the content. Only meta, link and base are dropped: they hold no text for the body.
_HEAD_ONLY = frozenset({"html", "head", "title", "meta", "link", "base", "script", "style",
                        "noscript", "template"})
_HEAD_JUNK = frozenset({"meta", "link", "base"})
_HEAD_SHARE = 10  # the head may spend a tenth of the node limit on meta/link/base tags


def _count_tags(raw: bytes) -> int:
    """The number of ``<`` in the page: a bound on its elements. Counted on the bytes (UTF-8
    has no ``<`` inside a multi-byte character) as one array comparison: four times faster
    than ``str.count`` on the text (itself three times faster than ``bytes.count``), where the
    count cost a tenth of the parse's instructions on a 2025 page over 100 kB."""
    return int(np.count_nonzero(np.frombuffer(raw, dtype=np.uint8) == _LT))


_LT = ord("<")


def _trim_head(text: str, max_nodes: int) -> tuple[str, bool]:
    """Drop meta/link/base tags in the head beyond a tenth of the node limit.

    The node limit counts start tags from the top, so 100,000 <meta> tags (3.7 MB of junk)
    would spend it all before <body> and lose the story. Head tags beyond the first few
    thousand are never what metadata extraction reads (it takes the first match), so they go
    first. One regex scan over the head only; the page's content is not touched.
    """
    budget = max(max_nodes // _HEAD_SHARE, 1)
    kept = 0
    pieces: list[str] = []
    copied = 0
    for match in _HEAD_TAG.finditer(text):
        name = match.group(2).lower()
        if name not in _HEAD_ONLY or (match.group(1) and name in ("head", "html")):
            break  # the content starts here (or the head ends)
        if name not in _HEAD_JUNK or match.group(1):
            continue
        kept += 1
        if kept <= budget:
            continue
        end = text.find(">", match.end())
        if end < 0:
            break
        pieces.append(text[copied:match.start()])
        copied = end + 1
    if not pieces:
        return text, False
    pieces.append(text[copied:])
    return "".join(pieces), True


def _limit_tags(text: str, max_nodes: int) -> tuple[str, bool]:
    """Cut the markup after its ``max_nodes``-th start tag, before lxml builds a single node.

    Cutting a built tree costs a Python call per dropped node; cutting the text costs one
    regex scan, so a page of a million tiny paragraphs stays cheap.
    """
    if text.count("<") <= max_nodes:
        return text, False
    for i, match in enumerate(_START_TAG.finditer(text)):
        if i == max_nodes:
            return text[:match.start()], True
    return text, False


# ASCII controls that _CONTROL removes, plus \v and \f (white space, replaced by a space).
_ASCII_CONTROLS = tuple(bytes([*range(0x00, 0x0D), *range(0x0E, 0x20), 0x7F]).replace(b"\t\n", b""))
CONTROL_BYTES = 1  # control_marks: a byte of _ASCII_CONTROLS
CONTROL_REFS = 2  # control_marks: a match of _CONTROL_REF


def control_marks(raw: bytes) -> int:
    """What of the parser's cleaning a page's UTF-8 bytes need: ``CONTROL_BYTES`` when they
    hold a byte of ``_ASCII_CONTROLS``, ``| CONTROL_REFS`` when a character reference to a
    control (``_CONTROL_REF``). Read once in C where built (``_textscan.c``)."""
    if _C_MARKS is not None:
        return _C_MARKS(raw)
    return control_marks_python(raw)


def control_marks_python(raw: bytes) -> int:
    """:func:`control_marks` in Python, the reference for the C scan.

    Byte-level scans run at memory speed (one ``memchr`` per control byte beats a
    ``bytes.translate`` copy), while a character-class regex over the whole page costs half as
    much as the parse itself; the bytes are what the parser reads anyway. The reference search
    runs on the bytes, at half the cost of the text (most pages are UCS-2 str), from the first
    "&#" (``bytes.find`` outruns the regex's own scan for its prefix)."""
    marks = CONTROL_BYTES if any(byte in raw for byte in _ASCII_CONTROLS) else 0
    first_ref = raw.find(b"&#")
    if first_ref >= 0 and _CONTROL_REF_BYTES.search(raw, first_ref):
        marks |= CONTROL_REFS
    return marks


# Bytes on which the C scan must answer as Python does before it is used: each control byte,
# tab, LF and CR alone, at each place of an eight-byte word, bytes above 0x7F (UTF-8), and
# references of every shape (decimal, hex, leading zeros, the allowed 9, 10 and 13, values
# past 31, unterminated, at the end, a bare "&" or "&#").
CONTROL_PROBES: tuple[bytes, ...] = (
    b"", b"plain text", b"\t\n\r", b"a\tb\nc\rd efgh ijkl", b"\x7f", b"\x80\xff\xe2\x80\x99",
    *(bytes([c]) for c in range(0x20)), *(b"x" * k + b"\x1f" + b"y" * 9 for k in range(9)),
    *(b"x" * k + b"\x7f" for k in range(9)), b"\xc2\x85 \xe3\x80\x80",
    b"&#1;", b"&#0", b"&#00000000000000000031", b"&#9;", b"&#10;", b"&#13;", b"&#32;", b"&#8217;",
    b"&#x1F;", b"&#X0b", b"&#xa;", b"&#xd;", b"&#x20;", b"&#x0000e;", b"&#x;", b"&#;", b"&", b"&#",
    b"&amp;#1;", b"&&#12", b"&#127;", b"&#x7f;", b"a &#39; b &#x27; c &#2", b"&#311", b"&#3x",
)


def _checked_marks() -> Callable[[bytes], int] | None:
    """The C scan, where this build has it and it answers as Python does on
    :data:`CONTROL_PROBES`; else None, with a warning when it disagrees."""
    scan: Callable[[bytes], int] | None = getattr(compiled_reads(), "control_marks", None)
    if scan is None:
        return None
    if any(scan(raw) != control_marks_python(raw) for raw in CONTROL_PROBES):
        disagree("control scan", "Python's", "scanning in Python")
        return None
    return scan


_C_MARKS = _checked_marks()


def _encoded(text: str, encoded: bytes | None = None) -> bytes | None:
    """The page as UTF-8 (``encoded``, when given: a response body that was valid UTF-8), or
    None when it holds a lone surrogate, which refuses to encode."""
    if encoded is not None:
        return encoded
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return None


def _prepare(text: str, utf8: bytes | None = None) -> tuple[str, bytes, bool]:
    """The page's text and its UTF-8 bytes, cleaned for libxml2; and whether controls went.
    ``utf8``: ``text`` in UTF-8 already, used as it is unless the text needs a change."""
    if not isinstance(text, str):
        raise ParseError(f"parse_html needs str, got {type(text).__name__}")
    cleaned = text.removeprefix("\ufeff")
    # An encoding declaration says nothing useful once the page is text.
    match = _XML_DECL.match(cleaned)
    if match:
        cleaned = cleaned[match.end():]
    # An internal DTD subset is never expanded by the HTML parser, but its text would leak
    # into the body as "]>": cut it (only in the prolog, so the search stays bounded).
    match = _DOCTYPE_SUBSET.search(cleaned, 0, 4096)
    if match:
        end = _SUBSET_END.search(cleaned, match.end())
        if end:
            cleaned = cleaned[:match.start()] + "<!DOCTYPE html>" + cleaned[end.end():]
    raw = _encoded(cleaned, utf8 if cleaned is text else None)
    marks = CONTROL_BYTES if raw is None else control_marks(raw)
    had_controls = False
    if raw is None or marks & CONTROL_BYTES or "\ufffe" in cleaned or "\uffff" in cleaned:
        spaced = cleaned.replace("\x0b", " ").replace("\x0c", " ")
        cleaned = _CONTROL.sub("", spaced)
        had_controls = len(cleaned) != len(spaced)
        raw = cleaned.encode("utf-8")
        marks = control_marks(raw)
    if marks & CONTROL_REFS:
        cleaned = _CONTROL_REF.sub("", cleaned)
        raw = cleaned.encode("utf-8")
    return cleaned, raw, had_controls


def _parse(raw: bytes) -> tuple[lxml.html.HtmlElement, bool]:
    parser = _parser()
    try:
        root = etree.fromstring(raw, parser=parser)
    except (etree.LxmlError, ValueError, TypeError) as exc:
        raise ParseError(f"lxml could not parse the page: {str(exc)[:200]}") from exc
    if root is None:
        raise NotHTMLError("the page holds no elements (only comments or white space?)",
                           reason="empty")
    # libxml2 halts at its depth cap, so that error is the last one: one entry read, not the
    # whole log (one Python object per HTML error, thousands on a sloppy page)
    last = parser.error_log.last_error
    depth_hit = last is not None and _DEPTH_ERROR in last.message
    if not isinstance(root, lxml.html.HtmlElement):  # pragma: no cover - parser guarantees it
        raise ParseError(f"unexpected root {type(root).__name__}")
    return root, depth_hit


def _deeper_than(root: lxml.html.HtmlElement, limit: int) -> bool:
    """One XPath step per level, evaluated in C: linear in the number of nodes."""
    return bool(_depth_probe(limit)(root))


@lru_cache(maxsize=8)
def _depth_probe(limit: int) -> etree.XPath:
    return etree.XPath("boolean(/" + "/".join(["*"] * (limit + 1)) + ")")


def _cut_after(root: lxml.html.HtmlElement, keep: int) -> None:
    """Drop every element after the ``keep``-th in document order (and its descendants)."""
    found = root.xpath(f"(//*)[{keep}]")
    if not found:
        return
    last = found[0]
    for child in list(last):
        last.remove(child)
    node = last
    while node is not None:
        parent = node.getparent()
        if parent is None:
            break
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent


def _ensure_skeleton(root: lxml.html.HtmlElement) -> bool:
    """Give every tree a head and a body; report whether this was a frameset-only page."""
    frameset = False
    tags = {child.tag for child in root}  # a few children; find() runs Python ElementPath
    if "head" not in tags:
        root.insert(0, element("head"))
    if "body" not in tags:
        body = element("body")
        for fs in root.findall("frameset"):
            frameset = True
            for noframes in fs.iter("noframes"):
                # noframes is the page's own fallback text: keep it, as its content.
                wrapper = element("div")
                wrapper.text = noframes.text
                wrapper.extend(list(noframes))
                body.append(wrapper)
            root.remove(fs)
        root.append(body)
    return frameset


__all__ = ["Parsed", "element", "parse_html"]
