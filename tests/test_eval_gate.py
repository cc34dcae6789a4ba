"""CI gate in the style of trafilatura's eval_gate.py: dev-split quality must not fall below the
committed baseline (benchmarks/baseline.json) by more than the tolerance.

Raise the baseline (``python benchmarks/quality.py --update-baseline``) in the same commit that
improves quality, so that later changes cannot silently give the gain back.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (
    BASELINE_PATH,
    DEFAULT_DATA,
    GATE_TOLERANCE,
    aggregate,
    gate_failures,
    get_extractor,
    load_pages,
    read_baseline,
    shingle_match,
)


def test_baseline_file_is_well_formed() -> None:
    baseline = read_baseline(BASELINE_PATH)
    assert {"f1", "precision", "recall"} <= set(baseline)
    assert all(0.0 <= v <= 1.0 for v in baseline.values())


def test_dev_quality_holds_the_baseline() -> None:
    if not (DEFAULT_DATA / "ground-truth.json").exists():
        pytest.skip(f"benchmark data not found at {DEFAULT_DATA} (it lives in ../shared, outside the repo)")
    baseline = read_baseline(BASELINE_PATH)
    extract = get_extractor("us")
    pages = load_pages(DEFAULT_DATA)
    # No try/except around the extractor: a crash on a dev page is itself a regression.
    scores = aggregate([shingle_match(p.truth, extract(p.html, p.url)) for p in pages])
    failures = gate_failures(scores, baseline)
    assert not failures, (
        f"dev-split quality regressed beyond {GATE_TOLERANCE}: {'; '.join(failures)} "
        f"(now f1={scores.f1:.4f} precision={scores.precision:.4f} recall={scores.recall:.4f}; "
        "run `python benchmarks/quality.py` to see the worst pages)"
    )
