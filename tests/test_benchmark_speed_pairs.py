"""benchmarks/speed_pairs.py: builds take turns, and the report counts the pairs right."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from benchmarks._common import warm_up_cleaner
from benchmarks.speed_pairs import Pass, child, pairs, summary
from scrapy_cleanarticle import scorer


def test_the_builds_take_turns_going_first() -> None:
    order: list[str] = []

    def run(name: str) -> Pass:
        order.append(name)
        return Pass(1.0, 4.0 if name == "base" else 3.0, 2, name)

    done = pairs(run, 3)
    assert order == ["base", "this", "this", "base", "base", "this"]
    assert all(base.build == "base" and this.build == "this" for base, this in done)


def test_the_summary_counts_the_pairs_this_build_won() -> None:
    done = [(Pass(1.0, 5.0, 3, "b"), Pass(1.0, 4.0, 3, "t")),
            (Pass(1.0, 4.0, 3, "b"), Pass(2.0, 9.0, 3, "t")),
            (Pass(1.0, 6.0, 3, "b"), Pass(1.0, 5.5, 3, "t"))]
    result = summary(done)
    assert result["base"] == [5.0, 4.0, 6.0]
    assert result["this"] == [4.0, 4.5, 5.5]
    assert result["base_median"] == 5.0 and result["this_median"] == 4.5
    assert result["this_faster"] == 2 and result["pairs"] == 3


def test_a_pass_times_every_page_beside_its_parse(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    truth = {}
    for page_id in ("a", "b"):
        html = (f"<html><head><title>Story {page_id}</title></head><body><article><h1>Story "
                f"{page_id}</h1>" + "<p>A sentence of the story, long enough to keep.</p>" * 5
                + "</article></body></html>")
        with gzip.open(tmp_path / "html" / f"{page_id}.html.gz", "wt", encoding="utf-8") as f:
            f.write(html)
        truth[page_id] = {"url": f"https://example.com/{page_id}", "articleBody": ""}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    done = child(tmp_path, 1)
    assert done.pages == 2
    assert done.parse > 0 and done.ours > 0
    assert done.ratio == done.ours / done.parse
    assert done.build.endswith("scrapy_cleanarticle")


def test_the_warm_up_sets_up_the_learned_scorer() -> None:
    # A benchmark's first page may declare its story and never reach the scorer: the warm-up
    # must build its model and character table before anything is counted.
    scorer.load_model.cache_clear()
    scorer._bmp_classes.cache_clear()
    warm_up_cleaner()
    assert scorer.load_model.cache_info().currsize == 1
    assert scorer._bmp_classes.cache_info().currsize == 1
