"""The apart-text gate of the phrase stage (``noise._apart_triggered``): when white space
already separates a block's text nodes, its apart text folds to the block's own text, which
the gate has stopped; the shortcut must answer as asking the gate of the apart text does."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from scrapy_cleanarticle import noise
from scrapy_cleanarticle._xpath import text_of
from scrapy_cleanarticle.config import DEFAULT_CONFIG
from scrapy_cleanarticle.page import Page
from scrapy_cleanarticle.tags import TEXT_BOXES
from scrapy_cleanarticle.textutil import fold

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
_PAGE = Page(config=DEFAULT_CONFIG, url="https://example.com/story/", raw="")


def _full(html: str) -> tuple[bool, bool]:
    """(shortcut answer, the gate asked of the folded apart text) for the first div."""
    el = lxml.html.fromstring(html)
    folded = fold(text_of(el))
    assert not _PAGE.rules.phrases.triggered(folded)  # the shortcut's precondition
    words = _PAGE.rules.phrases.words_triggered(noise._apart_text(el))
    return noise._apart_triggered(_PAGE, el), words


@pytest.mark.parametrize("html", [
    "<div><p>The council met</p>\n<p>on Tuesday evening</p></div>",
    "<div><p>Our newsletter</p><p>Subscribe</p></div>",  # words split by markup alone
    "<div><p>This site uses</p><p>cookies</p></div>",
    "<div><p>The mayor said</p><p>nothing</p></div>",
    "<div><p>Caf\u00e9 news</p> <p>\u201cquoted\u201d</p></div>",
    "<div><p>Privacy</p><p>Policy</p></div>",
])
def test_the_shortcut_answers_as_the_apart_gate(html: str) -> None:
    shortcut, words = _full(html)
    assert shortcut == words
    if "\n" in html:
        assert not shortcut  # the same words as the block's own text, which the gate stopped


@pytest.mark.pure_python  # replaces a compiled module's function or constant
def test_every_stopped_fixture_block_answers_as_the_apart_gate(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the golden pages' boxes that the gate stops on their own text: same answers, and
    both ways of answering are taken (the shortcut, and the gate asked of the apart text)."""
    phrases = _PAGE.rules.phrases
    asked: list[str] = []
    real = type(phrases).words_triggered

    def spy(self: object, text: str) -> bool:
        asked.append(text)
        return real(phrases, text)

    shortcuts = checked = 0
    for path in sorted(FIXTURES.glob("*.html")):
        root = lxml.html.fromstring(path.read_bytes())
        for el in root.iter(*TEXT_BOXES):
            folded = fold(text_of(el))
            if not folded or phrases.triggered(folded) or not any(
                    c.tag in noise._SPACED for c in el):
                continue
            expected = phrases.words_triggered(noise._apart_text(el))
            asked.clear()
            with monkeypatch.context() as patched:
                patched.setattr(type(phrases), "words_triggered", spy)
                assert noise._apart_triggered(_PAGE, el) == expected, text_of(el)[:80]
            shortcuts += not asked
            checked += 1
    assert shortcuts > 20 and checked - shortcuts > 5
