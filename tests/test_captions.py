from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from scrapy_cleanarticle import clean_article
from scrapy_cleanarticle.captions import caption_key
from scrapy_cleanarticle.textutil import fold

P = ("<p>The minister arrived at the summit on Monday morning, greeted by a small crowd of "
     "supporters and a larger group of protesters waving flags outside the hall.</p>")


def test_caption_kept_once_in_images_not_in_body() -> None:
    cap = "Kim Jong Un's visit to the base — Agence France-Presse, on October 4, 2024"
    cap_curly = "Kim Jong Un’s visit to the base – Agence France-Presse, on October 4, 2024"
    html = (f"<html><body><article>{P}<figure><img src='/a.jpg' alt=\"{cap}\">"
            f"<figcaption>{cap}</figcaption></figure><p>{cap_curly}</p>{P.replace('Monday', 'Friday')}"
            "</article></body></html>")
    art = clean_article(html, url="https://n.example/story")
    assert "Agence France-Presse" not in art.articleBody
    assert [i.url for i in art.images] == ["https://n.example/a.jpg"]
    assert art.images[0].caption == cap
    assert art.metadata["removed"].get("duplicate_caption") == 1
    assert art.articleBodyHtml.count("Agence France-Presse") == 1


def test_a_sentence_that_is_not_a_caption_is_kept() -> None:
    html = (f"<html><body><article>{P}<figure><img src='/a.jpg' alt='A crowd outside the hall'>"
            "</figure><p>A crowd outside the hall grew during the afternoon as more people came "
            f"from the station.</p>{P}</article></body></html>")
    art = clean_article(html)
    assert "grew during the afternoon" in art.articleBody


def test_an_item_cards_name_beside_its_linked_picture_is_not_a_caption() -> None:
    names = [f"Stoneware planter number {i}, glazed in sea green" for i in range(6)]
    cards = "".join(f"<div class='grid-item'><a href='/p/{i}'><img src='/p{i}.jpg' alt='{n}'></a>"
                    f"<span class='desc'>{n}</span></div>" for i, n in enumerate(names))
    html = (f"<html><body><main><h1>Planters</h1>{P}<div class='grid'>{cards}</div></main>"
            "</body></html>")
    art = clean_article(html, url="https://shop.example/planters")
    assert "duplicate_caption" not in art.metadata["removed"]
    assert all(name in art.articleBody for name in names[:4])
    # a picture linked to its own larger copy is a figure: the copy of its alt still goes
    cap = "The minister and her delegation outside the summit hall on Monday"
    story = (f"<html><body><article>{P}<div class='photo'><a href='/big.jpg'><img src='/a.jpg' "
             f"alt='{cap}'></a><p>{cap}</p></div>{P.replace('Monday', 'Friday')}</article>"
             "</body></html>")
    assert cap not in clean_article(story, url="https://n.example/story").articleBody


@given(st.text(max_size=80) | st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_caption_key_is_the_folded_text_without_non_word_characters(text: str) -> None:
    """The ASCII shortcut (str.translate) gives the regex's key on every input."""
    assert caption_key(text) == re.sub(r"[\W_]+", "", fold(text))
