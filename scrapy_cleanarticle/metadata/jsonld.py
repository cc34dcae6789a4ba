"""Schema.org JSON-LD: the page's own statement about the article, so it is trusted first.

We read every ``<script type="application/ld+json">``, flatten lists and ``@graph``, resolve
``@id`` references, and pick the one object that describes this page's story. Broken JSON is
common (trailing commas, raw newlines, HTML comments); a block that still fails to parse is
skipped, never fatal. extruct would do the parsing, but it pulls in rdflib and several parsers
for a job of fifty lines, and it does not choose the main object for us, which is the hard part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from .._xpath import elements
from ..textutil import XML_FORBIDDEN
from .normalize import clean_text, fold

_SCRIPTS = etree.XPath(
    "//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]")
_TRAILING_COMMA = re.compile(r",\s*([\]}])")
# HTML-comment and CDATA wrappers around the JSON; only ever at its two ends, so each end is
# tested on its own: one pattern with both ends is tried at every character of the script.
_COMMENT_HEAD = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)")
_COMMENT_TAIL = re.compile(r"(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TAIL_REACH = 200
# A backslash before a character JSON does not escape ("\\'" from PHP's addslashes): dropped,
# between the escaped backslashes (split on first, so that one of them is never taken for
# a lone backslash); a plain replacement stays in C, where a template or a callback would
# call Python once a backslash
_BAD_ESCAPE = re.compile(r'\\(?![\\"/bfnrtu])')
_ESCAPED_BACKSLASH = "\\\\"
_ESCAPE_REPAIR_CHARS = 100_000  # a page's own JSON-LD is far shorter; a flood is not repaired

# What a script that no repair makes JSON still says plainly (an unescaped quote in a
# headline, a missing comma): its type and its two dates, as written key by key.
_SALVAGED = ("@type", "datePublished", "dateModified")
_SALVAGED_MARK = "@salvaged"  # such an object stands for the page only when no parsed one does
_SALVAGE = {key: re.compile(r'"' + re.escape(key) + r'"\s*:\s*"([^"\\]{1,80})"')
            for key in _SALVAGED}


_URL_NOISE = re.compile(r"^https?://(www\.)?|[?#].*$|/$")  # what ``url_key`` drops

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "reportagenews", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "satiricalarticle", "scholarlyarticle", "medicalscholarlyarticle", "techarticle", "report",
    "liveblogposting", "socialmediaposting", "discussionforumposting", "advertisercontentarticle",
    "review", "criticreview", "recipe", "howto", "qapage", "posting",
})
# Objects that can stand for the page when no article object exists.
PAGE_TYPES = frozenset({
    "webpage", "itempage", "aboutpage", "collectionpage", "profilepage", "faqpage",
    "medicalwebpage", "creativework", "videoobject", "musicrecording", "musiccomposition",
    "book", "product", "event", "dataset", "podcastepisode", "episode", "movie", "course",
    "musicalbum", "softwaresourcecode", "softwareapplication", "medicalstudy",
})
MAX_SCRIPT_CHARS = 2_000_000
# json.loads(text, strict=False) builds a new decoder on every call; one shared decoder does
# the same work (it keeps no state between calls).
_DECODER = json.JSONDecoder(strict=False)


@dataclass(frozen=True)
class JsonLdInfo:
    """What the JSON-LD says, still raw (values are cleaned strings, not yet normalised)."""

    page_type: str | None = None
    headline: str | None = None
    alt_headline: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    date_created: str | None = None
    images: tuple[tuple[str, str | None], ...] = ()  # (url, caption)
    publisher: str | None = None
    website_name: str | None = None
    in_language: str | None = None
    keywords: tuple[str, ...] = ()
    section: str | None = None
    body: str | None = None
    url: str | None = None
    breadcrumbs: tuple[tuple[str, str | None], ...] = ()  # (name, url)
    has_article: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def load_objects(tree: lxml.html.HtmlElement,
                 scripts: list[lxml.html.HtmlElement] | None = None) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD, flattened, in document order. ``scripts``:
    the JSON-LD ``<script>`` elements, when the caller has collected them already."""
    objects: list[dict[str, Any]] = []
    for script in elements(_SCRIPTS, tree) if scripts is None else scripts:
        text = script.text
        if not text or len(text) > MAX_SCRIPT_CHARS:
            continue
        data = _loads(text)
        if data is not None:
            objects.extend(_flatten(data, 0))
    return objects


