"""The documentation site: generated parts agree with the code, and the index takes topics.

The full build (``sphinx-build -W``) runs in ``.ci/run``; these checks are the fast part.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from scrapy_cleanarticle.scrapy.settings import SETTINGS

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ("getting-started", "standalone", "scrapy", "settings", "stats", "article", "noise",
         "cli", "benchmarks", "robustness", "development", "api")


def _load(path: Path) -> ModuleType:
    """A module of the docs folder, which is not on the import path."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extension() -> object:
    pytest.importorskip("sphinx")
    return _load(DOCS / "_ext" / "cleanarticle_docs.py")


def test_settings_reference_is_generated_from_the_table(extension: object) -> None:
    rows = extension.settings_rows()  # type: ignore[attr-defined]
    assert [row[0] for row in rows] == [spec.name for spec in SETTINGS]
    assert "```{cleanarticle-settings}" in (DOCS / "settings.md").read_text("utf-8")
    assert extension.default_text(10 * 1024 * 1024) == "10485760 (10 MiB)"  # type: ignore[attr-defined]


def test_index_lists_every_page_and_globs_topics() -> None:
    index = (DOCS / "index.md").read_text("utf-8")
    assert ":glob:" in index and "topics/*" in index
    for page in PAGES:
        assert (DOCS / f"{page}.md").is_file(), page
        assert f"\n{page}\n" in index, page
    assert (DOCS / "topics" / ".gitkeep").is_file()


def test_each_page_has_one_title() -> None:
    for page in DOCS.glob("*.md"):
        titles = [line for line in _outside_fences(page.read_text("utf-8"))
                  if line.startswith("# ")]
        assert len(titles) == (0 if page.name == "changelog.md" else 1), page.name


def test_plot_is_drawn_from_the_data_file(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    plot = _load(DOCS / "plot_benchmarks.py")
    data = json.loads(plot.DATA.read_text("utf-8"))
    out = plot.main([str(plot.DATA), str(tmp_path / "plot.svg")])
    svg = out.read_text("utf-8")
    assert svg.startswith("<?xml") and all(t["name"] in svg for t in data["tools"])


def _outside_fences(text: str) -> list[str]:
    lines, fence = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence:
            lines.append(line)
    return lines
