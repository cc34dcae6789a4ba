"""Nothing lost: a page that hangs or kills its worker is a record; a run killed mid-way resumes
with no duplicates and no half-written outputs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bulk_support import CRASH, HANG, HOOK, ROOT, outputs, pages, read_records, story, write_warc

from scrapy_cleanarticle.bulk import BulkOptions, clean_file

FIXTURES = ROOT / "fixtures" / "html"


@pytest.mark.slow
def test_hanging_and_crashing_pages_are_records_and_the_file_goes_on(tmp_path: Path) -> None:
    crawl = [*pages(2), ("https://news.example/hang", story(50, HANG)), *pages(2, start=2),
             ("https://news.example/crash", story(51, CRASH)), *pages(1, start=4)]
    src = write_warc(tmp_path / "c.warc.gz", crawl)
    opts = BulkOptions(workers=2, timeout=5.0, clean_function=HOOK)
    result = clean_file(src, tmp_path / "out", options=opts)
    assert result.status == "done"
    records = read_records(outputs(tmp_path / "out")[0])
    assert [r["url"] for r in records] == [url for url, _ in crawl]  # input order kept
    errors = {r["url"]: r["error"]["reason"] for r in records if "error" in r}
    assert errors == {"https://news.example/hang": "timeout",
                      "https://news.example/crash": "worker_crash"}
    assert (result.counts.pages, result.counts.articles, result.counts.errors) == (7, 5, 2)


def test_inline_cleaning_when_workers_is_zero(tmp_path: Path) -> None:
    src = write_warc(tmp_path / "c.warc.gz", pages(3))
    result = clean_file(src, tmp_path / "out", options=BulkOptions(workers=0))
    assert (result.status, result.counts.articles) == ("done", 3)


def _fixture_crawl(src: Path, n_files: int) -> list[Path]:
    bodies = [(f"https://fixtures.example/{p.name}", p.read_bytes())
              for p in sorted(FIXTURES.glob("*.html"))]
    src.mkdir()
    return [write_warc(src / f"part-{k}.warc.gz", bodies) for k in range(n_files)]


def _kill_mid_run(cmd: list[str], out: Path, deadline: float = 120.0) -> bool:
    """Start ``cmd``; SIGKILL it once one input is committed and another is being written.
    False if the run ended before that moment came."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        stop = time.monotonic() + deadline
        while time.monotonic() < stop and proc.poll() is None:
            names = [p.name for p in out.iterdir()] if out.exists() else []
            if any(n.endswith(".done.json") for n in names) and \
                    any(n.endswith(".jsonl.part") for n in names):
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(30)
                return True
            time.sleep(0.005)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)


@pytest.mark.slow
def test_resume_after_sigkill_of_the_parent(tmp_path: Path) -> None:
    inputs = _fixture_crawl(tmp_path / "in", n_files=3)
    n_pages = len(list(FIXTURES.glob("*.html")))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "scrapy_cleanarticle", "bulk", str(tmp_path / "in"), "-o",
           str(out), "--workers", "1"]
    assert _kill_mid_run(cmd, out), "the run finished before it could be killed"
    committed = {p.name for p in out.iterdir() if p.name.endswith(".done.json")}
    assert 1 <= len(committed) < len(inputs)
    for manifest in committed:  # what was committed before the kill is whole
        assert len(read_records(out / manifest.removesuffix(".done.json"))) == n_pages

    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300,
                           check=False)
    assert again.returncode == 0, again.stderr
    assert f"{len(committed)} already done" in again.stderr.splitlines()[-1]
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.endswith(".part")]  # no half-written file is left
    files = outputs(out)
    assert len(files) == len(inputs)
    for file in files:
        assert (out / (file.name + ".done.json")).exists()
        records = read_records(file)
        offsets = [r["source"]["offset"] for r in records]
        assert len(records) == n_pages and len(set(offsets)) == n_pages  # no duplicates
