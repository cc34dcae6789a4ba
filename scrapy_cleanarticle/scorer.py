"""A learned block scorer: which units of a page are its main text.

Hand rules that pick one story-shaped container stop generalizing on pages that are not stories
(forum threads, documentation, product and service pages) and on stories whose templates nobody
tuned for. A small gradient-boosted tree ensemble over shallow unit features (text shape, tree
position, class-name word groups, and the rules' own verdict as a feature) decides unit by unit
instead. The model is data (``rules/blockmodel.json``), trained by ``scripts/train_block_scorer.py``
on the development sets with by-domain folds, and evaluated with numpy: all trees at once, one
array step per tree level, or, in the compiled build, by a walk in C (``_forest.c``) that
gives the same leaf values in half the time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from ._native import compiled_reads
from .blocks import ANCESTOR_TAGS, HASH_BUCKETS, KINDS, NameGroups, Unit
from .config import CleanerConfig
from .page import Paragraph

FloatArray: TypeAlias = npt.NDArray[np.float64]
_SENTENCE_END = frozenset({'.', '!', '?', '。', '！', '？', '"', '”', ')', ':'})
_WINDOW = 5


@dataclass(frozen=True)
class PageContext:
    """What the rules know about the whole page, the same for all of its units."""

    declared_article: bool
    has_body: bool


def feature_names(groups: int) -> list[str]:
    """Column names of :func:`features`, for the training script and for reading a model."""
    names = ["log_len", "log_words", "link_share", "period_rate", "comma_rate", "digit_share",
             "upper_share", "sentence_end", "starts_upper", "in_body", "depth", "rel_pos",
             "rel_chars", "prev_len", "next_len", "window_len", "page_share", "page_units",
             "body_share", "declared_article", "has_body", "separators", "words_per_link",
             "rel_depth", "body_gap"]
    names += [f"kind_{k}" for k in KINDS]
    names += [f"anc_{t}" for t in ANCESTOR_TAGS]
    names += [f"near_{i}" for i in range(groups)]
    names += [f"far_{i}" for i in range(groups)]
    names += [f"hash_{i}" for i in range(HASH_BUCKETS)]
    return names


def features(units: list[Unit], ctx: PageContext, groups: int) -> FloatArray:
    """One row per unit (see :func:`feature_names`)."""
    n = len(units)
    lengths = np.array([len(u.text) for u in units], dtype=np.float64)
    total = float(lengths.sum()) or 1.0
    log_len = np.log1p(lengths)
    base = np.zeros((n, 25), dtype=np.float64)
    base[:, _TEXT_COLUMNS] = _text_shape(units)
    base[:, _PLACE_COLUMNS] = _place(units)
    cumulative = np.cumsum(lengths) - lengths
    in_body_chars = sum(len(u.text) for u in units if u.in_body)
    base[:, 0] = log_len
    base[:, 11] = np.arange(n) / max(n - 1, 1)
    base[:, 12] = cumulative / total
    base[1:, 13] = log_len[:-1]
    base[:-1, 14] = log_len[1:]
    padded = np.concatenate([np.zeros(_WINDOW), log_len, np.zeros(_WINDOW)])
    window = np.convolve(padded, np.ones(2 * _WINDOW + 1) / (2 * _WINDOW + 1), mode="valid")
    base[:, 15] = window
    base[:, 16] = lengths / total
    base[:, 17] = math.log1p(n)
    base[:, 18] = in_body_chars / total
    base[:, 19] = ctx.declared_article
    base[:, 20] = ctx.has_body
    kinds = np.zeros((n, len(KINDS)))
    last = len(KINDS) - 1
    kinds[np.arange(n), [_KIND_INDEX.get(u.kind, last) for u in units]] = 1.0
    return np.hstack([base, kinds, _bits([u.ancestors for u in units], len(ANCESTOR_TAGS)),
                      _bits([u.names_near for u in units], groups),
                      _bits([u.names_far for u in units], groups), _hash_matrix(units)])


_KIND_INDEX = {k: i for i, k in enumerate(KINDS)}
# Columns filled per unit from its text alone, and from its place beside the rules' body.
_TEXT_COLUMNS = [1, 2, 3, 4, 5, 6, 7, 8, 21, 22]
_PLACE_COLUMNS = [9, 10, 23, 24]


def _text_shape(units: list[Unit]) -> FloatArray:
    """The text-shape columns of all units at once. The units' texts are joined and read as one
    array of code points: each character gets a class (space, period, comma, digit, capital,
    separator) and one ``bincount`` over (unit, class) counts them all, where a call per unit
    and several per text cost more than the rest of the feature matrix. Characters past the
    first 200 (digits, capitals) or 300 (separators) are not counted, as before; a character
    is classed by a lookup (:func:`_bmp_classes`), or, past the BMP, by ``str.isdigit`` and
    ``str.isupper``."""
    n = len(units)
    texts = [u.text for u in units]
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=n)
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = _bmp_classes()[np.minimum(points, _BMP_LAST)]
    astral = points > _BMP_LAST  # emoji, mathematical letters: few on any page
    if astral.any():
        classes[astral] = np.array([_wide_class(chr(c)) for c in points[astral].tolist()],
                                   dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    owner = np.repeat(np.arange(n, dtype=np.intp), lengths)
    offset = np.arange(points.size, dtype=np.intp) - starts[owner]
    classes[(classes >= _DIGIT) & (offset >= np.where(classes == _SEPARATOR, 300, 200))] = 0
    counts = np.bincount(owner * _CLASSES + classes, minlength=n * _CLASSES).reshape(
        n, _CLASSES).astype(np.float64)
    spaces, periods, commas, digits, upper, separators = (counts[:, k] for k in range(1, 7))
    size = np.maximum(lengths, 1).astype(np.float64)
    link = np.fromiter((u.link_chars for u in units), dtype=np.float64, count=n)
    filled = lengths > 0
    first = np.zeros(n, dtype=np.uint8)
    first[filled] = classes[starts[filled]]
    ends = np.fromiter([t[-1:] in _SENTENCE_END for t in texts], dtype=bool, count=n)
    head = np.minimum(size, 200.0)
    return np.column_stack([
        np.log1p(spaces + 1), link / size, 100.0 * periods / size, 100.0 * commas / size,
        digits / head, upper / head, ends.astype(np.float64), (first == _UPPER).astype(np.float64),
        separators, (spaces + 1) / (1 + link / 6.0)])


# Character classes, counted per unit (0: none of these). Digits, capitals and separators are
# only counted near the start of a unit, so they come last (one comparison finds them).
_SPACE, _PERIOD, _COMMA, _DIGIT, _UPPER, _SEPARATOR = 1, 2, 3, 4, 5, 6
_CLASSES = 8
_ASCII_CLASS = np.zeros(128, dtype=np.uint8)
_ASCII_CLASS[ord(" ")] = _SPACE
_ASCII_CLASS[ord(".")] = _PERIOD
_ASCII_CLASS[ord(",")] = _COMMA
_ASCII_CLASS[[ord(c) for c in "0123456789"]] = _DIGIT
_ASCII_CLASS[[ord(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]] = _UPPER
_ASCII_CLASS[[ord(c) for c in "|>/"]] = _SEPARATOR
_WIDE_CLASS = {"。": _PERIOD, "，": _COMMA, "、": _COMMA, "»": _SEPARATOR, "›": _SEPARATOR,
               "·": _SEPARATOR, "•": _SEPARATOR}
_BMP_LAST = 0xFFFF


def _wide_class(char: str) -> int:
    if char.isdigit():
        return _DIGIT
    if char.isupper():
        return _UPPER
    return _WIDE_CLASS.get(char, 0)


@lru_cache(maxsize=1)
def _bmp_classes() -> npt.NDArray[np.uint8]:
    """The class of every code point of the Basic Multilingual Plane, built once per process
    (about 10 ms) by the same tests as ever. Classing a page's non-ASCII characters per
    distinct code point (``np.unique``) cost 20 µs on a page with a few curly quotes, and a
    millisecond or more on a page in Cyrillic, Greek or CJK; a lookup in this table costs
    what the ASCII one does."""
    table = np.zeros(_BMP_LAST + 1, dtype=np.uint8)
    table[:128] = _ASCII_CLASS
    table[128:] = [_wide_class(chr(c)) for c in range(128, _BMP_LAST + 1)]
    return table


def _place(units: list[Unit]) -> list[tuple[float, float, float, float]]:
    """in_body, depth, depth below the rules' body and distance from it, per unit."""
    n = len(units)
    body_depths = [u.depth for u in units if u.in_body]
    body_positions = [i for i, u in enumerate(units) if u.in_body]
    if not body_positions:
        return [(float(u.in_body), float(u.depth), 0.0, -1.0) for u in units]
    body_depth = min(body_depths)
    first_body, last_body = body_positions[0], body_positions[-1]
    return [(float(u.in_body), float(u.depth), float(u.depth - body_depth),
             0.0 if first_body <= i <= last_body
             else min(abs(i - first_body), abs(i - last_body)) / max(n, 1))
            for i, u in enumerate(units)]


