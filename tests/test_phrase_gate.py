"""The phrase rules' gate (rules/gate.py, ``PhraseRules.triggered``): it may stop a block only
when no rule but the patterns and the labelled-box rule could name it, so the classification
is what reading every block rule by rule gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import HtmlElement

from scrapy_cleanarticle import clean_article, noise
from scrapy_cleanarticle.page import Page
from scrapy_cleanarticle.rules import PhraseRules, compile_rules
from scrapy_cleanarticle.rules.gate import CONTAINED, TokenGate, chunk_words
from scrapy_cleanarticle.textutil import fold

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
_NEVER = re.compile(r"(?!x)x")

# One block per rule kind, each named by its rule (see test_noise*.py for the removals).
@pytest.mark.parametrize(("rule", "text"), [
    ("exact", "Advertisement"),
    ("prefix", "Read more: The council's budget"),
    ("label", "Related stories:"),
    ("copyright mark", "© 2024 The Daily Example. All rights reserved."),
    ("call to action", "Sign up for our weekly newsletter"),
    ("contained", "This site uses cookies to improve your experience."),
    ("family", "You've used all your free stories this month. Subscribe to keep reading."),
    ("family", "Get our morning newsletter delivered to your inbox every weekday."),
    ("family", "Folgen Sie uns auf Instagram und Facebook."),
    ("family", "Ta strona korzysta z plików cookie. Korzystając z niej, wyrażasz zgodę."),
    ("family", "Реклама. Продолжение статьи ниже"),
    ("family, CJK", "广告 - 继续阅读下文"),
    ("family", "Book a demo with our sales team"),
])
def test_every_named_block_passes_the_gate(rule: str, text: str) -> None:
    phrases = compile_rules().phrases
    assert phrases.triggered(fold(text)), rule


@pytest.mark.parametrize("text", [
    "The first section is expected to open next summer, officials said.",
    "Supporters said the new lanes would make the commute safer for residents.",
    "Tuesday, 4 March",
])
def test_story_lines_are_stopped(text: str) -> None:
    phrases = compile_rules().phrases
    assert not phrases.triggered(fold(text))
    assert phrases.family(fold(text)) is None


def test_a_requirement_passes_only_when_all_its_slots_are_there() -> None:
    gate = TokenGate({"cookies": frozenset({1}), "accept": frozenset({2}),
                      "imprint": frozenset({CONTAINED})},
                     {"consent": frozenset({2})}, [frozenset({1, 2}), frozenset({CONTAINED})],
                     re.compile("[\u4e00-\u9fff]"))
    assert not gate.passes("we bake cookies")  # one slot of two
    assert gate.passes("we bake cookies, accept them")
    assert gate.passes("cookies: consenting adults")  # a stem opens a token
    assert not gate.passes("cookies: nonconsenting")  # ... but not inside one
    assert gate.passes("see our imprint")  # a contained phrase's token is enough alone
    assert not gate.passes("imprinted")
    assert gate.passes("本站 ok")  # CJK words match without token edges
    for _ in range(2):  # learned chunks answer alike
        assert gate.passes("accept all cookies") and not gate.passes("accept all biscuits")


@pytest.mark.pure_python  # replaces a compiled module's function or constant
def test_the_gate_forgets_when_full_and_still_decides_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TokenGate, "_LEARNED_MAX", 3)
    gate = TokenGate({"cookies": frozenset({1}), "accept": frozenset({2})}, {},
                     [frozenset({1, 2})], _NEVER)
    for _ in range(3):
        assert gate.passes("please accept these fine cookies now")
        assert not gate.passes("please eat these fine cookies now")
        assert len(gate.quiet) + len(gate.marked) <= 3


@pytest.mark.pure_python  # replaces a compiled class's constant
def test_block_verdicts_start_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TokenGate, "_LEARNED_MAX", 50)
    gate = TokenGate({"cookies": frozenset({1}), "accept": frozenset({2})}, {},
                     [frozenset({1, 2})], _NEVER)
    gate.passes("accept these cookies")  # the chunks, learned
    gate.passes("eat these cookies")
    gate._meets.clear()
    gate._meets.update({frozenset({str(n)}): False for n in range(50)})  # other pages' blocks
    assert gate.passes("accept these cookies") and not gate.passes("eat these cookies")
    # learned anew, not dropped: the cache started over
    assert gate._meets == {frozenset({"accept", "cookies"}): True, frozenset({"cookies"}): False}


def test_an_ascii_anywhere_character_is_still_searched() -> None:
    """ASCII chunks skip the ``anywhere`` search only when no ASCII character is one."""
    gate = TokenGate({"accept": frozenset({2})}, {}, [frozenset({1, 2})], re.compile("[#]"))
    assert gate.passes("tag #news") and not gate.passes("tag news")
    cjk = TokenGate({"accept": frozenset({2})}, {}, [frozenset({1, 2})],
                    re.compile("[\u4e00-\u9fff]"))
    assert cjk.passes("本站") and not cjk.passes("tag news")


def test_extra_phrases_reach_the_gate() -> None:
    phrases = compile_rules((("boilerplate", "zorblax quux"),)).phrases
    assert phrases.triggered(fold("Our zorblax quux policy"))
    assert not compile_rules().phrases.triggered(fold("Our zorblax quux policy"))


@pytest.mark.pure_python  # replaces a compiled module's function or constant
def test_the_gate_classifies_as_the_full_rules_on_the_fixtures(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every short block of every golden page: the gated answer is the rule-by-rule one, and a
    long block the gate stops meets no family."""
    seen: list[tuple[str | None, str | None]] = []
    stopped: list[str] = []
    full = noise._classify
    gated = noise.classify_phrase
    words_triggered = PhraseRules.words_triggered
    family_triggered = PhraseRules.family_triggered
    long_stopped: list[str] = []

    def both(page: Page, el: HtmlElement, folded: str) -> str | None:
        answer = gated(page, el, folded)
        seen.append((answer, full(page, el, folded) if folded else None))
        return answer

    def spy(self: PhraseRules, text: str) -> bool:
        passed = words_triggered(self, text)
        if not passed:
            stopped.append(text)
        return passed

    def long_spy(self: PhraseRules, text: str) -> bool:
        passed = family_triggered(self, text)
        if not passed:
            long_stopped.append(text)
        return passed

    monkeypatch.setattr(noise, "classify_phrase", both)
    monkeypatch.setattr(PhraseRules, "words_triggered", spy)
    monkeypatch.setattr(PhraseRules, "family_triggered", long_spy)
    pages = sorted(FIXTURES.glob("*.html"))
    assert len(pages) >= 20
    for path in pages:
        clean_article(path.read_bytes())
    assert len(seen) > 200 and any(answer for answer, _ in seen)
    assert [answer for answer, _ in seen] == [expected for _, expected in seen]
    phrases = compile_rules().phrases
    assert long_stopped and all(phrases.family(text) is None for text in long_stopped)
    assert all(phrases.family(text) is None for text in stopped)


