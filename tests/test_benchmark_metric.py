"""The benchmark metric on hand-made texts: the CI gate is only as trustworthy as this arithmetic."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

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
from benchmarks.noise import (
    NOISE_DATA,
    Injection,
    NoisePage,
    body_pr,
    leaked,
    norm,
    score_clean,
    score_noise,
)
from benchmarks.wcxb import (
    ALL,
    WCXB_DATA,
    PageRun,
    WcxbPage,
    WcxbRun,
    by_type,
    fold_of,
    load_wcxb,
    print_changes,
    score_page,
    snippet_rate,
    word_prf,
    write_jsonl,
)

FOLDS_PINNED = [0, 0, 1]


def _shared_module(path: Path) -> ModuleType:
    """A benchmark's own script from ../shared, to check that our copy of its metric agrees."""
    if not path.exists():
        pytest.skip(f"{path} not found (it lives in ../shared, outside the repo)")
    spec = importlib.util.spec_from_file_location(f"shared_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


# --------------------------------------------------------------------------- wcxb-dev (score.py)


def test_word_prf_is_a_bag_of_lowercased_words() -> None:
    assert word_prf("Dog the; THE dog", "the dog the dog") == (1.0, 1.0, 1.0)  # order and case free
    p, r, f = word_prf("a b b c", "a b d")  # overlap a, b: a repeated word counts once per copy
    assert p == 0.5 and r == pytest.approx(2 / 3)
    assert f == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_word_prf_empty_cases_follow_score_py() -> None:
    assert word_prf("", "") == (1.0, 1.0, 1.0)  # nothing to find, nothing found
    assert word_prf("noise", "") == (0.0, 0.0, 0.0)
    assert word_prf("", "the story") == (0.0, 0.0, 0.0)
    assert word_prf("   ", None) == (1.0, 1.0, 1.0)


def test_snippet_rate_is_a_case_insensitive_substring_share() -> None:
    assert snippet_rate("The Quick brown fox", ["quick BROWN", "lazy dog"]) == 0.5
    assert snippet_rate("anything", []) is None
    assert snippet_rate("", ["x"]) == 0.0


def _wpage(kind: str, truth: str, domain: str = "d.example", with_: tuple[str, ...] = ()) -> WcxbPage:
    return WcxbPage(f"{kind}-{truth[:4]}", "", kind, domain, truth, with_, ("Cookie policy",))


def test_type_summaries_are_plain_means_and_count_empty_bodies_both_ways() -> None:
    rows = [
        score_page(_wpage("article", "one two three four", with_=("two three",)), "one two three four"),
        score_page(_wpage("article", "five six seven eight"), "five six Cookie policy"),
        score_page(_wpage("forum", "the thread"), ""),
        score_page(_wpage("forum", ""), ""),  # nothing to extract, nothing extracted
    ]
    table = by_type(rows)
    assert list(table) == ["article", "forum", ALL]
    art = table["article"]
    assert art.n == 2 and art.f1 == pytest.approx((1.0 + 2 * 0.5 * 0.5) / 2)
    assert art.with_rate == 1.0  # only the page that has "with" snippets counts
    assert art.without_rate == 0.5
    forum = table["forum"]
    assert (forum.f1, forum.empty, forum.empty_truth_text) == (0.5, 2, 1)
    assert (table[ALL].n, table[ALL].empty, table[ALL].empty_truth_text) == (4, 2, 1)


def test_load_wcxb_reads_the_type_like_score_py(tmp_path: Path) -> None:
    (tmp_path / "ground-truth").mkdir()
    kinds = {"0001": {"primary": "category"}, "0002": "forum", "0003": None, "0004": {"primary": "listing"}}
    for fid, kind in kinds.items():
        truth = {"main_content": "t"}
        entry = {"url": f"https://x/{fid}", "_internal": {"page_type": kind}, "ground_truth": truth}
        (tmp_path / "ground-truth" / f"{fid}.json").write_text(json.dumps(entry))
    files = {"0001": {"domain": "a.example", "page_type": "article"}}
    (tmp_path / "metadata.json").write_text(json.dumps({"files": files}))
    pages = load_wcxb(tmp_path)
    assert [p.page_type for p in pages] == ["collection", "forum", "article", "listing"]
    assert pages[0].domain == "a.example" and pages[1].domain == ""
    assert [p.id for p in load_wcxb(tmp_path, every=2)] == ["0001", "0003"]


def test_folds_split_by_domain_deterministically() -> None:
    domains = [f"site{i}.example" for i in range(200)]
    folds = [fold_of(d, 2) for d in domains]
    assert folds == [fold_of(d, 2) for d in domains]
    assert 60 < sum(folds) < 140  # two real halves, not one side
    # pinned: a change of hash would silently move domains between the halves that were tuned on
    assert [fold_of(d, 2) for d in ("example.com", "bbc.com", "docs.python.org")] == FOLDS_PINNED


def test_wcxb_metric_matches_the_benchmark_script() -> None:
    score = _shared_module(WCXB_DATA / "score.py")
    samples = ["", "The cat sat.", "the the cat", "Über naïve café 2025", "a b c d e f", "cat, dog; THE"]
    for pred in samples:
        for truth in samples:
            assert word_prf(pred, truth) == pytest.approx(score.word_prf(pred, truth))
        assert snippet_rate(pred, ["cat sat", "Café"]) == score.snippets(pred, ["cat sat", "Café"])


# --------------------------------------------------------------------------- noise-dev (noisebench.py)


def test_noise_norm_and_leak_rules() -> None:
    assert norm("  Don\u2019t\n\u201cMiss\u201d   IT ") == 'don\'t "miss" it'
    body = norm("Story. Sign up for our FREE daily newsletter. More story.")
    assert leaked(body, Injection("subscribe", "Sign up for our free  daily newsletter"))
    assert not leaked(body, Injection("cookie", "We value your privacy"))
    cap = "Firefighters battle the blaze. Photo: EPA"
    assert not leaked(norm(f"{cap} story"), Injection("caption", cap))  # once is allowed
    assert leaked(norm(f"{cap} story {cap}"), Injection("caption", cap))


def test_noise_body_scores_count_an_empty_output_as_zero_precision() -> None:
    assert body_pr("a b c d e", "a b c d e") == (1.0, 1.0)
    assert body_pr("a b c d e", "") == (0.0, 0.0)  # unlike the Zyte harness: not left out
    assert body_pr("", "") == (1.0, 1.0)
    p, r = body_pr("a b c d e", "a b c d")  # shingles abcd, bcde vs abcd
    assert (p, r) == (1.0, 0.5)


def test_score_noise_on_two_synthetic_pages() -> None:
    ad = Injection("marker", "Advertisement - scroll to continue")
    cookie = Injection("cookie", "We use cookies")
    pages = [
        NoisePage("p1", "", "one two three four five", (ad, cookie)),
        NoisePage("p2", "", "six seven eight nine", (ad,)),
    ]
    bodies = {"p1": "one two three four five ADVERTISEMENT -  Scroll to continue", "p2": ""}
    s = score_noise(pages, bodies)
    assert (s.leaks["marker"], s.totals["marker"], s.leaks["cookie"], s.totals["cookie"]) == (1, 2, 0, 1)
    assert (s.n_leaked, s.total, s.leakage, s.rate("marker")) == (1, 3, 1 / 3, 0.5)
    assert s.leaked_pages == {"marker": ["p1"]}
    # p1: 2 truth shingles, all kept, 4 extra ones; p2: empty output
    assert s.precision == pytest.approx((2 / 6 + 0) / 2)
    assert s.recall == pytest.approx(0.5)
    clean = score_clean(pages, {"p1": "one two three four five", "p2": "six seven eight nine"})
    assert (clean.f1, clean.total) == (1.0, 0)


def test_noise_metric_matches_the_benchmark_script() -> None:
    bench = _shared_module(NOISE_DATA.parent / "noisebench.py")
    samples = ["", "a b c", "The story goes on and on.", "x y z w x y z w", "one two three four five"]
    for pred in samples:
        assert norm(pred + " \u2018q\u2019 ") == bench.norm(pred + " \u2018q\u2019 ")
        for truth in samples:
            assert body_pr(truth, pred) == pytest.approx(bench.prf(truth, pred))


def test_out_file_round_trips_into_a_before_after_comparison(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = [_wpage("article", "one two three four"), _wpage("forum", "five six seven eight")]

    def run(bodies: list[str]) -> WcxbRun:
        rows = [
            PageRun(score_page(p, b), len(b.split()), 0.0, None, "dom", b)
            for p, b in zip(pages, bodies, strict=True)
        ]
        return WcxbRun("us", rows)

    out = tmp_path / "before.jsonl"
    write_jsonl(out, {"us": run(["one two three four", ""])}, folds=2)
    assert [json.loads(line)["f1"] for line in out.read_text().splitlines()] == [1.0, 0.0]
    print_changes(out, run(["one two three four", "five six seven eight"]))
    shown = capsys.readouterr().out
    assert "forum              1  0.000 -> 1.000  +1.000" in shown
    assert "most gained: forum-five (forum) +1.00" in shown
