"""Noise stages: each finds one family of noise by what it says or how it is built, and removes it.

Every stage is ``stage(page) -> None``, counts what it removed under its noise class in
``page.removed``, and never removes a node that holds most of the story (see :func:`holds_story`):
a class name such as ``has-sidebar`` or ``share-enabled`` on a wrapper must not cost the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache

from lxml import etree
from lxml.html import HtmlElement

from ._xpath import carrying, prose, text_nodes, text_of, words_meet
from .page import Page
from .rules import COPYRIGHT_OPENINGS, name_rules
from .tags import INLINE, SUBHEADINGS, TEXT_BOXES
from .textindex import ANCHOR_TAGS, CHROME_ROLES, CHROME_TAGS, JUNK_TAGS, TextIndex
from .textutil import fold, squash
from .verdict import thread_page

_NEXT_TO_LINKS = frozenset({"share_bar", "boilerplate"})
# A comment thread can outweigh a short story; a long run of same-class items in a container
# named like one is removed even then. Generic names ("widget") never get that exception: CMSs
# split real bodies into same-class chunks too (the names: rules/names.json "discussion").
_NAMES = name_rules()
_HIDDEN_CLASSES = frozenset(_NAMES.words["hidden_classes"])
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


_LIST_SPLIT = re.compile(r"\s*[,;|·•/]\s*")


_STORY_PARAGRAPH = 150  # characters: a sentence or two of story, not a menu line
_PROSE_PARAGRAPHS = 2
_PARAGRAPH_SHARE = 0.8
_SITE_WORD_SHARE = 0.8  # of the page's prose, in the boxes one rule word names
_REVEALED_SHARE = 0.5  # of the page's text, in one hidden box: the page itself, shown by script


class StoryMass:
    """Guards the story: how much prose (text outside links) each element holds.

    Class-name and structural rules are only hints; a wrapper whose name looks like noise (Blogger
    calls its main column ``widget Blog``; themes add ``has-sidebar``) but which holds most of the
    prose on the page is the article, and must stay. Ancestors of the headline and of explicit
    article markup are never treated as noise containers either.
    """

    def __init__(self, page: Page) -> None:
        index = page.text_index()
        self._index = index
        self._root = page.root
        self.anchored: set[HtmlElement] = set()
        for anchor in index.anchors:
            self.anchored.update(anchor.iterancestors())
            self.anchored.add(anchor)
        # The story's own paragraphs and every box around them: a name such as "paywall" or
        # "premium" on the story (the part a paywall would hide) is not a prompt, however much
        # other text (comments, a second story) the page carries.
        story = index.story_container()
        self.story_path: set[HtmlElement] = set()
        if story is not None:
            self.story_path.add(story)
            self.story_path.update(story.iterancestors())
        self._word = page.rules.tokens.word

    @cached_property
    def site_words(self) -> frozenset[str]:
        """Rule words that are this site's layout vocabulary, not noise: page builders call
        every section of a story "widget", component libraries prefix theirs "cmp-", forums
        call each post a "comment". Such a word names one of the story's own boxes, and the
        boxes it names hold most of the page's prose (a story with a long comment thread
        below it does not qualify: there the story is the rest). On such a page the word
        removes nothing by itself; the other words and rules still apply. Measured on first
        use: only the class-token stage reads it, not the hidden stage's guard."""
        word = self._word
        named: dict[str, set[HtmlElement]] = {}
        for el in self.story_path:
            if el.tag not in ("html", "body"):
                w = word(f"{el.get('class') or ''} {el.get('id') or ''}")
                if w is not None:
                    named[w] = set()
        if not named:
            return frozenset()
        index = self._index
        total = index.prose(self._root)
        # each distinct class string's word once; then only the elements that carry one of
        # the story's words are visited
        telling = {value: w for value in index.distinct_names if (w := word(value)) in named}
        for el, value in index.named:
            if value in telling:
                named[telling[value]].add(el)
        learned = []
        for w, boxes in named.items():
            held = sum(index.prose(el) for el in boxes
                       if not any(a in boxes for a in el.iterancestors()))
            if held >= _SITE_WORD_SHARE * total:
                learned.append(w)
        return frozenset(learned)

    def holds_story(self, el: HtmlElement, *, relative_only: bool = False) -> bool:
        """``relative_only`` for names that mean chrome (comments, sidebars), which can be long."""
        if el in self.anchored or (not relative_only and el in self.story_path):
            return True
        held = self._index.prose(el)
        total = self._index.prose(self._root)  # live: removals update the index
        if total > 0 and held >= 0.4 * total:
            return True
        return not relative_only and held >= 1500

    def holds_paragraphs(self, el: HtmlElement) -> bool:
        """Two or more prose paragraphs: page builders name every section of a story
        ``widget`` or ``toc-para``, and a layout word is no reason to drop sentences. Sidebars,
        menus and footers hold links and short lines, not paragraphs."""
        index = self._index
        prose = index.prose(el)
        if prose < _PROSE_PARAGRAPHS * _STORY_PARAGRAPH:
            return False
        found = held = 0
        for para in el.iter("p"):
            size = index.size(para)
            if size >= _STORY_PARAGRAPH and 4 * index.link_size(para) < size:
                found += 1
                held += size
        # mostly paragraphs: a call-to-action card with a letter in it also lists names,
        # headings and buttons around its paragraphs
        return found >= _PROSE_PARAGRAPHS and held >= _PARAGRAPH_SHARE * prose

    def is_repeated_list(self, el: HtmlElement) -> bool:
        """Comments and teaser rails: prose split over three or more same-class items."""
        held = self._index.prose(el) or 1
        by_class: dict[str, int] = {}
        counts: dict[str, int] = {}
        for node in el.iterdescendants():
            cls = node.get("class")
            if not cls:
                continue
            prose = self._index.prose(node)
            if prose < 40:
                continue
            by_class[cls] = by_class.get(cls, 0) + prose
            counts[cls] = counts.get(cls, 0) + 1
        return any(counts[c] >= 3 and total >= 0.6 * held for c, total in by_class.items())


