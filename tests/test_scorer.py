"""The learned block scorer: its units, its array evaluation of trees, and the shipped model."""

from __future__ import annotations

import math

import lxml.html
import numpy as np
import pytest

from scrapy_cleanarticle import CleanerConfig, blocks, clean_article
from scrapy_cleanarticle.blocks import NameGroups, Unit, page_units
from scrapy_cleanarticle.scorer import (
    PageContext,
    _text_shape,
    choose_units,
    feature_names,
    features,
    load_model,
    model_from_dict,
)


def _tree(feature: list[int], threshold: list[float], left: list[int], right: list[int],
          value: list[float], depth: int) -> dict[str, object]:
    return {"feature": feature, "threshold": threshold, "left": left, "right": right,
            "value": value, "depth": depth}


def test_trees_are_walked_like_a_plain_recursive_walk() -> None:
    # tree 1: x0 <= 0.5 ? (x1 <= 2 ? -1 : 1) : 3 ; tree 2: x1 <= 5 ? 0.5 : -0.5
    model = model_from_dict({
        "baseline": 0.25, "groups": [["article"]], "cutoff": 0.5,
        "trees": [_tree([0, 1, 0, 0, 0], [0.5, 2.0, 0, 0, 0], [1, 3, -1, -1, -1],
                        [2, 4, -1, -1, -1], [0, 0, 3.0, -1.0, 1.0], 2),
                  _tree([1, 0, 0], [5.0, 0, 0], [1, -1, -1], [2, -1, -1], [0, 0.5, -0.5], 1)]})
    x = np.array([[0.0, 1.0], [0.0, 3.0], [1.0, 9.0], [0.5, 5.0]])
    expected_raw = [0.25 - 1 + 0.5, 0.25 + 1 + 0.5, 0.25 + 3 - 0.5, 0.25 + 1 + 0.5]
    got = model.probability(x)
    for value, raw in zip(got, expected_raw, strict=True):
        assert value == pytest.approx(1 / (1 + math.exp(-raw)))


def test_units_follow_paragraphs_and_mark_the_rules_container() -> None:
    root = lxml.html.fromstring(
        "<html><body><div class='nav'>Home News</div><article id='story'><p>First <a>linked</a> "
        "paragraph.</p><p>Second one.</p><figcaption>A caption</figcaption></article>"
        "<ul><li>Item one</li><li>Item two</li></ul></body></html>")
    body = root.find("body")
    story = root.get_element_by_id("story")
    caption = root.find(".//figcaption")
    units = page_units(body, [story], {caption}, NameGroups((("nav",), ("article", "story"))))
    assert [u.text for u in units] == ["Home News", "First linked paragraph.", "Second one.",
                                       "Item one", "Item two"]
    assert [u.in_body for u in units] == [False, True, True, False, False]
    assert units[1].link_chars == len("linked")
    assert units[0].names_near & 1 and units[1].names_near & 2
    assert [u.kind for u in units[3:]] == ["li", "li"]


def test_whole_token_stems_do_not_match_inside_words() -> None:
    groups = NameGroups((("=ad",), ("comment",)))
    assert groups.bits("ad-slot") == 1
    assert groups.bits("header download") == 0
    assert groups.bits("commentlist") == 2


@pytest.mark.pure_python  # replaces a compiled module's constant
def test_name_caches_start_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """A crawl of many sites fills the caches with other sites' names: a full cache starts
    over and keeps learning (this page's names repeat at every element), and answers alike."""
    monkeypatch.setattr(blocks, "_LEARNED_MAX", 4)
    groups = NameGroups((("=ad",), ("comment",)))
    values = [f"comment-{i} ad" for i in range(10)]
    for _ in range(2):
        for value in values:
            assert groups.names(value).bits == 3
            assert value in groups._values  # learned, though the cache was full before
            assert len(groups._values) <= 4 and len(groups._tokens) <= 4
    assert groups.bits("header download") == 0


def test_the_shipped_model_reads_the_features_the_code_computes() -> None:
    model = load_model()
    assert model is not None, "rules/blockmodel.json missing: run scripts/train_block_scorer.py --write"
    width = len(feature_names(len(model.groups)))
    assert int(model.feature.max()) < width
    units = page_units(lxml.html.fromstring("<html><body><p>Some text here.</p></body></html>")
                       .find("body"), [], set(), model.groups)
    x = features(units, PageContext(declared_article=False, has_body=False), len(model.groups))
    assert x.shape == (1, width)
    assert 0.0 <= float(model.probability(x)[0]) <= 1.0


THREAD = "".join(
    f"<div class='post'><div class='post-meta'><a href='/u/{i}'>user{i}</a> <span>May {i}, 2024"
    f"</span></div><div class='post-body'><p>Post number {i}: I upgraded the controller to the "
    f"new firmware and the fan noise went away, but the sensor readings now lag by a few "
    f"seconds after every restart, which is odd for a device on the same network segment.</p>"
    f"</div></div>" for i in range(1, 7))


