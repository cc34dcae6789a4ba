"""Bulk readers: every input format gives the same PageRecords; damage is reported, not fatal."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bulk_support import corrupt_member, pages, story, write_warc

from scrapy_cleanarticle.bulk.formats import Format, bulk_format, sniff_bytes
from scrapy_cleanarticle.bulk.readers import (
    InputReadError,
    ReadOptions,
    ReadProblem,
    iter_pages,
)

LIBRARIES = ["warcio"]
try:
    import fastwarc  # noqa: F401

    LIBRARIES.append("fastwarc")
except ImportError:
    pass


@pytest.mark.parametrize("library", LIBRARIES)
@pytest.mark.parametrize("compress", [True, False])
def test_warc_gives_response_records_with_encoding_undone(tmp_path: Path, library: str,
                                                          compress: bool) -> None:
    src = write_warc(tmp_path / ("c.warc.gz" if compress else "c.warc"), pages(4),
                     compress=compress, encode_every=2)
    got = list(iter_pages(src, ReadOptions(warc_library=library)))  # type: ignore[arg-type]
    assert [p.url for p in got] == [f"https://news.example/{i}" for i in range(4)]
    assert [p.body for p in got] == [story(i) for i in range(4)]  # gzip bodies decoded
    assert all(p.content_type == "text/html; charset=utf-8" for p in got)
    offsets = [p.source.position for p in got]
    assert offsets == sorted(offsets) and len(set(offsets)) == 4
    assert got[0].source.to_dict() == {"input": str(src), "offset": offsets[0],
                                       "url": "https://news.example/0"}


@pytest.mark.skipif(len(LIBRARIES) < 2, reason="FastWARC is not installed")
def test_fastwarc_and_warcio_agree(tmp_path: Path) -> None:
    src = write_warc(tmp_path / "c.warc.gz", pages(5), encode_every=2)
    one, two = (list(iter_pages(src, ReadOptions(warc_library=lib)))  # type: ignore[arg-type]
                for lib in ("warcio", "fastwarc"))
    assert one == two


@pytest.mark.parametrize("library", LIBRARIES)
def test_corrupt_gzip_member_costs_only_its_record(tmp_path: Path, library: str) -> None:
    bad = corrupt_member(write_warc(tmp_path / "c.warc.gz", pages(6)), 2)
    problems: list[ReadProblem] = []
    got = list(iter_pages(bad, ReadOptions(warc_library=library),  # type: ignore[arg-type]
                          on_problem=problems.append))
    assert [p.url for p in got] == [f"https://news.example/{i}" for i in (0, 1, 3, 4, 5)]
    assert len(problems) == 1  # one report for one damaged stretch
    assert problems[0].damaged and problems[0].reason == "damaged_input"
    with pytest.raises(InputReadError):  # without a callback, damage raises
        list(iter_pages(bad, ReadOptions(warc_library=library)))  # type: ignore[arg-type]


def test_warc_body_is_read_up_to_the_size_limit(tmp_path: Path) -> None:
    big = story(1, b"<p>" + b"x" * 5000 + b"</p>")
    src = write_warc(tmp_path / "c.warc.gz", [("https://news.example/big", big)])
    (page,) = iter_pages(src, ReadOptions(max_bytes=1000))
    assert len(page.body) == 1001  # one byte over: the cleaner sees the limit was passed


@pytest.mark.parametrize("compress", [True, False])
def test_json_lines_with_configurable_keys(tmp_path: Path, compress: bool) -> None:
    lines = [json.dumps({"link": f"https://j.example/{i}", "page": story(i).decode()})
             for i in range(3)]
    lines.insert(1, "not json at all")
    lines.insert(2, json.dumps({"link": "https://j.example/none"}))
    text = "\n".join(lines) + "\n\n"
    src = tmp_path / ("p.jsonl.gz" if compress else "p.jsonl")
    if compress:
        src.write_bytes(gzip.compress(text.encode()))
    else:
        src.write_text(text)
    problems: list[ReadProblem] = []
    got = list(iter_pages(src, ReadOptions(url_key="link", html_keys=("page",)),
                          on_problem=problems.append))
    assert [p.url for p in got] == [f"https://j.example/{i}" for i in range(3)]
    assert got[0].body == story(0)
    assert got[0].content_type == "text/html; charset=utf-8"  # JSON text is Unicode
    assert [p.source.position for p in got] == [1, 4, 5]  # line numbers
    assert [(p.source.position, p.reason, p.damaged) for p in problems] == [
        (2, "bad_record", False), (3, "bad_record", False)]
    assert problems[1].source.url == "https://j.example/none"


def test_json_lines_body_key_is_the_default_fallback(tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text(json.dumps({"url": "https://j.example/b", "body": "<p>hi</p>"}) + "\n")
    (page,) = iter_pages(src)
    assert (page.url, page.body) == ("https://j.example/b", b"<p>hi</p>")


def test_folder_of_saved_pages(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_bytes(story(1))
    (tmp_path / "sub" / "b.html.gz").write_bytes(gzip.compress(story(2)))
    (tmp_path / "notes.txt").write_text("not a page")
    got = list(iter_pages(tmp_path))
    assert [p.source.position for p in got] == ["a.html", "sub/b.html.gz"]
    assert [p.body for p in got] == [story(1), story(2)]
    assert got[0].source.kind == "path" and got[0].url is None


def test_parquet_rows(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"url": [f"https://p.example/{i}" for i in range(3)],
                      "html": [story(i).decode() for i in range(3)], "extra": [1, 2, 3]})
    pq.write_table(table, tmp_path / "p.parquet")
    got = list(iter_pages(tmp_path / "p.parquet"))
    assert [(p.url, p.body, p.source.position) for p in got] == [
        (f"https://p.example/{i}", story(i), i) for i in range(3)]


def test_parquet_without_html_column_is_an_input_error(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"url": ["u"]}), tmp_path / "p.parquet")
    with pytest.raises(InputReadError, match="no column"):
        list(iter_pages(tmp_path / "p.parquet"))


@pytest.mark.parametrize(("head", "fmt"), [
    (b"WARC/1.0\r\nWARC-Type: warcinfo", Format.WARC),
    (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" * 50), Format.WARC),
    (b"filedesc://crawl.arc 0.0.0.0 20240101", Format.WARC),
    (b'{"url": "https://x/", "html": "<p>"}\n', Format.JSONL),
    (b"PAR1\x15\x04", Format.PARQUET),
    (b"<!DOCTYPE html><html>", None),
    (b"{ not really json, but no keys either", None),
])
def test_sniffing_by_content(head: bytes, fmt: Format | None) -> None:
    assert sniff_bytes(head) == fmt


def test_format_by_name_then_content(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "c.warc.gz", pages(1))
    renamed = tmp_path / "page.html"
    renamed.write_bytes(warc.read_bytes())
    plain = tmp_path / "real.html"
    plain.write_bytes(story(1))
    assert bulk_format(warc) is Format.WARC
    assert bulk_format(renamed) is Format.WARC
    assert bulk_format(plain) is None


_BLOCK = """
    import sys
    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {BLOCKED}:
                raise ImportError(name + " is not installed")
            return None
    sys.meta_path.insert(0, Block())