def _loads(text: str) -> Any:
    text = text.strip()
    if text.startswith(("<", "/")):
        text = _COMMENT_HEAD.sub("", text, count=1)
    if text.endswith(">"):
        start = max(len(text) - _TAIL_REACH, 0)
        match = _COMMENT_TAIL.search(text, start)
        if match:
            text = text[:match.start()]
    try:
        return _DECODER.decode(text)
    except ValueError:
        pass
    fixed = _TRAILING_COMMA.sub(r"\1", XML_FORBIDDEN.sub(" ", text)).strip().rstrip(";")
    if "\\" in fixed and len(fixed) <= _ESCAPE_REPAIR_CHARS:
        fixed = _ESCAPED_BACKSLASH.join(_BAD_ESCAPE.sub("", part)
                                        for part in fixed.split(_ESCAPED_BACKSLASH))
    try:
        return _DECODER.decode(fixed)
    except ValueError:
        # Several objects pasted one after another: take what parses.
        decoder = _DECODER
        out: list[Any] = []
        pos = 0
        while pos < len(fixed):
            while pos < len(fixed) and fixed[pos] in " \t\r\n,;":
                pos += 1
            if pos >= len(fixed):
                break
            try:
                obj, pos = decoder.raw_decode(fixed, pos)
            except ValueError:
                break
            out.append(obj)
        return out or _salvage(fixed)


def _salvage(text: str) -> dict[str, str] | None:
    """The dates of a JSON-LD script that does not parse, with its first article type (or
    its first type): a CMS that writes a headline's quotes unescaped still writes
    ``"datePublished": "..."`` plainly, which is what htmldate reads from the raw page. Only
    the dates: a headline or a name read so would end at its first inner quote. None when
    the script states no date."""
    found = {key: [m[1] for m in pattern.finditer(text)] for key, pattern in _SALVAGE.items()}
    if not found["datePublished"] and not found["dateModified"]:
        return None
    types = found["@type"]
    kind = next((t for t in types if t.lower() in ARTICLE_TYPES), types[0] if types else None)
    out = {key: values[0] for key, values in found.items() if values and key != "@type"}
    if kind is not None:
        out["@type"] = kind
    out[_SALVAGED_MARK] = "1"
    return out


def _flatten(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, (list, dict)):
            yield from _flatten(graph, depth + 1)
        if "@type" in data:
            yield data
            main = data.get("mainEntity")
            if isinstance(main, dict) and "@type" in main:
                yield from _flatten(main, depth + 1)


def types_of(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for value in values:
        if isinstance(value, str):
            out.add(value.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower())
    return out


def _first_type(obj: dict[str, Any]) -> str | None:
    raw = obj.get("@type")
    value = raw[0] if isinstance(raw, list) and raw else raw
    return value.rsplit("/", 1)[-1] if isinstance(value, str) else None


def _text(value: Any) -> str | None:
    """A string from a JSON-LD value that may be a string, number, list or ``{"@value"}``."""
    if isinstance(value, list):
        for item in value:
            text = _text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("name"))
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return clean_text(str(value))
    return None


def _names(value: Any, index: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    """Author names from a string, a Person/Organization, a reference or a list of those."""
    if depth > 3 or value is None:
        return []
    if isinstance(value, list):
        return [n for item in value for n in _names(item, index, depth + 1)]
    if isinstance(value, str):
        text = clean_text(value)
        return [text] if text and not text.startswith(("http://", "https://")) else []
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str):
            value = index.get(value["@id"], value)
        name = value.get("name")
        if isinstance(name, list):
            name = name[0] if name else None
        if not name and (value.get("givenName") or value.get("familyName")):
            name = f"{_text(value.get('givenName')) or ''} {_text(value.get('familyName')) or ''}"
        text = _text(name)
        return [text] if text else []
    return []


def _images(value: Any, index: dict[str, dict[str, Any]], depth: int = 0,
            ) -> list[tuple[str, str | None]]:
    if depth > 3 or value is None:
        return []
    if isinstance(value, list):
        return [img for item in value for img in _images(item, index, depth + 1)]
    if isinstance(value, str):
        text = clean_text(value)
        return [(text, None)] if text else []
    if isinstance(value, dict):
        if not ({"url", "contentUrl"} & value.keys()) and isinstance(value.get("@id"), str):
            ref = index.get(value["@id"])
            if ref is None:
                return [(value["@id"], None)] if value["@id"].startswith("http") else []
            value = ref
        url = _text(value.get("url")) or _text(value.get("contentUrl"))
        caption = _text(value.get("caption")) or _text(value.get("description"))
        return [(url, caption)] if url else []
    return []


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list):
        parts = [p for p in value if isinstance(p, str)]
    else:
        return ()
    return tuple(k for k in (clean_text(p) for p in parts) if k)


