"""The full-size hostile inputs (100,000-deep nesting, 64,000-deep lists, a 50 MB page, a 20 MB
line, a million paragraphs), each in the supervised child process of test_hostile.

The limit per input only catches hangs; timings and memory are in benchmarks/hostile.py.
Set HOSTILE_SKIP_HEAVY=1 to leave these out of a quick local run.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from test_hostile import check_outcome, run_supervised

HEAVY = ["div_nested_100k", "ul_li_nested_64k", "page_50mb", "line_20mb_no_spaces",
         "million_paragraphs"]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.environ.get("HOSTILE_SKIP_HEAVY") == "1",
                                 reason="HOSTILE_SKIP_HEAVY=1")]


@pytest.fixture(scope="module")
def full_results() -> dict[str, dict[str, Any]]:
    return run_supervised("full", HEAVY, per_input=float(os.environ.get("HOSTILE_TIMEOUT", "300")))


@pytest.mark.parametrize("name", HEAVY)
def test_full_size_input(name: str, full_results: dict[str, dict[str, Any]]) -> None:
    check_outcome(name, full_results[name])


def test_oversize_pages_are_flagged(full_results: dict[str, dict[str, Any]]) -> None:
    """Default config (oversize="flag"): over max_bytes means no cleaning, reason too_large."""
    for name in ("page_50mb", "line_20mb_no_spaces"):
        art = full_results[name]["article"]
        assert art.get("reason") == "too_large" or "too_large" in art.get("warnings", []), art
