"""Main-content selection: score text blocks, pick the best container, merge split bodies.

The scoring follows Readability's idea (paragraph scores flow to parent and grandparent, and
link-heavy containers are discounted), with two additions that matter on real news pages:
siblings that continue the story are merged (CMSs split bodies around ad slots), and when the page
ships JSON-LD ``articleBody`` the candidates are judged by how much of it they hold.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.html import HtmlElement

from ._xpath import text_of
from .config import Tradeoff
from .metadata.byline import BY_LEAD
from .page import Page, Paragraph
from .render import render_blocks
from .rules import name_rules
from .tags import INLINE, SUBHEADINGS, is_paragraph_div
from .textindex import TextIndex
from .textutil import LETTER, fold, normalized_length, squash

# Text blocks, in document order: every p, pre and dd; blockquote, li and td without a p inside;
# div, section, article and font with a text node of their own over 20 characters (white space
# collapsed, as XPath's normalize-space does); a span with one over 80, outside any p.
# A C-level iter() over these tags and a check in Python cost half of one XPath predicate
# evaluated on every element of the page.
_ALWAYS_BLOCKS = frozenset({"p", "pre", "dd"})
_LEAF_BLOCKS = frozenset({"blockquote", "li", "td"})
_TEXT_BLOCKS = {"div": 20, "section": 20, "article": 20, "font": 20, "span": 80}
_BLOCK_TAGS = frozenset({*_ALWAYS_BLOCKS, *_LEAF_BLOCKS, *_TEXT_BLOCKS})


def text_blocks(index: TextIndex, min_len: int = 0) -> list[HtmlElement]:
    """The text blocks of at least ``min_len`` characters (the index's sizes: a cheap test
    before the structural ones)."""
    found: list[HtmlElement] = []
    # positions from the index: a comprehension over its lists, not another walk of the tree
    for at in index.sized(max(min_len, 1), sys.maxsize, _BLOCK_TAGS):
        el = index.element(at)
        tag = el.tag
        if tag in _ALWAYS_BLOCKS:
            found.append(el)
        elif tag in _LEAF_BLOCKS:
            if next(el.iterdescendants("p"), None) is None:  # C-level, unlike find(".//p")
                found.append(el)
        elif _own_text_over(el, _TEXT_BLOCKS[tag]) and (
                tag != "span" or not any(True for _ in el.iterancestors("p"))):
            found.append(_paragraph_of(el) if tag == "span" else el)
    return list(dict.fromkeys(found))


def _paragraph_of(span: HtmlElement) -> HtmlElement:
    """The paragraph a text span stands for. Editors that style every line wrap each paragraph
    as div > span > span > text: that div, holding nothing but inline content, is the paragraph
    (Readability's div-to-p rule), so scores reach the container the paragraphs share."""
    node = span
    parent = node.getparent()
    while parent is not None and parent.tag in INLINE:
        node, parent = parent, parent.getparent()
    if parent is not None and is_paragraph_div(parent):
        return parent
    return node


def _own_text_over(el: HtmlElement, limit: int) -> bool:
    """Whether one of ``el``'s own text nodes is longer than ``limit`` once white space is
    collapsed (only nodes longer than that before collapsing can be)."""
    text = el.text
    if text is not None and len(text) > limit and normalized_length(text) > limit:
        return True
    for child in el:  # each tail read only while no earlier node was long enough
        text = child.tail
        if text is not None and len(text) > limit and normalized_length(text) > limit:
            return True
    return False


_TEASER_END = re.compile(
    r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|\(…\))\s*"
    r"(?:read more|leia mais|weiterlesen|lire la suite|leer más|continua)?\W*$", re.I)
_NAMES = name_rules()


@dataclass
class Candidate:
    el: HtmlElement
    weight: float = 1.0
    bonus: float = 0.0
    raw: float = 0.0
    good_chars: int = 0
    blocks: list[HtmlElement] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.raw * self.weight + self.bonus


