"""``cleanarticle bulk``: outputs, formats, exit codes, shards, resume, progress; and the
one-page CLI refusing a crawl."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from bulk_support import cli, corrupt_member, outputs, pages, read_records, story, write_warc

from scrapy_cleanarticle import cli as one_page
from scrapy_cleanarticle.bulk.cli import main
from scrapy_cleanarticle.bulk.engine import Shard, expand_inputs
from scrapy_cleanarticle.bulk.output import JSON_FIELDS


def _crawl(tmp_path: Path, n_files: int = 3, per_file: int = 4) -> list[Path]:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    return [write_warc(src / f"crawl-{k:02d}.warc.gz", pages(per_file, start=k * 100))
            for k in range(n_files)]


def test_every_record_becomes_one_output_record(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    warcs = _crawl(tmp_path)
    out = tmp_path / "out"
    assert main([str(w) for w in warcs] + ["-o", str(out), "--workers", "2"]) == 0
    files = outputs(out)
    assert [f.name.split(".")[0] for f in files] == ["crawl-00", "crawl-01", "crawl-02"]
    records = read_records(files[1])
    assert [r["url"] for r in records] == [f"https://news.example/{i}" for i in range(100, 104)]
    assert all("Paragraph 0 of story" in r["articleBody"] for r in records)
    assert records[0]["source"]["input"] == str(warcs[1])
    assert isinstance(records[0]["source"]["offset"], int)
    manifest = json.loads(Path(str(files[1]) + ".done.json").read_text())
    assert manifest["status"] == "done"
    assert manifest["counts"] == {"pages": 4, "articles": 4, "empty": 0, "errors": 0}
    assert manifest["config"]["favor"] == "balanced" and manifest["version"]
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert "done: 3/3 inputs" in summary and "12 pages, 12 articles, 0 empty, 0 errors" in summary
    assert "pages/s" in summary


def test_corrupt_gzip_member_reported_run_goes_on_exit_1(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    warcs = _crawl(tmp_path, per_file=5)
    corrupt_member(warcs[0], 2)
    out = tmp_path / "out"
    assert main([str(tmp_path / "in"), "-o", str(out), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{warcs[0]}: damaged: damaged data after offset" in err
    damaged, *others = outputs(out)
    records = read_records(damaged)
    errors = [r for r in records if "error" in r]
    assert len(errors) == 1 and errors[0]["error"]["reason"] == "damaged_input"
    assert [r["url"] for r in records if "error" not in r] == [  # the pages around it are kept
        f"https://news.example/{i}" for i in (0, 1, 3, 4)]
    assert all(len(read_records(f)) == 5 for f in others)  # the other inputs finished
    manifest = json.loads(Path(str(damaged) + ".done.json").read_text())
    assert manifest["status"] == "damaged" and manifest["problems"]
    # a damaged input is not "finished": a re-run tries it again and still says so
    assert main([str(tmp_path / "in"), "-o", str(out), "--workers", "1"]) == 1
    assert "2 already done" in capsys.readouterr().err


def test_missing_input_exit_1_others_finish(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (warc,) = _crawl(tmp_path, n_files=1)
    out = tmp_path / "out"
    assert main([str(warc), str(tmp_path / "nope.warc.gz"), "-o", str(out), "--workers", "1"]) == 1
    assert "nope.warc.gz: not_found" in capsys.readouterr().err
    assert len(read_records(outputs(out)[0])) == 4


@pytest.mark.parametrize("args", [
    ["--shard", "3/3"], ["--shard", "x"], ["--workers", "0"], ["--scheduler", "tcp://h:1"],
    ["--format", "csv"], [],
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    (warc,) = _crawl(tmp_path, n_files=1)
    argv = [str(warc), "-o", str(tmp_path / "out"), *args] if args else ["-o", "x"]
    assert main(argv) == 2


def test_shards_split_the_inputs_without_overlap(tmp_path: Path) -> None:
    _crawl(tmp_path, n_files=5, per_file=1)
    glob = str(tmp_path / "in" / "*.warc.gz")
    shards = [expand_inputs([glob], Shard.parse(f"{i}/2")).paths for i in range(2)]
    assert [len(s) for s in shards] == [3, 2]
    assert sorted(shards[0] + shards[1]) == expand_inputs([glob]).paths
    out = tmp_path / "out"
    assert main([glob, "-o", str(out), "--shard", "1/2", "--workers", "1"]) == 0
    assert [f.name.split(".")[0] for f in outputs(out)] == ["crawl-01", "crawl-03"]
    assert main([glob, "-o", str(out), "--shard", "0/2", "--workers", "1"]) == 0
    assert len(outputs(out)) == 5


def test_resume_skips_finished_inputs_and_no_resume_redoes_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _crawl(tmp_path, n_files=2, per_file=2)
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "-o", str(out), "--workers", "1"]
    assert main(args) == 0
    first = {f.name: f.stat().st_mtime_ns for f in outputs(out)}
    capsys.readouterr()
    assert main(args) == 0
    assert "2 already done" in capsys.readouterr().err
    assert {f.name: f.stat().st_mtime_ns for f in outputs(out)} == first
    assert main([*args, "--no-resume"]) == 0
    assert "0 already done" in capsys.readouterr().err
    assert all(f.stat().st_mtime_ns != first[f.name] for f in outputs(out))
    # an input that changed since it was cleaned (a crawl that went on) is cleaned again
    write_warc(tmp_path / "in" / "crawl-01.warc.gz", pages(3, start=100))
    assert main(args) == 0
    assert "1 already done" in capsys.readouterr().err
    assert [len(read_records(f)) for f in outputs(out)] == [2, 3]


@pytest.mark.parametrize("fmt", ["jsonl.gz", "parquet"])
def test_other_output_formats_hold_the_same_records(tmp_path: Path, fmt: str) -> None:
    (warc,) = _crawl(tmp_path, n_files=1, per_file=3)
    assert main([str(warc), "-o", str(tmp_path / "a"), "--workers", "1"]) == 0
    assert main([str(warc), "-o", str(tmp_path / "b"), "--workers", "1", "--format", fmt]) == 0
    (plain,), (other,) = outputs(tmp_path / "a"), outputs(tmp_path / "b")
    assert other.name.endswith("." + fmt)
    want, got = read_records(plain), read_records(other)
    if fmt == "parquet":  # nested values are JSON text in a columnar file
        got = [{k: json.loads(v) if k in JSON_FIELDS and v is not None else v
                for k, v in row.items() if v is not None or k in want[0]} for row in got]
    assert got == want


def test_json_lines_and_folder_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "pages").mkdir(parents=True)
    (src / "pages" / "a.html").write_bytes(story(1))
    (src / "pages" / "b.html.gz").write_bytes(gzip.compress(story(2)))
    lines = [json.dumps({"u": f"https://j/{i}", "html": story(i).decode()}) for i in range(2)]
    (src / "p.jsonl").write_text("\n".join([*lines, "{broken"]) + "\n")
    out = tmp_path / "out"
    assert main([str(src / "p.jsonl"), str(src / "pages"), "-o", str(out), "--url-key", "u",
                 "--workers", "1"]) == 0  # a bad line is an error record, not a failed input
    by_name = {f.name.split(".")[0]: read_records(f) for f in outputs(out)}
    assert [r["url"] for r in by_name["p"][:2]] == ["https://j/0", "https://j/1"]
    assert by_name["p"][2]["error"]["reason"] == "bad_record"
    assert by_name["p"][2]["source"]["line"] == 3
    assert [r["source"]["path"] for r in by_name["pages"]] == ["a.html", "b.html.gz"]


def test_progress_lines_on_a_pipe_and_real_exit_codes(tmp_path: Path) -> None:
    _crawl(tmp_path, n_files=2, per_file=2)
    done = cli([str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "1",
                "--progress-every", "0.05"])
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    assert "\r" not in done.stderr  # no progress bar when stderr is not a terminal
    assert lines[-1].startswith("cleanarticle bulk: done: 2/2 inputs")
    assert "4 pages, 4 articles" in lines[-1]
    usage = cli(["--shard", "1/0", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert usage.returncode == 2


def test_one_page_cli_refuses_a_warc_by_name_and_by_content(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (warc,) = _crawl(tmp_path, n_files=1, per_file=2)
    renamed = tmp_path / "page.html"
    renamed.write_bytes(warc.read_bytes())
    jsonl = tmp_path / "saved.jsonl"
    jsonl.write_text(json.dumps({"url": "https://j/1", "html": "<p>x</p>"}) + "\n")
    for path in (warc, renamed, jsonl):
        assert one_page.main([str(path)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""  # never read as one page
        assert "cleanarticle bulk" in captured.err
    # inside a folder, an archive under a page's name is caught by its content
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "x.html").write_bytes(warc.read_bytes())
    assert one_page.main([str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "bulk_input" in captured.err


def test_one_page_cli_dispatches_bulk(tmp_path: Path) -> None:
    (warc,) = _crawl(tmp_path, n_files=1, per_file=1)
    assert one_page.main(["bulk", str(warc), "-o", str(tmp_path / "out"), "--workers", "1"]) == 0
    assert len(outputs(tmp_path / "out")) == 1


def test_progress_bars_in_a_terminal(tmp_path: Path) -> None:
    """On a terminal, stderr gets tqdm bars (carriage returns), then the summary line."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    _crawl(tmp_path, n_files=2, per_file=2)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    with subprocess.Popen(
            [sys.executable, "-m", "scrapy_cleanarticle", "bulk", str(tmp_path / "in"), "-o",
             str(tmp_path / "out"), "--workers", "1"], stderr=follower,
            stdout=subprocess.DEVNULL) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closes when the child exits
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(120) == 0
    os.close(leader)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "| 2/2 [" in text  # tqdm's bar over the inputs, absent from the line-by-line mode
    assert "cleanarticle bulk: done: 2/2 inputs" in text
