from __future__ import annotations

from scrapy_cleanarticle import clean_article

LONG = ("The committee met for six hours on Thursday, and its members agreed on a plan that "
        "will change how the river is managed for the next decade. ")


def _page(body: str) -> str:
    return f"<html><body><article><h1>Plan</h1><p>{LONG}</p>{body}<p>{LONG}!</p></article></body></html>"


def test_text_markdown_and_html_agree() -> None:
    art = clean_article(_page("<h2>What changes</h2><ul><li>Fewer dams on the upper river</li>"
                              "<li>More money for the flood plains</li></ul>"
                              "<blockquote>We waited long enough, said the mayor.</blockquote>"
                              "<pre>line 1\n  line 2</pre>"), url="https://n.example/a/b")
    paras = art.articleBody.split("\n\n")
    assert "What changes" in paras and "Fewer dams on the upper river" in paras
    assert "line 1\n  line 2" in art.articleBody  # pre keeps its lines
    md = art.articleBodyMarkdown
    assert "## What changes" in md and "- Fewer dams" in md and "> We waited" in md
    assert "```\nline 1\n  line 2\n```" in md
    assert "<h2>What changes</h2>" in art.articleBodyHtml and "<li>" in art.articleBodyHtml


def test_links_are_absolute_and_unsafe_ones_dropped() -> None:
    art = clean_article(_page("<p>Read the <a href='/report.pdf'>full report</a> and the "
                              "<a href='javascript:alert(1)'>summary</a> of the long debate.</p>"),
                        url="https://n.example/news/story")
    html = art.articleBodyHtml
    assert 'href="https://n.example/report.pdf"' in html
    assert "javascript:" not in html and "summary" in html


def test_table_rows_are_paragraphs_with_cells_joined() -> None:
    art = clean_article(_page("<table><tr><th>Charge</th><th>Price</th></tr>"
                              "<tr><td>Standing charge</td><td>53p a day</td></tr></table>"))
    assert "Standing charge | 53p a day" in art.articleBody.split("\n\n")


def test_shortcodes_and_number_only_lines_are_dropped() -> None:
    art = clean_article(_page("<p>[button link=\"/x\" type=\"big\"] Send us your story</p>"
                              "<p>1 2 3 4 5</p>"))
    assert "[button" not in art.articleBody and "Send us your story" in art.articleBody
    assert "1 2 3 4 5" not in art.articleBody


def test_inline_only_divs_become_paragraphs_in_body_html() -> None:
    line = "<div><span>{}</span></div>"
    text = ("The council approved the budget for the new library on Tuesday evening, "
            "after a debate that lasted well over three hours. ")
    body = "".join(line.format(text + f"Line {i}.") for i in range(3))
    html = f"<html><body><article>{body}<div><img src='/a.jpg'></div></article></body></html>"
    out = clean_article(html, url="https://example.com/a").articleBodyHtml
    assert out.count("<p>") == 3  # one per text line; the image-only div is unwrapped
    assert "<div><div>" not in out and '<img src="https://example.com/a.jpg">' in out
