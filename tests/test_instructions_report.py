"""benchmarks/instructions.py: callgrind's count is read from its report, and the ratio is
our instructions over the parse's, each less what loading the pages cost."""

from __future__ import annotations

import pytest

from benchmarks.instructions import collected, ratio


def test_the_count_is_read_from_callgrinds_last_report() -> None:
    stderr = ("==9764== Callgrind, a call-graph generating cache profiler\n"
              "==9764== Events    : Ir\n==9764== Collected : 9,377,452,011\n")
    assert collected(stderr) == 9_377_452_011
    with pytest.raises(ValueError, match="Collected"):
        collected("valgrind: command not found")


def test_the_ratio_leaves_the_loading_out() -> None:
    assert ratio({"load": 2_000, "lxml": 3_000, "us": 6_500}) == pytest.approx(4.5)
