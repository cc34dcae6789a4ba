"""``<meta>`` and ``<link>`` tags: OpenGraph, ``article:*``, Twitter, Dublin Core, parsely, etc.

All tags are read in one pass into a ``name -> [values]`` map with folded keys, so each field
is then a lookup in a documented list of names rather than another walk over the tree. Values
are kept raw and cleaned when a field asks for them: pages carry dozens of tags nobody reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from .._xpath import elements
from .normalize import clean_text

_METAS = etree.XPath("//meta[@content or @value]")
_LINKS = etree.XPath("//link[@rel][@href]")

# Field -> meta names, most trusted first. Keys are lower-cased.
TITLE = ("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title",
         "sailthru.title", "title", "headline")
DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description",
               "dcterms.description", "dcterms.abstract", "sailthru.description")
AUTHOR = ("article:author", "author", "parsely-author", "dc.creator", "dcterms.creator",
          "sailthru.author", "byl", "citation_author", "article.author",
          "og:article:author", "cxenseparse:author", "itemprop:author")
# Who holds the page's copyright: the publisher, whom a template may name as the author too.
RIGHTS = ("copyright", "dc.rights", "dcterms.rights")
# Author tags the standards repeat once per author.
AUTHOR_EACH = frozenset({"article:author", "og:article:author", "citation_author", "dc.creator",
                         "dcterms.creator"})
PUBLISHED = ("article:published_time", "og:article:published_time", "article.published",
             "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued",
             "dcterms.issued", "dc.date", "dcterms.date", "date", "pubdate", "publishdate",
             "publish-date", "publish_date", "article_date_original", "original-publish-date",
             "citation_publication_date", "citation_date", "dcterms.created", "dc.date.created",
             "og:published_time", "article:published", "cxenseparse:recs:publishtime",
             "displaydate", "datecreated", "release_date", "created", "pub_date",
             "rnews:datepublished", "bt:pubdate", "date.available", "article.created",
             "published", "published-date", "published_date", "itemprop:datepublished",
             # spellings other CMSs use, as htmldate reads them
             "article:published_date", "article:publicationdate", "article:post_date",
             "og:article:published", "og:pubdate", "og:publish_date", "og:datepublished",
             "dc.date.publication", "dc.created", "dc:created", "dc:date", "date_published",
             "date_created", "dateposted", "publisheddate", "publication_date",
             "publish_time", "published_time", "originalpublicationdate", "pdate", "ptime",
             "rbpubdate", "doc_date", "content_create_date", "dcsext.articlefirstpublished",
             "analyticsattributes.articledate", "mediator_published_time",
             "shareaholic:article_published_time", "twt-published-at", "vr:published_time",
             # a question's, a video's and a Korean CMS's posting day ("og:regdate"), a
             # journal's (PRISM), and publication words of older newsroom systems
             "og:question:published_time", "video:release_date", "og:regdate",
             "prism.publicationdate", "firstpublishedat", "articledate", "date.created",
             "creation_date")
MODIFIED = ("article:modified_time", "og:updated_time", "og:article:modified_time",
            "datemodified", "dcterms.modified", "dc.date.modified", "last-modified",
            "lastmod", "article.updated", "modified", "updated_time", "itemprop:datemodified",
            "article:modified", "article:modified_date", "article:post_modified", "dc.modified",
            "og:modified_time", "modified_time", "lastmodified", "modificationdate",
            "revision_date", "utime", "bt:moddate", "lastdate")
IMAGE = ("og:image", "og:image:secure_url", "og:image:url", "twitter:image",
         "twitter:image:src", "thumbnail", "image", "parsely-image-url", "sailthru.image.full")
SITE_NAME = ("og:site_name", "application-name", "twitter:app:name:iphone", "apple-mobile-web-app-title",
             "al:ios:app_name", "al:android:app_name", "dc.publisher", "dcterms.publisher",
             "publisher", "citation_publisher", "citation_journal_title")
TAGS = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags",
        "og:article:tag")
SECTION = ("article:section", "parsely-section", "og:article:section")
LANGUAGE = ("content-language", "language", "dc.language", "dcterms.language", "og:locale",
            "lang")
TYPE = ("og:type", "parsely-type")


_AUTHOR_LABEL = re.compile(r"^\s*(?:written\s+by|by|authors?|autor(?:in)?|auteur|escrito\s+por|"
                           r"scritto\s+da|著者|作者)\s*:?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class MetaTags:
    values: dict[str, list[str]]  # raw values: ``first``/``all`` clean them
    links: dict[str, list[str]]
    _clean: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def _cleaned(self, name: str) -> list[str]:
        found = self._clean.get(name)
        if found is None:
            found = [t for t in (clean_text(v) for v in self.values.get(name, ())) if t]
            self._clean[name] = found
        return found

    def first(self, names: Iterable[str]) -> str | None:
        for name in names:
            if name in self.values:
                found = self._cleaned(name)
                if found:
                    return found[0]
        return None

    def all(self, names: Iterable[str]) -> list[str]:
        return [v for name in names if name in self.values for v in self._cleaned(name)]

    def labelled_author(self) -> list[str]:
        """Authors given as label/data pairs (``twitter:label1`` "Written by" with
        ``twitter:data1``)."""
        out: list[str] = []
        for index in range(1, 5):
            label = self.first((f"twitter:label{index}",))
            data = self.first((f"twitter:data{index}",))
            if label and data and _AUTHOR_LABEL.match(label):
                out.append(data)
        return out

    def link_author_title(self) -> str | None:
        """The title of ``<link rel=author>``: a name on some sites, and a description of the
        page it links to on others (Sphinx's "About these documents"), which the caller
        tells apart."""
        titles = self._cleaned(" link-author-title")
        return titles[0] if titles else None

    def link(self, rel: str) -> str | None:
        values = self.links.get(rel)
        return values[0] if values else None


def read_meta(tree: lxml.html.HtmlElement, metas: list[lxml.html.HtmlElement] | None = None,
              link_els: list[lxml.html.HtmlElement] | None = None) -> MetaTags:
    """``metas``/``link_els``: the ``<meta content>`` and ``<link rel href>`` elements when
    the caller has collected them already (``walk``), to spare two walks over the tree."""
    values: dict[str, list[str]] = {}
    for el in elements(_METAS, tree) if metas is None else metas:
        content = el.get("content")
        if content is None:
            content = el.get("value")
        if not content:
            continue
        for attr in ("property", "name", "http-equiv"):  # itemprop: see microdata
            key = el.get(attr)
            if key:
                for part in key.lower().split():
                    values.setdefault(part.strip(), []).append(content)
        prop = el.get("itemprop")
        if prop and _in_head(el):
            # outside any item (site builders put the post's dates there): the page's own
            values.setdefault("itemprop:" + prop.lower().strip(), []).append(content)
    mt = MetaTags(values, {})
    # parsely-page: a JSON blob with title, author, pub_date, image_url, tags
    for blob in mt.all(("parsely-page",)):
        _parsely_page(blob, values)
    mt._clean.clear()
    links = mt.links
    for el in elements(_LINKS, tree) if link_els is None else link_els:
        href = el.get("href", "").strip()
        if href:
            for rel in el.get("rel", "").lower().split():
                links.setdefault(rel, []).append(href)
                title = el.get("title") if rel == "author" else None
                if title:  # the space keeps this key apart from any real meta name
                    values.setdefault(" link-author-title", []).append(title)
    return mt


def _in_head(el: lxml.html.HtmlElement) -> bool:
    """A ``<meta>`` right in the ``<head>``: no item scope can hold it."""
    parent = el.getparent()
    return parent is not None and parent.tag == "head"


def _parsely_page(blob: str, values: dict[str, list[str]]) -> None:
    try:
        data = json.loads(blob)
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    # raw, like the tags' own values: ``MetaTags`` cleans them when read
    for src, dest in (("title", "parsely-title"), ("pub_date", "parsely-pub-date"),
                      ("image_url", "parsely-image-url"), ("section", "parsely-section")):
        text = data.get(src)
        if isinstance(text, str) and text:
            values.setdefault(dest, []).append(text)
    for src, dest in (("author", "parsely-author"), ("authors", "parsely-author"),
                      ("tags", "parsely-tags")):
        items = data.get(src)
        for item in items if isinstance(items, list) else [items]:
            if isinstance(item, str) and item:
                values.setdefault(dest, []).append(item)