def _drop(page: Page, el: HtmlElement) -> None:
    """Remove ``el`` (its tail text stays with the parent) and keep the text index exact."""
    page.text_index().remove(el)


def _attached(page: Page, el: HtmlElement) -> bool:
    return page.text_index().alive(el)


def _is_protected(page: Page, el: HtmlElement) -> bool:
    if not page.protected:
        return False
    if el in page.protected:
        return True
    return any(a in page.protected for a in el.iterancestors())


def remove_junk(page: Page) -> None:
    """Scripts, styles, embeds and form controls: never article text, dropped before scoring.

    Runs before the text index is built, in C (``strip_elements``), so that no later walk
    visits them.
    """
    root = page.root
    # one walk finds the junk, the controls among it and the wrappers the parser may have
    # misplaced (each was a walk of the whole tree of its own)
    junk = [el for el in root.iter(*JUNK_TAGS) if el is not root]
    if _unwrap_misparsed_wrappers(root, junk):
        junk = [el for el in junk if el.tag in JUNK_TAGS]  # the unwrapped are divs now
    _mark_control_boxes(page, junk)
    if page.protected:
        junk = [el for el in junk if not _is_protected(page, el)]
    # counted once per container: an element directly inside another junk element (an svg in
    # a button, an iframe in a noscript) goes with it
    page.count("boilerplate",
               sum(1 for el in junk if getattr(el.getparent(), "tag", None) not in JUNK_TAGS))
    if page.protected:
        for el in junk:
            if el.getparent() is not None:
                el.drop_tree()
    else:
        etree.strip_elements(root, *JUNK_TAGS, with_tail=False)


# A control never holds prose: a <button> with this much text is an unclosed one that the parser
# wrapped around the rest of the page (or an accordion around its panel).
_CONTROL_TEXT_MAX = 300
# A <noscript> with this much text, more than the page shows outside it, is the page's no-script
# rendering (forum engines serve their threads this way), not a tracking pixel.
_NOSCRIPT_TEXT_MIN = 500


_CONTROLS = frozenset({"button", "input", "select", "textarea"})
_WRAPPERS = frozenset({"button", "noscript"})  # junk that the parser may wrap around a page
_CONTROL_BOX_LEVELS = 3


