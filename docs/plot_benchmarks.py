"""Draw the benchmarks page's plot: body F1 against CPU time, for us and the peers.

    python docs/plot_benchmarks.py [DATA.json] [OUT.svg]

Reads ``docs/_data/benchmarks.json`` (one entry per tool: ``f1``, ``f1_sd``, ``cpu`` as a
multiple of an lxml parse, ``cpu_low``/``cpu_high`` over runs) and writes an SVG. The docs
build runs it, so the picture always matches the committed numbers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

DOCS = Path(__file__).resolve().parent
DATA = DOCS / "_data" / "benchmarks.json"
OUT = DOCS / "_static" / "benchmarks.svg"


def main(argv: Sequence[str] | None = None) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    args = list(sys.argv[1:] if argv is None else argv)
    data = json.loads(Path(args[0] if args else DATA).read_text("utf-8"))
    out = Path(args[1] if len(args) > 1 else OUT)
    out.parent.mkdir(parents=True, exist_ok=True)
    plt.rcParams["svg.hashsalt"] = "scrapy-cleanarticle"  # the same file for the same data
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for tool in data["tools"]:
        ours = tool.get("us", False)
        xerr = [[tool["cpu"] - tool["cpu_low"]], [tool["cpu_high"] - tool["cpu"]]]
        ax.errorbar(tool["cpu"], tool["f1"], xerr=xerr, yerr=tool["f1_sd"], fmt="o",
                    markersize=9 if ours else 7, color="#c0392b" if ours else "#34495e",
                    capsize=3)
        ax.annotate(tool["name"], (tool["cpu"], tool["f1"]), textcoords="offset points",
                    xytext=(8, 6), fontsize=9, fontweight="bold" if ours else "normal")
    ax.set_xlabel("CPU time per page, × one lxml parse (lower is better)")
    ax.set_ylabel("body F1 (higher is better)")
    ax.set_title(f"{data['dataset']}, {data['interpreter']}", fontsize=10)
    ax.set_xlim(0, max(t["cpu_high"] for t in data["tools"]) * 1.25)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(main())
