"""The page's language: what it declares, checked against its text only when needed.

Declarations (``<html lang>``, ``Content-Language``, JSON-LD ``inLanguage``, ``og:locale``) are
cheap and usually right, but templates copied between editions often keep a wrong ``lang``.
pycld2 (Google's CLD2; tables compiled in, no download, a few MB) checks the body when the
declaration is missing, or when the text contradicts it: another writing system, or, for common
Latin-script languages, another language's commonest words. It is optional: without it, the
declaration stands. (py3langid was tried first: 2 s and 130 MB to load its model.)
"""

from __future__ import annotations

import re

from ..config import CleanerConfig
from ..textutil import CLD2_REFUSED

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$")
DETECT_MIN_CHARS = 200  # below this the detector guesses
OVERRIDE_MIN_CHARS = 400  # a declaration is overruled only on this much text ...
OVERRIDE_MIN_PROB = 0.95  # ... and this much confidence
SAMPLE_CHARS = 3000

# The writing system each language is written in, where it is not Latin; checked on the text.
_SCRIPTS: dict[str, re.Pattern[str]] = {
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
    "hangul": re.compile(r"[\uac00-\ud7af]"),
    "kana": re.compile(r"[\u3040-\u30ff]"),
    "han": re.compile(r"[\u4e00-\u9fff]"),
}
_LANG_SCRIPT = {
    "ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic", "be": "cyrillic", "mk": "cyrillic",
    "kk": "cyrillic", "mn": "cyrillic", "sr": "cyrillic", "el": "greek", "ar": "arabic",
    "fa": "arabic", "ur": "arabic", "he": "hebrew", "yi": "hebrew", "hi": "devanagari",
    "mr": "devanagari", "ne": "devanagari", "th": "thai", "ko": "hangul", "ja": "kana",
    "zh": "han",
}
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# A few of the commonest words of frequent Latin-script languages: a declaration whose own
# words do not lead on the text is checked by the detector. Languages not listed are trusted.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for with was on said".split()),  # noqa: SIM905
    "de": frozenset("der die und das ist nicht mit den von sich auch ein eine".split()),  # noqa: SIM905
    "fr": frozenset("le la les et des est une dans pour que qui pas sur".split()),  # noqa: SIM905
    "es": frozenset("el la los las y que del en por una para con".split()),  # noqa: SIM905
    "it": frozenset("il di che la della per una sono del non gli nel".split()),  # noqa: SIM905
    "pt": frozenset("o os da do que em uma para com não dos das".split()),  # noqa: SIM905
    "nl": frozenset("de het een van en dat niet met voor zijn op ook".split()),  # noqa: SIM905
}


# stop word -> the languages that list it ("de", "la" are in several lists)
_STOP_LANGS: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, stops in _STOPWORDS.items() if word in stops)
    for word in set().union(*_STOPWORDS.values())}

_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0900-\u097f\u0e00-\u0e7f"
                        r"\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def dominant_script(text: str) -> str:
    """The writing system most letters of ``text`` use ("latin" when none stands out)."""
    sample = text[:SAMPLE_CHARS]
    if sample and sample.isascii():  # a flag of the str: no scan
        return "latin"
    if len(sample) - len(_NON_LATIN.sub("", sample)) < len(sample) / 4:  # sub: no list built
        return "latin"  # the common case, decided with one scan
    counts = {name: len(rx.findall(sample)) for name, rx in _SCRIPTS.items()}
    counts["latin"] = len(_LATIN.findall(sample))
    if counts["kana"]:
        counts["kana"] += counts["han"]  # Japanese mixes kana and kanji
    return max(counts, key=lambda k: counts[k])


def script_fits(code: str, text: str) -> bool:
    """Whether ``text`` plausibly is in the declared language: its script, and for common
    Latin-script languages its commonest words, agree with the declaration."""
    expected = _LANG_SCRIPT.get(code, "latin")
    found = dominant_script(text)
    if code == "sr" and found == "latin":
        return True  # Serbian is written in both
    if found != expected and not (expected == "kana" and found == "han"):
        return False
    own = _STOPWORDS.get(code)
    if expected != "latin" or own is None:
        return True
    # White-space split: a stop word is rarely glued to punctuation, and the split runs at memory
    # speed where a Unicode word regex costs most of this check. One compiled loop of lookups
    # costs half of counting every word (a Counter) and intersecting its keys.
    hits = dict.fromkeys(_STOPWORDS, 0)
    for word in text[:SAMPLE_CHARS].lower().split():
        langs = _STOP_LANGS.get(word)
        if langs is not None:
            for lang in langs:
                hits[lang] += 1
    return hits[code] >= max(hits.values())




def normalize_language(value: str | None) -> str | None:
    """An ISO 639 primary code ("en-US", "en_US" -> "en"); ``None`` for junk like "x-default"."""
    if not value:
        return None
    text = value.strip().split(",")[0].strip()
    match = _CODE.match(text)
    if not match:
        return None
    code = match[1].lower()
    if code in ("xx", "und", "mul", "zxx"):
        return None
    return code


def detect(text: str) -> tuple[str, float] | None:
    """(code, confidence) for a text sample, or ``None`` when CLD2 cannot tell.

    pycld2 wraps Google's Compact Language Detector 2: a C library with its tables compiled in,
    so it loads in milliseconds, costs a few MB and holds no Python state (thread-safe).
    """
    try:
        import pycld2
    except ImportError:
        return None
    sample = CLD2_REFUSED.sub("", text[:SAMPLE_CHARS])
    try:
        reliable, _bytes, details = pycld2.detect(sample)
    except pycld2.error:
        return None
    code, percent = str(details[0][1]), float(details[0][2])
    if not reliable or code in ("un", "xx") or not percent:
        return None
    return normalize_language(code) or code, percent / 100.0


def resolve_language(declared: str | None, body_text: str, *,
                     config: CleanerConfig) -> str | None:
    """The declared language unless the text clearly says otherwise.

    Detection runs when nothing is declared (on at least ``DETECT_MIN_CHARS`` of text), or to
    check a declaration on a long body; it overrules the declaration only when confident.
    """
    code = normalize_language(declared)
    if not config.detect_language:
        return code
    text = body_text.strip() if body_text else ""
    if code is None:
        if len(text) < DETECT_MIN_CHARS:
            return None
        found = detect(text)
        return found[0] if found else None
    if len(text) < OVERRIDE_MIN_CHARS or script_fits(code, text):
        return code
    found = detect(text)
    if found and found[0] != code and found[1] >= OVERRIDE_MIN_PROB:
        return found[0]
    return code
