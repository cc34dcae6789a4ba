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
from pathlib import Path

import pytest
from data_support import require_data

from benchmarks import metadata as bench
from benchmarks.metadata import DEFAULT_SETS, Run, evaluate, load_dataset

REPO = Path(__file__).resolve().parent.parent

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


def _run(name: str) -> tuple[str, Run]:
    path = bench.BENCHMARKS / name
    require_data(path)
    data = load_dataset(path)
    return data.name, evaluate("ours-direct", data)


@pytest.fixture(scope="session", params=DEFAULT_SETS)
def metadata_run(request: pytest.FixtureRequest) -> tuple[str, Run]:
    return _run(request.param)


@pytest.mark.slow
def test_metadata_holds_the_baseline(metadata_run: tuple[str, Run]) -> None:
    name, run = metadata_run
    floor = _baseline()[name]
    crashes = run.crashes()
    assert not crashes, f"{name}: the metadata stage crashed on {len(crashes)} pages: {crashes[:3]}"
    rates = run.rates(floor)
    drops = {f: (floor[f], rates[f]) for f in floor if rates[f] < floor[f] - TOLERANCE}
    assert not drops, f"{name}: metadata fields fell below baseline (baseline, now): {drops}"


def test_missing_data_fails_in_ci_and_skips_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench, "BENCHMARKS", tmp_path)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have it"):
        _run(DEFAULT_SETS[0])
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        _run(DEFAULT_SETS[0])


def test_rates_split_pages_whose_truth_names_a_value_from_pages_that_name_none() -> None:
    """The held-out WCXB figures score only pages whose truth names a value: the split must
    keep an invented author out of the first part and count it against the second."""
    from benchmarks.metadata import Case, Scored

    named = Case("a", "https://example.org/a", {"authors": ["Ann Lee"]}, "article", "example.org")
    unnamed = Case("b", "https://example.org/b", {"authors": []}, "product", "example.org")
    run = Run((Scored(named, {"authors": True}), Scored(unnamed, {"authors": False})), (), 0.0)
    assert run.rates(["authors"]) == {"authors": 0.5}
    assert run.rates(["authors"], given=True) == {"authors": 1.0}
    assert run.rates(["authors"], given=False) == {"authors": 0.0}