def _mark_control_boxes(page: Page, junk: list[HtmlElement]) -> None:
    """Remember the boxes around form controls (among the ``junk`` found) before junk removal
    drops the controls: a short block with a button or an e-mail field in it is a prompt by its
    markup, whatever it says (a structural cue for the phrase families, see
    ``_structure_cue``)."""
    boxes = page.control_boxes
    for control in junk:
        if control.tag not in _CONTROLS or control.get("type", "").lower() == "hidden":
            continue
        for level, box in enumerate(control.iterancestors()):
            if level >= _CONTROL_BOX_LEVELS or box.tag in ("body", "html"):
                break
            boxes.add(box)


def _unwrap_misparsed_wrappers(root: HtmlElement, junk: list[HtmlElement]) -> bool:
    """Unwrap (keep the content of) controls and noscripts among the ``junk`` found that hold
    the page's text, so that removing junk does not remove the page. Whether any was."""
    unwrap: list[HtmlElement] = []
    noscript_text = 0
    for el in junk:
        if el.tag not in _WRAPPERS:
            continue
        size = len(text_of(el))
        if el.tag == "button" and size > _CONTROL_TEXT_MAX:
            unwrap.append(el)
        elif el.tag == "noscript" and size >= _NOSCRIPT_TEXT_MIN:
            noscript_text += size
            unwrap.append(el)
    if not unwrap:
        return False
    if noscript_text:
        scripts = sum(len(text_of(el)) for el in root.iter("script", "style"))
        shown = len(text_of(root)) - scripts - noscript_text
        if shown >= noscript_text:
            unwrap = [el for el in unwrap if el.tag != "noscript"]
    for el in unwrap:
        el.tag = "div"  # a container like any other from here on
    return bool(unwrap)


def remove_hidden(page: Page) -> None:
    """Elements a reader never sees: ``hidden``, ``aria-hidden``, inline ``display:none``.

    Responsive classes such as ``hidden md:block`` mean "hidden on small screens only", so a
    hidden class next to a breakpoint class is left alone; a wrapper around the story's own
    paragraphs, or any box holding half of the page's text (a product grid behind a lock app),
    is a page revealed by script, and an accordion or tab panel is text revealed by a click (see
    :func:`_disclosure_panel`): none of them is removed.
    """
    root = page.root
    index = page.text_index()
    n = 0
    mass: StoryMass | None = None
    for el in index.maybe_hidden:
        if not _is_hidden(el) or _is_protected(page, el):
            continue
        if el is root or el.tag in ("body", "html") or not _attached(page, el):
            continue
        mass = mass or StoryMass(page)
        if el in mass.story_path:
            continue  # a story hidden until a script runs is still the story
        if index.size(el) >= _REVEALED_SHARE * index.size(root):
            continue  # most of the page's text: a page revealed by script, not a hidden box
        _drop(page, el)
        n += 1
    page.count("hidden", n)


def _is_hidden(el: HtmlElement) -> bool:
    get = el.get
    if get("hidden") is None:
        if get("aria-hidden", "").strip().lower() == "true":
            if _shown_link(el):
                return False
        elif not _hidden_look(get("style"), get("class")):
            return False
    # hidden by an attribute, a style or a class: unless a click reveals it as the page's text
    return not (_disclosure_panel(el) or _revealed_by_click(get("class"), get("id")))


def _shown_link(el: HtmlElement) -> bool:
    """A link kept out of the tab order and from screen readers is a card's second link to
    the same page, shown to the eye: when it has words of its own, they are on screen."""
    return el.tag == "a" and el.get("tabindex") == "-1" \
        and len(squash(text_of(el))) >= _SHOWN_LINK


@lru_cache(maxsize=8192)
def _hidden_look(style: str | None, cls: str | None) -> bool:
    """An inline style or a class that hides the element (not a breakpoint's "hidden on
    small screens"). Memoised: a page repeats its hiding styles and classes over many boxes."""
    if style and _HIDDEN_STYLE.search(style):
        return True
    if not cls:
        return False
    return not _HIDDEN_CLASSES.isdisjoint(cls.lower().split()) \
        and not _NAMES.responsive.search(cls)


@lru_cache(maxsize=4096)
def _revealed_by_click(cls: str | None, ident: str | None) -> bool:
    """A box named as an accordion answer, tab pane or "read more" remainder: a style or
    class hides it until its control is clicked, and then it is the page's text."""
    return bool(cls or ident) and _NAMES.disclosure.search(f"{cls or ''} {ident or ''}") is not None