def _bits(values: list[int], width: int) -> FloatArray:
    arr = np.array(values, dtype=np.int64).reshape(-1, 1)
    return ((arr >> np.arange(width, dtype=np.int64)) & 1).astype(np.float64)


def _hash_matrix(units: list[Unit]) -> FloatArray:
    """One-hot hashed names: the (row, bucket) pairs gathered in C (``fromiter`` over the
    chained tuples, ``repeat`` of the row numbers), not by a Python loop per pair."""
    n = len(units)
    out = np.zeros((n, HASH_BUCKETS))
    counts = [len(u.hashed) for u in units]
    cols = np.fromiter(chain.from_iterable([u.hashed for u in units]), dtype=np.intp,
                       count=sum(counts))
    out[np.repeat(np.arange(n), counts), cols] = 1.0
    return out


@dataclass(frozen=True)
class TreeModel:
    """A gradient-boosted ensemble as flat arrays: node ``k`` of the forest tests
    ``x[feature[k]] <= threshold[k]`` and goes to ``left[k]`` / ``right[k]``; a leaf (left = -1)
    holds ``value[k]``. ``roots`` are the first node of each tree."""

    feature: npt.NDArray[np.int64]
    threshold: FloatArray
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    value: FloatArray
    roots: npt.NDArray[np.int64]
    depth: int
    baseline: float
    groups: NameGroups
    cutoff: float
    _children: npt.NDArray[np.intp] = field(init=False, repr=False, compare=False)
    _column: npt.NDArray[np.intp] = field(init=False, repr=False, compare=False)
    _split: FloatArray = field(init=False, repr=False, compare=False)
    _leaf: FloatArray = field(init=False, repr=False, compare=False)
    _starts: npt.NDArray[np.intp] = field(init=False, repr=False, compare=False)
    _root_column: npt.NDArray[np.intp] = field(init=False, repr=False, compare=False)
    _root_split: FloatArray = field(init=False, repr=False, compare=False)
    # The same forest as records for the walk in C (_forest.c), and that walk where the
    # compiled build has it and it agrees with the array walk here (None: the array walk).
    _nodes: bytes = field(init=False, repr=False, compare=False)
    _roots: npt.NDArray[np.int32] = field(init=False, repr=False, compare=False)
    _leaves: FloatArray = field(init=False, repr=False, compare=False)
    _width: int = field(init=False, repr=False, compare=False)
    _walk: Callable[..., None] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The walk's own layout: node k is addressed as 2k, so that the branch taken is
        # 2k + go_left, with no multiply per level (every per-node array holds node k's entry
        # at 2k and 2k + 1 alike); a leaf is its own child on both sides and reads column 0,
        # so a walk that reached it stays there without a leaf test.
        # Both walks (this one and the C one's records, below) read the same three arrays.
        leaf = self.left < 0
        own = np.arange(self.left.size, dtype=np.intp)
        right = np.where(leaf, own, self.right)
        left = np.where(leaf, own, self.left)
        column = np.where(leaf, 0, self.feature)
        children = np.empty(2 * self.left.size, dtype=np.intp)
        children[0::2] = 2 * right
        children[1::2] = 2 * left
        object.__setattr__(self, "_children", children)
        object.__setattr__(self, "_column", np.repeat(column, 2).astype(np.intp))
        object.__setattr__(self, "_split", np.repeat(self.threshold, 2))
        object.__setattr__(self, "_leaf", np.repeat(self.value, 2))
        object.__setattr__(self, "_starts", 2 * self.roots.astype(np.intp))
        object.__setattr__(self, "_root_column", self._column[self._starts])
        object.__setattr__(self, "_root_split", self._split[self._starts])
        records = np.zeros(leaf.size, dtype=_NODE)
        records["split"] = self.threshold
        records["column"] = column
        records["child"][:, 0] = right
        records["child"][:, 1] = left
        object.__setattr__(self, "_nodes", records.tobytes())
        object.__setattr__(self, "_roots", self.roots.astype(np.int32))
        object.__setattr__(self, "_leaves", np.ascontiguousarray(self.value, dtype=np.float64))
        object.__setattr__(self, "_width", int(records["column"].max(initial=0)) + 1)
        object.__setattr__(self, "_walk", self._agreeing_walk())

    def probability(self, x: FloatArray) -> FloatArray:
        """P(main text) per row. The leaf values of each (row, tree) pair come from the walk in
        C where there is one (:meth:`_leaf_values`), else from :meth:`_array_leaves`; numpy
        sums them either way, so both give the same probabilities to the last bit."""
        raw = self._leaf_values(x).sum(axis=1) + self.baseline
        out: FloatArray = 1.0 / (1.0 + np.exp(-raw))
        return out

    def _leaf_values(self, x: FloatArray) -> FloatArray:
        walk = self._walk
        if walk is None or x.ndim != 2 or x.shape[1] < self._width:
            return self._array_leaves(x)
        rows = np.ascontiguousarray(x, dtype=np.float64)
        out: FloatArray = np.empty((rows.shape[0], self._roots.size), dtype=np.float64)
        walk(rows, rows.shape[1], self._nodes, self._leaves, self._roots, self.depth, out)
        return out

    def _agreeing_walk(self) -> Callable[..., None] | None:
        """The compiled walk, once it has given the array walk's leaf values on a sample
        (rows of the model's own thresholds, just below, at and above them, and NaN)."""
        native = compiled_reads()
        walk = getattr(native, "forest", None)
        if walk is None:
            return None
        splits = np.unique(self.threshold)
        values = np.concatenate([splits, np.nextafter(splits, -np.inf),
                                 np.nextafter(splits, np.inf), [np.nan]])
        rows = np.resize(values, (_PROBE_ROWS, self._width))  # a part-filled group of rows too
        probe = np.empty((_PROBE_ROWS, self._roots.size), dtype=np.float64)
        try:
            walk(rows, self._width, self._nodes, self._leaves, self._roots, self.depth, probe)
        except ValueError:
            return None
        return walk if np.array_equal(probe, self._array_leaves(rows)) else None

    def _array_leaves(self, x: FloatArray) -> FloatArray:
        """The leaf values by arrays: all trees walked together, one array step per level.

        ``np.take(..., mode="clip")`` gathers without fancy indexing's bounds check, a sixth
        of the walk: every index is in range by construction (node ids come from the model's
        own child lists, columns are checked against the features by the tests)."""
        n = x.shape[0]
        flat = np.ascontiguousarray(x).ravel()
        row_starts = (np.arange(n, dtype=np.intp) * x.shape[1])[:, None]
        children, column, split = self._children, self._column, self._split
        # the first level: every row is at the roots, whose columns and thresholds are the
        # same for all rows (one column gather, no per-node lookups)
        node = children.take(self._starts + (x[:, self._root_column] <= self._root_split),
                             mode="clip")
        for _ in range(self.depth - 1):
            values = flat.take(row_starts + column.take(node, mode="clip"), mode="clip")
            node = children.take(node + (values <= split.take(node, mode="clip")), mode="clip")
        leaves: FloatArray = np.take(self._leaf, node, mode="clip")
        return leaves


