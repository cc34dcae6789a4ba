"""The build's fallbacks, built for real: without a C compiler, and with the switch.

Each test builds a wheel of the checkout with pip (build isolation fetches setuptools and the
pinned mypy, as any install does), so they are slow; what they check is what a user without a
compiler gets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scrapy_cleanarticle._build import MANIFEST, PURE_ENV

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _wheel(tmp_path: Path, **env: str) -> tuple[Path, str]:
    environ = {k: v for k, v in os.environ.items() if k != PURE_ENV}
    environ.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
         str(ROOT)], capture_output=True, text=True, env=environ, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = tmp_path.glob("*.whl")
    return wheel, done.stderr


def _names(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as zf:
        return zf.namelist()


def test_no_compiler_gives_a_working_pure_install(tmp_path: Path) -> None:
    wheel, _log = _wheel(tmp_path / "w", CC="/bin/false")
    assert wheel.name.endswith("-py3-none-any.whl")  # no platform tag without binaries
    names = _names(wheel)
    assert not [n for n in names if n.endswith((".so", ".pyd"))]  # none half-built
    assert f"scrapy_cleanarticle/{MANIFEST}" not in names
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    done = subprocess.run(
        [sys.executable, "-c", "from scrapy_cleanarticle import _native, clean_article;"
         "print(_native.STATE.describe());"
         "print(clean_article('<p>' + 'Words in a story. ' * 20 + '</p>').articleBody[:5])"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env={**os.environ, "PYTHONPATH": str(site)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["pure Python (no compiled modules in this install)",
                                           "Words"]


def test_switch_builds_a_pure_wheel(tmp_path: Path) -> None:
    wheel, _log = _wheel(tmp_path, **{PURE_ENV: "1"})
    assert wheel.name.endswith("-py3-none-any.whl")
    assert not [n for n in _names(wheel) if n.endswith((".so", ".pyd"))]
