"""``scripts/venv-python``: the interpreter ``./dev`` and ``.ci/run`` build ``.venv`` on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "venv-python"
SYSTEM_PYTHON = "/usr/bin/python3"  # the packaged interpreter the script prefers (see its header)

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _pick(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k != "CLEANARTICLE_PYTHON"}
    out = subprocess.run([str(SCRIPT)], env={**clean, **env}, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def test_override_wins() -> None:
    assert _pick(CLEANARTICLE_PYTHON=sys.executable) == sys.executable


def test_choice_can_build_the_venv() -> None:
    """Whatever is picked exists here, runs, is new enough for the project and has venv +
    ensurepip."""
    chosen = _pick()
    assert shutil.which(chosen), f"{chosen!r} is not an interpreter on this machine"
    check = subprocess.run(
        [chosen, "-c", "import sys, venv, ensurepip; print(sys.version_info >= (3, 10))"],
        capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "True"


def test_packaged_interpreter_is_preferred_exactly_when_it_qualifies() -> None:
    """The script's rule, on any machine: the distribution's python3 when it is 3.10+ with venv
    and ensurepip, else the first python3 on PATH."""
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        assert _pick() == "python3"
        return
    fits = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))"],
        capture_output=True, check=False).returncode == 0
    assert _pick() == (SYSTEM_PYTHON if fits else "python3")
