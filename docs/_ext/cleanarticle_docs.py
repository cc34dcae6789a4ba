"""Sphinx extension: the settings reference, generated from ``SETTINGS``, and the benchmark
plot, drawn before the pages are read.

``{cleanarticle-settings}`` renders one row per ``SettingSpec`` of
``scrapy_cleanarticle.scrapy.settings.SETTINGS``: a new row in that table is in the docs at
the next build, and the docs cannot name a setting the code does not have.
"""

from __future__ import annotations

import logging
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def default_text(value: Any) -> str:
    """A default as a reader would type it; sizes in bytes also in MiB."""
    text = repr(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1024 * 1024 \
            and value % (1024 * 1024) == 0:
        text += f" ({value // (1024 * 1024)} MiB)"
    return text


def settings_rows() -> list[tuple[str, str, str]]:
    from scrapy_cleanarticle.scrapy.settings import SETTINGS

    return [(spec.name, default_text(spec.default), spec.meaning) for spec in SETTINGS]


class SettingsTable(SphinxDirective):
    """``{cleanarticle-settings}``: the settings table, as a reST list-table."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 30 20 50", "",
                 "   * - Setting", "     - Default", "     - Meaning"]
        for name, default, meaning in settings_rows():
            lines += [f"   * - .. _{name.lower().replace('_', '-')}:", "",
                      f"       ``{name}``", f"     - ``{default}``", f"     - {_rst(meaning)}"]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source="SETTINGS"), self.content_offset,
                                container)
        return list(container.children)


def _rst(markdown: str) -> str:
    """The table's meanings use Markdown code spans (`x`); reST wants double backquotes."""
    return markdown.replace("`", "``")


def draw_plot(app: Sphinx) -> None:
    import plot_benchmarks

    plot_benchmarks.main([str(plot_benchmarks.DATA), str(app.srcdir / "_static" / "benchmarks.svg")])


class _TopicsMayBeEmpty(logging.Filter):
    """``topics/*`` holds the pages of features other branches add; an empty glob is fine
    there. (Sphinx logs that warning without a type, so ``suppress_warnings`` cannot.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return not ("didn't match any documents" in str(record.msg)
                    and record.args is not None and "topics/*" in map(str, record.args))


def setup(app: Sphinx) -> dict[str, Any]:
    logging.getLogger("sphinx.sphinx.directives.other").addFilter(_TopicsMayBeEmpty())
    app.add_directive("cleanarticle-settings", SettingsTable)
    app.connect("builder-inited", draw_plot)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
