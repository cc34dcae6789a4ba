"""The text and byte scans in C (``_textscan.c``) answer as their Python references do.

``squash`` (and ``fold`` on ASCII text, which is a squash in lower case) must give the very
string Python gives: the same characters and the same width of str, since a squash whose only
wide character was a space narrows to ASCII. ``normalized_length`` counts as XPath's
``normalize-space``. ``control_marks`` finds a control byte and a reference to a control as
parse's patterns do, wherever they fall in an eight-byte word. Functions that disagree with
Python on the probes are not used, with a warning.
"""

from __future__ import annotations

import random
import sys
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrapy_cleanarticle import parse, textutil
from scrapy_cleanarticle._native import STATE
from scrapy_cleanarticle.config import DEFAULT_CONFIG

treewalk = pytest.importorskip("scrapy_cleanarticle._treewalk")

# every kind of white space str.split() knows, XPath's four, letters of each width
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u3000"
_LETTERS = "aZq9._-\u00e9\u00c9\u0130\u00df\u6f22\U0001f600\x00\x7f\u200b"
_TEXTS = st.text(alphabet=st.sampled_from(_SPACES + _LETTERS), max_size=40) | st.text(max_size=40)


def _same(got: str, want: str) -> None:
    assert got == want
    assert got.isascii() == want.isascii()  # the same width: a wide str never equals a narrow one
    assert sys.getsizeof(got) == sys.getsizeof(want)


@settings(max_examples=2000, deadline=None)
@given(_TEXTS)
def test_squash_and_count_answer_as_python(text: str) -> None:
    _same(treewalk.squash(text), textutil.squash_python(text))
    _same(treewalk.squash(text, False), " ".join(text.split()))
    assert treewalk.normalized_length(text) == textutil.normalized_length_python(text)
    if text.isascii():
        _same(treewalk.squash(text, True), " ".join(text.split()).casefold())
    _same(textutil.fold(text), textutil.fold_python(text))


def test_squash_returns_a_squashed_text_itself_and_narrows_what_it_writes() -> None:
    clean = "Already squashed, \u00e9t\u00e9 \U0001f600"
    assert treewalk.squash(clean) is clean
    assert treewalk.squash("lower case", True) == "lower case"
    # the only wide character was a space: the result is ASCII, as Python's join makes it
    _same(treewalk.squash("\u3000Mixed\u3000Case\u2028", True), "mixed case")
    _same(treewalk.squash("a\u00a0\u00a0b"), "a b")
    # only A-Z are lowered: the caller folds wider texts in Python
    assert treewalk.squash("\u00c9A", True) == "\u00c9a"
    assert treewalk.squash("", True) == "" and treewalk.squash(" \n ") == ""
    assert treewalk.normalized_length(" a \u00a0 b\t\n") == 5  # NBSP is text to XPath


def test_refuses_what_is_not_str_or_bytes() -> None:
    with pytest.raises(TypeError):
        treewalk.squash(b"bytes")
    with pytest.raises(TypeError):
        treewalk.normalized_length(b"bytes")
    with pytest.raises(TypeError):
        treewalk.control_marks("text")


_BYTES = st.lists(st.sampled_from([b"&", b"#", b"x", b"X", b"0", b"1", b"2", b"3", b"9", b"B",
                                   b"f", b";", b"a", b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x1f",
                                   b"\x00", b"\x7f", b"\x80", b"\xe2\x80\x99"]),
                  max_size=30).map(b"".join)


@settings(max_examples=3000, deadline=None)
@given(_BYTES)
def test_control_marks_answer_as_python(raw: bytes) -> None:
    assert treewalk.control_marks(raw) == parse.control_marks_python(raw)


def test_control_marks_find_each_control_at_each_place() -> None:
    for byte in [*range(0x20), 0x7F, 0x80, 0xFF]:
        for at in range(17):
            raw = b"a" * at + bytes([byte]) + b"b" * 20
            assert treewalk.control_marks(raw) == parse.control_marks_python(raw), (byte, at)
    rng = random.Random(7)
    for _ in range(2000):  # page-like bytes: text, markup, references, now and then a control
        raw = b"".join(rng.choice([b"<p>", b"word ", b"\n", b"\t", b"&#8217;", b"&#x27;",
                                   b"&amp;", b"\xc3\xa9", b"&#1", b"&#x1f", b"\x0c"])
                       for _ in range(rng.randint(0, 60)))
        assert treewalk.control_marks(raw) == parse.control_marks_python(raw), raw


@pytest.mark.skipif(not STATE.compiled, reason="the C scans are used by compiled builds only")
def test_the_compiled_build_uses_the_c_scans() -> None:
    assert textutil._C_SQUASH is treewalk.squash
    assert textutil._C_LENGTH is treewalk.normalized_length
    assert parse._C_MARKS is treewalk.control_marks


@pytest.mark.skipif(not STATE.compiled, reason="the C scans are used by compiled builds only")
def test_scans_that_disagree_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("scrapy_cleanarticle._treewalk")
    fake.squash = lambda text, lower=False: text  # type: ignore[attr-defined]
    fake.normalized_length = treewalk.normalized_length  # type: ignore[attr-defined]
    fake.control_marks = lambda raw: 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scrapy_cleanarticle._treewalk", fake)
    with pytest.warns(RuntimeWarning, match="text fold disagrees"):
        assert textutil._checked_folds() is None
    with pytest.warns(RuntimeWarning, match="control scan disagrees"):
        assert parse._checked_marks() is None
    monkeypatch.setitem(sys.modules, "scrapy_cleanarticle._treewalk", treewalk)
    assert textutil._checked_folds() == textutil.CFolds(treewalk.squash,
                                                        treewalk.normalized_length)
    assert parse._checked_marks() is treewalk.control_marks


@pytest.mark.parametrize(("page", "shown", "removed"), [
    ("<p>a\x01b &#1; c</p>", "ab  c", True),  # a control byte, then a reference to one
    ("<p>x &#x0B; y &#8217;</p>", "x  y \u2019", False),  # a reference alone goes quietly
    ("<p>\ud800 lone &#2;</p>", " lone ", True),  # a lone surrogate: no UTF-8 bytes to scan
    ("<p>\ufffe</p><p>ok</p>", "ok", True),
    ("<p>tab\tand &#9; &#10; kept</p>", "tab\tand \t \n kept", False),
])
def test_the_parser_still_cleans_controls(page: str, shown: str, removed: bool) -> None:
    parsed = parse.parse_html(page, config=DEFAULT_CONFIG)
    assert parsed.tree.find("body").text_content() == shown
    assert ("control_chars" in parsed.warnings) is removed