def test_a_long_block_is_read_by_the_families_that_reach_that_far() -> None:
    """Over the phrase limit only the families whose grammars run that long may match: their
    gate stops a long block that holds only a shorter family's words, and passes every
    block that one of them matches."""
    phrases = compile_rules().phrases
    families = phrases.families
    assert families is not None
    story = ("The council met on Tuesday to discuss the budget for the coming year, and "
             "members argued for an hour about the cost of the new bridge over the river, "
             "which opens in the spring. ")
    prompt = fold(story + "Subscribe now to keep reading our stories every day.")
    assert len(prompt) > 220 and phrases.words_triggered(prompt)
    assert families.reach(len(prompt)) is not None
    assert not phrases.family_triggered(prompt)  # a subscription prompt never runs this long
    consent = fold("This website uses cookies. We use cookies to personalise content and ads, "
                   "to provide social media features and to analyse our traffic. We also share "
                   "information about your use of our site with our social media, advertising "
                   "and analytics partners. Accept cookies.")
    assert len(consent) > 220 and families.match(consent) is not None
    assert phrases.family_triggered(consent)
    assert families.reach(100_000) is None and not phrases.family_triggered("cookies " * 20_000)


def test_a_contained_phrase_passes_only_with_its_telling_words() -> None:
    """A contained phrase needs its two most telling words together (it holds them all)."""
    phrases = compile_rules((("boilerplate", "frobnicated widgetry"),)).phrases
    assert phrases.words_triggered(fold("all frobnicated widgetry here"))
    assert not phrases.words_triggered(fold("all frobnicated gadgets here"))
    assert not phrases.words_triggered(fold("widgetry alone"))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09_.,;:()\"'-!?\u00e9\u00df\u0130\u6f22\u00b7"),
               max_size=12))
def test_a_chunk_has_the_words_the_pattern_finds(chunk: str) -> None:
    # a plain ASCII word is its own word without the regex; "_" is a word character
    assert chunk_words(chunk) == re.findall(r"\w+", chunk)
