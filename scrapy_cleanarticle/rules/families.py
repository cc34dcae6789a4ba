"""Noise families: each in-body noise kind described by its grammar (``families.json``).

A family is a set of word classes (slots) and the slots that must occur together. All families'
words live in one lexicon keyed by token n-grams and stem prefixes, so a block is tokenised once
and every token costs a few dict lookups, whatever the number of words and languages: a regex
per slot cost as much as the rest of the cleaner, and seconds to compile in each worker process.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

from ..errors import ConfigError
from ..textutil import fold
from .gate import best_token, chunk_words

_WORDS = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_DIGITS = re.compile(r"\d+")
# Scripts written without spaces between words (Han, kana, Hangul with its attached particles):
# their words match anywhere in the text, by one small regex per slot.
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_EDGE = re.compile(f"(?<=[{_CJK}])(?=[^\\W{_CJK}])|(?<=[^\\W{_CJK}])(?=[{_CJK}])")
FILLER = 0  # the slot id of the shared filler words


class FamilyMatch(NamedTuple):
    """A block that meets a family's grammar: its class, and how much of it the family covers."""

    cls: str
    coverage: float
    strong: bool  # covered enough to be noise by its words alone
    markup_cue: bool = False  # only the markup may confirm it, not its place between paragraphs


class Hit(NamedTuple):
    slot: int
    start: int
    end: int


@dataclass(frozen=True)
class Family:
    """One noise kind: which slots (ids) must co-occur, and how much of a block they must cover."""

    cls: str
    max_chars: int
    min_words: int  # below it the words are never enough alone: "Member login" may be a heading
    coverage: float
    weak_coverage: float
    require: tuple[frozenset[int], ...]
    slots: frozenset[int]
    # A call to action ("Book a demo") is as short as a story's own sentence ("Try it now."):
    # its words never settle it, and only a button, link or noise name may confirm it.
    markup_cue: bool = False


class Phrase(NamedTuple):
    rest: tuple[str, ...]  # the tokens after the first
    slots: tuple[int, ...]


class PhraseHit(NamedTuple):
    first: int  # token indexes
    last: int
    slots: tuple[int, ...]


@dataclass(frozen=True)
class Lexicon:
    """Single words, phrases (by their first token) and stem prefixes, to the slot ids they fill."""

    words: Mapping[str, tuple[int, ...]]
    phrases: Mapping[str, tuple[Phrase, ...]]
    phrase_starts: frozenset[str]
    stems: Mapping[str, tuple[int, ...]]
    stem_heads: frozenset[str]  # the first three characters of every stem (stems are 3+ long)
    stem_lengths: tuple[int, ...]
    cjk: tuple[tuple[int, re.Pattern[str]], ...]

    def slots_of(self, tok: str) -> tuple[int, ...]:
        """The slots a token fills as a word or by a stem. Not memoised: only the family gate
        asks, once per chunk it learns (it remembers the chunks instead)."""
        slots = self.words.get(tok, ())
        if tok[:3] in self.stem_heads:
            for stem in self._stems_of(tok):
                slots += self.stems[stem]
        return slots

    def _stems_of(self, word: str) -> list[str]:
        """Every stem ``word`` starts with ("subscribe*" and "subscri*" fill different slots)."""
        return [word[:n] for n in self.stem_lengths if n <= len(word) and word[:n] in self.stems]

    def phrases_in(self, tokens: list[str]) -> list[PhraseHit]:
        starts = self.phrase_starts
        if starts.isdisjoint(tokens):
            return []
        found = []
        for i in [i for i, tok in enumerate(tokens) if tok in starts]:
            for phrase in self.phrases[tokens[i]]:
                last = i + len(phrase.rest)
                if tuple(tokens[i + 1:last + 1]) == phrase.rest:
                    found.append(PhraseHit(i, last, phrase.slots))
        return found

    def scan(self, text: str) -> list[Hit]:
        """Every slot word in ``text``, with where it is."""
        matches = list(_WORDS.finditer(text))
        words = self.words
        hits = [Hit(slot, m.start(), m.end()) for m in matches for slot in words.get(m.group(), ())]
        for hit in self.phrases_in([m.group() for m in matches]):
            start, end = matches[hit.first].start(), matches[hit.last].end()
            hits += [Hit(slot, start, end) for slot in hit.slots]
        for m in matches:
            if m.group()[:3] in self.stem_heads:
                for stem in self._stems_of(m.group()):
                    hits += [Hit(slot, m.start(), m.end()) for slot in self.stems[stem]]
        if self.cjk and _CJK_CHAR.search(text) is not None:
            for slot, pattern in self.cjk:
                hits += [Hit(slot, *m.span()) for m in pattern.finditer(text)]
        return hits