_PROBE_ROWS = 67  # _forest.c walks rows sixteen at a time, and the rest one by one
# A node of the forest as _forest.c reads it: go to child[1] when x[column] <= split.
_NODE = np.dtype([("split", np.float64), ("column", np.int32), ("child", np.int32, (2,)),
                  ("pad", np.int32)])


@lru_cache(maxsize=1)
def load_model() -> TreeModel | None:
    """The shipped model, or None when the package carries none (the rules then decide)."""
    try:
        raw = resources.files("scrapy_cleanarticle.rules").joinpath("blockmodel.json").read_text(
            encoding="utf-8")
    except FileNotFoundError:
        return None
    return model_from_dict(json.loads(raw))


def model_from_dict(data: dict[str, object]) -> TreeModel:
    trees = data["trees"]
    assert isinstance(trees, list)
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0
    for tree in trees:
        offset = len(feature)
        roots.append(offset)
        feature += tree["feature"]
        threshold += tree["threshold"]
        left += [c + offset if c >= 0 else -1 for c in tree["left"]]
        right += [c + offset if c >= 0 else -1 for c in tree["right"]]
        value += tree["value"]
        depth = max(depth, int(tree["depth"]))
    groups = data["groups"]
    assert isinstance(groups, list)
    return TreeModel(np.array(feature, dtype=np.int64), np.array(threshold),
                     np.array(left, dtype=np.int64), np.array(right, dtype=np.int64),
                     np.array(value), np.array(roots, dtype=np.int64), depth,
                     float(data["baseline"]),  # type: ignore[arg-type]
                     NameGroups(tuple(tuple(str(stem) for stem in g) for g in groups)),
                     float(data.get("cutoff", 0.5)))  # type: ignore[arg-type]


