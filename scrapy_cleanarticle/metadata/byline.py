"""Author names: cleaning raw bylines, and finding the visible byline when metadata has none.

A byline string carries more than names: "By", "Von", "Par", "Por", "Di", "Door", job titles,
outlets, dates, e-mail addresses, several people in one string. ``split_authors`` turns it into
a list of names, each kept beside the raw string it came from.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .._xpath import carrying_among, carrying_below, elements
from ..rules import date_labels, name_rules
from .dates import parse_date
from .gather import BYLINE, Walked, walk
from .normalize import clean_text, fold

# Words that introduce a byline beyond the English/German/Romance ones spelled out below,
# shared with ``nearby._BY``: "Oleh" (id), "Bởi" (vi), "Yazan" (tr), "Írta" (hu), "Skrevet av"
# (no/da), "بقلم"/"بواسطة" (ar) need only a space after them ...
BY_WORDS = ("oleh", "bởi", "yazan", "írta", r"skrevet\s+a[vf]", "kirjoittanut", "بقلم", "بواسطة")
# ... of which these are also first names ("Oleh" in Ukrainian, "Yazan" in Arabic): stripped
# from a raw byline only when two words are left, like the surname particles below.
_NAME_LIKE = frozenset({"oleh", "yazan"})
# ... labels need a colon in running text ("Szerző:", "Yazar:", "Penulis:", "Tác giả:") ...
LABEL_WORDS = ("szerző", "yazar", "kirjoittaja", "teksti", "penulis", r"tác\s+giả", "συντάκτης",
               "текст", "كتب", "كتبت")
# ... and "written by" in other languages: a verb of writing or posting, then its "by"
WRITTEN_BY = (r"geschrieben\s+von", r"verfasst\s+von", r"écrit\s+par", r"publié\s+par",
              r"escrito\s+por", r"publicado\s+por", r"scritto\s+da", r"pubblicato\s+da",
              r"geschreven\s+door", r"geplaatst\s+door", r"napisane\s+przez")
# ... and CJK labels a separator ("著者：", "文／", "记者 ").
CJK_LABELS = ("著者", "作者", "筆者", "記者", "记者", "撰文", "取材・文", "文・写真", "文", "翻訳者",
              "編集", "글")
_CJK_SEP = r"(?![部局室])\s*[:：●・/／]?\s*"  # "編集部" is a desk, not the label "編集"
# "By" in the languages we cover, plus "written/reported/posted by", "Text:", "著者：" etc.
_LEAD = re.compile(
    r"^(?:(?:written|reported|posted|submitted|story|text|words|photos?|interview|compiled|edited|"
    r"reporting|article|published|updated|analysis|commentary|opinion|review|column|essay)"
    r"\s+by|by|par|por|door|przez|от|від|"
    r"autor(?:e|a|in)?|auteur|authors?|автор|texto?|tekst|"
    + "|".join(w for w in WRITTEN_BY + BY_WORDS + LABEL_WORDS if w not in _NAME_LIKE)
    + r")\b\s*[:：●・|\-–]?\s*"
    r"|^(?:" + "|".join(c for c in CJK_LABELS if len(c) > 1) + ")" + _CJK_SEP
    # one-character labels only with a separator: "文在寅" is a name, "文：" a label
    + r"|^(?:" + "|".join(c for c in CJK_LABELS if len(c) == 1) + r")(?:\s*[:：●・/／]\s*|\s+)",
    re.IGNORECASE)
# "By" and its kin at the start of a visible line: nearby's byline scan reads a name after it,
# the story filter (content.filter_paragraphs) drops a short line that starts with it.
BY_LEAD = (r"(?:(?:written|reported|posted|submitted|story|words|interview|reporting)\s+by|"
           + "|".join(WRITTEN_BY) + r"|by|von|par|por|door|przez|av|af|от|від|di|"
           + "|".join(BY_WORDS) + ")")
# Role words after a name ("Eric Freeman 著", "홍길동 기자", "山田太郎 写真"): cut.
_ROLE_SUFFIX = re.compile(r"\s*(?:著|編著|監訳|訳|編|写真|撮影|イラスト|기자|특파원|记者|記者)$")
# Prepositions that also start surnames ("Di Caprio", "Von Hoff", "Da Silva"): stripped only
# when at least two words are left.
# Leads that also open surnames ("Von Hoff", "Di Caprio", "Da Silva").
WEAK_WORDS = ("von", "di", "da", "de", "av", "af", "fra", "od")
_WEAK_LEAD = re.compile(r"^(?:" + "|".join((*WEAK_WORDS, *sorted(_NAME_LIKE)))
                        # not before another particle: "De La Cruz", "Von der Leyen"
                        + r")\s+(?!(?:la|le|los|las|der|den|van|von|da|di|du|del|della|dos)\s)"
                        r"(?=\S+\s+\S|(?-i:[a-z]+$|[A-Z]{2,}$))", re.IGNORECASE)
_SPLIT = re.compile(
    r"\s*(?:[,;&|/／、，・\u3000\u00b7\u2022]|\s(?:and|und|et|y|e|en|og|och|i|ve|и|a|és|ja|"
    r"(?-i:dan|và|і|та|oraz|şi|și|και|و))\s|\n"
    # a CJK role label between two names: "お米ゴハン イラスト 汐街コナ"
    r"|\s(?:イラスト|写真|撮影|翻訳|監訳|編集|構成)\s*[:：/／]?)\s*",
    re.IGNORECASE)
_LAST_FIRST = re.compile(r"^([A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?),\s*([A-Z][^\W\d_]+(?:\s[A-Z]\.)?)$")
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"^@\w+$")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)+$")  # "will-leitch": a URL slug, not a name
_DIGITS = re.compile(r"\d")
# Job titles and role words: a part made of these is not a name.
_ROLE_WORDS = frozenset("""
staff writer reporter correspondent editor editors contributor contributing columnist
photographer photographers senior associate assistant chief managing deputy executive
freelance freelancer special political politics business sports sport news desk team
intern producer producers anchor host guest opinion analyst author authors admin
administrator journalist journalists redakteur redakteurin redaktion korrespondent
korrespondentin rédacteur rédactrice journaliste envoyé spécial correspondant redactor
redactora periodista corresponsal redattore redattrice giornalista inviato inviata
redacteur verslaggever staffer national international science technology tech health
culture life lifestyle entertainment world local metro investigative enterprise breaking
wire wires photo photos video videos illustration illustrations graphics updated published
minutes minute min read
""".split())  # noqa: SIM905 - a word list reads better
_ONLY_ROLE = frozenset({"staff", "admin", "administrator", "editor", "editors", "redaktion",
                        "rédaction", "redacción", "redazione", "redactie", "unknown", "anonymous",
                        "guest", "user", "team", "none", "null", "author", "編集部", "编辑部",
                        "편집부", "редакция", "редакція", "redakcja", "redakce", "szerkesztőség"})
# "CNN Staff" stays as it is: an outlet's desk byline, which is how readers cite it (a bare
# "Staff" is dropped above).
# Words that end a job title, so a name followed by them has its title glued on.
_TITLE_END = frozenset({"editor", "writer", "reporter", "correspondent", "columnist",
                        "contributor", "producer", "redakteur", "redakteurin", "korrespondent",
                        "korrespondentin", "rédacteur", "rédactrice", "journaliste",
                        "periodista", "corresponsal", "giornalista", "redattore",
                        "verslaggever", "journalist", "analyst"})
# A declared "author" that is a company is the publisher, not a byline.
COMPANY = re.compile(r"\b(?:inc|ltd|llc|gmbh|corp|co\.,? ltd|plc|s\.?a|ag|k\.k)\.?$|株式会社|有限会社",
                     re.IGNORECASE)
# A weak lead on a line of its own ("<span>Von</span> <a>Jane Doe</a>") and a day's name
# ("By Jane Doe, Wednesday, 20 November 2019") are parts of a byline that name no one.
_LONE_WORDS = frozenset(WEAK_WORDS)
_WEEKDAYS = date_labels().weekdays
_SPACED_DASH = re.compile(r"\s[-–—]\s")
MAX_NAME_CHARS = 80
MAX_NAME_WORDS = 6


# Compiled once: ``re.sub(pattern, ...)`` looks its pattern up in re's cache on every call.
_LETTERS = re.compile(r"[^\W\d_]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def _is_role(part: str) -> bool:
    words = _LETTERS.findall(part.lower())
    return bool(words) and all(w in _ROLE_WORDS or len(w) <= 2 for w in words) and any(
        w in _ROLE_WORDS for w in words)


def clean_name(part: str) -> str | None:
    """One person's (or desk's) name, or ``None`` when the part is not a name at all. A part
    of :func:`split_authors`, which has taken the URLs out before it split the string."""
    text = _EMAIL.sub(" ", part)
    text = _BRACKETED.sub(" ", text)
    text = clean_text(text.strip(" \t\n-–—:|•·*")) or ""
    for _ in range(2):
        text = _LEAD.sub("", text).strip(" -–—:|•·*")
    text = _ROLE_SUFFIX.sub("", _WEAK_LEAD.sub("", text))
    if not text or _HANDLE.match(text) or _DIGITS.search(text) or _SLUG.match(text):
        return None
    if len(text) > MAX_NAME_CHARS or len(text.split()) > MAX_NAME_WORDS:
        return None
    lowered = text.lower()
    if lowered in _ONLY_ROLE or _is_role(text) or lowered in _LONE_WORDS \
            or lowered in _WEEKDAYS:
        return None
    words = text.split()
    if len(words) > 2 and words[-1].lower() in _WEEKDAYS:
        words.pop()  # "by Jane Doe<br>Monday, 18 November": the date line's day, not a name
        text = " ".join(words)
    if len(words) == 2 and _ends_title(words[-1]):
        return None  # "Rural Reporter", "CNN Editor-at-large": a job title, not a person
    if len(words) > 2 and _ends_title(words[-1]):
        named = _SPACED_DASH.split(text, maxsplit=1)[0]
        if named != text and _LETTERS.search(named):
            # "Jane Doe - Live Science Contributor": the job after a dash, whatever its words
            return clean_name(named)
        # "Sam Stein Senior Politics Editor": the job title glued after the name
        while len(words) > 2 and words[-1].lower() in _ROLE_WORDS:
            words.pop()
        text = " ".join(words)
    if not _LETTERS.search(text):
        return None
    return text


def _ends_title(word: str, *, plural: bool = False) -> bool:
    """Whether a byline's word ends a job title: "Editor", "Editor-at-large", and with
    ``plural`` "Writers" too (alone, "Our Editors" is a desk's byline, as "CNN Staff" is)."""
    head = word.lower().split("-", 1)[0]
    return head in _TITLE_END or (plural and head[-1:] == "s" and head[:-1] in _TITLE_END)


def split_authors(raw: str) -> list[str]:
    """Names from one byline string, in order, duplicates dropped. A URL goes first: split at
    its slashes, "https://example.com/u/jane-doe" would give "https" and "u"."""
    text = _URL.sub(" ", clean_text(raw) or "")
    text = _WEAK_LEAD.sub("", _LEAD.sub("", text))
    inverted = _LAST_FIRST.match(text)
    if inverted:  # "Gillman, Steve": the catalogue order some CMSs store
        text = f"{inverted[2]} {inverted[1]}"
    names: list[str] = []
    seen: set[str] = set()
    named = False  # whether the part before gave a name
    for part in _SPLIT.split(text):
        words = part.split()
        if named and words and _ends_title(words[-1].strip(".,;:"), plural=True):
            named = False  # "Chris Doe, CNN Editor-at-large": the job of the name before it
            continue
        name = clean_name(part)
        named = name is not None
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


# --- the visible byline ----------------------------------------------------------------------

# Most specific first: an explicit author link or property, then a "name" inside an author box,
# then byline boxes, then anything with "author" in its class.
# One pass over the elements finds every candidate; ``_tier`` then ranks them. The pass reads
# the descendants (or a bounded window of elements) whose attributes hold a candidate word, a
# search of the attribute values in C in the compiled build; on those it runs
# ``name_rules().author_candidate`` once per distinct class string of the page
# (``gather.ClassKinds``). An XPath with one ``contains(@class, ...)`` per word casts the class
# to a new string for every test, and costs twice as much as a Python loop over the elements,
# which costs several times the C search (the test of four attributes on each element).
_NAME_CLASS = name_rules().author_name
_AUTHOR_CLASS = name_rules().author
N_TIERS = 4
_CANDIDATE_ATTRIBUTES = ("class", "rel", "itemprop", "id")  # what can make a byline candidate
# Words one of those attributes holds on every candidate: the class words, the id's "yline"
# and rel/itemprop's "author". Only the elements that hold one reach the loop's own tests,
# found in C in the compiled build (most elements of a page hold none).
_CANDIDATE_WORDS = tuple(dict.fromkeys((*name_rules().words["author_candidate"], "yline",
                                        "author")))
_NAME_CHILD = etree.XPath(".//*[contains(@class, 'name')][normalize-space()]")


def _tier(el: lxml.html.HtmlElement) -> int:
    """0: explicit author link/property; 1: an author-name box; 2: a byline; 3: "author"."""
    if el.get("rel") == "author" or el.get("itemprop") == "author":
        return 0
    cls = el.get("class", "")
    if _NAME_CLASS.search(cls):
        return 1
    if "yline" in cls.lower() or "yline" in el.get("id", "").lower():
        return 2
    return 3 if _AUTHOR_CLASS.search(cls) else N_TIERS


# Containers whose "authors" are not this story's (teasers, comments, bios, the person a
# pull quote quotes) ...
_BAD_CONTAINER = name_rules().byline_not_container
# ... and elements that only sit next to the name (photo, follow buttons, feeds).
_BAD_SELF = name_rules().byline_not_self
# A byline often goes on with the date or the outlet: cut there.
BYLINE_TAIL = re.compile(r"\b(?:posted|published|updated|last updated|veröffentlicht|"
                         r"aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|"
                         r"aggiornato|gepubliceerd)\b.*$"
                         # "Jane Doe in Politics on 1 June": the place or time after the name
                         r"|\s(?-i:on|in|at|am|um|le|el|il)\s.*$", re.IGNORECASE)


def cut_tail(text: str) -> str:
    """``text`` less what follows the names (``BYLINE_TAIL``), read past the byline's lead:
    the tail's "posted" and "published" are also leads ("Posted by Jane Doe on 23 March"
    keeps "Jane Doe")."""
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    return text[:start] + BYLINE_TAIL.sub("", text[start:])


MAX_BYLINE_CHARS = 160
MAX_VISIBLE_AUTHORS = 6
BLOCK_LEVELS = 4  # how far up a co-author's name may sit from the first name's grandparent


def spaced_text(el: lxml.html.HtmlElement) -> str:
    """Text with a space between elements: "By<a>Jane Doe</a>" must not become "ByJane"."""
    return " ".join(t for t in el.itertext() if t and t.strip())


_NOT_NAME = name_rules().byline_not_name.search


def _byline_text(el: lxml.html.HtmlElement) -> str:
    """A byline box's spaced text less its parts that name the outlet or the writer's job
    (``byline_not_name``): "<a class=authors>Jane Doe</a> <span class=credit>USA TODAY</span>"
    is Jane Doe's byline, not a name of five words."""
    if not any(_NOT_NAME(cls) for sub in el.iterdescendants() if (cls := sub.get("class"))):
        return spaced_text(el)
    parts: list[str] = []
    _gather_text(el, parts)
    return " ".join(parts)


def _gather_text(el: lxml.html.HtmlElement, parts: list[str]) -> None:
    if el.text and el.text.strip():
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and not _NOT_NAME(child.get("class") or ""):
            _gather_text(child, parts)
        if child.tail and child.tail.strip():
            parts.append(child.tail)


def _post_footer(footer: lxml.html.HtmlElement) -> bool:
    """Whether a ``<footer>`` is the story's own meta box: inside the ``<article>`` that
    holds the page's headline (``<footer class="entry-meta">`` with the author and date, as
    blog themes close a post), not the site's footer, nor a comment's or a teaser's, whose
    ``<article>`` holds no ``<h1>``."""
    story = next(footer.iterancestors("article"), None)
    return story is not None and next(story.iter("h1"), None) is not None


def _noisy(el: lxml.html.HtmlElement) -> bool:
    """Whether a byline candidate sits in a box whose names are not the story's. The walk
    stops at ``<body>``: its classes describe the page ("single no-sidebar"), not a box. A
    candidate that is itself an ``<aside>`` is a template's meta box (``<aside
    class="post-author">``), judged by its name and its ancestors."""
    node: lxml.html.HtmlElement | None = el
    for _ in range(6):
        if node is None or node.tag == "body":
            return False
        if node.tag in ("aside", "footer", "nav", "form", "figure", "figcaption", "li",
                        "blockquote") and not (node is el and node.tag == "aside") \
                and not (node.tag == "footer" and _post_footer(node)):
            return node is not el or node.tag != "li"
        attrs = f"{node.get('class', '')} {node.get('id', '')}"
        if _BAD_CONTAINER.search(attrs) or (node is el and _BAD_SELF.search(attrs)):
            return True
        node = node.getparent()
    return False


def visible_authors(tree: lxml.html.HtmlElement, walked: Walked | None = None, *,
                    around: bool = False) -> tuple[list[str], str | None]:
    """(names, raw) from the first tier of byline markup that yields names, among ``tree``'s
    descendants, or with ``around`` among the elements around it (``Walked.window``).
    ``walked``: the page's ``gather.walk``, which tests each distinct class string once.

    Within a tier, every element before the first noisy one counts (two ``rel=author`` links
    for two authors), but only elements with short text: a whole author box or bio is not a
    byline.
    """
    walked = walked or walk(tree)
    kinds = walked.kinds
    tiers: list[list[lxml.html.HtmlElement]] = [[] for _ in range(N_TIERS + 1)]
    # a candidate: ``rel``/``itemprop`` "author", or a class (id) that says author or byline;
    # only the elements that carry one of those attributes are read (most carry none)
    for el in (carrying_among(walked.window(tree), _CANDIDATE_ATTRIBUTES, _CANDIDATE_WORDS)
               if around else carrying_below(tree, _CANDIDATE_ATTRIBUTES, _CANDIDATE_WORDS)):
        get = el.get
        if (((cls := get("class")) is not None and kinds[cls] & BYLINE)
                or get("rel") == "author" or get("itemprop") == "author"
                or "yline" in (get("id") or "")):
            tiers[_tier(el)].append(el)
    for rank, tier in enumerate(tiers[:N_TIERS]):
        names: list[str] = []
        raws: list[str] = []
        kind: tuple[str, str] | None = None
        block: lxml.html.HtmlElement | None = None  # the first hit's grandparent
        for el in tier:
            if kind is not None and (el.tag, el.get("class", "")) != kind:
                continue  # after the first hit, only its like: two author links, not a bio box
            if block is not None and not _inside(el, block):
                continue  # a like far away: the next post's author in a thread, a teaser's
            if el.tag in ("meta", "link", "script", "style", "body", "html", "img"):
                continue
            raw = clean_text(cut_tail(_byline_text(el)))
            if not raw or len(raw) > MAX_BYLINE_CHARS or _noisy(el):
                continue
            found = split_authors(raw)
            if not found:  # an author box with photo and date: its "name" child
                named = elements(_NAME_CHILD, el)
                found = split_authors(clean_text(spaced_text(named[0])) or "") if named else []
            if not found:  # "Jane Doe<br>4 August 2010": the name on a line of its own
                found = _first_line_names(el)
            if rank >= _CLAUSE_TIER:  # a box named byline that holds a clause, not a name
                found = [name for name in found if not _clause(name)]
            for name in found:
                if fold(name) not in {fold(n) for n in names}:
                    names.append(name)
            if found:
                raws.append(raw)
                if kind is None:
                    kind = (el.tag, el.get("class", ""))
                    parent = el.getparent()
                    block = parent.getparent() if parent is not None else None
            if len(names) >= MAX_VISIBLE_AUTHORS:
                break
        if names:
            return names[:MAX_VISIBLE_AUTHORS], " ".join(unique_raws(raws))
    return [], None


def _inside(el: lxml.html.HtmlElement, block: lxml.html.HtmlElement) -> bool:
    """Whether ``block`` is among ``el``'s nearest ``BLOCK_LEVELS`` ancestors: co-authors'
    names sit together in one byline or author list, a thread's posters each in a post."""
    for depth, ancestor in enumerate(el.iterancestors()):
        if ancestor is block:
            return True
        if depth >= BLOCK_LEVELS:
            return False
    return False


# Tiers named by a class word alone (byline, author): a template also calls a pricing table's
# subtitle, a teaser's blurb or the writer's job so. A "name" there of several words, one of
# them a common word in lower case, is a clause ("billed annually", "Extension horticulture
# educators", "CEO of Site"); one word in lower case is a member's handle ("basj"), kept, and
# so are a team's leading "the" and "with" between two names.
_CLAUSE_TIER = 2
_NAME_JOINS = frozenset({"with"})


def _clause(name: str) -> bool:
    words = name.split()
    if words and words[0] == "the":
        words = words[1:]
    return len(words) > 1 and any(_common_word(word) and word not in _NAME_JOINS
                                  for word in words)


def _first_line_names(el: lxml.html.HtmlElement) -> list[str]:
    """The names on the first line of a byline box that gives none whole, when every other
    line is a date ("Jane Doe<br>4 August 2010"). Not when the other lines say more: a
    forum post's "Posts: 116 Joined: Feb 2019", a review's "Reviewed 06/08/2024" (the first
    line is then one poster or reviewer of many)."""
    lines = [line for text in el.itertext() if (line := clean_text(text))]
    if len(lines) < 2 or not all(parse_date(line) for line in lines[1:]):
        return []
    names = split_authors(lines[0])
    return names if names and looks_like_names(names) else []


def unique_raws(raws: list[str]) -> list[str]:
    seen: set[str] = set()
    return [r for r in raws if not (r in seen or seen.add(r))]  # type: ignore[func-returns-value]


_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "den", "del", "la", "le", "du",
                        "dos", "das", "bin", "ibn", "al", "el", "y", "e", "ter", "zu", "af"})


def starts_a_name(rest: str) -> bool:
    """Whether the text after a "By" can open a name: not a lower-case Latin word (a surname
    particle aside), which makes the line a clause ("By clicking Start you accept our Terms
    and Conditions", "by the way") and not a byline. Nothing after the "By" (the name in the
    next element) is left to the caller."""
    words = rest.split(None, 1)
    return not words or not _common_word(words[0])


def looks_like_names(names: list[str]) -> bool:
    """Whether strings read from running text look like people's names.

    Markup that says "author" is trusted as it is; text that merely follows a "By" is held to
    more: short, and every Latin word capitalised (or a surname particle), so that "by the
    way the committee met" is not taken for a person.
    """
    for name in names:
        words = name.split()
        if not words or len(words) > 5:
            return False
        if any(_common_word(word) for word in words):
            return False
    return True


def _common_word(word: str) -> bool:
    """A Latin word in lower case that is no surname particle ("de", "van"): no name holds
    one, while a clause ("by the way", "By clicking ...") opens with one."""
    first = word[0]
    return first.isascii() and first.isalpha() and first.islower() \
        and word.lower() not in _PARTICLES
