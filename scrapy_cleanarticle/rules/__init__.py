"""Noise rules as data, compiled once per configuration.

The JSON files beside this module are the reviewed source of every phrase and class/id token,
and of the class/id name hints the stages read (``names.json``, see :class:`NameRules`).
:func:`compile_rules` turns them (plus a config's ``extra_phrases``) into an immutable
:class:`RuleSet`; results are cached per distinct argument tuple, and nothing is ever mutated after
compilation, which is what makes sharing one rule set across threads safe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..textutil import fold, fold_key, trim_edges
from .families import FamilyMatch, FamilySet, compile_families
from .gate import CONTAINED, TokenGate, telling_tokens
from .tokentable import BOUNDED, CONTENT, LOOSE, NativeTokens, native_tokens

_SEPARATORS = r"\s*[:：»›|>\-]"
# A utility class's variant prefixes ("print:", "md:", "hover:", "[&>p]:") say when it applies,
# not what the element is: "print:hidden" is not a print button.
_VARIANT = re.compile(r"(?<!\S)[^\s:]+:(?=\S)")


def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    data.pop("_doc", None)
    return data


def trie_regex(words: Iterable[str], escape: Callable[[str], str] = re.escape) -> str:
    """A regex alternation built as a trie, so matching cost does not grow with the list size.

    Only literal characters and non-nested optional groups are produced: no backtracking blow-up.
    ``escape`` turns one character into its pattern (:func:`_separator_escape` lets a ``-``
    stand for any run of separators).
    """
    trie: dict[str, Any] = {}
    for word in sorted(set(words)):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: Mapping[str, Any]) -> str:
        if "" in node and len(node) == 1:
            return ""
        alts: list[str] = []
        optional = False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            alts.append(escape(ch) + build(node[ch]))
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if optional:  # a word ends here, and longer words go on: the rest is optional
            body = "(?:" + body + ")?"
        return body

    return build(trie) if trie else "(?!x)x"


_NON_ALNUM = re.compile(r"[\W_]+")


def _separator_escape(ch: str) -> str:
    """A token rule's ``-`` matches a run of separators: the rules are matched on the class
    value as it is written ("ad_slot", "ad slot", "ad--slot"), not on a folded copy."""
    return _NON_ALNUM.pattern if ch == "-" else re.escape(ch)


_NEVER = re.compile(r"(?!x)x")
# How a copyright line opens (noise.classify_phrase), and the same openings as one pattern
# for the gate (PhraseRules.triggered)
COPYRIGHT_OPENINGS = ("©", "(c) ", "copyright ")
_COPYRIGHT = re.compile("|".join(re.escape(opening) for opening in COPYRIGHT_OPENINGS))
_WORD = re.compile(r"\w+")


def _words_gate(contains: Iterable[str], families: FamilySet | None) -> TokenGate | None:
    """The gate for contained phrases (matched between word edges, so each holds its tokens
    whole; its two most telling ones are needed together) and the families' requirements;
    None when it cannot be built (a phrase without a word, a requirement without a slot)."""
    marks = families.gate_marks() if families is not None else None
    if families is not None and marks is None:
        return None
    common = marks.common if marks is not None else frozenset()
    words: dict[str, frozenset[int]] = {}
    ids: dict[str, int] = {}  # a mark per token of the contained phrases, from CONTAINED down
    needs: list[frozenset[int]] = []
    for phrase in contains:
        tokens = telling_tokens(_WORD.findall(phrase), common)
        if not tokens:
            return None
        for token in tokens:
            if token not in ids:
                ids[token] = CONTAINED - len(ids)
                words[token] = frozenset({ids[token]})
        needs.append(frozenset(ids[token] for token in tokens))
    if marks is None:
        return TokenGate(words, {}, needs, _NEVER)
    for word, slots in marks.words.items():
        words[word] = words.get(word, frozenset()) | slots
    return TokenGate(words, marks.stems, (*needs, *marks.needs), marks.anywhere)


@dataclass(frozen=True)
class PhraseRules:
    """Phrase matchers over folded text. ``exact`` maps a whole-block key to its noise class."""

    exact: Mapping[str, str]
    contains: re.Pattern[str]
    contains_class: Mapping[str, str]
    prefix: re.Pattern[str]
    prefix_class: Mapping[str, str]
    label: re.Pattern[str]  # a related-links prefix followed by a few words and a colon
    cta_start: re.Pattern[str]
    cta_noun: re.Pattern[str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    families: FamilySet | None = None
    # The patterns as one alternation, each in a named group: a fullmatch tries them in order
    # and the first that matches the whole text wins, as a loop over them would, in one call.
    # Only patterns without groups of their own (whose numbers the alternation would shift).
    _any_pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False,
                                                  default=None)
    # The gate (see :meth:`triggered`): every rule that reads a block's opening, in one match,
    # and the words of the contained phrases and the families (None: it cannot rule them out).
    _opening: re.Pattern[str] = field(init=False, repr=False, compare=False, default=_NEVER)
    _words_gate: TokenGate | None = field(init=False, repr=False, compare=False, default=None)
    # The families' own gates by reach (see :meth:`family_triggered`), each built when first
    # needed; a race builds the same gate twice, and either answers alike.
    _family_gates: dict[int, TokenGate | None] = field(init=False, repr=False, compare=False,
                                                       default_factory=dict)

    def __post_init__(self) -> None:
        if self.patterns and all(p.groups == 0 and p.flags == re.UNICODE
                                 for p, _cls in self.patterns):
            object.__setattr__(self, "_any_pattern", re.compile("|".join(
                f"(?P<p{i}>{p.pattern})" for i, (p, _cls) in enumerate(self.patterns))))
        object.__setattr__(self, "_opening", re.compile("|".join(
            f"(?:{p.pattern})" for p in (self.prefix, self.label, self.cta_start, _COPYRIGHT))))
        object.__setattr__(self, "_words_gate", _words_gate(self.contains_class, self.families))

    def triggered(self, folded: str) -> bool:
        """False when no rule but the patterns and the labelled-box rule can name the block
        ``folded`` (fold()ed, non-empty): it is no exact phrase, opens with no prefix, label,
        call to action or copyright mark, and holds no contained phrase and no family's
        required words. A caller whose family reads another text of the block (children
        read apart) asks :meth:`words_triggered` of that one too."""
        key = folded if folded[:1].isalnum() and folded[-1:].isalnum() else trim_edges(folded)
        if key in self.exact or self._opening.match(folded) is not None:
            return True
        gate = self._words_gate  # words_triggered, without a call: nearly every block asks
        return gate is None or gate.passes(folded)

    def words_triggered(self, text: str) -> bool:
        """False when neither a contained phrase nor any family can match ``text``."""
        gate = self._words_gate
        return gate is None or gate.passes(text)

    def family_triggered(self, folded: str) -> bool:
        """False when no family can match ``folded``, read by the gate of the families whose
        grammars run as long as it (:meth:`FamilySet.reach`). A block over the phrase limit is
        judged by its family alone, and the families that read such a block are few (a consent
        notice, a disclosure): their words let through a fraction of the long blocks that the
        words of every family and contained phrase let through."""
        families = self.families
        if families is None:
            return False
        reach = families.reach(len(folded))
        if reach is None:
            return False  # longer than any family reads
        gates = self._family_gates
        if reach not in gates:
            marks = families.gate_marks(reach)
            gates[reach] = None if marks is None else TokenGate(
                marks.words, marks.stems, marks.needs, marks.anywhere)
        gate = gates[reach]
        return gate is None or gate.passes(folded)

    def family(self, folded: str) -> FamilyMatch | None:
        """The noise family whose grammar covers most of a short block (rules/families.py)."""
        return None if self.families is None else self.families.match(folded)

    def exact_class(self, folded: str) -> str | None:
        """``folded`` is fold()ed already: only the edge punctuation of fold_key is left to
        trim, and most blocks start and end with a letter or digit."""
        key = folded if folded[:1].isalnum() and folded[-1:].isalnum() else trim_edges(folded)
        return self.exact.get(key)

    def prefix_match(self, folded: str) -> tuple[str, int] | None:
        """(class, end of prefix) when the block starts with a label such as 'Read:'."""
        m = self.prefix.match(folded)
        if m is None:
            return None
        return self.prefix_class[m.group(1)], m.end()

    def call_to_action(self, folded: str) -> bool:
        """'Sign up for our weekly brief': an imperative opening that names a mailing."""
        return bool(self.cta_start.match(folded)) and bool(self.cta_noun.search(folded))

    def is_label(self, folded: str) -> bool:
        """'Read more from Jane Doe:' - a short label that introduces a list of links."""
        return len(folded) <= 60 and folded.endswith(":") and bool(self.label.match(folded))

    def pattern_class(self, folded: str) -> str | None:
        if self._any_pattern is not None:
            m = self._any_pattern.fullmatch(folded)
            return None if m is None else self.patterns[int((m.lastgroup or "p0")[1:])][1]
        for pattern, cls in self.patterns:
            if pattern.fullmatch(folded):
                return cls
        return None

    def contained(self, folded: str) -> list[tuple[str, int, int]]:
        return [(self.contains_class[m.group(0)], m.start(), m.end())
                for m in self.contains.finditer(folded)]




@dataclass(frozen=True)
class TokenRules:
    """class/id token matchers; ``match`` returns the noise class of an attribute value.

    The value's first token decides (left to right; a whole-token rule before a substring rule
    at the same place), unless a ``_content`` token (an embed) appears anywhere in it. So each
    kind of rule needs one ``search`` that stops at its first hit, not a scan for every match:
    whole-token rules in ``bounded`` (tried only where a word starts), substring rules in
    ``loose``, and the ``_content`` tokens of either kind in ``content``. They read the
    lower-cased value itself, a rule's ``-`` matching any run of separators: folding the value
    first (every run to one ``-``) cost as much as both searches, on every new class string.

    Results are memoised (class strings repeat across pages of a site); the cache is an
    ``lru_cache``, which is thread-safe, and it never changes what a value maps to. A new
    class string is decided by ``native`` where the build has it: the same rules as one
    automaton walked in C (rules/tokentable.py), which has decided its probes as the patterns
    do.
    """

    bounded: re.Pattern[str]
    loose: re.Pattern[str]
    content: re.Pattern[str]
    classes: Mapping[str, str]
    native: NativeTokens | None = None
    _memo: Callable[[str], str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One cache, of words: a class follows from its word by a dict lookup. The story guard
        # asks for the word of every named element on a page, and a second, smaller cache for
        # it was emptied by each page before the next asked again.
        object.__setattr__(self, "_memo", lru_cache(maxsize=65536)(self._word))

    def _word(self, value: str) -> str | None:
        if ":" in value:  # utility-class variants ("print:hidden", "md:flex") are conditions
            value = _VARIANT.sub("", value)
        low = value.lower()
        if self.native is not None:
            return self.native.word(low)
        first = self.bounded.search(low)
        other = self.loose.search(low)
        if other is not None and (first is None or other.start() < first.start()):
            first = other
        if first is None:
            return None
        if self.content.search(low):
            return None  # embedded content (a tweet, a video) is never noise by its name
        return _NON_ALNUM.sub("", first.group(0))

    def match(self, value: str) -> str | None:
        word = self.word(value)
        return None if word is None else self.classes.get(word)

    def word(self, value: str) -> str | None:
        """The token that decides ``match(value)``: a rule speaks through one word, and a page
        that names its own story with that word (see ``noise.StoryMass``) has taught it another
        meaning."""
        return self._memo(value)


@dataclass(frozen=True)
class RuleSet:
    phrases: PhraseRules
    tokens: TokenRules
    languages: tuple[str, ...]


def _phrase_rules(data: Mapping[str, Any], extra: tuple[tuple[str, str], ...],
                  languages: tuple[str, ...],
                  extra_families: tuple[tuple[str, str, str], ...] = ()) -> PhraseRules:
    exact: dict[str, str] = {}
    contains: dict[str, str] = {}
    prefix: dict[str, str] = {}
    cta_start: list[str] = []
    cta_noun: list[str] = []
    patterns: list[tuple[re.Pattern[str], str]] = []
    for cls, kinds in data.items():
        for kind, by_lang in kinds.items():
            for lang, phrases in by_lang.items():
                if languages and lang not in languages and lang != "any":
                    continue
                for phrase in phrases:
                    if kind == "exact":
                        exact.setdefault(fold_key(phrase), cls)
                    elif kind == "contains":
                        contains.setdefault(fold(phrase), cls)
                    elif kind == "prefix":
                        prefix.setdefault(fold(phrase), cls)
                    elif kind == "cta_start":
                        cta_start.append(fold(phrase))
                    elif kind == "cta_noun":
                        cta_noun.append(fold(phrase))
                    elif kind == "pattern":
                        patterns.append((re.compile(phrase), cls))
    for cls, phrase in extra:
        exact.setdefault(fold_key(phrase), cls)
        contains.setdefault(fold(phrase), cls)
    contains_re = re.compile(r"(?<!\w)" + trie_regex(contains) + r"(?!\w)")
    prefix_re = re.compile(r"^\W{0,3}(" + trie_regex(prefix) + ")" + _SEPARATORS)
    related = [p for p, c in prefix.items() if c == "related_links"]
    label_re = re.compile(r"^\W{0,3}(?:" + trie_regex(related) + r")(?!\w)")
    cta_start_re = re.compile(r"^\W{0,3}(?:" + trie_regex(cta_start) + r")(?!\w)")
    cta_noun_re = re.compile(r"(?<!\w)(?:" + trie_regex(cta_noun) + r")(?!\w)")
    return PhraseRules(MappingProxyType(exact), contains_re, MappingProxyType(contains),
                       prefix_re, MappingProxyType(prefix), label_re, cta_start_re, cta_noun_re,
                       tuple(patterns),
                       compile_families(_load("families.json"), extra_families, languages))



def _token_rules(data: Mapping[str, Any],
                 walk: Callable[[str, bytes], int] | None = None) -> TokenRules:
    """A rule's parts are joined by ``-``, which matches any run of separators in a value
    ("ad_slot", "ad slot" and "ad--slot" are the same), so both lists compile to plain tries.
    ``walk``: the automaton's walk to try (tests); by default the build's own, if any."""
    classes: dict[str, str] = {}
    bounded: list[str] = []
    loose: list[str] = []
    flags: dict[str, int] = {}  # each rule's kinds, for the automaton (rules/tokentable.py)
    for cls, kinds in data.items():
        for kind, tokens in kinds.items():
            for token in tokens:
                parts = [p for p in _NON_ALNUM.split(token.lower()) if p]
                if not parts:
                    continue
                classes.setdefault("".join(parts), cls)
                rule = "-".join(parts)
                (loose if kind == "substring" else bounded).append(rule)
                flags[rule] = flags.get(rule, 0) | (LOOSE if kind == "substring" else BOUNDED)
    content = {token for token, cls in classes.items() if cls == "_content"}
    patterns = TokenRules(
        bounded=_bounded_tokens(bounded),
        loose=re.compile(trie_regex(loose, _separator_escape)) if loose else _NEVER,
        content=re.compile("|".join(
            [_bounded_tokens([t for t in bounded if t.replace("-", "") in content]).pattern,
             trie_regex([t for t in loose if t.replace("-", "") in content],
                        _separator_escape)])),
        classes=MappingProxyType(classes))
    for rule in flags:
        if rule.replace("-", "") in content:
            flags[rule] |= CONTENT
    native = native_tokens(flags, walk or _token_walk(), patterns._word)
    if native is None:
        return patterns
    return TokenRules(bounded=patterns.bounded, loose=patterns.loose, content=patterns.content,
                      classes=patterns.classes, native=native)


def _token_walk() -> Callable[[str, bytes], int] | None:
    """The automaton's walk in C, where this build has it (never beside the sources)."""
    from .._native import compiled_reads

    walk: Callable[[str, bytes], int] | None = getattr(compiled_reads(), "tokens", None)
    return walk


