"""The class/id token rules as one Aho-Corasick automaton, for the walk in C (``_tokens.c``).

:class:`~scrapy_cleanarticle.rules.TokenRules` decides a class value with three regex
searches. They cost most on the first page of each site, where every class string is new:
about 29,000 instructions a string, 4.5M a page on 2025 pages (a twentieth of the page's
cost), because the regex engine tries a trie's first branch alternative by alternative at
every position of the value. The automaton reads each character once.

The patterns stay the reference. The automaton is built from the same rules, used only by a
compiled build that has the walk, and only after it has decided every probe of
:func:`probe_values` as the patterns do (otherwise a warning says so and the patterns decide).
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from .._native import disagree

# The automaton's alphabet, as _tokens.c reads a value: a-z, 0-9, a run of separators ("-"),
# and, last, any other character (a letter outside ASCII), which no rule holds.
SYMBOLS = "abcdefghijklmnopqrstuvwxyz0123456789-"
_WIDTH = len(SYMBOLS) + 1
# A rule's flags (a rule string may be both a whole token and a substring rule)
BOUNDED = 1  # a whole-token rule
LOOSE = 2  # a substring rule
CONTENT = 4  # an embed's token: a value that holds it names no noise


class Automaton(NamedTuple):
    """The table ``_tokens.c`` walks (int32s; the layout is in ``_tokens.c``), and the word of
    each rule, by its index in the table."""

    table: bytes
    words: tuple[str, ...]


def automaton(rules: Mapping[str, int]) -> Automaton | None:
    """The automaton of ``rules``.

    ``rules``: each rule as the patterns write it (its parts joined by ``-``) and its flags.
    None when a rule holds a character outside :data:`SYMBOLS`, or the platform's C ``int``
    is not 32 bits: the patterns then decide alone."""
    names = sorted(rules)
    if any(not name or any(ch not in SYMBOLS for ch in name) for name in names):
        return None
    goto: list[dict[int, int]] = [{}]
    ends: list[list[int]] = [[]]
    for index, name in enumerate(names):
        state = 0
        for ch in name:
            symbol = SYMBOLS.index(ch)
            target = goto[state].get(symbol)
            if target is None:
                target = len(goto)
                goto[state][symbol] = target
                goto.append({})
                ends.append([])
            state = target
        ends[state].append(index)
    states = len(goto)
    delta = array("i", bytes(4 * states * _WIDTH))  # C ints: no Python int per transition
    if delta.itemsize != 4:  # pragma: no cover - every platform CPython builds on today
        return None
    fail = [0] * states
    outputs: list[list[int]] = [[] for _ in range(states)]
    queue: deque[int] = deque()
    for symbol, target in goto[0].items():
        delta[symbol] = target
        queue.append(target)
    while queue:  # breadth first: a state's failure state is done before it
        state = queue.popleft()
        outputs[state] = ends[state] + outputs[fail[state]]
        row, back = state * _WIDTH, fail[state] * _WIDTH
        delta[row:row + _WIDTH] = delta[back:back + _WIDTH]  # where no rule goes on: as the fail
        for symbol, target in goto[state].items():
            fail[target] = delta[back + symbol]
            delta[row + symbol] = target
            queue.append(target)
    first = [0]
    for found in outputs:
        first.append(first[-1] + len(found))
    table = array("i", [states, len(names), first[-1]])
    table.extend(delta)
    table.extend(first)
    table.extend([rule for found in outputs for rule in found])
    table.extend(len(name) for name in names)
    table.extend(rules[name] for name in names)
    return Automaton(table.tobytes(), tuple(name.replace("-", "") for name in names))


@dataclass(frozen=True)
class NativeTokens:
    """The automaton and its walk: ``word(low)`` is ``TokenRules``'s word of a lower-cased
    value without variant prefixes."""

    table: bytes
    words: tuple[str, ...]
    scan: Callable[[str, bytes], int]

    def word(self, low: str) -> str | None:
        found = self.scan(low, self.table)
        return None if found < 0 else self.words[found]


# Values whose answer turns on how a character is read: glued to a rule's edge, a letter
# outside ASCII, a combining mark (a separator to the patterns), a separator run of mixed kinds
_EDGES = ("", "-", "_", " ", "é", "a\u0307b", "\u212a", "Σ", "xad", "adx", "éad", "ad2", "ad é",
          "ad--slot", "ad _-slot", "x-ad_slot", "-ad-", "share-bar-ad")


def probe_values(rules: Iterable[str]) -> list[str]:
    """Values on which the walk must decide as the patterns do before it is used: each rule
    with its separators spelled as ``_``, alone and glued to a letter, and :data:`_EDGES`. A
    check that the build reads as the patterns do, kept small (it runs once per process):
    tests/test_token_automaton.py compares the two on every rule's spellings and edges."""
    values = list(_EDGES)
    for name in sorted(rules):
        spelled = name.replace("-", "_")
        values += [spelled, f"x{spelled}"]
    return values


def native_tokens(rules: Mapping[str, int], scan: Callable[[str, bytes], int] | None,
                  reference: Callable[[str], str | None]) -> NativeTokens | None:
    """The automaton walked by ``scan`` (``_treewalk.tokens``; None where the build has no
    walk), if it decides every probe as ``reference`` (the patterns) does."""
    if scan is None:
        return None
    built = automaton(rules)
    if built is None:
        return None
    native = NativeTokens(built.table, built.words, scan)
    try:
        agrees = all(native.word(value.lower()) == reference(value)
                     for value in probe_values(rules))
    except ValueError:  # the walk refused the table: it reads no other
        agrees = False
    if not agrees:
        disagree("token matcher", "the token patterns", "matching with the patterns")
        return None
    return native


__all__ = ["BOUNDED", "CONTENT", "LOOSE", "SYMBOLS", "Automaton", "NativeTokens", "automaton",
           "native_tokens", "probe_values"]
