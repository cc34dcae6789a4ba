"""Issue 15, item 9 and the package: ``cleanarticle`` behaves like a Unix tool."""

from __future__ import annotations

import signal
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import scrapy_cleanarticle

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
CLI = [sys.executable, "-m", "scrapy_cleanarticle"]


def test_version_is_the_installed_distributions() -> None:
    out = subprocess.run([*CLI, "--version"], capture_output=True, text=True, check=True,
                         timeout=60)
    assert out.stdout.strip().startswith(f"cleanarticle {version('scrapy-cleanarticle')}, ")
    assert scrapy_cleanarticle.__version__ == version("scrapy-cleanarticle")


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on this platform")
def test_a_closed_pipe_ends_the_run_like_head_expects() -> None:
    """``cleanarticle fixtures/html | head -1``: killed by SIGPIPE, nothing on stderr."""
    with subprocess.Popen([*CLI, str(FIXTURES)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # what `head -1` does after its line
        stderr = proc.stderr.read()
        returncode = proc.wait(timeout=120)
    assert first.startswith(b"{")
    assert returncode == -signal.SIGPIPE, stderr.decode()[-2000:]
    assert stderr == b""