def _bounded_tokens(tokens: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + trie_regex(tokens, _separator_escape)
                      + r")(?![a-z0-9])")


@dataclass(frozen=True)
class NameRules:
    """Class/id name hints (``names.json``): names that tilt a decision without naming a noise
    class. Each is a compiled pattern; ``words`` keeps the word lists of the rules written as
    words, for the hot paths that test them as plain substrings."""

    story: re.Pattern[str]
    not_story: re.Pattern[str]
    lead_blocker: re.Pattern[str]
    discussion: re.Pattern[str]
    hidden_classes: re.Pattern[str]
    responsive: re.Pattern[str]
    disclosure: re.Pattern[str]
    hidden_hint: re.Pattern[str]
    caption: re.Pattern[str]
    caption_box: re.Pattern[str]
    caption_figure: re.Pattern[str]
    site_chrome: re.Pattern[str]
    site_footer: re.Pattern[str]
    headline_box: re.Pattern[str]
    date_box: re.Pattern[str]
    date_noise: re.Pattern[str]
    date_published: re.Pattern[str]
    other_stories: re.Pattern[str]
    author_candidate: re.Pattern[str]
    author_name: re.Pattern[str]
    author: re.Pattern[str]
    byline_not_container: re.Pattern[str]
    byline_not_self: re.Pattern[str]
    byline_not_name: re.Pattern[str]
    comment_box: re.Pattern[str]
    entry_box: re.Pattern[str]
    copyright_box: re.Pattern[str]
    words: Mapping[str, tuple[str, ...]]
    quick: Mapping[str, tuple[str, ...]]


