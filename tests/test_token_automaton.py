"""The class/id token rules walked as one automaton in C (``_tokens.c``) decide as the patterns do.

The compiled build decides a new class string with the automaton (``rules/tokentable.py``),
and the three regex searches of ``TokenRules`` stay the reference: the same word for every
value, on the shipped rules spelled every way and glued to every kind of edge, on random
values, and on small rule sets whose answers are written out (the leftmost rule wins, a
whole-token rule before a substring one at the same place, then the longest; an embed's
token vetoes). A table the walk cannot trust is refused with ValueError, and a walk that
disagrees is not used.
"""

from __future__ import annotations

import random
from array import array
from typing import Any

import pytest

from scrapy_cleanarticle._native import STATE
from scrapy_cleanarticle.rules import _NON_ALNUM, TokenRules, _load, _token_rules, compile_rules
from scrapy_cleanarticle.rules.tokentable import (
    BOUNDED,
    CONTENT,
    LOOSE,
    NativeTokens,
    automaton,
    native_tokens,
)

treewalk = pytest.importorskip("scrapy_cleanarticle._treewalk")

_SEPARATORS = ("-", "_", " ", "--", " _ ", "\u00a0", "·", "\u0307")
_GLUE = ("", "x", "2", "é", "-", "_", " ", "Ä")


def _rules(data: dict[str, Any]) -> tuple[TokenRules, TokenRules, list[str]]:
    """The patterns alone, the same rules decided by the walk in C, and the rules."""
    built = _token_rules(data, treewalk.tokens)
    assert built.native is not None
    patterns = TokenRules(built.bounded, built.loose, built.content, built.classes)
    return patterns, built, sorted({
        "-".join(p for p in _NON_ALNUM.split(token.lower()) if p)
        for kinds in data.values() for tokens in kinds.values() for token in tokens})


def _shipped() -> tuple[TokenRules, TokenRules, list[str]]:
    return _rules(_load("tokens.json"))


def test_the_walk_decides_every_spelling_of_every_shipped_rule_as_the_patterns_do() -> None:
    patterns, native, names = _shipped()
    checked = 0
    for index, name in enumerate(names):
        neighbour = names[index - 1]
        for separator in _SEPARATORS:
            spelled = name.replace("-", separator)
            for before in _GLUE:
                for after in _GLUE:
                    for value in (f"{before}{spelled}{after}",
                                  f"{before}{spelled}{after} {neighbour}",
                                  f"{neighbour}{before}{spelled}{after}",
                                  f"{before}{spelled.upper()}{after}"):
                        assert native.word(value) == patterns.word(value), value
                        checked += 1
    assert checked > 100_000


def test_the_walk_decides_random_values_as_the_patterns_do() -> None:
    patterns, native, names = _shipped()
    rnd = random.Random(20261207)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_ :éÉßİΣ\u0307\u00a0·\u212a\u3042"
    for _ in range(30_000):
        pieces = [rnd.choice(names).replace("-", rnd.choice(_SEPARATORS))
                  if rnd.random() < 0.4 else
                  "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(1, 12)))
                  for _ in range(rnd.randrange(1, 5))]
        value = rnd.choice(("", " ", "-", "é")).join(pieces)
        assert native.word(value) == patterns.word(value), value


@pytest.mark.parametrize(("value", "word"), [
    ("promo-ad", "promo"),  # the leftmost rule, a substring at 0 before a whole token at 6
    ("x-adslot", "adslot"),  # "ad" glued to "slot" is no whole token
    ("ad_slot", "adslot"),  # a rule's "-" is any run of separators, and the longest wins
    ("ad - _slot", "adslot"),
    ("adslotx", "adslot"),  # a substring rule: glued letters do not matter
    ("headline", None),  # "ad" is a whole-token rule: no token edge in "headline"
    ("éad", "ad"),  # a letter outside ASCII is no a-z or 0-9 edge
    ("ad2", None),
    ("sharebar", "share"),
    ("ad video-embed", None),  # an embed's token vetoes
    ("ad videoembed", "ad"),  # a whole-token embed needs its own edges and separators
])
def test_written_answers(value: str, word: str | None) -> None:
    data = {"ad_marker": {"token": ["ad", "ad slot"], "substring": ["adslot", "promo"]},
            "share_bar": {"substring": ["share"]},
            "_content": {"token": ["video embed"]}}
    patterns, native, _names = _rules(data)
    assert patterns.word(value) == word
    assert native.word(value) == word


