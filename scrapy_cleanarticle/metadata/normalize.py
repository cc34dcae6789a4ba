"""Text, URL and headline clean-up shared by every metadata source.

Every source (JSON-LD, meta tags, microdata, the visible page) hands back raw strings; the same
clean-up runs on all of them, so that the order of preference in ``__init__`` compares like with
like.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from ..textutil import DENSE_SCRIPT, alnum_only, fold_key

_TAG = re.compile(r"<[^>]{0,400}>")
# Markup for sure: a closing or self-closing tag, or one with attributes. A lone "<table>" or
# "<br>" in a title is the page's words ("<table>: The Table element").
_MARKUP = re.compile(r"</[a-zA-Z]|<[a-zA-Z][^<>]{0,400}(?:/>|\s[\w:-]+\s*=)")
# Soft hyphens and zero-width characters: hyphenation and line-break hints a reader never
# sees ("Assis\u00adtance" reads "Assistance")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")

# Separators between a headline and the site or section name in <title> / og:title. A plain
# hyphen counts only with spaces around it, so "Coca-Cola" and "2021-2022" are never split.
TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-\u2013\u2014:\u00b7\u2022\u00bb/~]|::|\\\\|-{2})\s+"
                              r"|\s*[|\u00bb\u2022\uff5c\uff1a]\s*"
                              r"|(?<=[^\x00-\x7f])[_:](?=\S)|(?<=\S)[_:](?=[^\x00-\x7f])")


# An underscore inside a name in code ("ngx_http_rewrite_module", "snake_case")
_IDENTIFIER = re.compile(r"[a-z0-9]_[a-z0-9]")


def title_segments(title: str) -> list[str]:
    """A title's segments between separators (:data:`TITLE_SEPARATORS`), stripped, none
    empty: "Headline - Local | Site" gives the headline, "Local" and "Site"."""
    return [part.strip() for part in TITLE_SEPARATORS.split(title) if part.strip()]


def clean_text(value: object) -> str | None:
    """Squash white space, unescape entities and drop stray tags; ``None`` for nothing. For
    declared values (meta content, JSON-LD), which may carry escaped markup."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = str(value)
    text = value
    if "&" in text:
        text = html.unescape(text)
    if "<" in text and _MARKUP.search(text):
        text = _TAG.sub(" ", text)
    return clean_shown(text)


def clean_shown(text: str) -> str | None:
    """Squash white space; ``None`` for nothing. For the text of an element as the page shows
    it, which the parser has unescaped already: a "<table>" there is words ("<table>: The
    Table element", "30 Years of <br> Tags"), not markup to drop."""
    if not text.isascii():  # NFC leaves ASCII as it is
        text = unicodedata.normalize("NFC", _drop_invisible(_once_encoded(text)))
    text = " ".join(text.split())
    return text or None


# A UTF-8 sequence read as Latin-1: a lead byte, then continuation bytes of which at least
# one is a C1 control (U+0080..U+009F), which no real text holds
_TWICE = re.compile("[\u00c2-\u00f4](?=[\u0080-\u00bf]*[\u0080-\u009f])[\u0080-\u00bf]{1,3}")


def _once_encoded(text: str) -> str:
    """Text a CMS encoded twice ("Investor\u00e2\u0080\u0099s"), encoded once again: the
    page is UTF-8 (``decode``), only these runs are not. A run that does not decode is kept."""
    if not _C1_CHAR.search(text):
        return text
    return _TWICE.sub(_undo_twice, text)


def _undo_twice(run: re.Match[str]) -> str:
    try:
        return run[0].encode("latin-1").decode("utf-8")
    except UnicodeDecodeError:
        return run[0]


_C1_CHAR = re.compile("[\u0080-\u009f]")


def _drop_invisible(text: str) -> str:
    # one ``in`` per invisible character is a C scan, fifty times cheaper than a regex pass
    # over text that has none of them (nearly all text)
    if ("\u00ad" in text or "\u200b" in text or "\u200c" in text or "\u200d" in text
            or "\u2060" in text or "\ufeff" in text):
        return _INVISIBLE.sub("", text)
    return text


def fold(value: str | None) -> str:
    """A comparison key: :func:`~..textutil.fold_key` (the package's one fold, edge punctuation
    trimmed), ``""`` for nothing."""
    if not value:
        return ""
    return _fold(value)


# cached: the same names, titles and URLs are compared many times per page
_fold = lru_cache(maxsize=4096)(fold_key)


def host_words(url: str | None) -> set[str]:
    """Folded names a site may call itself, guessed from its host ("www.nytimes.com" ->
    {"nytimes", "nytimes.com"})."""
    if not url:
        return set()
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return set()
    labels = [lab for lab in host.lower().split(".") if lab and lab not in ("www", "m", "amp")]
    words = set()
    if len(labels) >= 2:
        words.add(".".join(labels[-2:]))
        words.add(".".join(labels))
    words.update(lab for lab in labels[:-1] if len(lab) > 2)
    return words


@lru_cache(maxsize=4096)
def _squash(text: str) -> str:
    # cached: every title segment and author is compared with every site name
    return alnum_only(text.casefold())


_BRACKETED_TAIL = re.compile(r"\s+(?:\[([^\[\]]{2,60})\]|\(([^()]{2,60})\))\s*$")
_ID_RUN = re.compile(r"\d{4,}\D{0,3}\d{3,}")


