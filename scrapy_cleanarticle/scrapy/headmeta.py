"""Kept so that ``CLEANARTICLE_CLEAN_HTML_FUNCTION`` settings naming this path keep working; the
code is HTML cleaning and lives in :mod:`scrapy_cleanarticle.headmeta`."""

from ..headmeta import MAX_HEAD_CHARS, clean_html_with_head, head_metadata, with_charset

__all__ = ["MAX_HEAD_CHARS", "clean_html_with_head", "head_metadata", "with_charset"]