@dataclass(frozen=True)
class FamilySet:
    families: tuple[Family, ...]
    lexicon: Lexicon
    _need_words: bool = field(init=False, repr=False, compare=False)
    _gate: _Gate = field(init=False, repr=False, compare=False)
    _memo: Callable[[str], FamilyMatch | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # memoised per instance, like TokenRules.match: a site's pages repeat their prompts
        object.__setattr__(self, "_memo", lru_cache(maxsize=8192)(self._match))
        object.__setattr__(self, "_need_words",
                           all(need for f in self.families for need in f.require))
        object.__setattr__(self, "_gate", _Gate(self.lexicon, self.families))

    def match(self, folded: str) -> FamilyMatch | None:
        return self._memo(folded)

    def _match(self, folded: str) -> FamilyMatch | None:
        """The family whose grammar covers most of a short block, if any meets its grammar."""
        if " " not in folded and len(folded) < 12:
            return None  # one word fills one slot at most, and every grammar needs two
        cjk = not folded.isascii() and _CJK_CHAR.search(folded) is not None
        if cjk:
            folded = _CJK_EDGE.sub(" ", folded)  # "使用cookie": the Latin word gets its edges
        found = self._gate.required_slots(folded, cjk)
        if not found and self._need_words:
            return None  # every requirement names a slot: no word, no family
        candidates = [f for f in self._gate.meeting(found) if len(folded) <= f.max_chars]
        if not candidates:
            return None
        hits = self.lexicon.scan(folded)
        best: FamilyMatch | None = None
        for family in candidates:
            if not any(_distinct(need, hits) for need in family.require):
                continue  # one word in two slots ("entre": a preposition and "log in")
            spans = [(h.start, h.end) for h in hits if h.slot in family.slots or h.slot == FILLER]
            spans += [m.span() for m in _DIGITS.finditer(folded)]
            coverage = _word_coverage(folded, spans)
            if coverage < family.weak_coverage or (best and best.coverage >= coverage):
                continue
            strong = coverage >= family.coverage and (
                len(_WORDS.findall(folded)) >= family.min_words
                or _CJK_CHAR.search(folded) is not None)
            best = FamilyMatch(family.cls, coverage, strong, family.markup_cue)
        return best

    @property
    def max_chars(self) -> int:
        return max((f.max_chars for f in self.families), default=0)

    def reach(self, chars: int) -> int | None:
        """The smallest ``max_chars`` of a family that reads a text of ``chars`` characters:
        the families that may match it are those with at least this reach. None when no
        family reads a text that long."""
        return min((f.max_chars for f in self.families if f.max_chars >= chars), default=None)

    def gate_marks(self, reach: int = 0) -> GateMarks | None:
        """What a text some family matches must hold (for ``gate.TokenGate``): the required
        slots each word, stem and phrase fills, a phrase's by one of its tokens (a phrase
        holds them all), and the requirements. None when some requirement names no slot
        (then a family may match a text without any word). CJK words are left to the gate's
        ``anywhere`` characters: they match without token edges. ``reach``: only the families
        whose ``max_chars`` is at least this (the only ones that read a text that long)."""
        if not self._need_words:
            return None
        needs = tuple({need for f in self.families if f.max_chars >= reach
                       for need in f.require})
        required = frozenset().union(*needs)
        lex = self.lexicon
        common = frozenset(w for w, slots in lex.words.items() if FILLER in slots)
        words: dict[str, frozenset[int]] = {}
        for word, slots in lex.words.items():
            if required.intersection(slots):
                words[word] = required.intersection(slots)
        for first, phrases in lex.phrases.items():
            for phrase in phrases:
                token = best_token((first, *phrase.rest), common)
                if token is not None and required.intersection(phrase.slots):
                    words[token] = words.get(token, frozenset()) | required.intersection(
                        phrase.slots)
        stems = {stem: required.intersection(slots) for stem, slots in lex.stems.items()
                 if required.intersection(slots)}
        return GateMarks(words, stems, needs, _CJK_CHAR, common)


class GateMarks(NamedTuple):
    """See :meth:`FamilySet.gate_marks`."""

    words: Mapping[str, frozenset[int]]
    stems: Mapping[str, frozenset[int]]
    needs: tuple[frozenset[int], ...]
    anywhere: re.Pattern[str]
    common: frozenset[str]  # the filler words: in most blocks, and telling of none


class _Chunk(NamedTuple):
    """What one space-separated chunk of a block ("cookies," or "e-mail") may contribute."""

    slots: frozenset[int]  # the required slots its words fill
    starts: frozenset[int]  # the required slots the phrases its words open may fill


class _Gate:
    """The slots that some requirement names, and which of them a block fills: all that decides
    whether any family is a candidate, which most blocks are not.

    A block is read by its space-separated chunks, each learned once per process: most fill no
    required slot (filler, coverage-only and story words), so a block costs a split and one set
    difference instead of a tokenisation and a lexicon lookup per word. The ``\\w+`` words of a
    text are those of its chunks, since a word never spans a space."""

    _LEARNED_MAX = 60_000  # chunks remembered (about 10 MB; the lexicon keeps no token cache)

    def __init__(self, lexicon: Lexicon, families: tuple[Family, ...]) -> None:
        self.lexicon = lexicon
        self.families = families
        self.needs = tuple({need for f in families for need in f.require})
        self.required = required = frozenset().union(*self.needs)
        self.blank: set[str] = set()  # chunks that contribute nothing
        self.chunks: dict[str, _Chunk] = {}  # the others
        self.phrase_starts: dict[str, frozenset[int]] = {}
        for first, phrases in lexicon.phrases.items():
            slots = required.intersection([slot for p in phrases for slot in p.slots])
            if slots:
                self.phrase_starts[first] = slots
        self.cjk = tuple((slot, pattern) for slot, pattern in lexicon.cjk if slot in required)
        # slot sets repeat from block to block: which needs they meet is worked out once
        self._meeting: dict[frozenset[int], tuple[Family, ...]] = {}
        self._meets_any: dict[frozenset[int], bool] = {}

    def required_slots(self, text: str, cjk: bool) -> set[int]:
        """The required slots that ``text`` fills by a word, stem, phrase or (``cjk``: it has
        CJK characters) CJK word. Phrases are matched last, and only when the slots their first
        words may fill could complete a requirement: "the" and "de" open phrases, and open
        most blocks too."""
        found: set[int] = set()
        could: set[int] = set()
        for chunk in set(text.split()) - self.blank:  # few: the rule words, and new chunks
            known = self.chunks.get(chunk) or self._learn(chunk)
            found.update(known.slots)
            could.update(known.starts)
        if cjk and self.cjk:
            found.update(slot for slot, pattern in self.cjk if pattern.search(text))
        if could and self._could_meet(frozenset(could | found)):
            for hit in self.lexicon.phrases_in(_WORDS.findall(text)):
                found.update(hit.slots)
            found &= self.required
        return found

    def meeting(self, found: set[int]) -> tuple[Family, ...]:
        """The families (in order) one of whose requirements ``found`` meets."""
        key = frozenset(found)
        met = self._meeting.get(key)
        if met is None:
            met = tuple(f for f in self.families if any(need <= key for need in f.require))
            if len(self._meeting) < self._LEARNED_MAX:
                self._meeting[key] = met
        return met

    def _could_meet(self, could: frozenset[int]) -> bool:
        met = self._meets_any.get(could)
        if met is None:
            met = any(need <= could for need in self.needs)
            if len(self._meets_any) < self._LEARNED_MAX:
                self._meets_any[could] = met
        return met

    def _learn(self, chunk: str) -> _Chunk:
        words = chunk_words(chunk)
        known = _Chunk(
            self.required.intersection([s for word in words for s in self.lexicon.slots_of(word)]),
            frozenset().union(*[self.phrase_starts.get(word, ()) for word in words]))
        if len(self.blank) + len(self.chunks) >= self._LEARNED_MAX:
            # start over rather than stop learning: the common chunks come back at once, and
            # a chunk learned anew costs more than the per-word lookup it replaces
            self.blank.clear()
            self.chunks.clear()
        if known.slots or known.starts:
            self.chunks[chunk] = known
        else:
            self.blank.add(chunk)
        return known


def _distinct(need: frozenset[int], hits: list[Hit]) -> bool:
    """Whether different words fill the required slots."""
    starts = [{h.start for h in hits if h.slot == slot} for slot in need]
    return all(starts) and len(set().union(*starts)) >= len(need)


def _word_coverage(text: str, spans: list[tuple[int, int]]) -> float:
    """Share of the block's letters and digits that lie inside ``spans``: punctuation and
    spaces do not count, so "Advertisement · Scroll to continue" is fully covered."""
    total = len(_WORD_CHAR.findall(text))
    if not total:
        return 0.0
    covered = 0
    last = 0
    for start, end in sorted(spans):
        start = max(start, last)
        if end > start:
            covered += len(_WORD_CHAR.findall(text, start, end))
            last = end
    return covered / total


class _LexiconBuilder:
    def __init__(self) -> None:
        self.words: dict[str, set[int]] = {}
        self.stems: dict[str, set[int]] = {}
        self.cjk: dict[int, list[str]] = {}

    def add(self, slot: int, entries: Iterable[str]) -> None:
        for entry in entries:
            stem = entry.endswith("*")
            folded = fold(entry.rstrip("*"))
            if not folded:
                continue
            if _CJK_CHAR.match(folded[0]):
                self.cjk.setdefault(slot, []).append(folded)
                continue
            tokens = _WORDS.findall(folded)
            if stem and len(tokens) == 1 and len(tokens[0]) >= 3:  # "e-mail*": taken whole
                self.stems.setdefault(tokens[0], set()).add(slot)
            elif tokens:
                self.words.setdefault(" ".join(tokens), set()).add(slot)

    def build(self) -> Lexicon:
        phrases: dict[str, list[Phrase]] = {}
        for key, slots in self.words.items():
            first, *rest = key.split(" ")
            if rest:
                phrases.setdefault(first, []).append(Phrase(tuple(rest), tuple(sorted(slots))))
        return Lexicon(
            words=MappingProxyType({k: tuple(sorted(v)) for k, v in self.words.items()
                                    if " " not in k}),
            phrases=MappingProxyType({k: tuple(v) for k, v in phrases.items()}),
            phrase_starts=frozenset(phrases),
            stems=MappingProxyType({k: tuple(sorted(v)) for k, v in self.stems.items()}),
            stem_heads=frozenset(stem[:3] for stem in self.stems),
            stem_lengths=tuple(sorted({len(k) for k in self.stems})),
            cjk=tuple((slot, re.compile("|".join(map(re.escape, sorted(words, key=len)[::-1]))))
                      for slot, words in sorted(self.cjk.items())))


def compile_families(data: Mapping[str, Any], extra: tuple[tuple[str, str, str], ...],
                     languages: tuple[str, ...]) -> FamilySet:
    """Every language the config reads goes into one lexicon (a block's language is not known
    when it is judged). ``extra``: (class, slot, word) triples from the config."""
    def words(by_lang: Mapping[str, list[str]]) -> list[str]:
        return [w for lang, ws in by_lang.items()
                if not languages or lang in languages or lang == "any" for w in ws]

    added: dict[tuple[str, str], list[str]] = {}
    for cls, slot, word in extra:
        known = {name for fam, spec in data["families"].items()
                 if spec.get("class", fam) == cls for name in spec["slots"]}
        if slot not in known:
            raise ConfigError(f"extra_phrases: no slot {slot!r} in the {cls!r} family; "
                              f"known: {sorted(known)}")
        added.setdefault((cls, slot), []).append(word)
    builder = _LexiconBuilder()
    builder.add(FILLER, words(data["filler"]))
    families = []
    slot_ids = itertools.count(FILLER + 1)
    for name, spec in data["families"].items():
        cls = spec.get("class", name)  # several grammars may name one noise class
        ids: dict[str, int] = {}
        for slot, by_lang in spec["slots"].items():
            ids[slot] = next(slot_ids)
            builder.add(ids[slot], words(by_lang) + added.get((cls, slot), []))
        families.append(Family(
            cls=cls, max_chars=int(spec["max_chars"]), min_words=int(spec["min_words"]),
            coverage=float(spec["coverage"]), weak_coverage=float(spec["weak_coverage"]),
            require=tuple(frozenset(ids[s] for s in need) for need in spec["require"]),
            slots=frozenset(ids.values()), markup_cue=spec.get("cue") == "markup"))
    return FamilySet(tuple(families), builder.build())


__all__ = ["FamilyMatch", "FamilySet", "GateMarks", "compile_families"]