def test_a_forum_thread_keeps_every_post() -> None:
    html = ("<html><head><title>Sensor lag after firmware update</title></head><body>"
            "<nav><a href='/'>Forum</a> <a href='/latest'>Latest</a></nav>"
            f"<h1>Sensor lag after firmware update</h1><section class='thread'>{THREAD}</section>"
            "<footer>Powered by a forum engine</footer></body></html>")
    article = clean_article(html, url="https://forum.example.org/t/sensor-lag/123")
    for i in range(1, 7):
        assert f"Post number {i}:" in article.articleBody
    assert article.metadata["pageType"] == "forum"


def test_the_scorer_can_be_switched_off() -> None:
    html = ("<html><body><h1>Sensor lag</h1><section class='thread'>" + THREAD
            + "</section></body></html>")
    on = clean_article(html, url="https://forum.example.org/t/x/1")
    off = clean_article(html, url="https://forum.example.org/t/x/1",
                        config=CleanerConfig(learned_scorer=False))
    assert on.metadata["extractor"] == "scorer"
    assert off.metadata["extractor"] != "scorer"


SENTENCE = ("The council debated the harbour budget for a second night, and residents "
            "filled the public gallery to hear the vote on ferry fares. ")
HEAD = ("<head><title>Harbour budget</title><meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2025-01-02'></head>")


def _rules_sure_of(html: str, container: str | None = None) -> bool:
    """``container``: an XPath that overrides the rules' choice of container."""
    from scrapy_cleanarticle import api
    from scrapy_cleanarticle.config import DEFAULT_CONFIG
    from scrapy_cleanarticle.content import select_content, story_paragraphs
    from scrapy_cleanarticle.page import Page
    from scrapy_cleanarticle.verdict import listing_page

    page = Page(config=DEFAULT_CONFIG, url="https://example.org/news/a", raw=html,
                content_type=None)
    page, _finished = api._run_page(api.PREPARE_STAGES, page)
    select_content(page)
    if container is not None:
        page.body_blocks = page.root.xpath(container)
    page.listing = listing_page(page)
    page.paras = story_paragraphs(page, page.body_blocks)
    return api._rules_sure(page)


def test_the_rules_are_sure_of_a_part_of_the_page_only_inside_article_markup() -> None:
    story = "".join(f"<p>{SENTENCE * 2}{i}</p>" for i in range(5))
    other = "".join(f"<p>{SENTENCE * 2}Other section {i}.</p>" for i in range(4))

    def page(wrapper: str) -> str:
        return (f"<html>{HEAD}<body><div class='grid'><div class='col'><h1>Harbour budget</h1>"
                f"<{wrapper} class='story'>{story}</{wrapper}></div><div class='col'>"
                f"<div class='box'><h2>Background</h2>{other}</div></div></div></body></html>")

    # the container holds about half of the page's prose: enough inside the page's own
    # <article>, not enough in an anonymous box (the learned scorer then decides)
    assert _rules_sure_of(page("article"))
    assert not _rules_sure_of(page("div"))


def test_the_rules_are_not_sure_of_a_part_of_the_pages_own_article_or_of_no_real_body() -> None:
    story = "".join(f"<p>{SENTENCE * 2}{i}</p>" for i in range(3))
    rest = "".join(f"<section><div><span>{SENTENCE * 2}Part {i}.</span></div></section>"
                   for i in range(4))

    def page(inner: str) -> str:
        return (f"<html>{HEAD}<body><nav><a href='/'>Home</a></nav><article><h1>Harbour budget"
                f"</h1>{inner}</article></body></html>")

    # three paragraphs of an <article> that holds seven: a part of the page's own story
    chosen = "//div[@class='story']"
    assert _rules_sure_of(page(f"<div class='story'>{story}</div>"), chosen)
    assert not _rules_sure_of(page(f"<div class='story'>{story}</div>{rest}"), chosen)
    # a one-line "body" is nothing to be sure of, however little else the page says
    assert not _rules_sure_of(page("<div class='story'><p>Harbour budget passes.</p></div>"),
                              chosen)


def test_favor_moves_the_learned_scorers_cutoff() -> None:
    # one leaf that says 0.7 for every unit: kept at the balanced cutoff (0.6), dropped when
    # the user favours precision (0.75), kept when recall is favoured (0.4)
    model = model_from_dict({"baseline": math.log(0.7 / 0.3), "groups": [["article"]],
                             "cutoff": 0.5, "trees": [_tree([0], [0.0], [-1], [-1], [0.0], 0)]})
    root = lxml.html.fromstring("<html><body><p>One paragraph of text.</p>"
                                "<p>Another paragraph of text.</p></body></html>")
    body = root.find("body")
    units = page_units(body, [], set(), model.groups)
    ctx = PageContext(declared_article=False, has_body=False)
    kept = {favor: choose_units(model, units, ctx, CleanerConfig(favor=favor))
            for favor in ("balanced", "precision", "recall")}
    assert kept["balanced"] == units and kept["recall"] == units
    assert kept["precision"] is None


