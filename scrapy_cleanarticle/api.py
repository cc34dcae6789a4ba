"""The public entry points and the pipeline, readable top to bottom.

``clean_article`` runs :data:`ARTICLE_STAGES` in order on one :class:`~.page.Page`; ``clean_html``
runs the shared prefix (decode, parse, noise) and serialises the page with its structure kept.
Each stage is a small function of the page, so it can be tested, timed or switched off alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import lxml.html
from lxml import etree

from ._version import __version__
from .article import Article, Image
from .blocks import containers_of, index_units
from .captions import body_images, dedupe_captions
from .config import DEFAULT_CONFIG, CleanerConfig
from .content import filter_paragraphs, headline_key, select_content, story_paragraphs
from .decode import decode_html, page_input
from .errors import CleanArticleError, ConfigError, ParseError
from .fallbacks import body_from_fallbacks, capture_embedded
from .gcpause import collector_paused
from .metadata import extract_metadata, resolve_language
from .noise import (
    StoryMass,
    remove_by_phrases,
    remove_by_tokens,
    remove_chrome,
    remove_hidden,
    remove_junk,
)
from .page import Page, Paragraph
from .parse import parse_html
from .render import paragraphs_to_html, to_html, to_markdown, to_text
from .sanitize import sanitize_tree
from .scorer import PageContext, choose_units, load_model, unit_paragraph
from .urls import page_base, web_url
from .verdict import Verdict, article_markup, declared_article, judge, listing_page

Stage = Callable[[Page], None]


class _Stop(Exception):  # noqa: N818 - control flow, not an error
    """Raised by a stage that has settled the outcome (``page.reason``); later stages are skipped."""


class _Reparse(Exception):  # noqa: N818 - control flow, not an error
    """The tree is deeper than ``max_depth``: start again, and let the parse flatten it."""


def decode(page: Page) -> None:
    decoded = decode_html(page.raw, page.content_type, config=page.config)
    page.text = decoded.text
    page.utf8 = decoded.utf8
    page.encoding = decoded.encoding
    page.warnings.extend(decoded.warnings)
    if decoded.too_large and not decoded.text:
        page.reason = "too_large"  # oversize="flag": reported, not cleaned
        raise _Stop


def parse(page: Page) -> None:
    parsed = parse_html(page.text, config=page.config, probe_depth=page.probe_depth,
                        utf8=page.utf8)
    page.tree = parsed.tree
    page.warnings.extend(parsed.warnings)


def apply_selectors(page: Page) -> None:
    """User rules first: ``keep_selectors`` protect nodes, ``remove_selectors`` drop them."""
    root = page.root
    for sel in page.config.keep_selectors:
        for el in _select(root, sel):
            page.protected.add(el)
    n = 0
    for sel in page.config.remove_selectors:
        for el in _select(root, sel):
            if el.getparent() is not None and el not in page.protected:
                el.drop_tree()
                n += 1
    page.count("boilerplate", n)


def _select(root: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    try:
        if selector.lstrip().startswith(("/", "(")):
            found = root.xpath(selector)
        else:
            found = root.cssselect(selector)
    except (etree.XPathError, ValueError, SyntaxError) as exc:
        raise ConfigError(f"invalid selector {selector!r}: {exc}") from exc
    return [el for el in found if isinstance(el, lxml.html.HtmlElement)]


def read_metadata(page: Page) -> None:
    """The page's metadata, and its base URL: the declared ``<base href>`` or the page URL,
    else (``url=None``) the canonical URL, so that every URL of the output resolves alike."""
    declared = page_base(page.root, page.url)
    page.meta = extract_metadata(page.root, page.url, config=page.config, base_url=declared)
    page.base_url = declared or page.meta.canonical_url or ""


def remove_noise(page: Page) -> None:
    """All noise stages, cheapest and surest first; counts land in ``page.removed``."""
    remove_junk(page)
    if "boilerplate" in page.config.enabled_noise:
        remove_chrome(page)
    if not page.probe_depth and "depth_flattened" not in page.warnings \
            and page.text_index().depth >= page.config.max_depth:
        raise _Reparse  # rare: measured here for free instead of probed on every page
    # From here on the stages share one walk of what is left (page.text_index()).
    if "hidden" in page.config.enabled_noise:
        remove_hidden(page)
    remove_by_tokens(page, StoryMass(page))
    remove_by_phrases(page)
    if "duplicate_caption" in page.config.enabled_noise:
        dedupe_captions(page)


def select_body(page: Page) -> None:
    """The rules choose a container; the learned scorer may take over unit by unit (see
    :func:`score_units`); the fallbacks run only when neither found enough text."""
    select_content(page)
    page.listing = listing_page(page)
    if not _declared_story(page):
        # The rules cannot be sure (see _rules_sure): the scorer decides first, and the rules'
        # paragraphs are rendered only if it leaves the page to them (a walk of the rules'
        # container saved on every page the scorer takes). A scorer that chose units but kept
        # no paragraph leaves its empty list, as it did when the rules' came first.
        unscored: list[Paragraph] = []
        page.paras = unscored
        if score_units(page):
            return
        if page.paras is unscored:
            page.paras = story_paragraphs(page, page.body_blocks)
    else:
        page.paras = story_paragraphs(page, page.body_blocks)
        if not _rules_sure(page) and score_units(page):
            return
    if len(to_text(page.paras)) < page.config.min_body_chars:
        body_from_fallbacks(page)


def _declared_story(page: Page) -> bool:
    """A page that declares itself a story and is no listing: the only kind on which the
    rules can be sure of their body (:func:`_rules_sure`)."""
    return not page.listing and declared_article(page)


def _rules_sure(page: Page) -> bool:
    """A page that declares itself a story, whose story container gave a real body holding a
    fair share of the page's prose: the rules' home ground, where they beat the learned scorer
    (zyte-dev, articles of wcxb-dev). The bounds are ``CleanerConfig.sure_*``."""
    if not _declared_story(page):
        return False
    cfg = page.config
    chars = sum(len(p.text) for p in page.paras)
    if chars < cfg.min_body_chars:
        return False  # no real body: nothing to be sure of
    index = page.text_index()
    prose = index.prose(_body(page))
    marked = article_markup(page)
    share = cfg.sure_marked_share if marked is not None else cfg.sure_share
    if chars < share * prose:
        return False
    if marked is not None and chars < cfg.sure_share * index.prose(marked):
        return False  # a part of the page's own <article>: the rules missed the rest of it
    return chars >= cfg.sure_chars or chars >= cfg.sure_short_share * prose


def _body(page: Page) -> lxml.html.HtmlElement:
    body = page.root.find("body")
    return body if body is not None else page.root


def score_units(page: Page) -> bool:
    """Let the learned block scorer pick the main text, when the configuration allows it and
    the rules are not sure of their own choice (see ``scorer``). True when it did."""
    if not page.config.learned_scorer:
        return False
    model = load_model()
    if model is None:
        return False
    body = _body(page)
    units = index_units(page.text_index(), body, page.body_blocks, page.caption_nodes,
                        model.groups)
    if not units:
        return False
    ctx = PageContext(declared_article=declared_article(page), has_body=bool(page.body_blocks))
    chosen = choose_units(model, units, ctx, page.config)
    if chosen is None:
        return False
    page.paras = filter_paragraphs([unit_paragraph(u) for u in chosen], headline_key(page),
                                   page.config.tradeoff, story=False)
    if not page.paras:
        return False
    page.body_blocks = containers_of(chosen, units, body)
    page.body_source = "scorer"
    return True


PREPARE_STAGES: tuple[Stage, ...] = (decode, parse, apply_selectors, read_metadata, capture_embedded,
                                     remove_noise)
ARTICLE_STAGES: tuple[Stage, ...] = (*PREPARE_STAGES, select_body)


def clean_article(html: str | bytes, url: str | None = None, *, content_type: str | None = None,
                  config: CleanerConfig | None = None) -> Article:
    """Clean one page into an :class:`Article`.

    Raises a :class:`~.errors.CleanArticleError` subclass for input that is not a web page; a
    page that is HTML but holds no article gives an Article with an empty body and
    ``metadata['reason']``.
    """
    with collector_paused():
        return _article(Page(config=config or DEFAULT_CONFIG, url=url, raw=page_input(html),
                             content_type=content_type))


def _article(page: Page) -> Article:
    """clean_article's work, in a frame of its own: the page and its tree are freed when it
    returns, before the collector is switched back on (its first pass then has only the
    article to look at)."""
    page, _finished = _run_page(ARTICLE_STAGES, page)
    return _guarded(assemble, page)


def clean_html(html: str | bytes, url: str | None = None, *, config: CleanerConfig | None = None,
               content_type: str | None = None) -> str:
    """The same page with the noise removed and the rest of its structure kept.

    Spider callbacks that already select content with their own CSS keep working on it; they
    just stop seeing subscription boxes, consent banners, repeated captions and ad markers.
    """
    with collector_paused():
        return _cleaned_html(Page(config=config or DEFAULT_CONFIG, url=url, raw=page_input(html),
                                  content_type=content_type))


def _cleaned_html(page: Page) -> str:
    """clean_html's work, in a frame of its own (see :func:`_article`)."""
    page, finished = _run_page((decode, parse, apply_selectors, remove_noise), page)
    if not finished:
        return ""  # oversize page in "flag" mode: nothing to serve
    _run((serialize,), page)
    return page.text