def is_site_name(segment: str, site_names: Iterable[str]) -> bool:
    """Whether a title segment is (a spelling of) one of the known site names."""
    seg = _squash(segment)
    if not seg:
        return True
    if _ID_RUN.search(seg):
        return False  # "JVNDB-2018-013542": a document number, not the site's name
    for name in site_names:
        key = _squash(name)
        if not key:
            continue
        if seg == key or (len(key) >= 4 and (seg.startswith(key) or (key.startswith(seg)
                                            and len(seg) >= 4))):
            return True
        if len(key) >= 5 and key in seg and len(seg) <= len(key) + 12:
            return True
    return False


def strip_site_name(title: str, site_names: Iterable[str], others: Iterable[str] = ()) -> str:
    """Remove a leading or trailing site/section name from a headline.

    A segment goes when it names the site (``og:site_name``, the publisher, the host), or when
    another source (the ``<h1>``, ``og:title``) gives the headline without it. The longest
    segment is never removed on the strength of a separator alone: headlines contain colons
    and dashes of their own.
    """
    # a "site name" that is the whole title is the page's own (a template that sets
    # apple-mobile-web-app-title per page): peeled off, it would leave a scrap of the title
    whole = fold(title)
    names = [n for n in site_names if n and fold(n) != whole]
    glued = title.split("_")
    if len(glued) > 1 and all(len(glued[0].strip()) > len(p.strip()) for p in glued[1:]) \
            and len(glued[0].strip()) >= 8 and " " not in "".join(glued[1:]).strip() \
            and not _IDENTIFIER.search(title):
        # "Headline_Section_Site": the underscore glues short section and site names to the
        # headline (common on Chinese sites). Between lower-case letters or digits it is a
        # name in code: "Module ngx_http_rewrite_module" is a headline whole
        title = glued[0].strip()
    bracketed = _BRACKETED_TAIL.search(title)
    if bracketed and bracketed.start() > 0 and is_site_name(bracketed[1] or bracketed[2], names):
        # "Searching [Docs name]", "Headline (The Daily Bugle)": the site in brackets
        title = title[:bracketed.start()]
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    other_keys = {fold(o) for o in others if o}
    # 1. another source carries the same headline without the extra segments; the kept part
    # must be longer than each dropped one, or a site-name <h1> would pass for the headline
    for start in range(len(parts)):
        for end in range(len(parts), start, -1):
            if (start, end) == (0, len(parts)):
                continue
            candidate = _join_segment(title, parts, start, end)
            dropped = parts[:start] + parts[end:]
            if (candidate and fold(candidate) in other_keys
                    and all(len(candidate) >= len(part) for part in dropped)):
                return candidate
    # 2. peel site names off either end
    start, end = 0, len(parts)
    while end - start > 1 and is_site_name(parts[end - 1], names):
        end -= 1
    while end - start > 1 and is_site_name(parts[start], names):
        start += 1
    if (start, end) != (0, len(parts)):
        return _join_segment(title, parts, start, end) or title
    return title


SITE_COLON_WORDS = 5  # a site's name before a glued colon is a few words at most


def site_colon(title: str) -> tuple[str, str] | None:
    """A title split at a colon glued to its first words ("Blog name: Entry title", as
    Blogger writes ``<title>``), or None. A colon is no separator on its own: headlines
    have colons of their own ("Brexit: what happens next"), so the caller must know the
    part before it for the site's name."""
    head, colon, rest = title.partition(": ")
    if not colon or not head.strip() or len(head.split()) > SITE_COLON_WORDS \
            or len(rest.split()) < 2:
        return None
    return head.strip(), rest.strip()


def _join_segment(title: str, parts: list[str], start: int, end: int) -> str:
    """The original text from part ``start`` to part ``end - 1``, separators included."""
    first, last = parts[start], parts[end - 1]
    begin = _find_nth(title, parts, start)
    finish = _find_nth(title, parts, end - 1) + len(last)
    if begin < 0 or finish < begin or not first:
        return " ".join(p for p in parts[start:end] if p).strip()
    return title[begin:finish].strip()


def _find_nth(title: str, parts: list[str], index: int) -> int:
    pos = 0
    for i, part in enumerate(parts):
        found = title.find(part, pos)
        if found < 0:
            return -1
        if i == index:
            return found
        pos = found + len(part)
    return -1


_CJK_RUN = re.compile(f"[{DENSE_SCRIPT}]+")
_WORD = re.compile(r"[^\W\d_]{3,}")


def tokens(text: str | None) -> frozenset[str]:
    """Words of three letters or more, plus character pairs of CJK runs (which have no spaces)."""
    if not text:
        return frozenset()
    return _tokens(text)


@lru_cache(maxsize=1024)
def _tokens(text: str) -> frozenset[str]:
    # cached: each declared title is compared with every headline candidate
    low = fold(text)
    out = {w for w in _WORD.findall(low) if not _CJK_RUN.fullmatch(w)}
    for run in _CJK_RUN.findall(low):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(out)


def unique(values: Iterable[str | None]) -> list[str]:
    """Non-empty values in order, duplicates (after folding) dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if not value:
            continue
        key = fold(value)
        if key and key not in seen:
            seen.add(key)
            out.append(value)
    return out