def _name_pattern(entry: Mapping[str, Any]) -> re.Pattern[str]:
    flags = re.IGNORECASE if entry.get("ignore_case") else 0
    if "words" in entry:
        return re.compile("|".join(re.escape(word) for word in entry["words"]), flags)
    return re.compile(entry["pattern"], flags)


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    """The name hints, compiled once per process (they have no per-configuration part)."""
    data = _load("names.json")
    return NameRules(
        **{key: _name_pattern(entry) for key, entry in data.items()},
        words=MappingProxyType({key: tuple(entry["words"]) for key, entry in data.items()
                                if "words" in entry}),
        quick=MappingProxyType({key: tuple(entry["quick"]) for key, entry in data.items()
                                if "quick" in entry}))


@dataclass(frozen=True)
class DateLabels:
    """Labels that open a shown date line (``dates.json``), each list one pattern matched at
    the start of a line: ``published`` names the story's date, ``other`` a date that is not,
    ``own_post`` opens a sentence in which the post names its own date; ``updated`` finds an
    update word anywhere in a line; ``edited`` opens a member's card that names an editor.
    ``weekdays`` are the days' names, lower-cased: a byline's word that is one names no one."""

    published: re.Pattern[str]
    other: re.Pattern[str]
    own_post: re.Pattern[str]
    updated: re.Pattern[str]
    edited: re.Pattern[str]
    weekdays: frozenset[str]