_PARAGRAPH_KIND = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "li": "li", "pre": "pre",
                   "blockquote": "quote", "td": "row"}


def unit_paragraph(unit: Unit) -> Paragraph:
    return Paragraph(unit.text, _PARAGRAPH_KIND.get(unit.kind, "p"), unit.link_chars)


def choose_units(model: TreeModel, units: list[Unit], ctx: PageContext,
                 config: CleanerConfig) -> list[Unit] | None:
    """The units the model keeps, or None to leave the page to the rules."""
    proba = model.probability(features(units, ctx, len(model.groups)))
    cutoff = min(max(config.scorer_cutoff + config.tradeoff.scorer_shift, 0.0), 1.0)
    chosen = [u for u, p in zip(units, proba, strict=True) if p >= cutoff]
    if not chosen:
        return None
    # Never trade the story for precision: the model may drop most of the rules' container
    # only when it found more text elsewhere (a thread, a docs page whose story-shaped part was
    # a sidebar); otherwise the rules' body stands.
    rules_body = sum(len(u.text) for u in units if u.in_body)
    kept_inside = sum(len(u.text) for u in chosen if u.in_body)
    kept_outside = sum(len(u.text) for u in chosen if not u.in_body)
    if rules_body and kept_inside < 0.5 * rules_body and kept_outside < rules_body:
        return None
    return chosen


__all__ = ["PageContext", "TreeModel", "choose_units", "feature_names", "features", "load_model",
           "model_from_dict", "unit_paragraph"]
