"""One test per noise class that removes it, and one that keeps a story paragraph mentioning it."""

from __future__ import annotations

import pytest

from scrapy_cleanarticle import CleanerConfig, clean_article

STORY = [
    "The city council voted on Tuesday to extend the bicycle lane network across the river, "
    "a decision that had been delayed three times since the spring budget debate.",
    "Supporters said the new lanes would make the commute safer for thousands of residents, "
    "while critics worried about parking spaces disappearing from the busy shopping streets.",
    "The first section is expected to open next summer, officials said, once the contractor "
    "has finished the drainage work that the heavy rains of last autumn made necessary.",
    "Residents will be able to comment on the detailed plans at two public meetings in March, "
    "and the council has promised to publish every submission it receives online.",
]


def page(inner: str, *, before: str = "", lang: str = "en") -> str:
    paras = "".join(f"<p>{p}</p>" for p in STORY[:2]) + inner + "".join(
        f"<p>{p}</p>" for p in STORY[2:])
    return (f"<html lang='{lang}'><head><title>Council backs bike lanes</title></head><body>"
            f"<nav><a href='/'>Home</a><a href='/news'>News</a></nav>{before}"
            f"<article><h1>Council backs bike lanes</h1><div class='body'>{paras}</div></article>"
            "<footer><p>About us</p></footer></body></html>")


def body(html: str, **cfg: object) -> str:
    config = CleanerConfig(**cfg) if cfg else None  # type: ignore[arg-type]
    art = clean_article(html, url="https://news.example/a", config=config)
    for p in STORY:
        assert p in art.articleBody, f"story paragraph lost: {p[:40]}"
    return art.articleBody


@pytest.mark.parametrize(("noise", "cls"), [
    ("<p>Advertisement</p>", "ad_marker"),
    ("<div><span>ADVERTISEMENT</span></div>", "ad_marker"),
    ("<p>Article continues after this advertisement</p>", "ad_marker"),
    ("<p>Story continues below</p>", "ad_marker"),
    ("<p>Advertisement - Scroll to continue</p>", "ad_marker"),
    ("<p>Anzeige</p>", "ad_marker"),
    ("<p>La suite après la publicité</p>", "ad_marker"),
    ("<p>Publicidad</p>", "ad_marker"),
    ("<p>Pubblicità</p>", "ad_marker"),
    ("<p>Continua depois da publicidade</p>", "ad_marker"),
    ("<p>Lees verder onder de advertentie</p>", "ad_marker"),
    ("<p>Your subscription could not be saved. Please try again.</p>", "subscription_prompt"),
    ("<p>Already a subscriber? Log in</p>", "subscription_prompt"),
    ("<div><p>Subscribe to our daily newsletter</p><p>By providing an email address. I agree to "
     "the Terms of Use and acknowledge that I have read the Privacy Policy.</p></div>",
     "newsletter_signup"),
    ("<p>We use cookies to enhance your experience. By continuing, you agree to our use of "
     "cookies.</p>", "cookie_notice"),
    ("<p><strong>READ:</strong> <a href='/x'>Putin ready for peace talks</a></p>", "related_links"),
    ("<h3>FEATURED STORIES</h3>", "related_links"),
    ("<p>Lesen Sie auch: <a href='/y'>Neue Radwege in der Stadt</a></p>", "related_links"),
    ("<p>Baca juga: <a href='/z'>Jalur sepeda baru di kota</a></p>", "related_links"),
    ("<p>Czytaj także: <a href='/w'>Nowe ścieżki rowerowe</a></p>", "related_links"),
    ("<p>广告</p>", "ad_marker"),
    ("<p>Tüm hakları saklıdır © 2025 Haber</p>", "copyright_footer"),
    ("<div class='share-bar'><a href='#'>Facebook</a><a href='#'>Twitter</a></div>", "share_bar"),
    ("<p>TAGS: <a href='/t/a'>Bikes</a>, <a href='/t/b'>Council</a></p>", "tag_list"),
    ("<p>© Copyright 1997-2025 Example News | All Rights Reserved</p>", "copyright_footer"),
    ("<div style='display:none'>Hidden promo text that nobody sees on the page</div>", "hidden"),
    ("<div aria-hidden='true'>Screen-reader-hidden duplicate of the promo box</div>", "hidden"),
])
def test_noise_class_is_removed_and_counted(noise: str, cls: str) -> None:
    html = page(noise)
    art = clean_article(html, url="https://news.example/a")
    text = art.articleBody
    for p in STORY:
        assert p in text
    visible = noise.replace("<", " <")
    import lxml.html

    noise_text = lxml.html.fromstring(f"<div>{visible}</div>").text_content().strip()
    assert noise_text not in text
    assert art.metadata["removed"].get(cls, 0) >= 1, art.metadata["removed"]