def _class_weight(el: HtmlElement) -> float:
    """A multiplier: names are hints, so they scale the prose score rather than replace it."""
    return _name_weight((el.get("class") or "") + " " + (el.get("id") or ""))


@lru_cache(maxsize=4096)
def _name_weight(value: str) -> float:
    """Class strings repeat over a page's candidates (and a site's pages): two searches each."""
    if not value.strip():
        return 1.0
    weight = 1.0
    if _NAMES.story.search(value):
        weight += 0.3
    if _NAMES.not_story.search(value):
        weight -= 0.3
    return weight


def block_score(text: str) -> float:
    """Readability's paragraph score: length and commas mark prose, not navigation."""
    return 1.0 + text.count(",") + text.count("，") + text.count("、") + min(len(text) / 100.0, 3.0)


def score_candidates(page: Page) -> dict[HtmlElement, Candidate]:
    min_len = page.config.min_paragraph_chars
    jsonld = fold(page.meta.jsonld_body) if page.meta and page.meta.jsonld_body else ""
    candidates: dict[HtmlElement, Candidate] = {}
    index = page.text_index()
    for block in text_blocks(index, min_len):
        # text_blocks gave blocks of min_len or more (a span lifted to its div only grows)
        size = index.size(block)
        if index.link_size(block) > page.config.max_link_density * size:
            continue
        text = text_of(block)
        n = len(text)
        # every ending the pattern knows holds "..." or "…": a substring test spares the
        # search (a match tried at every position) on the blocks that hold neither
        if n < 500 and ("..." in text or "…" in text) and _TEASER_END.search(text):
            continue  # a cut-off excerpt of another story, not prose of this one
        score = block_score(text)
        if jsonld:
            probe = _fold_prefix(text, 60)
            score *= 2.0 if probe in jsonld else 0.5
        # the parent, then the grandparent at half the score (two steps, not a loop)
        parent = block.getparent()
        cand = _candidate_of(candidates, parent)
        if cand is None:
            continue
        cand.raw += score
        cand.good_chars += n
        cand.blocks.append(block)
        cand = _candidate_of(candidates, parent.getparent())
        if cand is not None:
            cand.raw += score / 2.0
    return candidates


def _candidate_of(candidates: dict[HtmlElement, Candidate],
                  el: HtmlElement | None) -> Candidate | None:
    """``el``'s candidate, made on first use; None above the root or for a comment."""
    if el is None or not isinstance(el.tag, str):
        return None
    cand = candidates.get(el)
    if cand is None:
        cand = candidates[el] = Candidate(el, _class_weight(el), _tag_weight(el))
    return cand


def _fold_prefix(text: str, n: int) -> str:
    """``fold(text)[:n]`` without folding a whole long block: a prefix four times as long folds
    to the same first ``n`` characters unless most of it is white space."""
    head = fold(text[:4 * n + 8])
    return head[:n] if len(head) > n + 2 else fold(text)[:n]  # +2: the cut may split a word


def _tag_weight(el: HtmlElement) -> float:
    tag = el.tag
    if tag in ("article", "main"):
        return 10.0
    if el.get("itemprop", "").lower() == "articlebody":
        return 40.0
    if tag in ("div", "section"):
        return 5.0
    if tag in ("td", "blockquote", "pre"):
        return 3.0
    if tag in ("form", "ul", "ol", "dl", "li", "header", "footer", "aside", "nav"):
        return -5.0
    return 0.0


def pick_top(page: Page, candidates: dict[HtmlElement, Candidate]) -> Candidate | None:
    if not candidates:
        return None
    ranked = sorted(candidates.values(), key=lambda c: c.score, reverse=True)[:5]
    best: Candidate | None = None
    best_score = float("-inf")
    index = page.text_index()
    for cand in ranked:
        density = index.link_size(cand.el) / (index.size(cand.el) or 1)
        adjusted = cand.score * (1.0 - density)
        if adjusted > best_score:
            best, best_score = cand, adjusted
    return best