def _label_pattern(labels: Iterable[str], *, spaced: bool = False) -> re.Pattern[str]:
    # a label ends where no letter follows: "posted" is not "postedit", "公開日" not "公開日本";
    # ``spaced``: a space of the label is any run of white space (a sentence wrapped in the
    # source)
    escape = _spaced_escape if spaced else re.escape
    return re.compile(r"(?:" + trie_regex((label.lower() for label in labels), escape)
                      + r")(?![^\W\d_])", re.IGNORECASE)


def _spaced_escape(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


@lru_cache(maxsize=1)
def date_labels() -> DateLabels:
    """The date-line labels, compiled once per process."""
    data = _load("dates.json")
    return DateLabels(published=_label_pattern(data["published"]),
                      other=_label_pattern(data["other"]),
                      own_post=_label_pattern(data["own_post"], spaced=True),
                      updated=re.compile(trie_regex(w.lower() for w in data["updated"]),
                                         re.IGNORECASE),
                      edited=_label_pattern(data["edited"]),
                      weekdays=frozenset(w.lower() for w in data["weekdays"]))


@dataclass(frozen=True)
class TitleRules:
    """Page titles that name no page (``titles.json``): ``placeholders`` are whole titles,
    folded ("untitled document", "home"); ``greeting`` opens a title that greets the visitor
    ("welcome to"), matched on the folded title."""

    placeholders: frozenset[str]
    greeting: re.Pattern[str]


@lru_cache(maxsize=1)
def title_rules() -> TitleRules:
    """The title rules, compiled once per process."""
    data = _load("titles.json")
    return TitleRules(placeholders=frozenset(fold(t) for t in data["placeholder"]),
                      greeting=re.compile(trie_regex(fold(g) for g in data["greeting"])))


@lru_cache(maxsize=32)
def compile_rules(extra_phrases: tuple[tuple[str, str], ...] = (),
                  languages: tuple[str, ...] = ()) -> RuleSet:
    """``extra_phrases``: (class, phrase) pairs; a class written ``class/slot`` adds the
    phrase to that slot of the class's family instead (``("newsletter_signup/target",
    "rundbrief")``), so users extend a grammar, not only a list of sentences."""
    plain = tuple((cls, p) for cls, p in extra_phrases if "/" not in cls)
    slotted = tuple((cls.partition("/")[0], cls.partition("/")[2], p)
                    for cls, p in extra_phrases if "/" in cls)
    return RuleSet(
        phrases=_phrase_rules(_load("phrases.json"), plain, languages, slotted),
        tokens=_token_rules(_load("tokens.json")),
        languages=languages,
    )


__all__ = ["COPYRIGHT_OPENINGS", "DateLabels", "NameRules", "PhraseRules", "RuleSet", "TokenRules",
           "compile_rules", "date_labels", "name_rules", "trie_regex"]