def _plain_text_columns(text: str, link_chars: int) -> list[float]:
    """The text-shape columns read the obvious way, one text at a time."""
    size = len(text) or 1
    spaces = text.count(" ")
    return [math.log1p(spaces + 1), link_chars / size,
            100.0 * (text.count(".") + text.count("。")) / size,
            100.0 * (text.count(",") + text.count("，") + text.count("、")) / size,
            sum(c.isdigit() for c in text[:200]) / min(size, 200),
            sum(c.isupper() for c in text[:200]) / min(size, 200),
            float(text.endswith(('.', '!', '?', '。', '！', '？', '"', '”', ')', ':'))),
            float(text[:1].isupper()),
            float(sum(c in "|»›·•>/" for c in text[:300])),
            (spaces + 1) / (1 + link_chars / 6.0)]


def test_text_columns_are_counted_per_unit_and_only_near_its_start() -> None:
    texts = ["", "Home | News > World / Europe", "A" * 199 + "BC 12 " + "9" * 50 + " | x" * 40,
             "Ärger über 3½ Mio. Euro, sagt Ölkonzern — «Zitat» · weiter",
             "東京。報道、２０２５年，", "x" * 298 + "» › • |", "Ω", "plain prose, no end"]
    units = [Unit(text, "p", len(text) // 3, 3, False, 0, 0, 0) for text in texts]
    names = feature_names(1)
    columns = [names.index(c) for c in ("log_words", "link_share", "period_rate", "comma_rate",
                                        "digit_share", "upper_share", "sentence_end",
                                        "starts_upper", "separators", "words_per_link")]
    got = features(units, PageContext(False, False), 1)[:, columns]
    for row, unit in zip(got.tolist(), units, strict=True):
        assert row == _plain_text_columns(unit.text, unit.link_chars), unit.text


def test_a_tree_that_is_only_a_leaf_adds_its_value_to_every_row() -> None:
    model = model_from_dict({
        "baseline": 0.0, "groups": [["article"]], "cutoff": 0.5,
        "trees": [_tree([0], [0.0], [-1], [-1], [0.75], 0),
                  _tree([1, 0, 0], [2.0, 0, 0], [1, -1, -1], [2, -1, -1], [0, -1.0, 1.0], 1)]})
    got = model.probability(np.array([[5.0, 1.0], [-5.0, 3.0]]))
    assert got.tolist() == pytest.approx([1 / (1 + math.exp(0.25)), 1 / (1 + math.exp(-1.75))])


def _shape_of(text: str, link: int) -> list[float]:
    """The text-shape columns of one unit, counted character by character."""
    size = max(len(text), 1)
    spaces = text.count(" ")
    periods = sum(c in ".\u3002" for c in text)
    commas = sum(c in ",\uff0c\u3001" for c in text)
    head = min(size, 200)
    return [math.log1p(spaces + 1), link / size, 100.0 * periods / size, 100.0 * commas / size,
            sum(c.isdigit() for c in text[:200]) / head,
            sum(c.isupper() for c in text[:200]) / head,
            float(text[-1:] in tuple(".!?\u3002\uff01\uff1f\"\u201d):")),
            float(text[:1].isupper()), float(sum(c in "|>/\u00bb\u203a\u00b7\u2022"
                                                 for c in text[:300])),
            (spaces + 1) / (1 + link / 6.0)]


def test_text_shape_counts_every_script_as_str_methods_do() -> None:
    """Digits and capitals by ``str.isdigit``/``str.isupper`` in any script (superscripts,
    fullwidth and Devanagari digits, Cyrillic and Greek capitals, and past the BMP,
    mathematical capitals and emoji), counted in a text's first 200 characters; separators in
    its first 300; periods and commas, CJK ones too, anywhere."""
    texts = ["", "A", "x²³ ４５ ९ Ψ Ж 𝐀𝐁 😀 » › · •.", "Москва. Привет, мир! 2024",
             "東京、大阪。日本語の文章です，はい", "Z" * 250 + "9" * 100 + "|" * 100 + ".",
             "» Home › News · Sport • 𝐀", "It ends here”", "(a) b) c)"]
    units = [Unit(text, "p", len(text) // 3, 1, False, 0, 0, 0) for text in texts]
    got = _text_shape(units)
    for row, text, unit in zip(got, texts, units, strict=True):
        assert list(row) == pytest.approx(_shape_of(text, unit.link_chars), rel=1e-12), text