def merge_siblings(page: Page, top: Candidate,
                   candidates: dict[HtmlElement, Candidate]) -> list[HtmlElement]:
    """The top container plus siblings that continue the story (bodies split around ads)."""
    parent = top.el.getparent()
    if parent is None:
        return [top.el]
    share = page.config.tradeoff.sibling_share
    threshold = max(10.0, top.score * share)
    own_class = top.el.get("class")
    nodes: list[HtmlElement] = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top.el:
            nodes.append(sib)
            continue
        bonus = top.score * share if own_class and sib.get("class") == own_class else 0.0
        cand = candidates.get(sib)
        lead = top.el not in nodes and cand is not None and cand.good_chars >= 100 \
            and cand.weight >= 1.0 and sib.getnext() is not None
        if cand is not None and (cand.score + bonus >= threshold or lead):
            nodes.append(sib)  # the lead, or a later section of the same story
            continue
        if sib.tag == "p" or (sib.tag in SUBHEADINGS and nodes):
            text = squash(text_of(sib))
            if not text:
                continue
            density = page.text_index().link_size(sib) / len(text)
            if sib.tag in SUBHEADINGS or (len(text) > 80 and density < 0.25) or (
                    0 < len(text) <= 80 and density == 0 and re.search(r"\.\s*$", text)):
                nodes.append(sib)
    return nodes


def climb_for_split_body(top: Candidate, candidates: dict[HtmlElement, Candidate]) -> Candidate:
    """Readability's rule: when several strong candidates share an ancestor, the ancestor wins."""
    strong = [c for c in candidates.values() if c is not top and c.score >= top.score * 0.75]
    if len(strong) < 2:
        return top
    node = top.el.getparent()
    while node is not None and node.tag not in ("body", "html"):
        inside = sum(1 for c in strong if _is_ancestor(node, c.el))
        if inside >= 2:
            return candidates.get(node) or Candidate(node, raw=top.score)
        node = node.getparent()
    return top


def _is_ancestor(anc: HtmlElement, el: HtmlElement) -> bool:
    return any(a is anc for a in el.iterancestors())


def looks_like_listing(blocks: list[HtmlElement]) -> bool:
    """A section front or search page: three or more same-kind items, each under a linked heading.

    Story paragraphs never carry their own linked headings, so this does not fire on articles
    whose paragraphs share a class.
    """
    for block in blocks:
        total = 0  # the block's text, read only when a group of three shows up (a whole body
        # serialized per page costs more than the rest of this test)
        items: dict[tuple[str, str], set[HtmlElement]] = {}
        for heading in block.iter(*SUBHEADINGS):
            if heading is block or heading.find(".//a") is None:
                continue
            for item in heading.iterancestors("article", "li", "div", "section"):
                if item is block:
                    break
                items.setdefault((str(item.tag), item.get("class") or ""), set()).add(item)
        for group in items.values():
            if len(group) < 3:
                continue
            total = total or len(text_of(block)) or 1
            if sum(len(text_of(i)) for i in group) >= 0.5 * total:
                return True
    return False


def _next_to_media(para: HtmlElement) -> bool:
    """A paragraph sharing its box with a picture is the picture's caption, not the lead."""
    parent = para.getparent()
    if parent is None:
        return False
    return any(True for _ in parent.iter("img", "picture", "figure", "video")) or any(
        a.tag == "figure" for a in para.iterancestors())


