"""ruff and mypy are part of the test command, so CI fails on a lint or type regression."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("cmd", [
    [sys.executable, "-m", "ruff", "check", "scrapy_cleanarticle", "tests", "benchmarks", "scripts",
     "docs", "examples", "setup.py"],
    [sys.executable, "-m", "mypy", "scrapy_cleanarticle"],
])
def test_static_checks(cmd: list[str]) -> None:
    if shutil.which(cmd[0]) is None:
        pytest.fail(f"{cmd[0]} not found")
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
