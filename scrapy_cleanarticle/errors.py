"""Typed errors.

Callers (the Scrapy pipeline above all) must be able to tell "this input is not a web page"
from "our code is broken" without parsing messages, so every failure we expect is one of these
classes, and every one carries a short machine-readable ``reason`` used in stats keys.
"""

from __future__ import annotations


class CleanArticleError(Exception):
    """Base class of every error this package raises on purpose."""

    reason: str = "error"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason


class NotHTMLError(CleanArticleError):
    """The input is binary, empty of markup, or cannot be decoded as text."""

    reason = "not_html"


class BinaryInputError(NotHTMLError):
    """The input is binary data (an image, an archive, random bytes), whatever its label said.

    A subclass, so code that catches :class:`NotHTMLError` keeps working while a crawl can tell
    a server sending garbage apart from an empty or markup-free page.
    """

    reason = "binary"


class TooLargeError(CleanArticleError):
    """The input is larger than ``CleanerConfig.max_bytes`` and the config says to refuse it."""

    reason = "too_large"


class ParseError(CleanArticleError):
    """lxml could not build any tree from the text (wrapped so no lxml exception escapes)."""

    reason = "parse_error"


class ConfigError(CleanArticleError, ValueError):
    """A configuration value is out of range or of the wrong type."""

    reason = "config_error"


__all__ = ["BinaryInputError", "CleanArticleError", "ConfigError", "NotHTMLError", "ParseError",
           "TooLargeError"]