"""


def _blocked_run(code: str, blocked: set[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(_BLOCK).replace("{BLOCKED}", repr(blocked)) + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False, cwd=tmp_path, timeout=120)


def test_bulk_works_without_the_optional_libraries(tmp_path: Path) -> None:
    """No Scrapy, warcio, FastWARC, pyarrow, pandas, Dask or tqdm: JSON Lines still cleans,
    and the formats that need a missing library say which extra to install."""
    (tmp_path / "p.jsonl").write_text(json.dumps({"url": "https://j/1", "html": story(1).decode()}))
    write_warc(tmp_path / "c.warc.gz", pages(1))
    out = _blocked_run("""
        from pathlib import Path
        from scrapy_cleanarticle.bulk import clean_file, iter_pages, MissingDependencyError
        result = clean_file("p.jsonl", "out", options=__import__(
            "scrapy_cleanarticle.bulk", fromlist=["BulkOptions"]).BulkOptions(workers=0))
        assert result.status == "done" and result.counts.articles == 1, result
        try:
            list(iter_pages("c.warc.gz"))
        except MissingDependencyError as exc:
            assert "[bulk]" in str(exc)
        else:
            raise AssertionError("WARC read without warcio")
        blocked = [m for m in sys.modules if m.split(".")[0] in {BLOCKED}]
        assert not blocked, blocked
        print("ok")
    """.replace("{BLOCKED}", repr({"scrapy", "twisted", "warcio", "fastwarc", "pyarrow",
                                  "pandas", "distributed", "dask", "tqdm"})),
        {"scrapy", "twisted", "warcio", "fastwarc", "pyarrow", "pandas", "distributed", "dask",
         "tqdm"}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_parquet_output_without_pyarrow_is_a_clear_failure(tmp_path: Path) -> None:
    (tmp_path / "p.jsonl").write_text(json.dumps({"url": "https://j/1", "html": "<p>x</p>"}))
    out = _blocked_run("""
        from scrapy_cleanarticle.bulk.cli import main
        code = main(["p.jsonl", "-o", "out", "--format", "parquet", "--workers", "1"])
        print(code)
    """, {"pyarrow"}, tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"
    assert "[parquet]" in out.stderr