def test_a_whole_token_rule_wins_over_a_substring_rule_at_the_same_place() -> None:
    data = {"ad_marker": {"token": ["ad"]}, "share_bar": {"substring": ["ads"]}}
    patterns, native, _names = _rules(data)
    assert patterns.word("ad-box") == native.word("ad-box") == "ad"
    assert patterns.word("ads-box") == native.word("ads-box") == "ads"
    data = {"ad_marker": {"token": ["ads"]}, "share_bar": {"substring": ["ad"]}}
    patterns, native, _names = _rules(data)
    assert patterns.word("ads") == native.word("ads") == "ads"  # the token, not the shorter
    assert patterns.word("adsx") == native.word("adsx") == "ad"


def test_the_longest_whole_token_that_ends_at_an_edge_wins() -> None:
    data = {"ad_marker": {"token": ["ad", "ad slot", "ad slot top"]}}
    patterns, native, _names = _rules(data)
    for value, word in (("ad-slot-top", "adslottop"), ("ad-slot-topx", "adslot"),
                        ("ad-slotx", "ad"), ("ad_slot top", "adslottop")):
        assert patterns.word(value) == native.word(value) == word


def test_the_shipped_rules_are_decided_by_the_walk_in_a_compiled_build() -> None:
    tokens = compile_rules().tokens
    if STATE.compiled:
        assert tokens.native is not None, "the token automaton disagreed with the patterns"
    else:
        assert tokens.native is None  # the sources: the patterns decide


def test_a_table_the_walk_cannot_trust_is_refused() -> None:
    built = automaton({"ad": BOUNDED, "ad-slot": BOUNDED})
    assert built is not None
    table = built.table
    assert built.words == ("ad", "adslot")
    assert treewalk.tokens("ad-slot", table) == 1
    assert treewalk.tokens("ad-slotx", table) == 0
    for broken in (table[:-4], table[:10], b"", table + b"\0\0\0\0", b"\xff" * len(table)):
        with pytest.raises(ValueError, match="token automaton"):
            treewalk.tokens("ad-slot x", broken)
    # a transition out of the table
    wrong = bytearray(table)
    wrong[12:16] = (10**6).to_bytes(4, "little")
    with pytest.raises(ValueError, match="token automaton"):
        treewalk.tokens("abcdefghijklmnopqrstuvwxyz0123456789-ad", bytes(wrong))


def test_a_rule_outside_the_alphabet_leaves_the_patterns_to_decide() -> None:
    assert automaton({"ad": BOUNDED, "pub-é": BOUNDED}) is None
    assert native_tokens({"pub-é": BOUNDED}, treewalk.tokens, lambda value: None) is None


def test_a_walk_that_disagrees_is_not_used() -> None:
    def wrong(low: str, table: bytes) -> int:
        return -1

    with pytest.warns(RuntimeWarning, match="token matcher disagrees"):
        assert native_tokens({"ad": BOUNDED}, wrong, lambda value: "ad") is None
    assert native_tokens({"ad": BOUNDED}, None, lambda value: None) is None


def test_native_tokens_word_maps_the_walk_to_the_words() -> None:
    built = automaton({"ad": BOUNDED, "share-bar": BOUNDED})
    assert built is not None
    native = NativeTokens(built.table, built.words, treewalk.tokens)
    assert native.word("the share_bar") == "sharebar"
    assert native.word("headline") is None


def test_a_changed_table_is_read_within_its_bounds_or_refused() -> None:
    """Any int32 of a table changed to any value: the walk answers a rule of the table, -1, or
    ValueError, and never reads outside it (which would crash this test's process)."""
    built = automaton({"ad": BOUNDED, "ad-slot": BOUNDED | CONTENT, "share": LOOSE})
    assert built is not None
    table = array("i", built.table)
    rnd = random.Random(7)
    for _ in range(3_000):
        changed = array("i", table)
        for _ in range(rnd.randrange(1, 4)):
            changed[rnd.randrange(len(changed))] = rnd.choice(
                (-1, 0, 1, 2, 40, len(changed), 2**31 - 1, -(2**31), rnd.randrange(-99, 99)))
        value = "".join(rnd.choice("ad-slot share é") for _ in range(rnd.randrange(0, 20)))
        try:
            found = treewalk.tokens(value, changed.tobytes())
        except ValueError:
            continue
        assert found == -1 or 0 <= found < changed[1]
