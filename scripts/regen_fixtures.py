#!/usr/bin/env python
"""Check or regenerate the golden fixtures in ``fixtures/html/``: the command line of the golden
harness, which lives with the tests that use it (``tests/golden_support.py``, where the split
between hand-written keys and the ``expected`` view is explained).

Usage::

    python scripts/regen_fixtures.py --check [--summary] [SLUG...]  # diff; exit 1 on change
    python scripts/regen_fixtures.py --write [SLUG...]              # rewrite "expected"
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# tests/ is not a package, and a checkout need not be installed to be checked
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from golden_support import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
