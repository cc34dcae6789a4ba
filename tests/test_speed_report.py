"""benchmarks/speed.py's table: the first-run ratio is read from the first repetition alone."""

from __future__ import annotations

import pytest

from benchmarks.speed import Timings, report


def test_first_run_ratio_is_the_cold_repetition(capsys: pytest.CaptureFixture[str]) -> None:
    timings = Timings(
        medians={"lxml": [1.0, 1.0], "us": [4.0, 5.0]},  # warm: later runs hit the caches
        first={"lxml": [1.0, 1.0], "us": [6.0, 7.0]},  # cold: the first pass over the pages
    )
    table = report(timings, {}, n_pages=2, repeat=3)
    assert table["us"]["total_ratio"] == pytest.approx(4.5)
    assert table["us"]["first_run_ratio"] == pytest.approx(6.5)
    assert table["lxml"]["first_run_ratio"] == pytest.approx(1.0)
    assert "first run" in capsys.readouterr().out
