"""The command-line front end: inputs, formats, and failure isolation."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scrapy_cleanarticle import cli

ROOT = Path(__file__).resolve().parent.parent
STORY = (
    "<html lang='en'><head><title>Harbor dredging starts | Test Gazette</title></head><body>"
    "<article><h1>Harbor dredging starts</h1>"
    "<p>Dredging of the inner harbor began on Monday after three years of permits and appeals, "
    "the port authority said in a statement to reporters.</p>"
    "<p>The work will deepen the main channel by two metres so that larger cargo ships can dock "
    "at the container terminal without waiting for high tide.</p>"
    "<p>Fishermen have asked for the work to pause during the spring spawning season, and the "
    "authority said it would consider the request at its next meeting.</p>"
    "</article></body></html>"
)


def _write(path: Path, text: str = STORY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_json_lines_for_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _write(tmp_path / "story.html")
    assert cli.main([str(page), "--url", "https://example.org/harbor"]) == 0
    records = _lines(capsys.readouterr().out)
    assert len(records) == 1
    record = records[0]
    assert record["source"] == str(page)
    assert record["url"] == "https://example.org/harbor"
    assert "Dredging of the inner harbor" in str(record["articleBody"])
    assert "metadata" in record


def test_folder_is_searched_recursively(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "a.html")
    _write(tmp_path / "sub" / "b.htm")
    with gzip.open(tmp_path / "c.html.gz", "wt", encoding="utf-8") as fh:
        fh.write(STORY)
    _write(tmp_path / "notes.txt", "not a page")
    assert cli.main([str(tmp_path)]) == 0
    sources = sorted(Path(str(r["source"])).name for r in _lines(capsys.readouterr().out))
    assert sources == ["a.html", "b.htm", "c.html.gz"]


@pytest.mark.parametrize(("fmt", "needle"), [
    ("text", "Dredging of the inner harbor"),
    ("html", "<p>"),
    ("markdown", "Dredging of the inner harbor"),
])
def test_body_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                      fmt: str, needle: str) -> None:
    page = _write(tmp_path / "story.html")
    assert cli.main([str(page), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert needle in out
    assert not out.lstrip().startswith("{")


def test_text_format_marks_each_file_when_several(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _write(tmp_path / "a.html"), _write(tmp_path / "b.html")
    assert cli.main([str(a), str(b), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert f"==> {a} <==" in out and f"==> {b} <==" in out


def test_failures_are_reported_and_others_still_processed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path / "good.html")
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    missing = tmp_path / "missing.html"
    broken_gz = tmp_path / "broken.html.gz"
    broken_gz.write_bytes(b"this is not gzip data")
    status = cli.main([str(binary), str(missing), str(good), str(broken_gz)])
    captured = capsys.readouterr()
    assert status == cli.EXIT_FAILED
    records = _lines(captured.out)
    assert [r["source"] for r in records] == [str(good)]
    # The reason is the error's own .reason (e.g. "binary" or "not_html"), never a traceback.
    assert re.search(rf"{re.escape(str(binary))}: [a-z_]+: ", captured.err)
    assert "Traceback" not in captured.err
    assert f"{missing}: not_found:" in captured.err
    assert f"{broken_gz}: io_error:" in captured.err
    assert "3 of 4 input(s) failed" in captured.err


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    fake = io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert cli.main(["-", "--url", "https://example.org/x"]) == 0
    (record,) = _lines(capsys.readouterr().out)
    assert record["source"] == "-"
    assert "Dredging" in str(record["articleBody"])


def test_no_path_reads_piped_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    args = cli.build_parser().parse_args([])
    out, err = io.StringIO(), io.StringIO()
    fake = io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8")), encoding="utf-8")
    old = sys.stdin
    sys.stdin = fake
    try:
        status = cli.run(args, out, err, stdin_is_tty=False)
    finally:
        sys.stdin = old
    assert status == 0, err.getvalue()
    assert "Dredging" in out.getvalue()


def test_no_input_at_a_terminal_is_a_usage_error() -> None:
    args = cli.build_parser().parse_args([])
    err = io.StringIO()
    assert cli.run(args, io.StringIO(), err, stdin_is_tty=True) == cli.EXIT_USAGE
    assert "no input" in err.getvalue()


def test_favor_option_and_bad_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = _write(tmp_path / "story.html")
    assert cli.main([str(page), "--favor", "precision"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        cli.main([str(page), "--format", "pdf"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        cli.main([str(page), "--favor", "speed"])


def test_fixture_page_through_cli(capsys: pytest.CaptureFixture[str]) -> None:
    page = ROOT / "fixtures" / "html" / "inquirer-kursk.html"
    assert cli.main([str(page), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "North Korea confirmed for the first time" in out


def test_python_dash_m_subprocess(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.html")
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\x00\x01\x02\x03" * 500)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy_cleanarticle", str(good), str(bad)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr
    (record,) = _lines(proc.stdout)
    assert record["source"] == str(good)
    assert str(bad) in proc.stderr
    piped = subprocess.run(
        [sys.executable, "-m", "scrapy_cleanarticle", "--format", "text"], input=STORY,
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert piped.returncode == 0, piped.stderr
    assert "Dredging of the inner harbor" in piped.stdout
