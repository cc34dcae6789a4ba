"""The test harness, in one place.

- Imports: ``setup.cfg`` puts the repository root and ``tests/`` on the path (pytest's
  ``pythonpath``), so ``benchmarks``, the ``*_support`` modules and the golden harness import
  by name in every test and in the pool workers the tests start; no test edits ``sys.path``.
- ``@pytest.mark.slow`` marks the tests that take more than about 5 s (``--durations``);
  ``./dev test`` runs them all, ``./dev test -m "not slow"`` is the quick loop.
- Benchmark data lives in ``../shared``, outside the repository: the gates that need it skip
  without it on a developer's machine and fail under ``CI`` (``data_support.require_data``).
  The header of every run says which of the three applies.
- ``@pytest.mark.pure_python`` marks the tests that replace a module's function or constant,
  which compiled callers would not see. On a compiled build they are deselected, and
  ``./dev test`` runs them in a second pass on the sources (``CLEANARTICLE_PURE_PASS=1``, which
  deselects everything else). The header says which build runs.
"""

from __future__ import annotations

import os

import pytest
from data_support import SHARED

from scrapy_cleanarticle._native import STATE

PURE_PASS = "CLEANARTICLE_PURE_PASS"


def pytest_report_header() -> list[str]:
    build = f"build: {STATE.describe()}"
    if SHARED.is_dir():
        return [f"benchmark data: {SHARED}", build]
    what = "the quality gates FAIL (CI is set)" if os.environ.get("CI") else "the quality gates skip"
    return [f"benchmark data: missing at {SHARED}; {what}", build]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    pure_pass = bool(os.environ.get(PURE_PASS))
    if not (pure_pass or STATE.compiled):
        return  # the sources: every test runs in one pass
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        marked = item.get_closest_marker("pure_python") is not None
        (kept if marked == pure_pass else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
