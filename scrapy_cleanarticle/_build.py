"""What the build compiles with mypyc, and how a build is told from its sources.

Read by ``setup.py`` (before the package's dependencies are installed, so only the standard
library is imported here) and by :mod:`scrapy_cleanarticle._native` at import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

PACKAGE = "scrapy_cleanarticle"
PURE_ENV = "CLEANARTICLE_PURE_PYTHON"
# Written by the build beside the binaries: each compiled source's SHA-256.
MANIFEST = "_native_build.json"

# The modules compiled: the cleaning pipeline's stages, from bytes to Article fields. Left as
# Python: the entry points (api: a compiled signature would refuse a wrong argument with a bare
# TypeError, and the stages' list stays open to tracing), the public records and errors (users
# subclass, pickle and extend them), configuration, the fallbacks into other libraries, and
# everything around the pipeline (Scrapy, bulk, the CLI).
COMPILED: tuple[str, ...] = (
    "_xpath",
    "blocks",
    "captions",
    "content",
    "decode",
    "headmeta",
    "noise",
    "page",
    "parse",
    "render",
    "sanitize",
    "scorer",
    "tags",
    "textindex",
    "textutil",
    "urls",
    "verdict",
    "metadata/__init__",
    "metadata/authors",
    "metadata/byline",
    "metadata/dates",
    "metadata/gather",
    "metadata/headings",
    "metadata/headtext",
    "metadata/jsonld",
    "metadata/labels",
    "metadata/language",
    "metadata/meta",
    "metadata/microdata",
    "metadata/nearby",
    "metadata/normalize",
    "metadata/page",
    "metadata/zones",
    "rules/__init__",
    "rules/families",
    "rules/gate",
    "rules/tokentable",
)

# C sources built beside them (setup.py): the ``_treewalk`` module's files and the header they
# share (the tree reads in C). An edit to any makes the build as stale as an edited module's.
C_FILES: tuple[str, ...] = ("_treewalk.c", "_treetext.c", "_forest.c", "_tokens.c",
                           "_textscan.c")
C_HEADERS: tuple[str, ...] = ("_treewalk.h",)
C_SOURCES: tuple[str, ...] = (*C_FILES, *C_HEADERS)

_TRUE = frozenset({"1", "true", "yes", "on"})


def pure_requested(environ: Mapping[str, str]) -> bool:
    """True when ``CLEANARTICLE_PURE_PYTHON`` asks for the sources (at build or at import)."""
    return environ.get(PURE_ENV, "").strip().lower() in _TRUE


def module_name(path: str) -> str:
    """``"metadata/__init__"`` -> ``"scrapy_cleanarticle.metadata"``."""
    parts = [PACKAGE, *path.split("/")]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_digests(root: Path, paths: Sequence[str] = COMPILED,
                   c_sources: Sequence[str] = C_SOURCES) -> dict[str, str]:
    """Each compiled source's hash (modules by path, C sources by file name), as the build
    records it and the import compares it."""
    files = [*(f"{p}.py" for p in paths), *c_sources]
    names = [*paths, *c_sources]
    return {name: hashlib.sha256((root / file).read_bytes()).hexdigest()
            for name, file in zip(names, files, strict=True)}
