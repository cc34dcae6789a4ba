"""The phrase rules' gate: which short blocks no contained phrase and no family can name.

Nearly every short block on a page is story text or a menu line, and the rules that read a
block's words (contained phrases, the family grammars) said so one rule at a time. Both only
ever fire on whole ``\\w+`` tokens: a contained phrase is matched between word boundaries, and
a family needs every slot of one requirement filled by a word, a stem or a phrase. So a block
whose tokens fill no requirement cannot be named by either, and its space-separated chunks
tell so: each chunk is learned once per process (which requirement slots its tokens may
fill), and most blocks are made only of chunks known to fill none, a set test in C.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_WORDS = re.compile(r"\w+")


def chunk_words(chunk: str) -> list[str]:
    """The ``\\w+`` words of one space-free chunk. Most chunks are one plain ASCII word, which
    is then their only word: no regex call for them."""
    return [chunk] if chunk.isascii() and chunk.isalnum() else _WORDS.findall(chunk)


ANYWHERE = -2  # a character whose words match anywhere, without token edges (CJK)
CONTAINED = -3  # the first mark of a contained phrase's tokens (each token has its own, below)


class TokenGate:
    """``passes(text)`` is False only when no requirement can be met by ``text``'s tokens.

    ``words`` maps a token to the marks it may contribute (requirement slots, or a contained
    phrase's token mark), ``stems`` a token's opening to its marks, and ``needs`` lists the sets
    of marks that together may name a block. A chunk holding a character of ``anywhere``
    passes whatever its tokens. Learned chunks are shared by every page of the process, like
    the family lexicon's own (``families._Gate``): sets and dicts that only grow, cleared when
    full, and that never change an answer."""

    _LEARNED_MAX = 60_000

    def __init__(self, words: Mapping[str, frozenset[int]], stems: Mapping[str, frozenset[int]],
                 needs: Iterable[frozenset[int]], anywhere: re.Pattern[str]) -> None:
        self.words = dict(words)
        self.stems = dict(stems)
        self.stem_lengths = tuple(sorted({len(stem) for stem in stems}))
        # the shortest stem's length, and every stem's opening of that length: most tokens
        # open with none, and are ruled out by one lookup (as the lexicon's ``stem_heads``)
        self._head = self.stem_lengths[0] if stems else 0
        self._heads = frozenset(stem[:self._head] for stem in stems)
        self.needs = (frozenset({ANYWHERE}), *{need for need in needs if need})
        # the needs each mark takes part in: a block's marks are checked against those only
        self._needs_of: dict[int, list[frozenset[int]]] = {}
        for need in self.needs:
            for mark in need:
                self._needs_of.setdefault(mark, []).append(need)
        self.anywhere = anywhere
        # no ASCII character is an ``anywhere`` one (CJK): an ASCII chunk needs no search
        self._ascii_plain = not any(anywhere.search(chr(c)) for c in range(128))
        self.quiet: set[str] = set()  # chunks that contribute no mark
        self.marked: dict[str, frozenset[int]] = {}  # the others
        self._meets: dict[frozenset[str], bool] = {}  # by the marked chunks of a block

    def passes(self, text: str) -> bool:
        quiet = self.quiet  # a \w+ token never spans white space: chunks are enough
        unknown = [chunk for chunk in text.split() if chunk not in quiet]
        if not unknown:
            return False
        loud = frozenset(unknown)  # the few chunks left, not a set of the whole block first
        met = self._meets.get(loud)  # the same few marked chunks come back block after block
        if met is None:
            found: set[int] = set()
            marked = self.marked
            for chunk in loud:
                marks = marked.get(chunk)
                found.update(self._learn(chunk) if marks is None else marks)
            needs_of = self._needs_of
            met = any(need <= found for mark in found for need in needs_of.get(mark, ()))
            if all(chunk in marked for chunk in loud):  # only sets of chunks that stay learned
                if len(self._meets) >= self._LEARNED_MAX:
                    self._meets.clear()  # start over, as the chunks do
                self._meets[loud] = met
        return met

    def _learn(self, chunk: str) -> frozenset[int]:
        plain = self._ascii_plain and chunk.isascii()
        if not plain and self.anywhere.search(chunk) is not None:
            marks = frozenset({ANYWHERE})
        else:
            found: set[int] = set()
            stems, words, head, heads = self.stems, self.words, self._head, self._heads
            for token in chunk_words(chunk):
                found.update(words.get(token, ()))
                if token[:head] not in heads:
                    continue
                for n in self.stem_lengths:
                    if n > len(token):
                        break
                    found.update(stems.get(token[:n], ()))
            marks = frozenset(found)
        if len(self.quiet) + len(self.marked) >= self._LEARNED_MAX:
            self.quiet.clear()  # start over, as families._Gate does
            self.marked.clear()
        if marks:
            self.marked[chunk] = marks
        else:
            self.quiet.add(chunk)
        return marks


def best_token(tokens: Iterable[str], common: frozenset[str] = frozenset()) -> str | None:
    """The token of a phrase that says most about it: not a ``common`` word if it can help,
    then the longest. Any token would do for the gate (the phrase holds them all); a rare one
    lets fewer blocks through."""
    return max(tokens, key=lambda tok: (tok not in common, len(tok)), default=None)


def telling_tokens(tokens: Iterable[str], common: frozenset[str]) -> list[str]:
    """The two tokens of a phrase that say most about it (see :func:`best_token`), the second
    only if it is not ``common``: the gate lets a block through when it holds both, and a
    common word would make most chunks marked ones."""
    ranked = sorted(set(tokens), key=lambda tok: (tok not in common, len(tok), tok), reverse=True)
    return ranked[:2] if len(ranked) > 1 and ranked[1] not in common else ranked[:1]


__all__ = ["ANYWHERE", "CONTAINED", "TokenGate", "best_token", "chunk_words", "telling_tokens"]
