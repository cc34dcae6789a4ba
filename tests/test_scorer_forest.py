"""The learned scorer's trees walked in C (``_forest.c``) give the array walk's leaf values.

The compiled build walks the trees in C and leaves the sum of the leaves to numpy, so the
probabilities must equal the array walk's bit for bit, on the shipped model, for any number
of rows (the C walk takes rows sixteen at a time, then the rest one by one), and for values
at, just beside and between the model's thresholds, and NaN. The walk is used only once it has
agreed on a sample; malformed input is refused with ValueError, never read out of bounds.
"""

from __future__ import annotations

import numpy as np
import pytest

from scrapy_cleanarticle import scorer
from scrapy_cleanarticle._native import STATE
from scrapy_cleanarticle.scorer import TreeModel, feature_names, load_model, model_from_dict


def _model() -> TreeModel:
    model = load_model()
    assert model is not None
    return model


def _rows(model: TreeModel, count: int, seed: int) -> np.ndarray:
    """Rows whose every value is a threshold of the model, a neighbour of one, or NaN."""
    rng = np.random.default_rng(seed)
    splits = np.unique(model.threshold)
    pool = np.concatenate([splits, np.nextafter(splits, -np.inf), np.nextafter(splits, np.inf),
                           [np.nan, -np.inf, np.inf, 0.0]])
    width = len(feature_names(len(model.groups)))
    return rng.choice(pool, size=(count, width))


@pytest.mark.skipif(not STATE.compiled, reason="the walk in C is used by compiled builds only")
def test_the_compiled_build_walks_the_shipped_trees_in_c() -> None:
    model = _model()
    assert model._walk is not None, "the compiled forest walk disagreed with the array walk"


@pytest.mark.skipif(not STATE.compiled, reason="the walk in C is used by compiled builds only")
@pytest.mark.parametrize("count", [0, 1, 15, 16, 17, 40, 300])
def test_the_walk_in_c_gives_the_array_walks_probabilities(count: int) -> None:
    model = _model()
    x = _rows(model, count, seed=count)
    leaves = model._leaf_values(x)
    assert leaves.shape == (count, model.roots.size)
    assert np.array_equal(leaves, model._array_leaves(x))
    assert np.array_equal(model.probability(x),
                          1.0 / (1.0 + np.exp(-(model._array_leaves(x).sum(axis=1)
                                                + model.baseline))))


@pytest.mark.skipif(not STATE.compiled, reason="the walk in C is used by compiled builds only")
def test_the_walk_in_c_refuses_what_does_not_fit() -> None:
    model = _model()
    walk = model._walk
    assert walk is not None
    width = model._width
    x = np.zeros((3, width))
    out = np.empty((3, model.roots.size))
    bad_child = bytearray(model._nodes)
    bad_child[12:16] = (10**9).to_bytes(4, "little")  # node 0's first child, out of the forest
    with pytest.raises(ValueError):
        walk(x, width, bytes(bad_child), model._leaves, model._roots, model.depth, out)
    with pytest.raises(ValueError):  # a column past the rows' width
        walk(np.zeros((3, 1)), 1, model._nodes, model._leaves, model._roots, model.depth,
             np.empty((3, model.roots.size)))
    with pytest.raises(ValueError):  # out too small
        walk(x, width, model._nodes, model._leaves, model._roots, model.depth, out[:2])
    with pytest.raises(ValueError):  # float32 rows
        walk(x.astype(np.float32), width, model._nodes, model._leaves, model._roots,
             model.depth, out)
    bad_root = model._roots.copy()
    bad_root[0] = -1
    with pytest.raises(ValueError):
        walk(x, width, model._nodes, model._leaves, bad_root, model.depth, out)


@pytest.mark.pure_python  # replaces scorer.compiled_reads
def test_a_walk_that_disagrees_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    class Wrong:
        @staticmethod
        def forest(x: object, width: int, nodes: bytes, leaves: object, roots: object,
                   depth: int, out: np.ndarray) -> None:
            out[...] = 0.0

    monkeypatch.setattr(scorer, "compiled_reads", lambda: Wrong)
    model = model_from_dict({
        "baseline": 0.0, "groups": [["article"]], "cutoff": 0.5,
        "trees": [{"feature": [0, 0, 0], "threshold": [0.5, 0, 0], "left": [1, -1, -1],
                   "right": [2, -1, -1], "value": [0, 1.0, -1.0], "depth": 1}]})
    assert model._walk is None
    assert list(model.probability(np.array([[0.0], [1.0]]))) == pytest.approx(
        [1 / (1 + np.exp(-1.0)), 1 / (1 + np.exp(1.0))])