@pytest.mark.parametrize("sentence", [
    "Readers who subscribe to the paper's print edition will also get the new cycling map, "
    "the council said in a statement on Tuesday evening.",
    "The regulator fined the company because its website set advertising cookies before "
    "visitors had given their consent, a practice it called unlawful.",
    "“We use cookies to track users,” the regulator’s chairwoman told the committee, reading "
    "from the company’s own privacy policy during the hearing.",
    "Advertisement revenue fell by a third last year, forcing the newspaper to cut jobs and "
    "close two of its regional offices, the publisher said.",
    "She said she would share the results with the council and subscribe to the newsletter "
    "of the cycling federation to follow the debate.",
])
def test_story_paragraph_mentioning_noise_words_is_kept(sentence: str) -> None:
    text = body(page(f"<p>{sentence}</p>"))
    assert sentence in text


def test_tags_are_moved_into_tags() -> None:
    art = clean_article(page("<p>TAGS: North Korea, Russia, Ukraine</p>"), url="https://x.example/")
    assert art.tags[-3:] == ["North Korea", "Russia", "Ukraine"]
    assert "TAGS" not in art.articleBody


def test_extra_phrases_from_config() -> None:
    html = page("<p>Werbeblock endet hier</p>")
    assert "Werbeblock endet hier" in clean_article(html).articleBody
    cfg = CleanerConfig(extra_phrases={"ad_marker": ["Werbeblock endet hier"]})
    art = clean_article(html, config=cfg)
    assert "Werbeblock" not in art.articleBody
    assert art.metadata["removed"]["ad_marker"] >= 1


def test_remove_and_keep_selectors() -> None:
    html = page("<p class='promo-x'>Win a trip to the seaside with our partner offer</p>")
    art = clean_article(html, config=CleanerConfig(remove_selectors=[".promo-x"]))
    assert "seaside" not in art.articleBody
    kept = page("<div class='share-bar'><p>This paragraph is really part of the story and "
                "must survive because the user says so explicitly.</p></div>")
    art = clean_article(kept, config=CleanerConfig(keep_selectors=["//div[@class='share-bar']"]))
    assert "must survive" in art.articleBody


def test_disabled_noise_class_is_kept() -> None:
    html = page("<p>Advertisement</p>")
    enabled = CleanerConfig().enabled_noise - {"ad_marker"}
    art = clean_article(html, config=CleanerConfig(enabled_noise=enabled))
    assert "Advertisement" in art.articleBody


def test_responsive_hidden_class_is_not_hidden() -> None:
    html = page("<p class='hidden md:block'>This paragraph is only hidden on phones, and it "
                "carries a real part of the story about the bicycle lanes.</p>")
    assert "only hidden on phones" in body(html)


def test_noise_named_wrapper_that_holds_the_story_is_kept() -> None:
    paras = "".join(f"<p>{p}</p>" for p in STORY * 3)
    html = f"<html><body><div class='widget has-sidebar'>{paras}</div></body></html>"
    art = clean_article(html)
    assert STORY[0] in art.articleBody


@pytest.mark.parametrize(("noise", "cls"), [
    ("<p>Sign up for our weekly brief and get the best stories in your inbox</p>", "newsletter_signup"),
    ("<p><a href='/a'>Read more from Jane Doe:</a></p>", "related_links"),
    ("<p>[Featured Image by Jane Roe/Example Images]</p>", "boilerplate"),
])
def test_call_to_action_labels_and_credits(noise: str, cls: str) -> None:
    art = clean_article(page(noise), url="https://news.example/a")
    assert art.metadata["removed"].get(cls, 0) >= 1, art.metadata["removed"]
    for p in STORY:
        assert p in art.articleBody


def test_deal_line_that_starts_with_sign_up_is_kept() -> None:
    line = ("Sign up for a streaming account with ads for $7.99 a month, or pay $13.99 for the "
            "version without them.")
    assert line in body(page(f"<p>{line}</p>"))
