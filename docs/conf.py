"""Sphinx configuration: Furo theme, Markdown pages (MyST), API reference by autodoc.

Two pages are generated at build time so they cannot go stale: the settings reference (from
the ``SETTINGS`` table, by ``_ext/cleanarticle_docs.py``) and the benchmark plot (from
``_data/benchmarks.json``, by ``plot_benchmarks.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path[:0] = [str(DOCS.parent), str(DOCS / "_ext"), str(DOCS)]

import scrapy_cleanarticle  # noqa: E402

project = "scrapy-cleanarticle"
author = "scrapy-cleanarticle maintainers"
copyright = "2026, scrapy-cleanarticle maintainers"
release = scrapy_cleanarticle.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "cleanarticle_docs",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_data", "_ext", "**/.gitkeep", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 4

autodoc_default_options = {"show-inheritance": True}
autodoc_typehints = "description"
autodoc_member_order = "bysource"


html_theme = "furo"
html_title = f"scrapy-cleanarticle {release}"
html_static_path = ["_static"]
