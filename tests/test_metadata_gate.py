"""CI gate for metadata: per-field match rates on metadata-dev and wcxb-dev must hold the baseline.

The baseline (benchmarks/metadata_baseline.json, one entry per data set) is written by
``python benchmarks/metadata.py --direct --json benchmarks/metadata_baseline.json``; raise it in
the same commit that improves a field, so a later change cannot silently give the gain back.
The gate runs the metadata stage alone (decode, parse, ``extract_metadata``): the fields are
the stage's own, and the whole pipeline would take four times as long. Each set is run once
per session, so further checks cost nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.metadata import BENCHMARKS, DEFAULT_SETS, Run, evaluate, load_dataset  # noqa: E402

BASELINE = REPO / "benchmarks" / "metadata_baseline.json"
TOLERANCE = 0.01


def _baseline() -> dict[str, dict[str, float]]:
    data: dict[str, dict[str, float]] = json.loads(BASELINE.read_text("utf-8"))
    return data


def test_metadata_baseline_is_well_formed() -> None:
    baseline = _baseline()
    assert set(baseline) == set(DEFAULT_SETS)
    assert set(baseline["metadata-dev"]) == {"title", "authors", "date", "image", "description"}
    assert set(baseline["wcxb-dev"]) == {"title", "authors", "date"}
    assert all(0.0 <= v <= 1.0 for rates in baseline.values() for v in rates.values())


@pytest.fixture(scope="session", params=DEFAULT_SETS)
def metadata_run(request: pytest.FixtureRequest) -> tuple[str, Run]:
    path = BENCHMARKS / request.param
    if not path.is_dir():
        pytest.skip(f"metadata benchmark not found at {path} (it lives in ../shared, "
                    "outside the repository)")
    data = load_dataset(path)
    return data.name, evaluate("ours-direct", data)


def test_metadata_holds_the_baseline(metadata_run: tuple[str, Run]) -> None:
    name, run = metadata_run
    floor = _baseline()[name]
    crashes = run.crashes()
    assert not crashes, f"{name}: the metadata stage crashed on {len(crashes)} pages: {crashes[:3]}"
    rates = run.rates(floor)
    drops = {f: (floor[f], rates[f]) for f in floor if rates[f] < floor[f] - TOLERANCE}
    assert not drops, f"{name}: metadata fields fell below baseline (baseline, now): {drops}"
