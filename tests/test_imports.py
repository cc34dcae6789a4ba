"""The package's import graph: no circle between modules, nothing imported back from ``__init__``.

A circle (even one behind ``TYPE_CHECKING``) means two modules that cannot be read, tested or
moved apart; an import from the package ``__init__`` makes the package's public face a
dependency of its own insides. Imports inside functions (lazy optional extras) are not edges:
they run after every module has loaded.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "scrapy_cleanarticle"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.with_suffix("").relative_to(PACKAGE.parent).parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _module_level(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports that run when the module loads: top level, and inside if/try at top level."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _module_level(block)


def _edges() -> dict[str, set[str]]:
    modules = _modules()
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        deps: set[str] = set()
        for node in _module_level(ast.parse(path.read_text("utf-8")).body):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in modules)
                continue
            if node.level:
                base = ".".join([*package[:len(package) - node.level + 1], *filter(None, [node.module])])
            else:
                base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                deps.add(target if target in modules else base)
        edges[name] = {d for d in deps if d in modules} - {name}
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(edges[node]):
            if state.get(dep) == 1:
                found.append([*stack[stack.index(dep):], dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_no_import_circle() -> None:
    cycles = _cycles(_edges())
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_no_module_imports_the_package_init() -> None:
    back = sorted(name for name, deps in _edges().items()
                  if "scrapy_cleanarticle" in deps and name != "scrapy_cleanarticle")
    assert not back, f"these import from scrapy_cleanarticle/__init__.py: {back}"


def test_the_checker_sees_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b", "a"]]
    assert "scrapy_cleanarticle.page" in _edges()["scrapy_cleanarticle.render"]
