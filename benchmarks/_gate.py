"""The committed figures of every dev set (benchmarks/baseline.json) and the gate that holds them.

One flat table of figures per set (``"article.f1"``, ``"all.empty"``, ``"marker.leakage"``) keeps
the file readable in a diff and lets one rule per figure name say which direction is better and
how far a change may move it. quality.py prints the verdicts and raises the file with
``--update-baseline``; tests/test_eval_gate.py fails CI on them. The figures are computed by the
same functions in both places, so a gate failure always means what the harness shows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from benchmarks._common import BASELINE_PATH, GATE_TOLERANCE, Summary
from benchmarks.noise import NoiseScore
from benchmarks.wcxb import ALL, TypeSummary

SET_KEYS = {"zyte": "zyte_dev", "wcxb": "wcxb_dev", "noise": "noise_dev"}
SetFigures = dict[str, float]


class Rule(NamedTuple):
    higher_is_better: bool
    tolerance: float


# The cleaner is deterministic, so a tolerance is not for noise: it lets a change trade a page or
# two for a real gain elsewhere. Page types hold about 100 pages each: one page moves their F1 by
# about 0.01, so they get more room than the whole set.
_RULES = {
    "f1": (Rule(True, GATE_TOLERANCE), Rule(True, 0.01)),
    "precision": (Rule(True, GATE_TOLERANCE), Rule(True, 0.01)),
    "without": (Rule(False, GATE_TOLERANCE), Rule(False, 0.01)),
    "empty": (Rule(False, 3), Rule(False, 2)),
    "leakage": (Rule(False, GATE_TOLERANCE), Rule(False, 0.01)),
}


def rule_for(key: str) -> Rule | None:
    """The gate rule of a figure; None for figures that are kept for information only."""
    part, _, name = key.rpartition(".")
    rules = _RULES.get(name)
    if rules is None:
        return None
    return rules[0] if part in ("", ALL) else rules[1]


@dataclass
class Figures:
    """Our figures for the sets that ran; a set that did not run stays None."""

    by_set: dict[str, SetFigures] = field(default_factory=dict)


def zyte_figures(summary: Summary) -> SetFigures:
    return {"f1": summary.f1, "precision": summary.precision, "recall": summary.recall}


def wcxb_figures(table: Mapping[str, TypeSummary]) -> SetFigures:
    out: SetFigures = {}
    for kind, s in table.items():
        out[f"{kind}.f1"] = s.f1
        out[f"{kind}.without"] = s.without_rate
        out[f"{kind}.empty"] = float(s.empty_truth_text)
    return out


def noise_figures(score: NoiseScore) -> SetFigures:
    out: SetFigures = {"leakage": score.leakage, "f1": score.f1}
    for kind in score.totals:
        out[f"{kind}.leakage"] = score.rate(kind)
    return out


def read_figures(path: Path = BASELINE_PATH) -> dict[str, SetFigures]:
    data = json.loads(path.read_text("utf-8"))
    return {key: {k: float(v) for k, v in values.items()} for key, values in data.items()}


def failures(current: SetFigures, baseline: SetFigures) -> list[str]:
    """One message per gated figure that moved the wrong way by more than its tolerance.

    A figure in the baseline that is no longer measured fails too: a renamed or dropped page
    type must not silently leave the gate.
    """
    out = []
    for key, base in sorted(baseline.items()):
        rule = rule_for(key)
        if rule is None:
            continue
        if key not in current:
            out.append(f"{key} not measured (baseline {base:g})")
            continue
        now = current[key]
        worse = base - now if rule.higher_is_better else now - base
        if worse > rule.tolerance + 1e-9:
            sign = "<" if rule.higher_is_better else ">"
            out.append(f"{key} {now:.4f} {sign} baseline {base:.4f} (tolerance {rule.tolerance:g})")
    return out


def print_gate(figures: Figures, path: Path = BASELINE_PATH) -> None:
    if not figures.by_set or not path.exists():
        return
    baseline = read_figures(path)
    print("\n== gate against " + path.name)
    for name, current in figures.by_set.items():
        key = SET_KEYS[name]
        if key not in baseline:
            print(f"{key:<10} no baseline yet (--update-baseline writes it)")
            continue
        fails = failures(current, baseline[key])
        verdict = "REGRESSION: " + "; ".join(fails) if fails else "ok"
        print(f"{key:<10} {verdict}")


# The figures that one line per set shows, to compare runs at a glance (the tables hold the rest).
SUMMARY_KEYS = {
    "zyte": ("f1", "precision", "recall"),
    "wcxb": ("all.f1", "article.f1", "all.without", "all.empty"),
    "noise": ("leakage", "marker.leakage", "subscribe.leakage", "cookie.leakage", "f1"),
}


def print_summary(figures: Figures) -> None:
    """One line per set with our headline figures: what the lead compares between two runs."""
    if figures.by_set:
        print("\n== our figures")
    for name, current in figures.by_set.items():
        shown = [
            f"{k} {current[k]:.0f}" if k.endswith(".empty") else f"{k} {current[k]:.3f}"
            for k in SUMMARY_KEYS[name]
            if k in current
        ]
        print(f"{SET_KEYS[name]:<10} " + "  ".join(shown))


def _rounded(key: str, value: float) -> float:
    # Toward the worse side at 4 decimals: a rounded baseline must not sit above what was measured.
    rule = rule_for(key)
    if rule is not None and not rule.higher_is_better:
        return math.ceil(value * 10000 - 1e-9) / 10000
    return math.floor(value * 10000 + 1e-9) / 10000


def update_baseline(figures: Figures, *, force: bool, path: Path = BASELINE_PATH) -> str:
    """Write every measured set's figures; a gated figure only improves unless ``force``."""
    data = read_figures(path) if path.exists() else {}
    changed = []
    for name, current in figures.by_set.items():
        key = SET_KEYS[name]
        old = data.get(key, {})
        new = {}
        for fig, value in current.items():
            value = _rounded(fig, value)
            rule = rule_for(fig)
            if not force and rule is not None and fig in old:
                better = max if rule.higher_is_better else min
                value = better(value, old[fig])
            new[fig] = int(value) if fig.endswith(".empty") else value  # a count of pages
        if not force:  # keep figures of the old file that this run did not measure
            new = {**old, **new}
        changed += [f"{key}.{k} {old.get(k)} -> {v}" for k, v in sorted(new.items()) if old.get(k) != v]
        data[key] = new
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
    return "baseline: " + ("; ".join(changed) if changed else "unchanged")
