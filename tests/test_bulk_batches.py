"""Pages go to the workers a few at a time, and workers encode JSON Lines records themselves:
neither may change a byte of the output, nor what happens to any one page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bulk_support import (
    CRASH,
    HOOK,
    SLOW,
    SLOW_CPU,
    corrupt_member,
    outputs,
    pages,
    read_records,
    story,
    write_warc,
)
from hypothesis import given
from hypothesis import strategies as st

from scrapy_cleanarticle.bulk import BulkOptions, clean_file
from scrapy_cleanarticle.bulk.output import encode_record, with_source


def test_batch_size_never_changes_the_output(tmp_path: Path) -> None:
    crawl = [*pages(4), ("https://news.example/crash", story(60, CRASH)), *pages(6, start=4)]
    src = corrupt_member(write_warc(tmp_path / "c.warc.gz", crawl), 8)
    written = {}
    for batch in (1, 4, 8):
        out = tmp_path / f"out-{batch}"
        opts = BulkOptions(workers=2, timeout=10.0, clean_function=HOOK, batch_pages=batch)
        result = clean_file(src, out, options=opts)
        assert result.status == "damaged"
        written[batch] = outputs(out)[0].read_bytes()
    assert written[1] == written[4] == written[8]
    records = read_records(outputs(tmp_path / "out-8")[0])
    reasons = [r["error"]["reason"] for r in records if "error" in r]
    assert sorted(reasons) == ["damaged_input", "worker_crash"]
    assert records[4]["url"] == "https://news.example/crash"  # in input order
    assert records[4]["error"]["reason"] == "worker_crash"
    assert sum("articleBody" in r for r in records) == 9  # every page around them is kept


def test_a_batch_over_the_time_limit_is_cleaned_again_page_by_page(tmp_path: Path) -> None:
    """Two pages that each fit the limit but together do not: neither is a timeout."""
    slow = [(f"https://news.example/slow{i}", story(70 + i, SLOW)) for i in range(2)]
    src = write_warc(tmp_path / "c.warc.gz", slow)
    opts = BulkOptions(workers=1, timeout=SLOW_CPU * 1.6, clean_function=HOOK, batch_pages=2)
    result = clean_file(src, tmp_path / "out", options=opts)
    assert (result.counts.articles, result.counts.errors) == (2, 0)


def test_parquet_records_are_not_encoded_by_the_worker_and_match_json_lines(
        tmp_path: Path) -> None:
    src = write_warc(tmp_path / "c.warc.gz", pages(5))
    for fmt in ("jsonl", "parquet"):
        clean_file(src, tmp_path / fmt, options=BulkOptions(workers=1, fmt=fmt, batch_pages=3))
    lines = read_records(outputs(tmp_path / "jsonl")[0])
    rows = read_records(outputs(tmp_path / "parquet")[0])
    assert [r["articleBody"] for r in rows] == [r["articleBody"] for r in lines]
    assert [json.loads(r["source"]) for r in rows] == [r["source"] for r in lines]


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)


@given(st.dictionaries(st.text().filter(lambda k: k != "source"), _JSON, min_size=1),
       st.dictionaries(st.text(max_size=8), st.text() | st.integers() | st.none()))
def test_source_added_to_encoded_bytes_equals_encoding_the_whole_record(
        record: dict[str, Any], source: dict[str, Any]) -> None:
    assert with_source(encode_record(record)[:-1], source) == \
        encode_record({**record, "source": source})