def serialize(page: Page) -> None:
    """clean_html's last stage: repeated captions out, sanitize, and back to markup."""
    root = page.root
    for el in list(page.caption_nodes):
        if el.tag != "figcaption" and el.getparent() is not None:
            el.drop_tree()
    sanitize_tree(root)
    page.text = str(lxml.html.tostring(root, encoding="unicode", method="html",
                                       doctype="<!DOCTYPE html>"))


def _run_page(stages: tuple[Stage, ...], page: Page) -> tuple[Page, bool]:
    """Run ``stages`` on ``page``; a tree found too deep starts over on a fresh page that
    probes the depth at parse time. Returns the page that ran and whether it finished."""
    try:
        return page, _run(stages, page)
    except _Reparse:
        again = Page(config=page.config, url=page.url, raw=page.raw,
                     content_type=page.content_type, probe_depth=True)
        return again, _run(stages, again)


def _run(stages: tuple[Stage, ...], page: Page) -> bool:
    """Run ``stages`` in order; False when one of them settled the outcome early."""
    try:
        for stage in stages:
            _guarded(stage, page)
    except _Stop:
        return False
    return True


T = TypeVar("T")


def _guarded(step: Callable[[Page], T], page: Page) -> T:
    """Run one step; lxml's and the interpreter's own errors come out as our typed ParseError."""
    try:
        return step(page)
    except (_Stop, _Reparse, CleanArticleError):
        raise
    except (etree.LxmlError, RecursionError, ValueError) as exc:
        raise ParseError(f"{step.__name__} failed: {type(exc).__name__}: {exc}",
                         reason="stage_error") from exc


