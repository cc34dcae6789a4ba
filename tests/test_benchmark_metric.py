"""The benchmark metric on hand-made texts: the CI gate is only as trustworthy as this arithmetic."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (
    Scores,
    aggregate,
    exact_match,
    fragment_text,
    gate_failures,
    noise_counts,
    page_f1,
    paired_f1_difference,
    precision_score,
    recall_score,
    shingle_match,
    shingles,
    summarize,
    tokenize,
)

TEXT = "The quick brown fox jumps over the lazy dog near the river bank"


def test_tokenize_lowercases_unicode_words() -> None:
    assert tokenize("Ça va? Größe—naïve don't 2024") == ["ça", "va", "größe", "naïve", "don", "t", "2024"]
    assert tokenize("ABC def", lowercase=False) == ["ABC", "def"]
    assert tokenize(None) == []


def test_short_texts_give_one_shorter_shingle() -> None:
    assert shingles(["a", "b"]) == [("a", "b")]
    assert shingles([]) == []
    assert shingles(list("abcde")) == [tuple("abcd"), tuple("bcde")]


def test_identical_texts_score_one() -> None:
    x = shingle_match(TEXT, TEXT)
    assert x == (1.0, 0.0, 0.0)
    assert precision_score(*x) == recall_score(*x) == page_f1(x) == 1.0
    assert exact_match(TEXT, TEXT.upper()) == 1.0
    assert exact_match(TEXT, TEXT.upper(), lowercase=False) == 0.0


def test_case_and_punctuation_do_not_matter() -> None:
    assert shingle_match(TEXT, TEXT.upper().replace(" ", " ... ")) == (1.0, 0.0, 0.0)


def test_disjoint_texts_score_zero() -> None:
    x = shingle_match(TEXT, "completely unrelated words appear in this other sentence here")
    assert x[0] == 0.0
    assert precision_score(*x) == recall_score(*x) == page_f1(x) == 0.0


def test_extra_text_lowers_precision_only() -> None:
    truth = "one two three four five"  # shingles: 1234, 2345
    pred = truth + " six"  # 1234, 2345, 3456
    tp, fp, fn = shingle_match(truth, pred)
    assert (tp, fp, fn) == pytest.approx((2 / 3, 1 / 3, 0.0))
    assert precision_score(tp, fp, fn) == pytest.approx(2 / 3)
    assert recall_score(tp, fp, fn) == 1.0


def test_multiset_counting_punishes_duplicates() -> None:
    truth = "a b c d"
    tp, fp, fn = shingle_match(truth, "a b c d a b c d")
    # pred shingles: abcd x2, bcda, cdab, dabc -> 1 matched, 4 extra
    assert (tp, fp, fn) == pytest.approx((1 / 5, 4 / 5, 0.0))
    # and a body kept once where the truth has it twice recalls only half of it
    tp, fp, fn = shingle_match("x y z w " * 2, "x y z w")
    assert fp == 0.0 and recall_score(tp, fp, fn) < 1.0


def test_empty_prediction_counts_for_recall_not_precision() -> None:
    x = shingle_match(TEXT, "")
    assert x == (0.0, 0.0, 1.0)
    assert recall_score(*x) == 0.0
    perfect = shingle_match(TEXT, TEXT)
    scores = aggregate([perfect, x])
    assert scores.precision == 1.0  # the empty page is left out of the precision mean
    assert scores.recall == 0.5
    assert scores.f1 == pytest.approx(2 * 0.5 / 1.5)


def test_both_empty_page_is_left_out_of_both_means() -> None:
    x = shingle_match("", "")
    assert x == (0.0, 0.0, 0.0)
    assert aggregate([x, shingle_match(TEXT, TEXT)]) == Scores(1.0, 1.0, 1.0)


def test_tool_that_predicts_nothing_scores_zero_instead_of_crashing() -> None:
    assert aggregate([shingle_match(TEXT, None)]) == Scores(0.0, 0.0, 0.0)


def test_f1_is_harmonic_mean_of_the_means_not_mean_of_page_f1() -> None:
    a = (0.5, 0.5, 0.0)  # P 0.5, R 1
    b = (0.5, 0.0, 0.5)  # P 1, R 0.5
    s = aggregate([a, b])
    assert (s.precision, s.recall) == (0.75, 0.75)
    assert s.f1 == pytest.approx(0.75)
    assert (page_f1(a) + page_f1(b)) / 2 == pytest.approx(2 / 3)


def test_bootstrap_is_seeded_and_zero_for_identical_pages() -> None:
    pages = [shingle_match(TEXT, TEXT)] * 5
    s = summarize(pages, [1.0] * 5, n_bootstrap=50)
    assert (s.f1, s.f1_std, s.accuracy, s.accuracy_std) == (1.0, 0.0, 1.0, 0.0)
    mixed = [shingle_match(TEXT, TEXT), shingle_match(TEXT, "nothing alike at all here")] * 3
    one = summarize(mixed, [1.0, 0.0] * 3, n_bootstrap=50)
    assert one == summarize(mixed, [1.0, 0.0] * 3, n_bootstrap=50)
    assert one.f1_std > 0


def test_paired_difference_of_a_tool_with_itself_is_exactly_zero() -> None:
    mixed = [shingle_match(TEXT, TEXT), shingle_match(TEXT, TEXT[:30])] * 3
    assert paired_f1_difference(mixed, mixed, n_bootstrap=20) == (0.0, 0.0)


def test_gate_allows_small_drops_only() -> None:
    base = {"f1": 0.95, "precision": 0.96, "recall": 0.9}
    assert gate_failures(Scores(0.958, 0.5, 0.948), base) == []
    fails = gate_failures(Scores(0.95, 0.9, 0.946), base)
    assert len(fails) == 2 and fails[0].startswith("f1") and fails[1].startswith("precision")


def test_noise_counts_subtract_the_truth() -> None:
    truth = "Shares fell. Analysts shared their views."
    pred = truth + " Subscribe to our newsletter! Share this. Read more. Werbung. Lesen Sie auch"
    assert noise_counts(pred, truth) == {
        "subscribe": 1,
        "newsletter": 1,
        "share": 1,
        "read more": 1,
        "de: werbung": 1,
        "de: lesen sie auch": 1,
    }
    assert noise_counts(truth, pred) == {}
    assert noise_counts("sharply", "") == {}  # whole words only


def test_fragment_text_breaks_blocks_apart() -> None:
    html = (
        "<div><p>end</p><p>Next <b>bold</b> word</p><script>var x</script><ul><li>a</li><li>b</li></ul></div>"
    )
    assert tokenize(fragment_text(html)) == ["end", "next", "bold", "word", "a", "b"]
    assert fragment_text("") == ""
