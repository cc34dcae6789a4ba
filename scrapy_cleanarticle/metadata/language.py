"""The page's language: what it declares, checked against its text only when needed.

Declarations (``<html lang>``, ``Content-Language``, JSON-LD ``inLanguage``, ``og:locale``) are
cheap and usually right, but templates copied between editions often keep a wrong ``lang``.
py3langid (a maintained fork of langid.py, model shipped in the wheel, no download) checks the
body when the declaration is missing, or when it is present and the body is long enough to
judge. It is optional: without it, the declaration stands.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from ..config import CleanerConfig

_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$")
DETECT_MIN_CHARS = 200  # below this the detector guesses
OVERRIDE_MIN_CHARS = 400  # a declaration is overruled only on this much text ...
OVERRIDE_MIN_PROB = 0.95  # ... and this much confidence
SAMPLE_CHARS = 3000

_lock = threading.Lock()
_identifier: Any = None
_unavailable = False


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


def _get_identifier() -> Any:
    """Load the model once, lazily (it takes about a second), and share it between threads."""
    global _identifier, _unavailable
    if _identifier is not None or _unavailable:
        return _identifier
    with _lock:
        if _identifier is None and not _unavailable:
            try:
                from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]
            except ImportError:
                _unavailable = True
                return None
            path = Path(MODEL_DIR) / MODEL_FILE  # MODEL_FILE is relative to the package
            try:
                _identifier = LanguageIdentifier.from_modelpath(path, norm_probs=True)
            except (OSError, ValueError):
                _unavailable = True
                return None
    return _identifier


def detect(text: str) -> tuple[str, float] | None:
    """(code, probability) for a text sample, or ``None`` without the detector."""
    identifier = _get_identifier()
    if identifier is None:
        return None
    code, prob = identifier.classify(text[:SAMPLE_CHARS])
    return str(code), float(prob)


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
    if len(text) < OVERRIDE_MIN_CHARS:
        return code
    found = detect(text)
    if found and found[0] != code and found[1] >= OVERRIDE_MIN_PROB:
        return found[0]
    return code
