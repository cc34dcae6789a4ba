"""The one rule for tests that need the benchmark data in ../shared (outside the repository).

Without the data a gate skips on a developer's machine and FAILS in CI (the ``CI`` environment
variable is set), where a skipped gate would pass every regression.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"


def require_data(path: Path) -> None:
    """Skip (or, under CI, fail) the calling test when ``path`` does not exist."""
    if path.exists():
        return
    message = f"benchmark data not found at {path} (it lives in ../shared, outside the repo)"
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must have it, or the gate would pass every regression")
    pytest.skip(message)
