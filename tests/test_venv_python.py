"""``scripts/venv-python``: the interpreter ``./dev`` and ``.ci/run`` build ``.venv`` on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "venv-python"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _pick(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "CLEANARTICLE_PYTHON"}
    out = subprocess.run([str(SCRIPT)], env={**clean, **env}, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def test_override_wins() -> None:
    assert _pick(CLEANARTICLE_PYTHON=sys.executable) == sys.executable


def test_choice_can_build_the_venv() -> None:
    """Whatever is picked runs, is new enough for the project and has venv + ensurepip."""
    chosen = _pick()
    assert chosen in ("/usr/bin/python3", "python3")
    check = subprocess.run(
        [chosen, "-c", "import sys, venv, ensurepip; print(sys.version_info >= (3, 10))"],
        capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "True"
