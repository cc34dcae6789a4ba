"""Imported once by the pool's forkserver process: clean one small page there.

Workers are forked from the forkserver, so whatever the cleaner loads lazily on its first page
(the language model, compiled rule sets) is loaded once, before any fork, instead of once per
worker and again after every replacement. Without this, each fresh worker's first page carries
about a second of set-up, which also counts against ``CLEANARTICLE_TIMEOUT``.
"""

from __future__ import annotations

import importlib

# What the cleaner imports only on the pages that need it: CLD2 (a page whose language its
# markup does not say) and readability (a page that neither the rules nor a declared body
# cover; its import takes about 38 ms of CPU, as long as cleaning three or four 2025 pages).
# The warm-up page needs neither, so they are imported here by name.
LAZY_IMPORTS = ("pycld2", "readability")

_PAGE = (b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
         + b"<p>The council approved the plan on Monday after a long debate about the budget, "
         b"and work on the old bridge is expected to start in the spring.</p>" * 4
         + b"</article></body></html>")


def warm_up() -> None:
    try:
        from ..api import clean_article, clean_html

        clean_article(_PAGE, "http://localhost/warm-up")
        clean_html(_PAGE, "http://localhost/warm-up")
        for name in LAZY_IMPORTS:
            importlib.import_module(name)
    except Exception:  # noqa: BLE001 - a cold worker still works; never break the server
        pass


warm_up()