def recover_lead(page: Page, blocks: list[HtmlElement]) -> list[HtmlElement]:
    """Paragraphs just before the body, in the same article container: the lead paragraph.

    Templates often put the first paragraph in its own row or column, outside the container
    that scores best; a missing lead is among the costliest misses a reader notices.
    """
    if not blocks:
        return blocks
    first = blocks[0]
    container = None
    for depth, anc in enumerate(first.iterancestors()):
        if depth > 4 or anc.tag in ("body", "html"):
            break
        if anc.tag in ("article", "main") or _NAMES.story.search(
                (anc.get("class") or "") + " " + (anc.get("id") or "")):
            container = anc
    if container is None:
        return blocks
    index = page.text_index()
    lead: list[HtmlElement] = []
    for para in container.iter("p"):
        if para is first or any(a is first for a in para.iterancestors()):
            break  # reached the body
        if any(b is para or any(a is b for a in para.iterancestors()) for b in blocks):
            continue
        size = index.size(para)
        if size < 100 or index.link_size(para) > 0.2 * size or not index.alive(para):
            continue
        names = " ".join((a.get("class") or "") + " " + (a.get("id") or "")
                         for a in [para, *para.iterancestors()] if a is not container
                         and any(x is container for x in a.iterancestors()))
        if _NAMES.lead_blocker.search(names) or _next_to_media(para):
            continue
        lead.append(para)
    return lead + blocks if lead else blocks


def select_content(page: Page) -> None:
    """Set ``page.body_blocks`` to the nodes that hold the story, in document order."""
    # schema.org's articleBody marks the story explicitly (found by the index walk)
    strong = [el for el in page.text_index().anchors
              if (el.get("itemprop") or "").lower() == "articlebody" and page.text_index().alive(el)]
    candidates = score_candidates(page)
    top = pick_top(page, candidates)
    if strong:
        body = strong[0]
        cand = candidates.get(body)
        if cand is not None or len(squash(text_of(body))) >= page.config.min_body_chars:
            page.body_blocks = strong if len(strong) > 1 else [body]
            page.body_source = "dom"
            return
    if top is None:
        page.body_blocks = []
        return
    top = climb_for_split_body(top, candidates)
    peers = same_class_peers(top, candidates)
    blocks = merge_siblings(page, top, candidates) if len(peers) == 1 else peers
    page.body_blocks = recover_lead(page, blocks)
    page.body_source = "dom"


def same_class_peers(top: Candidate, candidates: dict[HtmlElement, Candidate]) -> list[HtmlElement]:
    """Containers that share the top one's class: CMSs split long bodies into repeated sections.

    Returned in document order, without nesting; only peers that hold real prose count.
    """
    cls = " ".join((top.el.get("class") or "").split())  # templates indent class lists
    if not cls:
        return [top.el]
    peers = [c.el for c in candidates.values()
             if c.el.tag == top.el.tag and " ".join((c.el.get("class") or "").split()) == cls
             and (c is top or (c.good_chars >= 150 and c.score >= 0.02 * top.score))]
    if len(peers) == 1:
        return peers
    chosen = [p for p in peers if not any(_is_ancestor(q, p) for q in peers if q is not p)]
    order = {el: i for i, el in enumerate(top.el.getroottree().getroot().iter())} \
        if len(chosen) > 1 else {}
    return sorted(chosen, key=lambda el: order.get(el, 0))


# --- the story's paragraphs ------------------------------------------------------------------

_BYLINE = re.compile(r"^\W*" + BY_LEAD + r"\s+\w[^.!?]{0,60}(?:[·|•,–-]\s*\d|$)", re.I)
# Unrendered CMS shortcodes such as [button link="..."] or [/caption] leak into some pages.
_SHORTCODE = re.compile(r"\[/[a-z][a-z0-9_-]{1,30}\]"
                        r"|\[[a-z][a-z0-9_-]{1,30}\s+[a-z_-]{1,30}\s*=[^\]\[]{0,300}\]")
_DATE_LINE = re.compile(r"\b(?:19|20)\d{2}\b.*\d{1,2}[:h.]\d{2}|\d{1,2}[:h.]\d{2}.*\b(?:19|20)\d{2}\b|"
                        r"^\W*(?:updated|published|posted|aktualisiert|publié|mis à jour|publicado|"
                        r"atualizado|pubblicato|aggiornato)\b", re.I)


