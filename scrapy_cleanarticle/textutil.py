"""Text normalisation shared by the rules, the caption matcher, the renderer and the metadata.

Rules are written once in plain ASCII punctuation; pages use every quote and dash Unicode has.
Folding both sides through the same function is what lets one phrase list match them all: this
module holds the package's only fold and its only quote map (``metadata.normalize.fold`` is
:func:`fold_key`, cached), and the character classes that must not reach lxml or CLD2.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from ._native import compiled_reads, disagree

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2033": '"', "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
    "\u00ad": "",
})
_QUOTE_MAP = {chr(code): str(value or "") for code, value in _QUOTES.items()}
# str.translate looks every character up in a dict; a regex character class finds the few
# that need mapping at a fraction of that cost (text outside ASCII is most of a non-English page).
_QUOTE_CHARS = re.compile("[" + re.escape("".join(_QUOTE_MAP)) + "]")


# Characters XML 1.0 forbids: C0 controls but tab, LF and CR, lone surrogates, U+FFFE, U+FFFF.
# lxml refuses to store them ("All strings must be XML compatible").
_XML_FORBIDDEN = r"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
XML_FORBIDDEN = re.compile(f"[{_XML_FORBIDDEN}]")
# What the parser drops before parsing: those, and DEL, which a browser shows as nothing.
PARSE_DROPPED = re.compile(f"[{_XML_FORBIDDEN}\x7f]")
# What CLD2 refuses as bad UTF-8 in a language sample: those, DEL and the C1 controls.
CLD2_REFUSED = re.compile(f"[{_XML_FORBIDDEN}\x7f-\x9f]")


# XPath's white space (normalize-space()): no NBSP or other Unicode spaces, which are content to it.
XML_SPACE = " \t\r\n"
_XML_SPACE_RUN = re.compile(r"[ \t\r\n]+")


def normalized_length(text: str) -> int:
    """``string-length(normalize-space(text))``: the length XPath tests on an element's text
    (counted in C where built, without the copy)."""
    if _C_LENGTH is not None:
        return _C_LENGTH(text)
    return normalized_length_python(text)


def normalized_length_python(text: str) -> int:
    """:func:`normalized_length` in Python, the reference for the C count."""
    return len(_XML_SPACE_RUN.sub(" ", text).strip(" "))


# [\W_]: every character but a letter or digit. On ASCII text str.translate deletes them several
# times faster than the regex (keys are built for every caption-sized block and site name).
_NON_WORD = re.compile(r"[\W_]+")
_ASCII_NON_WORD = dict.fromkeys(c for c in range(128) if not chr(c).isalnum())


# A letter of any script: a word character that is no digit and no underscore
LETTER = re.compile(r"[^\W\d_]")


def alnum_only(text: str) -> str:
    """``text`` without its non-word characters and underscores (``[\\W_]``)."""
    if text.isascii():
        return text.translate(_ASCII_NON_WORD)
    return _NON_WORD.sub("", text)


def squash(text: str) -> str:
    """Collapse runs of white space; the renderer's notion of 'the same text'. Read once in C
    where built (``_textscan.c``: Python's split and join cost an allocation per word)."""
    if _C_SQUASH is not None:
        return _C_SQUASH(text, False)
    return squash_python(text)


def squash_python(text: str) -> str:
    """:func:`squash` in Python, the reference for the C one.

    Most paragraphs are squashed already. Every white-space character but the ASCII space is
    unprintable to ``str.isprintable`` (Unicode's separators and controls), so one C scan
    and a search for a double space tell so, instead of splitting the text into words and
    joining them again."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())  # str.split() is C-level and knows every Unicode space


def fold(text: str) -> str:
    """Case-, quote-, dash- and space-insensitive form used for every comparison."""
    if text.isascii():  # nothing to normalise or translate: the common case in markup
        if _C_SQUASH is not None:
            return _C_SQUASH(text, True)  # casefold is A-Z to a-z on ASCII: one pass in C
        return squash(text).casefold()  # most blocks are squashed already: no split and join
    return fold_wide(text)


def fold_wide(text: str) -> str:
    """:func:`fold` of a text outside ASCII: compatibility forms, quotes and dashes first."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _QUOTE_CHARS.search(text):
        text = _QUOTE_CHARS.sub(_quote, text)
    return squash(text).casefold()


def _quote(match: re.Match[str]) -> str:
    return _QUOTE_MAP[match.group()]


def fold_key(text: str) -> str:
    """``fold`` with punctuation trimmed at both ends: the key of an 'exact' phrase."""
    return trim_edges(fold(text))


def trim_edges(text: str) -> str:
    """Punctuation, symbols and white space off both ends (``[\\W_]``: not ``str.isalnum``).

    A loop over the few edge characters: the equivalent regex tries its end-anchored branch
    at every position of the text."""
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


def fold_python(text: str) -> str:
    """:func:`fold` in Python, the reference for the C pass on ASCII texts."""
    if text.isascii():
        return squash_python(text).casefold()
    return fold_wide(text)


# Texts on which the C squash and count must answer as Python does before they are used: every
# kind of white space (ASCII's separators, NBSP, U+3000, line and paragraph separators, NEL),
# upper case, each width of str, a wide text whose only wide character is a space (its squash
# narrows to ASCII), controls that are not white space, and edges.
FOLD_PROBES: tuple[str, ...] = (
    "", " ", "  ", "a", " a ", "A  B", "a b", "a\tb\nc\rd\x0be\x0cf", "\x1c\x1d\x1e\x1fx\x1f",
    "Caf\u00e9 \u00a0 X", "\u3000A\u3000b\u3000", "x\u2028y\u2029z\x85w", "\u00c9T\u00c9 Z",
    "\u6f22\u5b57 \u3000 \U0001f600A", "a\x00b\x7f c", "ok", "Already squashed text.",
    " \t\r\n ", "\n\nTwo\n\nlines\n", "\u0130I\u0131", "[Z]_@`{",
)


class CFolds(NamedTuple):
    """The C squash and count (``_textscan.c``), checked."""

    squash: Callable[[str, bool], str]
    normalized_length: Callable[[str], int]


def _checked_folds() -> CFolds | None:
    """The C squash and count, where this build has them and they answer as Python does on
    :data:`FOLD_PROBES`; else None, with a warning when they disagree."""
    native = compiled_reads()
    c_squash: Callable[[str, bool], str] | None = getattr(native, "squash", None)
    c_length: Callable[[str], int] | None = getattr(native, "normalized_length", None)
    if c_squash is None or c_length is None:
        return None
    for text in FOLD_PROBES:
        if c_squash(text, False) != squash_python(text) or c_length(text) != \
                normalized_length_python(text) or (text.isascii() and c_squash(text, True) !=
                                                   fold_python(text)):
            disagree("text fold", "Python's", "folding in Python")
            return None
    return CFolds(c_squash, c_length)


_C_FOLDS = _checked_folds()
_C_SQUASH: Callable[[str, bool], str] | None = None if _C_FOLDS is None else _C_FOLDS.squash
_C_LENGTH: Callable[[str], int] | None = (
    None if _C_FOLDS is None else _C_FOLDS.normalized_length)


# Scripts written without spaces, a character to a word or syllable (kana, CJK ideographs with
# extension A and the compatibility block, hangul): as a regex character-class body.
DENSE_SCRIPT = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff"


__all__ = ["CLD2_REFUSED", "PARSE_DROPPED", "XML_FORBIDDEN", "XML_SPACE", "alnum_only", "fold",
           "fold_key", "normalized_length", "squash", "trim_edges"]