def _score(obj: dict[str, Any], page_urls: set[str]) -> float:
    """How likely an article object is the story of this page rather than a teaser."""
    score = 0.0
    for key in ("headline", "datePublished", "author", "articleBody", "image", "description"):
        if obj.get(key):
            score += 1
    for key in ("url", "mainEntityOfPage", "@id"):
        ref = obj.get(key)
        if isinstance(ref, dict):
            ref = ref.get("@id") or ref.get("url")
        if isinstance(ref, str) and url_key(ref) in page_urls:
            score += 5
            break
    return score


def url_key(url: str) -> str:
    """A URL folded for comparison: no scheme, ``www.``, query, fragment or final slash."""
    return fold(_URL_NOISE.sub("", url.strip()))


def _breadcrumbs(typed: list[tuple[dict[str, Any], set[str]]],
                 ) -> tuple[tuple[str, str | None], ...]:
    for obj, kinds in typed:
        if "breadcrumblist" not in kinds:
            continue
        items = obj.get("itemListElement")
        if not isinstance(items, list):
            continue
        crumbs: list[tuple[float, str, str | None]] = []
        for pos, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            target = item.get("item")
            url = None
            name = _text(item.get("name"))
            if isinstance(target, dict):
                name = name or _text(target.get("name"))
                url = _text(target.get("@id")) or _text(target.get("url"))
            elif isinstance(target, str):
                url = clean_text(target)
            try:
                order = float(item.get("position", pos))
            except (TypeError, ValueError):
                order = float(pos)
            if name:
                crumbs.append((order, name, url))
        if crumbs:
            crumbs.sort(key=lambda c: c[0])
            return tuple((name, url) for _, name, url in crumbs)
    return ()


def extract_jsonld(tree: lxml.html.HtmlElement, page_urls: set[str],
                   scripts: list[lxml.html.HtmlElement] | None = None) -> JsonLdInfo:
    found = load_objects(tree, scripts)
    objs = [o for o in found if _SALVAGED_MARK not in o]
    if len(objs) < len(found) and not any(types_of(o) & (ARTICLE_TYPES | PAGE_TYPES)
                                          for o in objs):
        objs = found  # no parsed object stands for the page: a salvaged one may
    if not objs:
        return JsonLdInfo()
    index = {o["@id"]: o for o in objs if isinstance(o.get("@id"), str)}
    typed = [(o, types_of(o)) for o in objs]  # each object's types, read once
    articles = [o for o, kinds in typed if kinds & ARTICLE_TYPES]
    keys = {url_key(u) for u in page_urls if u}
    main: dict[str, Any] | None = None
    if articles:
        main = max(articles, key=lambda o: _score(o, keys))  # max keeps the first on ties
    else:
        pages = [o for o, kinds in typed if kinds & PAGE_TYPES]
        if pages:
            main = max(pages, key=lambda o: _score(o, keys))
    website = next((o for o, kinds in typed if "website" in kinds), None)
    website_name = _text(website.get("name")) if website else None
    crumbs = _breadcrumbs(typed)
    if main is None:
        org = next((o for o, kinds in typed
                    if kinds & {"organization", "newsmediaorganization"}), None)
        return JsonLdInfo(website_name=website_name, breadcrumbs=crumbs,
                          publisher=_text(org.get("name")) if org else None)

    publisher_obj = main.get("publisher")
    if isinstance(publisher_obj, dict) and "name" not in publisher_obj:
        publisher_obj = index.get(str(publisher_obj.get("@id")), publisher_obj)
    publisher = _names(publisher_obj, index)
    authors = _names(main.get("author"), index) or _names(main.get("creator"), index)
    images = _images(main.get("image"), index) or _images(main.get("thumbnailUrl"), index)
    page = main.get("mainEntityOfPage")
    url = _text(main.get("url")) or (_text(page.get("@id")) if isinstance(page, dict) else None)
    if website_name is None and isinstance(main.get("isPartOf"), dict):
        website_name = _text(main["isPartOf"].get("name"))
    return JsonLdInfo(
        page_type=_first_type(main),
        headline=_text(main.get("headline")) or _text(main.get("name")),
        alt_headline=_text(main.get("alternativeHeadline")),
        description=_text(main.get("description")),
        authors=tuple(authors),
        date_published=_text(main.get("datePublished")),
        date_modified=_text(main.get("dateModified")),
        date_created=_text(main.get("dateCreated")) or _text(main.get("uploadDate")),
        images=tuple(images),
        publisher=publisher[0] if publisher else None,
        website_name=website_name,
        in_language=_text(main.get("inLanguage")),
        keywords=_keywords(main.get("keywords")),
        section=_text(main.get("articleSection")),
        body=_text(main.get("articleBody")),
        url=url,
        breadcrumbs=crumbs,
        has_article=bool(types_of(main) & ARTICLE_TYPES),
    )
