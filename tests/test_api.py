from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from scrapy_cleanarticle import (
    NOISE_CLASSES,
    Article,
    CleanerConfig,
    ConfigError,
    NotHTMLError,
    clean_article,
    clean_html,
)
from scrapy_cleanarticle.api import ARTICLE_STAGES, PREPARE_STAGES

HTML = ("<html lang='en'><body><article><h1>Title</h1>"
        + "".join(f"<p>This is paragraph {i} of a real story, long enough to count as prose, "
                  "with commas, and a full stop at the end.</p>" for i in range(4))
        + "<p>Advertisement</p><div class='cookie-banner'>We use cookies. Accept all</div>"
          "<script>alert(1)</script><a href='javascript:alert(1)' onclick='x()'>bad link</a>"
          "</article></body></html>")


def test_article_fields_and_to_dict_are_json_serialisable() -> None:
    art = clean_article(HTML, url="https://example.org/a")
    assert isinstance(art, Article)
    data = art.to_dict()
    json.dumps(data)
    for name in ("url", "canonicalUrl", "headline", "articleBody", "articleBodyHtml",
                 "articleBodyMarkdown", "authors", "datePublished", "inLanguage", "mainImage",
                 "images", "tags", "breadcrumbs", "siteName", "metadata"):
        assert name in data
    assert set(data["metadata"]) >= {"removed", "extractor", "version", "probability"}


def test_bytes_are_decoded_with_content_type() -> None:
    raw = HTML.replace("real story", "réal störy").encode("cp1252")
    art = clean_article(raw, content_type="text/html; charset=windows-1252")
    assert "réal störy" in art.articleBody


def test_not_html_raises_typed_error() -> None:
    with pytest.raises(NotHTMLError):
        clean_article(b"%PDF-1.7\n" + bytes(range(256)) * 40)


def test_clean_html_keeps_structure_and_drops_noise() -> None:
    out = clean_html(HTML)
    assert "<article>" in out and "<h1>Title</h1>" in out
    assert "Advertisement" not in out
    assert "cookies" not in out
    assert "<script" not in out and "javascript:" not in out and "onclick" not in out


def test_pipeline_is_a_tuple_of_named_stages() -> None:
    assert ARTICLE_STAGES[: len(PREPARE_STAGES)] == PREPARE_STAGES
    assert [s.__name__ for s in ARTICLE_STAGES] == [
        "decode", "parse", "apply_selectors", "read_metadata", "capture_embedded",
        "remove_noise", "select_body"]


def test_config_is_checked() -> None:
    with pytest.raises(ConfigError):
        CleanerConfig(favor="everything")  # type: ignore[arg-type]
    with pytest.raises(ConfigError):
        CleanerConfig(max_bytes=0)
    with pytest.raises(ConfigError):
        CleanerConfig(extra_phrases={"no_such_class": ["x"]})
    with pytest.raises(ConfigError):
        CleanerConfig(phrase_min_coverage=1.5)
    cfg = CleanerConfig(extra_phrases={"ad_marker": "Reklame"}, remove_selectors=".x")
    assert cfg.extra_phrases == (("ad_marker", "Reklame"),)
    assert cfg.remove_selectors == (".x",)
    assert hash(cfg) == hash(CleanerConfig(extra_phrases={"ad_marker": ["Reklame"]},
                                           remove_selectors=[".x"]))
    assert set(cfg.enabled_noise) == set(NOISE_CLASSES)


def test_invalid_selector_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        clean_article(HTML, config=CleanerConfig(remove_selectors=["//*[unclosed"]))


def test_standalone_function_works_without_scrapy() -> None:
    """Scrapy is an optional extra: block its import and run the cleaner anyway."""
    code = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name == "scrapy" or name.startswith("scrapy.") or name == "twisted":
                    raise ImportError("scrapy is not installed")
                return None
        sys.meta_path.insert(0, Block())
        import scrapy_cleanarticle as s
        paras = "".join(f"<p>A real sentence {i} of a story, with commas, long enough to be "
                        "prose, and a second clause to make it longer.</p>" for i in range(6))
        art = s.clean_article("<html><body><article>" + paras + "</article></body></html>")
        assert "real sentence" in art.articleBody
        assert "scrapy" not in sys.modules
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_favor_moves_the_tradeoff() -> None:
    """favor="recall" keeps a link-heavy paragraph that "balanced" and "precision" drop."""
    story = "".join(f"<p>Paragraph {i} of the story, long enough to be prose, with commas, and a "
                    "second clause that makes it longer still.</p>" for i in range(5))
    linky = ("<p>See the <a href='/a'>full council decision on the bridge repairs</a> and "
             "<a href='/b'>the budget</a>.</p>")
    html = f"<html><body><article>{story}{linky}</article></body></html>"
    assert "full council decision" not in clean_article(html).articleBody
    assert "full council decision" not in clean_article(
        html, config=CleanerConfig(favor="precision")).articleBody
    assert "full council decision" in clean_article(
        html, config=CleanerConfig(favor="recall")).articleBody


@pytest.mark.pure_python  # replaces a compiled module's function or constant
def test_depth_is_measured_by_the_index_and_a_deep_page_is_parsed_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The whole-tree depth probe is skipped on the first parse; the text index measures the
    # depth, and only a page deeper than max_depth is parsed again (probed and flattened).
    from scrapy_cleanarticle import parse as parse_mod

    probed: list[int] = []
    real = parse_mod._deeper_than
    monkeypatch.setattr(parse_mod, "_deeper_than",
                        lambda root, limit: probed.append(limit) or real(root, limit))
    story = "".join(f"<p>Paragraph {i} of the story, long enough to be prose, with commas, "
                    "and a full stop at the end of it.</p>" for i in range(8))
    shallow = f"<html><body><article>{story}</article></body></html>"
    assert "Paragraph 7" in clean_article(shallow).articleBody
    assert probed == []
    deep = ("<html><body><article>" + "<div>" * 60 + story + "</div>" * 60
            + "</article></body></html>")
    article = clean_article(deep, config=CleanerConfig(max_depth=40))
    assert probed == [40]
    assert "depth_flattened" in article.metadata["warnings"]
    assert "Paragraph 7" in article.articleBody
