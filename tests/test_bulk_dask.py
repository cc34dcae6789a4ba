"""The Dask engine on a real LocalCluster (2 workers), and clean_batch for dataframe engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bulk_support import PID_HOOK, outputs, pages, read_records, story, write_warc

from scrapy_cleanarticle.bulk import BulkOptions, arrow_schema, clean_batch
from scrapy_cleanarticle.bulk.cli import main
from scrapy_cleanarticle.bulk.engine import run_dask
from scrapy_cleanarticle.scrapy._procs import gone

pytest.importorskip("distributed")


def _crawl(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for k in range(3):
        write_warc(src / f"crawl-{k}.warc.gz", pages(3, start=10 * k), encode_every=2)
    return src


def test_dask_engine_writes_what_the_local_engine_writes(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    src = _crawl(tmp_path)
    assert main([str(src), "-o", str(tmp_path / "local"), "--workers", "2"]) == 0
    assert main([str(src), "-o", str(tmp_path / "dask"), "--workers", "2",
                 "--engine", "dask"]) == 0
    assert "done: 3/3 inputs" in capsys.readouterr().err
    local, dask = outputs(tmp_path / "local"), outputs(tmp_path / "dask")
    assert [f.name for f in local] == [f.name for f in dask]
    for a, b in zip(local, dask, strict=True):
        assert a.read_bytes() == b.read_bytes()  # byte for byte
        manifest = json.loads(Path(str(b) + ".done.json").read_text())
        assert manifest["status"] == "done" and manifest["counts"]["articles"] == 3


def test_dask_engine_reports_each_input_and_resumes(tmp_path: Path) -> None:
    src = _crawl(tmp_path)
    paths = sorted(src.iterdir())
    opts = BulkOptions(workers=2)
    first = sorted(run_dask(paths, tmp_path / "out", opts), key=lambda r: r.input)
    assert [(r.status, r.counts.pages) for r in first] == [("done", 3)] * 3
    again = list(run_dask(paths, tmp_path / "out", opts))
    assert {r.status for r in again} == {"skipped"}


def _frame_rows() -> list[dict[str, object]]:
    return [{"id": 1, "url": "https://b.example/1", "html": story(1).decode()},
            {"id": 2, "url": "https://b.example/2", "html": b"\x00\x01\x02\xff" * 200},
            {"id": 3, "url": None, "html": None}]


def test_each_dask_worker_keeps_one_cleaning_process_and_stops_it(tmp_path: Path) -> None:
    src = _crawl(tmp_path)
    opts = BulkOptions(workers=1, clean_function=PID_HOOK)
    results = list(run_dask(sorted(src.glob("*.warc.gz")), tmp_path / "out", opts))
    assert [r.status for r in results] == ["done"] * 3
    pids = {r["cleanedBy"] for f in outputs(tmp_path / "out") for r in read_records(f)}
    assert len(pids) == 1  # one process for the three inputs, not one per input
    assert all(gone(pid) for pid in pids)  # and it was stopped with the run


def test_clean_batch_on_pandas_keeps_rows_order_and_other_columns() -> None:
    import pandas as pd

    frame = pd.DataFrame(_frame_rows(), index=[7, 8, 9])
    out = clean_batch(frame)
    assert isinstance(out, pd.DataFrame)
    assert list(out.index) == [7, 8, 9] and list(out["id"]) == [1, 2, 3]
    assert "html" not in out.columns
    assert "Paragraph 0 of story 1" in out["articleBody"][7]
    assert out["url"][7] == "https://b.example/1"
    assert pd.isna(out["error"][7])
    assert json.loads(out["error"][8])["reason"] == "binary"
    assert json.loads(out["error"][9])["reason"] == "empty"


def test_clean_batch_on_arrow_has_the_documented_schema() -> None:
    import pyarrow as pa

    table = pa.Table.from_pylist([{k: v for k, v in row.items() if k != "html"}
                                  | {"html": story(int(str(row["id"]))).decode()}
                                  for row in _frame_rows()])
    out = clean_batch(table)
    assert isinstance(out, pa.Table)
    assert out.schema.remove(out.schema.get_field_index("id")) == arrow_schema()
    assert out.column("id").to_pylist() == [1, 2, 3]
    assert [("Paragraph 0 of story" in b) for b in out.column("articleBody").to_pylist()] == \
        [True, True, True]
    batch = clean_batch(table.to_batches()[0])
    assert isinstance(batch, pa.RecordBatch) and batch.num_rows == 3


def test_clean_batch_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        clean_batch([{"html": "<p>x</p>"}])


def test_dask_map_partitions_recipe() -> None:
    """The docs' recipe: a Dask DataFrame of pages, cleaned partition by partition."""
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    frame = pd.DataFrame([{"url": f"https://d.example/{i}", "html": story(i).decode()}
                          for i in range(4)])
    meta = clean_batch(frame.iloc[:0])
    ddf = dd.from_pandas(frame, npartitions=2)
    out = ddf.map_partitions(clean_batch, meta=meta).compute(scheduler="sync")
    assert list(out["url"]) == [f"https://d.example/{i}" for i in range(4)]
    assert out["articleBody"].str.contains("Paragraph 3 of story").all()
