"""Placeholder until the story-loss trace lands."""

from __future__ import annotations

from pathlib import Path

from benchmarks.wcxb import WcxbRun


def print_story_loss(runs: dict[str, WcxbRun], data_dir: Path) -> None:
    print("story-loss: not implemented yet")