def story_paragraphs(page: Page, blocks: list[HtmlElement]) -> list[Paragraph]:
    """The story's paragraphs in ``blocks`` (the rules' container, or Readability's): rendered,
    then filtered as a story."""
    return filter_paragraphs(render_blocks(blocks, page.caption_nodes), headline_key(page),
                             page.config.tradeoff, story=True)


def headline_key(page: Page) -> str:
    """The headline, folded: a paragraph that repeats it is the title, not story."""
    return fold(page.meta.headline) if page.meta and page.meta.headline else ""


def filter_paragraphs(out: list[Paragraph], headline: str, tradeoff: Tradeoff, *,
                      story: bool) -> list[Paragraph]:
    """Filter rendered paragraphs: shortcodes, number-only lines, the ``headline`` (folded)
    repeated, a byline above the text, re-renderings; with ``story`` (the rules' story
    container) also link-heavy lines and a dateline above the story. The learned scorer has
    judged those itself: links are the main text of a listing, and dates head every post of a
    thread."""
    result: list[Paragraph] = []
    title: Paragraph | None = None  # the headline's copy, in case it is all the page says
    for para in out:
        if "[" in para.text and _SHORTCODE.search(para.text):  # every shortcode opens with "["
            para = Paragraph(squash(_SHORTCODE.sub(" ", para.text)), para.kind, para.link_chars)
        text = para.text
        n = len(text)
        if not n or not LETTER.search(text):
            continue  # empty, or only numbers and punctuation (pagers, counters)
        if story and para.link_chars > tradeoff.para_link_density * n \
                and para.kind != "li" and n < 300:
            continue
        if story and para.kind == "li" and para.link_chars > tradeoff.item_link_density * n \
                and n < 120:
            continue
        # fold() is the costly step: only for paragraphs that could repeat the headline.
        key = fold(text) if headline and abs(n - len(headline)) <= 30 else ""
        if key and (key == headline or (para.kind == "h1" and key in headline)):
            title = title or para
            continue
        if para.kind == "h1":
            if not any(p.kind == "p" for p in result):
                title = title or para
                continue  # the page title repeated above the story
            para = Paragraph(text, "h2", para.link_chars)
        if story and n <= 70 and not result and _DATE_LINE.search(text) and len(text.split()) <= 9:
            continue  # a dateline above the story
        if n <= 80 and len(result) < 2 and _BYLINE.match(text) and para.kind == "p":
            continue  # a byline above the story
        result.append(para)
    if not result and title is not None and not story:
        # the units the scorer chose say nothing but the title (a link post, a one-line
        # notice): that is the page's text, not a repeat of it
        return [Paragraph(title.text, "p", title.link_chars)]
    return _drop_rerenderings(result)


def _drop_rerenderings(paras: list[Paragraph]) -> list[Paragraph]:
    """A second rendering of the same text (a responsive twin, a duplicated section) goes; a
    story that quotes one of its own paragraphs again keeps it. So a long paragraph that came
    before (its case is all that may differ) is dropped only next to its twin or inside a run of
    such repeats."""
    seen: set[str] = set()
    repeat = []
    for para in paras:
        key = para.text.casefold() if len(para.text) >= 100 and para.kind != "row" else ""
        repeat.append(bool(key) and key in seen)
        if key:
            seen.add(key)
    last = len(paras) - 1
    return [para for i, para in enumerate(paras)
            if not repeat[i] or not (
                (i and paras[i - 1].text.casefold() == para.text.casefold())
                or (i and repeat[i - 1]) or (i < last and repeat[i + 1]))]


__all__ = ["Candidate", "block_score", "filter_paragraphs", "headline_key", "merge_siblings",
           "pick_top", "score_candidates", "select_content", "story_paragraphs"]
