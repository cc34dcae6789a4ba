"""benchmarks/quality.py end to end on tiny dev sets built here: every set is read in its own
layout, run through the job pool and reported, so a broken wiring fails here, not in a lead's
two-minute run."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks import quality

STORY = " ".join(
    f"The harbour council met on day {i} and voted on the new ferry timetable." for i in range(12)
)
SECOND = " ".join(f"Ferry passengers on route {i} will pay less from the first of May." for i in range(10))
AD = "Advertisement - scroll to continue"


def _html(extra: str = "") -> str:
    return (
        "<html><head><title>Ferry vote</title></head><body><article><h1>Ferry vote</h1>"
        f"<p>{STORY}</p>{extra}<p>{SECOND}</p></article></body></html>"
    )


def _gz(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8")))


@pytest.fixture
def sets(tmp_path: Path) -> list[str]:
    zyte, wcxb, noise = tmp_path / "zyte", tmp_path / "wcxb", tmp_path / "noise"
    truth = f"{STORY}\n{SECOND}"
    _gz(zyte / "html" / "aa11.html.gz", _html())
    (zyte / "ground-truth.json").write_text(
        json.dumps({"aa11": {"url": "https://a.example/1", "articleBody": truth}})
    )
    (wcxb / "ground-truth").mkdir(parents=True)
    for fid, kind in (("0001", "article"), ("0002", "category")):
        _gz(wcxb / "html" / f"{fid}.html.gz", _html())
        gt = {"main_content": truth, "with": ["ferry timetable"], "without": ["Cookie policy"]}
        entry = {
            "url": f"https://w{fid}.example/",
            "_internal": {"page_type": {"primary": kind}},
            "ground_truth": gt,
        }
        (wcxb / "ground-truth" / f"{fid}.json").write_text(json.dumps(entry))
    files = {"0001": {"domain": "w1.example"}, "0002": {"domain": "w2.example"}}
    (wcxb / "metadata.json").write_text(json.dumps({"files": files}))
    noise.mkdir()
    (noise / "aa11.html").write_text(_html(f"<div>{AD}</div>"), "utf-8")
    injected = [{"kind": "marker", "text": AD}]
    (noise / "truth.json").write_text(
        json.dumps({"aa11": {"url": "https://a.example/1", "articleBody": truth, "injected": injected}})
    )
    return ["--data", str(zyte), "--wcxb-data", str(wcxb), "--noise-data", str(noise), "--jobs", "1"]


def test_all_sets_in_one_run(sets: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert quality.main(["--set", "all", "--folds", "2", *sets]) == 0
    out = capsys.readouterr().out
    assert "== zyte-dev: 1 pages" in out
    assert "== wcxb-dev: 2 pages from 2 domains" in out
    assert "collection        1  us" in out  # category counts as collection
    assert "-- fold 1/2" in out and "-- fold 2/2" in out
    assert "== noise-dev: 1 zyte-dev pages" in out
    assert "leakage" in out and "== our figures" in out
    assert "wcxb_dev   all.f1 1.000" in out
    assert "noise_dev  leakage 0.000" in out
    assert "== gate" not in out  # figures of other folders are not compared with the baseline


def test_missing_data_is_a_clear_error(
    sets: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert quality.main(["--set", "wcxb", *sets, "--wcxb-data", str(tmp_path / "absent")]) == 2
    assert "dataset not found" in capsys.readouterr().err


def test_options_that_need_one_set_or_the_full_sets_are_refused(sets: list[str]) -> None:
    with pytest.raises(SystemExit):
        quality.parse_args(["--set", "all", "--ids", "aa11", *sets])
    with pytest.raises(SystemExit):
        quality.parse_args(["--set", "all", "--every", "2", "--update-baseline"])
    with pytest.raises(SystemExit):  # the baseline holds the shared sets' figures only
        quality.parse_args(["--set", "all", "--update-baseline", *sets])
    assert quality.parse_args(["--set", "all", "--update-baseline"]).gated
    args = quality.parse_args(["--set", "wcxb", "--story-loss", "--compare", "trafilatura"])
    assert args.tools == ["us", "trafilatura", "trafilatura-default"]  # the reference runs too