_SHOWN_LINK = 40  # characters: a teaser's summary, not an icon's label or a repeated title
_PANEL_ROLES = frozenset({"", "region", "group"})


def _disclosure_panel(el: HtmlElement) -> bool:
    """An accordion or tab panel: hidden until its control is clicked, and then the page's
    text (FAQ answers, product details, docs sections). It names its label (the control) or is
    a tab panel; a closed dialog names its label too, but says it is a dialog or modal."""
    role = el.get("role", "").strip().lower()
    if role == "tabpanel":
        return True
    return bool(el.get("aria-labelledby")) and role in _PANEL_ROLES \
        and el.get("aria-modal") is None


def remove_chrome(page: Page) -> None:
    """Navigation, sidebars, footers and forms, unless one of them wraps the story.

    Like the junk stage this runs before the text index is built (chrome is a third of a
    typical page), so its story guard measures text in C (``text_of``, ``prose``).
    """
    root = page.root
    found: list[HtmlElement] = []
    anchors: list[HtmlElement] = []
    for el in root.iter(*CHROME_TAGS, *ANCHOR_TAGS):  # one walk for both
        (anchors if el.tag in ANCHOR_TAGS else found).append(el)
    found += [el for el in carrying(root, "role")
              if el.get("role", "").strip().lower() in CHROME_ROLES]
    if not found:
        return
    anchored: set[HtmlElement] = set(anchors)
    for anchor in anchors:
        anchored.update(anchor.iterancestors())
    # The guard keeps an element whose prose (text outside links) is 1500+ characters or 40%
    # of the page's. Its whole text bounds its prose from above, and the page's prose less the
    # whole text of what was removed bounds the page's from below: when those bounds already
    # settle it, no link text is measured (an XPath per element).
    floor = -1  # a lower bound of the page's prose, measured when a guard first needs it
    for el in found:
        if el in anchored or el.getparent() is None or _is_protected(page, el):
            continue
        if any(a.getparent() is None and a is not root for a in el.iterancestors()):
            continue  # inside chrome removed just before
        text = text_of(el)
        if text:
            if floor < 0:
                floor = prose(root)
            if len(text) < 1500 and len(text) < 0.4 * floor:
                floor -= len(text)
            else:
                held = prose(el)
                if held >= 1500:
                    continue
                if held >= 0.4 * floor:  # the bound does not settle it: measure the page
                    floor = prose(root)  # exact: removed chrome is out of the tree
                    if held and held >= 0.4 * floor:
                        continue
                floor -= held
        cls = _chrome_class(page, el, text)
        el.drop_tree()
        page.count(cls)


# Removed chrome is named (for the counts) by its class/id or by the phrases at the two ends of
# its text: a box says what it is in its first lines (a sign-up prompt) or its last (a footer's
# copyright line), and the phrase scan costs per character.
_NAVIGATION = frozenset({"nav", "menu"})  # named by class/id only: their words are link labels
_NAMING_HEAD = 300
_NAMING_TAIL = 200


def _chrome_class(page: Page, el: HtmlElement, full: str) -> str:
    """Name removed chrome by what it is (a consent dialog, a sign-up form), for the counts.
    ``full`` is the element's text."""
    named = page.rules.tokens.match((el.get("class") or "") + " " + (el.get("id") or ""))
    if named is not None and named not in ("hidden", "boilerplate"):
        return named
    if el.tag in _NAVIGATION or el.get("role") == "navigation":
        return "boilerplate"  # a menu that links to the newsletter is still a menu
    if len(full) > _NAMING_HEAD + _NAMING_TAIL:
        full = full[:_NAMING_HEAD] + "\n" + full[-_NAMING_TAIL:]
    text = fold(full)
    phrases = page.rules.phrases
    # the words gate first: a phrase search costs per character, and most chrome names none
    spans = phrases.contained(text) if phrases.words_triggered(text) else []
    if spans:
        return _longest(spans)
    if el.tag == "form" and ("@" in text or "email" in text or "e-mail" in text):
        return "newsletter_signup"
    return "boilerplate"


