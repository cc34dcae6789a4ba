"""Issue 15, the package: the dependency list matches the imports, the sdist carries the tests.

The build itself (``python -m build`` and ``twine check``) runs in ``.ci/run``, which needs the
network for build isolation; these checks read the source tree and run offline.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scrapy_cleanarticle"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
#: Declared without being imported by us, and why.
INDIRECT = {"cssselect": "lxml's Element.cssselect() (CleanerConfig selectors) imports it",
            "lxml-html-clean": "readability-lxml imports lxml.html.clean, which needs it",
            "tzdata": "zoneinfo's database on machines without a system one"}


TOOL_EXTRAS = frozenset({"test", "bench", "docs", "release", "train"})


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imported_distributions() -> set[str]:
    owners = packages_distributions()
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        typing_only = {id(n) for block in ast.walk(tree) if _is_type_checking(block)
                       for stmt in block.body for n in ast.walk(stmt)}  # type: ignore[attr-defined]
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top == "scrapy_cleanarticle":
                    continue
                found.update(_name(d) for d in owners.get(top, [top]))
    return found


def test_dependencies_match_the_imports() -> None:
    project = PYPROJECT["project"]
    declared = {_name(r) for r in project["dependencies"]}
    # optional features (scrapy, redis, compression, ...) count; tool extras import nothing of ours
    declared |= {_name(r) for extra, reqs in project["optional-dependencies"].items()
                 if extra not in TOOL_EXTRAS for r in reqs}
    imported = _imported_distributions()
    assert imported - declared == set(), "imported but not declared"
    assert declared - imported - set(INDIRECT) == set(), "declared but never imported"


def test_license_is_an_spdx_expression_with_its_file() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert all((ROOT / f).is_file() for f in project["license-files"])
    assert "MIT License" in (ROOT / "LICENSE").read_text("utf-8")
    assert "setuptools>=77" in PYPROJECT["build-system"]["requires"]
    assert not any(c.startswith("License ::") for c in project["classifiers"])


def test_pypi_description_does_not_start_with_the_dev_script() -> None:
    readme = (ROOT / PYPROJECT["project"]["readme"]).read_text("utf-8")
    assert "./dev" not in readme
    assert "pip install scrapy-cleanarticle" in readme


def test_sdist_manifest_carries_what_the_tests_need() -> None:
    manifest = (ROOT / "MANIFEST.in").read_text("utf-8")
    for needed in ("graft tests", "graft fixtures", "graft benchmarks", "setup.cfg",
                   "graft docs", "CHANGELOG.md", "LICENSE"):
        assert needed in manifest, needed
