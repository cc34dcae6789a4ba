"""scripts/compare_outputs.py: the page-by-page check that a redesign left the outputs alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts import compare_outputs as co


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    # U+2028 inside a body: one JSON line must stay one row (no str.splitlines)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def test_diff_counts_each_differing_field_per_set(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    page = {"articleBody": "a\u2028b", "images": [], "metadata": {"pageType": "article"}}
    changed = {**page, "images": [{"url": "https://x.org/a.jpg"}],
               "metadata": {"pageType": "forum"}}
    before = _write(tmp_path / "a.jsonl", [{"set": "s", "id": "1", "out": page},
                                           {"set": "s", "id": "2", "out": page}])
    after = _write(tmp_path / "b.jsonl", [{"set": "s", "id": "1", "out": page},
                                          {"set": "s", "id": "2", "out": changed}])
    assert co.diff(before, before, show=0) == 0
    assert co.diff(before, after, show=1) == 1
    out = capsys.readouterr().out
    assert "s/2 images:" in out and "metadata.pageType" in out
    assert out.strip().endswith("2 differing (page, field) pairs")


def test_dump_writes_one_row_per_fixture(tmp_path: Path) -> None:
    out = tmp_path / "dump.jsonl"
    co.dump(out, ["fixtures-nourl"], every=10)
    rows = [json.loads(line) for line in out.open(encoding="utf-8")]
    fixtures = sorted((co.REPO / "fixtures" / "html").glob("*.html"))
    assert len(rows) == len(fixtures[::10]) and all(r["set"] == "fixtures-nourl" for r in rows)
    assert all(r["out"]["url"] is None and "elapsed" not in r["out"]["metadata"] for r in rows)