def remove_by_tokens(page: Page, mass: StoryMass | None = None) -> None:
    """Containers whose class or id names a noise class (share bars, ad slots, consent banners).

    Its :class:`StoryMass` is measured after the hidden stage, not shared with it: an anchor
    removed as hidden no longer guards its ancestors, and the story's container is found among
    what is left (sharing one changes 26 of 1,785 dev pages, one body for the worse)."""
    mass = mass or StoryMass(page)
    match = page.rules.tokens.match
    enabled = page.config.enabled_noise
    index = page.text_index()
    alive = index.alive
    site_words, word = mass.site_words, page.rules.tokens.word
    thread = thread_page(page)
    # Class strings repeat a lot on a page: each distinct one is matched once, and only the
    # elements whose string names an enabled class are visited (most name none).
    noisy: dict[str, str] = {}
    for value in index.distinct_names:
        cls = match(value)
        if cls is None or cls == "hidden" or cls not in enabled:
            continue
        if not (site_words and word(value) in site_words):
            noisy[value] = cls
    for el, value in [pair for pair in index.named if pair[1] in noisy] if noisy else ():
        cls = noisy[value]
        if el.tag in ("html", "body", "article", "main"):
            continue
        if not alive(el) or (page.protected and _is_protected(page, el)):
            continue
        if cls == "ad_marker" and _prose_box(index, el):
            continue  # "adv-heading", "ad-text": a short name shared with advanced/address blocks
        boiler = cls == "boilerplate"
        discussion = boiler and _NAMES.discussion.search(value) is not None
        if discussion and thread:
            continue  # a thread's posts are its main text
        story = mass.holds_story(el, relative_only=boiler) or (
            boiler and not discussion and mass.holds_paragraphs(el))
        if story and not (discussion and el not in mass.anchored and mass.is_repeated_list(el)):
            continue
        if cls == "tag_list":
            _collect_tags(page, el)
        _count_inner_classes(page, el, cls)
        _drop(page, el)
        page.count(cls)


_AD_PROSE_CHARS = 300  # an ad slot holds a label and teasers, not sentences of this length
_AD_PROSE_LINKS = 0.2


def _prose_box(index: TextIndex, el: HtmlElement) -> bool:
    """Running prose, little of it linked: what an ad slot never holds (its text is a label,
    a sponsor's teaser headlines, or nothing until a script fills it)."""
    size = index.size(el)
    if size < _AD_PROSE_CHARS or index.link_size(el) > _AD_PROSE_LINKS * size:
        return False
    text = text_of(el)
    return sum(text.count(end) for end in (". ", "。", "! ", "? ")) >= 2


_INNER_COUNT_CHARS = 800


def _count_inner_classes(page: Page, el: HtmlElement, cls: str) -> None:
    """A removed box that also holds other kinds of noise counts under those classes too.

    Only small boxes are read (a share bar with a sign-up line): the phrase scan costs per
    character, and a long removed rail would be counted by its parts' own names anyway."""
    if page.text_index().size(el) > _INNER_COUNT_CHARS:
        return
    phrases = page.rules.phrases
    folded = fold(text_of(el))
    if not phrases.words_triggered(folded):
        return  # the gate's words for every contained phrase are missing: a search finds none
    found = {c for c, _s, _e in phrases.contained(folded)}
    for other in found - {cls}:
        if other in page.config.enabled_noise:
            page.count(other)


def remove_by_phrases(page: Page) -> None:
    """Short blocks that are mostly a noise phrase, in any language the rules cover.

    A block is removed only when it is short and the phrases cover most of its text, so a story
    paragraph that merely mentions "subscribe" or "cookies" is never touched.
    """
    cfg = page.config
    enabled = page.config.enabled_noise
    index = page.text_index()
    limit = cfg.phrase_block_max_chars
    verdicts: dict[tuple[str, bool], str | None] = {}  # repeated blocks are classified once
    alive_at = index.alive_at
    # Family grammars may read blocks longer than the phrase limit (a consent notice runs to a
    # few hundred characters); such a block goes only when its words alone settle it.
    families = page.rules.phrases.families
    reach = max(limit, families.max_chars if families is not None else 0)
    for at, el, size in index.small(reach, TEXT_BOXES, INLINE):
        if not alive_at(at) or (page.protected and _is_protected(page, el)):
            continue  # removed by an earlier verdict of this loop, or kept by the user
        folded = fold(text_of(el))
        if size > limit:
            family = page.rules.phrases.family(folded) \
                if page.rules.phrases.family_triggered(folded) else None
            cls = family.cls if family is not None and family.strong else None
            if cls is not None and cls in enabled:
                _drop(page, el)
                page.count(cls)
            continue
        linked = 2 * index.link_size(el) >= size
        key = (folded, linked)
        if key in verdicts:
            cls = verdicts[key]
        else:
            cls = verdicts[key] = classify_phrase(page, el, folded)
        if cls is None or cls not in enabled:
            continue
        if cls == "tag_list":
            _collect_tags(page, el)
        _count_inner_classes(page, el, cls)
        if cls == "related_links" and el.tag in _LABEL_HOLDERS:
            nxt = el.getnext()
            if nxt is not None and _is_link_list(page, nxt):
                _drop(page, nxt)
        _drop(page, el)
        page.count(cls)


