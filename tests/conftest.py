"""The test harness, in one place.

- Imports: ``setup.cfg`` puts the repository root and ``tests/`` on the path (pytest's
  ``pythonpath``), so ``benchmarks``, the ``*_support`` modules and the golden harness import
  by name in every test and in the pool workers the tests start; no test edits ``sys.path``.
- ``@pytest.mark.slow`` marks the tests that take more than about 5 s (``--durations``);
  ``./dev test`` runs them all, ``./dev test -m "not slow"`` is the quick loop.
- Benchmark data lives in ``../shared``, outside the repository: the gates that need it skip
  without it on a developer's machine and fail under ``CI`` (``data_support.require_data``).
  The header of every run says which of the three applies.
"""

from __future__ import annotations

import os

from data_support import SHARED


def pytest_report_header() -> str:
    if SHARED.is_dir():
        return f"benchmark data: {SHARED}"
    what = "the quality gates FAIL (CI is set)" if os.environ.get("CI") else "the quality gates skip"
    return f"benchmark data: missing at {SHARED}; {what}"