def assemble(page: Page) -> Article:
    """Turn the page state into the public :class:`Article`."""
    meta = page.meta
    paras = page.paras
    text = to_text(paras)
    if not text:
        page.reason = page.reason or "no_article"
        paras = []
    verdict = judge(page, text, listing=page.listing)
    images = [Image(link, cap) for src, cap in body_images(page)
              if (link := web_url(src, page.base_url))] if paras else []
    main_image = meta.main_image if meta else None  # declared lead image; body images: `images`
    tags = list(dict.fromkeys([*(meta.tags if meta else ()), *page.tags]))
    article = Article(
        url=page.url,
        canonicalUrl=meta.canonical_url if meta else None,
        headline=meta.headline if meta else None,
        description=meta.description if meta else None,
        articleBody=text,
        articleBodyHtml=_body_html(page, paras),  # moves the body out of the tree: read last
        articleBodyMarkdown=to_markdown(paras) if paras and page.config.include_markdown else "",
        authors=list(meta.authors) if meta else [],
        datePublished=meta.date_published if meta else None,
        datePublishedRaw=meta.date_published_raw if meta else None,
        dateModified=meta.date_modified if meta else None,
        dateModifiedRaw=meta.date_modified_raw if meta else None,
        inLanguage=resolve_language(meta.in_language if meta else None, text, config=page.config),
        mainImage=main_image,
        images=images,
        tags=tags,
        breadcrumbs=list(meta.breadcrumbs) if meta else [],
        siteName=meta.site_name if meta else None,
        metadata=_metadata(page, verdict),
    )
    return article


def _body_html(page: Page, paras: list[Paragraph]) -> str:
    if not paras or not page.config.include_html:
        return ""
    if page.body_blocks:
        return to_html(page, consume=True)  # the last use of the tree (see assemble)
    return paragraphs_to_html(paras)


def _metadata(page: Page, verdict: Verdict) -> dict[str, object]:
    data: dict[str, object] = {
        "removed": dict(sorted(page.removed.items())),
        "extractor": page.body_source or "none",
        "version": __version__,
        "pageType": verdict.page_type,
        "probability": verdict.probability,
        "encoding": page.encoding,
    }
    if page.reason:
        data["reason"] = page.reason
    if page.warnings:
        data["warnings"] = list(dict.fromkeys(page.warnings))
    return data


__all__ = ["ARTICLE_STAGES", "PREPARE_STAGES", "Stage", "assemble", "clean_article", "clean_html"]