def classify_phrase(page: Page, el: HtmlElement, folded: str) -> str | None:
    """The noise class of a short block, or None when it reads like story text.

    Nearly every block is story text, and saying so rule by rule cost a dozen calls per block.
    One gate (:meth:`PhraseRules.triggered`: a dict lookup, one anchored match and a set test)
    tells when no rule but the patterns and the labelled-box rule can name it; only the blocks
    it lets through are read rule by rule, which gives the same answer as reading every block
    so."""
    if not folded:
        return None
    phrases = page.rules.phrases
    if phrases.triggered(folded) or _apart_triggered(page, el):
        return _classify(page, el, folded)
    return phrases.pattern_class(folded) or (_labelled_box(page, el) if len(el) > 1 else None)


def _classify(page: Page, el: HtmlElement, folded: str) -> str | None:
    """:func:`classify_phrase` rule by rule, for a non-empty block."""
    phrases = page.rules.phrases
    cfg = page.config
    cls = phrases.exact_class(folded)
    if cls is not None:
        return cls
    if folded.startswith(COPYRIGHT_OPENINGS):
        return "copyright_footer"
    pref = phrases.prefix_match(folded)
    if pref is not None:
        pcls, end = pref
        rest = len(folded) - end
        if pcls in ("tag_list", "copyright_footer"):
            return pcls
        if rest <= 0 or page.text_index().link_size(el) >= 0.5 * rest or len(folded) <= 90:
            return pcls
    if phrases.is_label(folded):
        return "related_links"
    cls = phrases.pattern_class(folded)
    if cls is not None:
        return cls
    if len(folded) <= 200 and phrases.call_to_action(folded):
        return "newsletter_signup"
    # block children are read apart ("We value your privacy" + "We and our partners ...")
    apart = any(c.tag in _SPACED for c in el)
    family = phrases.family(_apart_text(el) if apart else folded)
    if family is not None and (family.strong or _structure_cue(
            page, el, between=not family.markup_cue)) and not _main_text(
            page, el):
        return family.cls
    labelled = _labelled_box(page, el)
    if labelled is not None:
        return labelled
    spans = phrases.contained(folded)
    if spans:
        covered = _covered(spans)
        letters = len(folded)
        if _longest(spans) in _NEXT_TO_LINKS:
            # "Follow us on social media" beside icon links: the links are the prompt's own
            # targets, so coverage is measured on the words outside them.
            links = page.text_index().link_size(el)
            if links < letters:
                letters = max(letters - links, covered, 1)
        if covered >= cfg.phrase_min_coverage * letters:
            return _longest(spans)
        if covered >= 0.25 * letters and not folded.startswith(('"', "'")) and letters <= 200:
            return _longest(spans)
    return None


_SPACED = SUBHEADINGS | {"p", "div", "li", "br", "section"}
_LABEL_HOLDERS = SUBHEADINGS | {"p", "div", "strong"}  # a "Related:" label above a link list
# A box under a noise label ("Newsletter", "Advertisement") is that noise: its label names it.
_LABELLED = frozenset({"ad_marker", "subscription_prompt", "newsletter_signup", "cookie_notice",
                       "share_bar"})
_LABEL_TAGS = SUBHEADINGS | {"strong", "b", "p", "span", "div"}


