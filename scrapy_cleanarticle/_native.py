"""Which build of the cleaning pipeline runs: modules compiled by mypyc, or their Python sources.

The pipeline's modules are compiled with mypyc when the package is built where a C compiler is at
hand (``setup.py``); the sources ship beside the binaries, and a build without a compiler is
plain Python. Compiled code runs the same statements, so outputs are identical; it is faster
because calls between compiled functions, and work on strings, lists and dicts, skip the
interpreter (docs/topics/compiled.md has the figures).

The sources are run instead of the binaries, for every compiled module at once, when:

1. ``CLEANARTICLE_PURE_PYTHON`` is set to a true value (debugging, profiling with ``cProfile``,
   tests that replace a module's function, which compiled callers would not see); or
2. a source no longer matches the one its binary was compiled from, as in an editable checkout
   edited since its last build (``./dev build`` rebuilds). A warning says so once.

Never a mix: compiled modules call each other directly, so a module run from source beside
compiled ones would be bypassed by them. What is compiled is listed in ``_build.py``.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType

from ._build import (
    COMPILED,
    MANIFEST,
    PACKAGE,
    PURE_ENV,
    module_name,
    pure_requested,
    source_digests,
)


def _binary(root: Path, path: str) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = root / f"{path}{suffix}"
        if candidate.exists():
            return candidate
    return None


class BuildState:
    """What this installation holds, and what it runs."""

    def __init__(self, root: Path, environ: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.binaries = [p for p in COMPILED if _binary(root, p) is not None]
        self.forced_pure = pure_requested(os.environ if environ is None else environ)
        # hashed only when the answer matters: switched to the sources, they run either way
        self.stale = self._stale_sources() if self.binaries and not self.forced_pure else []

    def _stale_sources(self) -> list[str]:
        """Sources that differ from what their binaries were built from (every module, when the
        build left no record or only some modules have binaries); C sources by file name."""
        try:
            built = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return list(COMPILED)
        if not isinstance(built, dict) or len(self.binaries) != len(COMPILED):
            return list(COMPILED)
        try:
            now = source_digests(self.root)
        except OSError:  # a binary-only install: nothing to be stale against
            return []
        return [p for p in now if built.get(p) != now[p]]

    @property
    def compiled(self) -> bool:
        """True when the compiled modules are the ones imported."""
        return bool(self.binaries) and not self.forced_pure and not self.stale

    def describe(self) -> str:
        if self.compiled:
            return "compiled (mypyc)"
        if not self.binaries:
            return "pure Python (no compiled modules in this install)"
        if self.forced_pure:
            return f"pure Python ({PURE_ENV} is set)"
        return f"pure Python ({len(self.stale)} compiled modules do not match their sources)"


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' ``.py`` sources ahead of the binaries beside them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths = {module_name(p): p for p in COMPILED}

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        rel = self.paths.get(fullname)
        if rel is None:
            return None
        source = self.root / f"{rel}.py"
        package_dir = [str(source.parent)] if rel.endswith("/__init__") else None
        return importlib.util.spec_from_file_location(
            fullname, source, submodule_search_locations=package_dir)


STATE = BuildState(Path(__file__).resolve().parent)


def compiled_reads() -> ModuleType | None:
    """The module of reads in C (``_treewalk``), where this build has it (never beside the
    sources). Each user checks the functions it takes against its Python reference first."""
    if not STATE.compiled:
        return None
    try:  # through sys.modules, where a test may stand in another reading
        return importlib.import_module(f"{PACKAGE}._treewalk")
    except ImportError:
        return None


def disagree(what: str, reference: str, instead: str) -> None:
    """Warn that a compiled ``what`` answered otherwise than its ``reference`` on its probes,
    and that ``instead`` runs: every C read and scan says so in the same words."""
    warnings.warn(f"{PACKAGE}: the compiled {what} disagrees with {reference}; {instead} "
                  "instead", RuntimeWarning, stacklevel=3)


def _use_sources() -> None:
    if STATE.compiled or not STATE.binaries:
        return
    if STATE.stale and not STATE.forced_pure:
        warnings.warn(
            f"{PACKAGE}: {len(STATE.stale)} compiled module(s) do not match their sources; "
            "running the sources instead (rebuild: ./dev build, or reinstall)",
            RuntimeWarning, stacklevel=3)
    if not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder(STATE.root))


_use_sources()
