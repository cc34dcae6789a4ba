"""Fail when the sdist lacks a file its tests read: every tracked file under tests/ and
fixtures/, and the configuration pytest and mypy read.

Usage: python scripts/check_sdist.py dist/scrapy_cleanarticle-X.tar.gz
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEEDED_DIRS = ("tests", "fixtures", "scrapy_cleanarticle")
NEEDED_FILES = ("setup.cfg", "setup.py", "mypyc.ini", "pyproject.toml", "LICENSE", "README.pypi.md")


def tracked(directory: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", directory], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return [line for line in out.stdout.splitlines() if line]


def main(sdist: str) -> int:
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    wanted = [f for d in NEEDED_DIRS for f in tracked(d)] + list(NEEDED_FILES)
    missing = [f for f in wanted if f not in names]
    for name in missing:
        print(f"check_sdist: {sdist} lacks {name}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