def _apart_triggered(page: Page, el: HtmlElement) -> bool:
    """The gate on a block's apart text (children read apart), for a block whose own text it
    stopped.

    Reading children apart only adds spaces between text nodes: where white space already
    separates every two of them (the usual ``<p>`` after ``<p>``), the apart text has the
    block's very words, folds to the text the gate stopped (``fold`` reads white space only
    as word breaks) and needs neither a fold nor the gate. Where the nodes meet is read in C
    (:func:`._xpath.words_meet`), before the children are."""
    return words_meet(el) and any(c.tag in _SPACED for c in el) and \
        page.rules.phrases.words_triggered(_apart_text(el))


def _apart_text(el: HtmlElement) -> str:
    """A block's text with its children read apart (folded): "We value your privacy" and
    "We and our partners ..." in two paragraphs are two sentences, not one run-on word."""
    return fold(" ".join(text_nodes(el)))


def _labelled_box(page: Page, el: HtmlElement) -> str | None:
    """A short box of a few children whose first child is only a noise label."""
    if len(el) < 2:
        return None  # most blocks: no list of children to build
    first = el[0]
    if isinstance(first.tag, str) and first.tag not in _LABEL_TAGS:
        return None  # the first child is no label: one proxy, not a list of them
    children = [c for c in el if isinstance(c.tag, str)]
    if not 2 <= len(children) <= 4 or children[0].tag not in _LABEL_TAGS:
        return None
    label = page.rules.phrases.exact_class(fold(text_of(children[0])))
    return label if label in _LABELLED else None


# A block holding this share of the page's prose is its main text, even when it reads like a
# prompt: a login or subscription page says nothing else ("Not a subscriber yet? ...").
_MAIN_SHARE = 0.3


def _main_text(page: Page, el: HtmlElement) -> bool:
    index = page.text_index()
    return index.prose(el) >= _MAIN_SHARE * index.prose(page.root)


def _structure_cue(page: Page, el: HtmlElement, *, between: bool = True) -> bool:
    """A sign from the markup, independent of the words, that a short block is not story: a
    noise class/id token or a form control on it or its same-text wrapper, mostly link text, or
    standing alone
    between two story paragraphs (where in-body prompts are placed). Words that only partly
    read like a family's grammar remove a block only with one of these beside them."""
    index = page.text_index()
    size = index.size(el)
    if 2 * index.link_size(el) >= size:
        return True
    node: HtmlElement | None = el
    match = page.rules.tokens.match
    controls = page.control_boxes
    while node is not None and index.size(node) == size:
        if node in controls:
            return True  # a button or an input field beside the words
        named = (node.get("class") or "") + " " + (node.get("id") or "")
        if named.strip() and match(named) not in (None, "hidden"):
            return True
        node = node.getparent()
    if not between:
        return False
    prev, nxt = el.getprevious(), el.getnext()
    return (prev is not None and nxt is not None and prev.tag == nxt.tag == "p"
            and index.prose(prev) >= _STORY_PARAGRAPH and index.prose(nxt) >= _STORY_PARAGRAPH)


def _covered(spans: Iterable[tuple[str, int, int]]) -> int:
    total = 0
    last = -1
    for _cls, start, end in sorted(spans, key=lambda s: s[1]):
        start = max(start, last)
        if end > start:
            total += end - start
            last = end
    return total


def _longest(spans: list[tuple[str, int, int]]) -> str:
    return max(spans, key=lambda s: s[2] - s[1])[0]


def _is_link_list(page: Page, el: HtmlElement) -> bool:
    if el.tag not in ("ul", "ol", "div", "section", "p"):
        return False
    text = squash(text_of(el))
    if not text or len(text) > 1500:
        return False
    return page.text_index().link_size(el) >= 0.6 * len(text)


def _collect_tags(page: Page, el: HtmlElement) -> None:
    links = [squash(text_of(a)) for a in el.iter("a")]
    names = [t for t in links if t]
    if not names:
        text = squash(text_of(el))
        m = page.rules.phrases.prefix_match(fold(text))
        if m is not None:
            text = text[m[1]:]
        names = [t.strip(" .") for t in _LIST_SPLIT.split(text) if t.strip(" .")]
    for name in names:
        if len(name) <= 60 and name not in page.tags:
            page.tags.append(name)


NoiseStage = Callable[[Page], None]

__all__ = ["NoiseStage", "StoryMass", "classify_phrase", "remove_by_phrases",
           "remove_by_tokens", "remove_chrome", "remove_hidden", "remove_junk"]
