"""Build the cleaning pipeline's modules with mypyc where a C compiler is at hand.

Packaging metadata lives in pyproject.toml; this file only adds the compiled modules. Order:

1. ``CLEANARTICLE_PURE_PYTHON=1`` at build time: no binaries (a pure wheel, ``py3-none-any``).
2. mypyc type-checks and translates the modules listed in ``scrapy_cleanarticle/_build.py``.
   If mypyc is missing or refuses the code, the build goes on without binaries, with a warning.
3. The tree reads in C (the ``_treewalk`` module: ``_treewalk.c``, ``_treetext.c``,
   ``_forest.c``, ``_tokens.c``, ``_textscan.c``) join them, built against the libxml2 headers
   and C API that lxml ships (``lxml.get_include()``); without lxml at build time it is left
   out and the stages read the tree through lxml's API.
4. The C compiler builds them. If it is missing or fails, the build goes on without binaries,
   with a warning, and removes whatever part it had built: compiled modules call each other
   directly, so a partial set would not run. The wheel is then the pure one (``py3-none-any``),
   as with the switch: a platform tag would promise binaries it does not hold.

Compiled or not, the package runs the same code: ``scrapy_cleanarticle._native`` picks the
sources at import when the binaries are absent, out of date, or switched off.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CCompilerError, ExecError, PlatformError

ROOT = Path(__file__).resolve().parent
# the list of compiled modules, read without importing the package (its dependencies may be absent)
BUILD: dict[str, Any] = runpy.run_path(str(ROOT / "scrapy_cleanarticle" / "_build.py"))
PACKAGE_DIR = ROOT / BUILD["PACKAGE"]
# lxml and numpy are read as untyped (mypyc.ini): no runtime checks on their objects' classes,
# and a build that needs neither their stubs nor numpy itself.
MYPY_ARGS = ["--config-file", str(ROOT / "mypyc.ini")]


def _say(message: str) -> None:
    print(f"scrapy-cleanarticle build: {message}", file=sys.stderr)


def _extensions() -> list[Any]:
    if BUILD["pure_requested"](os.environ):
        _say(f"{BUILD['PURE_ENV']} is set: pure Python")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _say("mypyc is not installed: pure Python")
        return []
    package = BUILD["PACKAGE"]
    paths = [f"{package}/{p}.py" for p in BUILD["COMPILED"]]
    cwd = os.getcwd()
    os.chdir(ROOT)  # mypyc names modules by their path from here
    try:
        return [*mypycify([*MYPY_ARGS, *paths], opt_level="3", debug_level="0",
                          group_name=package), *_tree_walk(package)]
    # mypyc reports refused code by exiting, and its internal errors share no type: either way
    # there are no binaries, and the build says why
    except (Exception, SystemExit) as exc:  # noqa: BLE001
        _say(f"mypyc could not translate the modules ({exc!r}): pure Python")
        return []
    finally:
        os.chdir(cwd)


def _tree_walk(package: str) -> list[Any]:
    try:
        import lxml
    except ImportError:
        _say("lxml is not installed: the text index reads the tree through lxml's API")
        return []
    from setuptools import Extension

    return [Extension(f"{package}._treewalk", [f"{package}/{name}" for name in BUILD["C_FILES"]],
                      depends=[f"{package}/{name}" for name in BUILD["C_HEADERS"]],
                      include_dirs=list(lxml.get_include()), extra_compile_args=["-O3"])]


class OptionalBuildExt(build_ext):
    """Builds the binaries all or none, and records which sources they were built from."""

    def run(self) -> None:
        inplace = self.inplace  # setuptools clears it while building and restores it only after
        try:
            super().run()
        except (CCompilerError, ExecError, PlatformError, OSError) as exc:  # compiler or linker
            self.inplace = inplace
            self._remove_outputs()
            self._as_pure()
            _say(f"compiling failed ({exc!r}): pure Python")
            return
        if self.extensions:
            self._write_manifest()

    def _as_pure(self) -> None:
        """The distribution has no binaries now: a wheel built from it is tagged and laid out
        as pure (bdist_wheel reads ``root_is_pure`` after the build, when it names the wheel
        and picks the install scheme; ``install`` reads ``ext_modules``)."""
        self.distribution.ext_modules = []
        wheel = self.distribution.command_obj.get("bdist_wheel")
        if wheel is not None:
            wheel.root_is_pure = True  # type: ignore[attr-defined]

    def _package_output_dir(self) -> Path:
        """Where this build puts the package's modules (the source tree when in place)."""
        beside = Path(BUILD["MANIFEST"]).stem  # any module name without a dot
        return Path(self.get_ext_fullpath(f"{BUILD['PACKAGE']}.{beside}")).parent

    def _remove_outputs(self) -> None:
        for ext in self.extensions:
            Path(self.get_ext_fullpath(ext.name)).unlink(missing_ok=True)
        (self._package_output_dir() / BUILD["MANIFEST"]).unlink(missing_ok=True)

    def _write_manifest(self) -> None:
        digests = BUILD["source_digests"](PACKAGE_DIR)
        target = self._package_output_dir() / BUILD["MANIFEST"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    def get_outputs(self) -> list[str]:
        outputs: list[str] = super().get_outputs()
        if self.extensions:
            outputs.append(str(self._package_output_dir() / BUILD["MANIFEST"]))
        return outputs


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
