"""CI gate for metadata: per-field match rates on metadata-dev must hold the committed baseline.

The baseline (benchmarks/metadata_baseline.json) is written by
``python benchmarks/metadata.py --direct --json benchmarks/metadata_baseline.json``; raise it in
the same commit that improves a field, so a later change cannot silently give the gain back.
The gate runs the metadata stage alone (decode, parse, ``extract_metadata``): about three
seconds for the 138 pages, where the whole pipeline takes four times as long, and the fields
are the stage's own. The run is cached for the session, so further checks cost nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.metadata import DEFAULT_DATA, FIELDS, evaluate  # noqa: E402

BASELINE = REPO / "benchmarks" / "metadata_baseline.json"
TOLERANCE = 0.01


def test_metadata_baseline_is_well_formed() -> None:
    baseline = json.loads(BASELINE.read_text("utf-8"))
    assert set(baseline) == set(FIELDS)
    assert all(0.0 <= value <= 1.0 for value in baseline.values())


@pytest.fixture(scope="session")
def metadata_run() -> tuple[dict[str, float], list[tuple[str, str, str, str]]]:
    if not (DEFAULT_DATA / "truth.json").exists():
        pytest.skip(f"metadata benchmark not found at {DEFAULT_DATA} (it lives in ../shared, "
                    "outside the repository)")
    truth = json.loads((DEFAULT_DATA / "truth.json").read_text("utf-8"))
    rates, misses, _ = evaluate("ours-direct", DEFAULT_DATA, truth)
    return rates, misses


def test_metadata_holds_the_baseline(
        metadata_run: tuple[dict[str, float], list[tuple[str, str, str, str]]]) -> None:
    rates, misses = metadata_run
    baseline = json.loads(BASELINE.read_text("utf-8"))
    crashes = [m for m in misses if m[1] == "crash"]
    assert not crashes, f"clean_article crashed on {len(crashes)} pages: {crashes[:3]}"
    drops = {f: (baseline[f], rates[f]) for f in FIELDS if rates[f] < baseline[f] - TOLERANCE}
    assert not drops, f"metadata fields fell below baseline (baseline, now): {drops}"
